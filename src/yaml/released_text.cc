// Released document texts: the hash kept, the span read again and checked against it.
#include "yaml/released_text.h"

#include <functional>
#include <string_view>

#include "yaml/split_documents.h"

namespace sidecarctl::yaml {

void release_text(Document& doc) {
  doc.released_text_hash = std::hash<std::string_view>{}(doc.text);
  std::string().swap(doc.text);
}

bool recall_text(Document& doc, FileRangeReader& files) {
  if (!doc.released_text_hash) return true;
  const std::size_t expected = *doc.released_text_hash;
  doc.released_text_hash.reset();
  auto span = files.read(doc.source, doc.offset, doc.size);
  if (!span) return false;
  // Most spans are the released text as they are (no separator line, no "\r\n" to rewrite).
  if (std::hash<std::string_view>{}(*span) == expected) {
    doc.text = std::move(*span);
    doc.released_text_hash = expected;
    return true;
  }
  // The span holds the document's lines as written; split alone, it is one document whose text
  // is the one that was released.
  auto texts = split_documents(*span, doc.source);
  if (!texts || texts->size() != 1 || std::hash<std::string_view>{}((*texts)[0].text) != expected) return false;
  doc.text = std::move((*texts)[0].text);
  doc.released_text_hash = expected;
  return true;
}

}  // namespace sidecarctl::yaml
