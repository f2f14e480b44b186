// Streams, single values and named inputs: split, check characters, build each document.
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

// The documents of one stream, each parsed with `parse` before `visit` gets it (unparsed without).
Result<void> walk_stream(std::string_view text, const std::string& source, const LoadOptions* parse,
                         const DocumentVisitor& visit) {
  TRY_ASSIGN(std::vector<DocumentText> parts, split_documents(text, source));
  for (std::size_t i = 0; i < parts.size(); ++i) {
    Document doc;
    doc.source = source;
    doc.index = static_cast<int>(i);
    doc.stream_documents = static_cast<int>(parts.size());
    doc.first_line = parts[i].first_line;
    doc.offset = parts[i].offset;
    doc.size = parts[i].size;
    doc.text = std::move(parts[i].text);
    if (parse != nullptr) TRY(parse_document(doc, *parse));
    TRY(visit(std::move(doc)));
  }
  return {};
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
    for (const std::string& file : files) {
      TRY_ASSIGN(std::string content, read_file(file));
      TRY(walk_stream(content, file, parse, visit));
    }
  }
  return {};
}

}  // namespace

Result<void> visit_stream(std::string_view text, const std::string& source, const LoadOptions& options,
                          const DocumentVisitor& visit) {
  return walk_stream(text, source, &options, visit);
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
