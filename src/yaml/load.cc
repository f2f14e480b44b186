// Streams, single values and named inputs: split, check characters, build each document.
#include <sys/stat.h>

#include <utility>

#include "base/file_io.h"
#include "yaml/build_value.h"
#include "yaml/document.h"
#include "yaml/input_check.h"
#include "yaml/split_documents.h"
#include "yaml/visit.h"

namespace sidecarctl::yaml {

Result<void> parse_document(Document& doc, const LoadOptions& options) {
  Mark bad;
  std::string problem = check_characters(doc.text, &bad);
  if (!problem.empty()) {
    return make_error(ErrorKind::kInvalidInput, problem, doc.at(bad.line + doc.first_line - 1, bad.column));
  }
  return build_value(doc.text, doc, options);
}

namespace {

// One document of a stream (the index-th of `count`) to `visit`, parsed with `parse` first (unparsed
// without).
Result<void> hand_on(DocumentText&& part, const std::string& source, int index, int count, const LoadOptions* parse,
                     const DocumentVisitor& visit) {
  Document doc;
  doc.source = source;
  doc.index = index;
  doc.stream_documents = count;
  doc.first_line = part.first_line;
  doc.offset = part.offset;
  doc.size = part.size;
  doc.text = std::move(part.text);
  if (parse != nullptr) TRY(parse_document(doc, *parse));
  return visit(std::move(doc));
}

// The documents of one stream held in memory.
Result<void> walk_stream(std::string_view text, const std::string& source, const LoadOptions* parse,
                         const DocumentVisitor& visit) {
  TRY_ASSIGN(std::vector<DocumentText> parts, split_documents(text, source));
  for (std::size_t i = 0; i < parts.size(); ++i) {
    TRY(hand_on(std::move(parts[i]), source, static_cast<int>(i), static_cast<int>(parts.size()), parse, visit));
  }
  return {};
}

// The documents of a file, read a chunk at a time so that memory holds one document, not the file:
// a first pass counts them and checks the separators (so a bad one is reported before any
// document, as for a stream in memory), a second hands each on as soon as it is read. A pipe or a
// device cannot be read twice: it is read whole.
Result<void> walk_file(const std::string& file, const LoadOptions* parse, const DocumentVisitor& visit) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    TRY_ASSIGN(std::string content, read_file(file));
    return walk_stream(content, file, parse, visit);
  }
  int count = 0;
  DocumentSplitter counter(file, false);
  auto count_one = [&](DocumentText&&) -> Result<void> {
    ++count;
    return {};
  };
  TRY(read_file_chunks(file, kMaxInputBytes, [&](std::string_view chunk) { return counter.feed(chunk, count_one); }));
  TRY(counter.finish(count_one));
  int index = 0;
  DocumentSplitter splitter(file, true);
  auto next = [&](DocumentText&& part) { return hand_on(std::move(part), file, index++, count, parse, visit); };
  TRY(read_file_chunks(file, kMaxInputBytes, [&](std::string_view chunk) { return splitter.feed(chunk, next); }));
  return splitter.finish(next);
}

// walk_stream over every named input, in order, each file read when its turn comes.
Result<void> walk_inputs(const std::vector<std::string>& paths, bool recursive, const InputTexts& texts,
                         const LoadOptions* parse, const DocumentVisitor& visit) {
  for (const std::string& path : paths) {
    if (auto given = texts.find(path); given != texts.end()) {
      TRY(walk_stream(given->second, path, parse, visit));
      continue;
    }
    TRY_ASSIGN(std::vector<std::string> files, list_input_files(path, recursive, {".yaml", ".yml", ".json"}));
    for (const std::string& file : files) TRY(walk_file(file, parse, visit));
  }
  return {};
}

}  // namespace

Result<void> visit_stream(std::string_view text, const std::string& source, const LoadOptions& options,
                          const DocumentVisitor& visit) {
  return walk_stream(text, source, &options, visit);
}

Result<void> visit_stream_documents(std::string_view text, const std::string& source,
                                    const DocumentVisitor& visit) {
  return walk_stream(text, source, nullptr, visit);
}

Result<std::vector<Document>> load_stream(std::string_view text, const std::string& source,
                                          const LoadOptions& options) {
  std::vector<Document> docs;
  TRY(visit_stream(text, source, options, [&](Document&& doc) -> Result<void> {
    docs.push_back(std::move(doc));
    return {};
  }));
  return docs;
}

Result<Json> parse_value(std::string_view text, const std::string& source, const LoadOptions& options,
                         std::vector<std::string>* warnings) {
  TRY_ASSIGN(std::vector<Document> docs, load_stream(text, source, options));
  if (docs.empty()) return Json(nullptr);
  if (docs.size() > 1) {
    return make_error(ErrorKind::kInvalidInput, "expected a single YAML document, found " + std::to_string(docs.size()),
                      SourceLoc{source, -1, docs[1].first_line, 0});
  }
  if (warnings != nullptr) warnings->insert(warnings->end(), docs[0].warnings.begin(), docs[0].warnings.end());
  return std::move(docs[0].value);
}

Result<void> visit_inputs(const std::vector<std::string>& paths, bool recursive, const InputTexts& texts,
                          const LoadOptions& options, const DocumentVisitor& visit) {
  return walk_inputs(paths, recursive, texts, &options, visit);
}

Result<void> visit_input_documents(const std::vector<std::string>& paths, bool recursive, const InputTexts& texts,
                                   const DocumentVisitor& visit) {
  return walk_inputs(paths, recursive, texts, nullptr, visit);
}

Result<std::vector<Document>> load_inputs(const std::vector<std::string>& paths, bool recursive,
                                          const InputTexts& texts, const LoadOptions& options) {
  std::vector<Document> all;
  TRY(visit_inputs(paths, recursive, texts, options, [&](Document&& doc) -> Result<void> {
    all.push_back(std::move(doc));
    return {};
  }));
  return all;
}

Result<std::vector<Document>> load_inputs(const std::vector<std::string>& paths, bool recursive,
                                          std::string_view stdin_text, const LoadOptions& options) {
  InputTexts texts;
  texts.emplace("-", std::string(stdin_text));
  return load_inputs(paths, recursive, texts, options);
}

}  // namespace sidecarctl::yaml
