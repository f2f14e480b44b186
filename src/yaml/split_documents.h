// Splitting a stream into document texts the way k8s.io/apimachinery's YAMLReader does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sidecarctl::yaml {

// The text of one document and where it starts.
struct DocumentText {
  std::string text;     // lines as YAMLReader returns them: each ends in "\n", "\r\n" became "\n"
  int first_line = 1;   // 1-based source line of the text's first line
  std::size_t offset = 0;  // the bytes of those lines in the stream, as written: [offset, offset + size)
  std::size_t size = 0;
};

// Splits `stream` at separator lines: lines starting with "---" whose rest is blank or a comment.
// A separator with nothing collected before it ends no document (so a leading "---" and "---"
// pairs yield nothing); a document of blank or comment lines is kept. Any other text after "---"
// is an error, as in apimachinery ("invalid Yaml document separator: ...").
Result<std::vector<DocumentText>> split_documents(std::string_view stream, const std::string& source);

}  // namespace sidecarctl::yaml
