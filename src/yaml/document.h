// YAML/JSON documents as sidecarctl reads them: the Kubernetes-typed value of each document in a
// stream, its original text, and where each of its nodes came from (file, document, line:column).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/error.h"
#include "base/result.h"

namespace sidecarctl::yaml {

using Json = nlohmann::json;

// Line and column (1-based) of a node's first character in the source.
struct Mark {
  int line = 0;
  int column = 0;
};

// Positions of the nodes of one document, keyed by JSON pointer ("" is the root,
// "/spec/containers/0/name" a nested node). For a mapping entry the position is the key's.
class PositionMap {
 public:
  void set(std::string pointer, Mark mark);
  // The mark of `pointer`, else of its nearest ancestor that has one, else {0, 0}.
  Mark find(std::string_view pointer) const;
  bool empty() const { return marks_.empty(); }

 private:
  std::unordered_map<std::string, Mark> marks_;
};

// One document of a stream.
struct Document {
  std::string source;        // the input's name as the user gave it ("-" for standard input)
  int index = 0;             // 0-based index in the stream
  int stream_documents = 1;  // how many documents its stream has
  int first_line = 1;        // source line where the document's text starts
  std::size_t offset = 0;    // its original text span: bytes [offset, offset + size) of the stream
  std::size_t size = 0;
  std::string text;          // the text as apimachinery's YAMLReader returns it: the separator that
                             // ends the previous document excluded (one that opens a document is
                             // kept), "\r\n" -> "\n", final "\n" added (README.md)
  std::optional<std::size_t> released_text_hash;  // set while `text` is let go of (released_text.h)
  Json value;                // the value, typed as sigs.k8s.io/yaml does (null for an empty document)
  PositionMap positions;     // filled when LoadOptions::positions is set
  std::vector<std::string> warnings;  // "file:line:col: ..." of what was read leniently (repeated keys)

  // Location of the node at `pointer` (or the document start) for error messages.
  SourceLoc loc(std::string_view pointer = "") const;
  // Location of a line and column of the source; it names the document only in a stream of several.
  SourceLoc at(int line, int column) const;
};

// Limits that keep hostile input from exhausting the stack or memory.
class BlockMemo;

struct LoadOptions {
  bool positions = true;                      // record a Mark per node
  std::size_t max_depth = 1000;               // nesting of collections
  std::size_t max_nodes = 50'000'000;         // nodes after alias expansion, per document
  std::size_t max_alias_expansion = 100'000;    // nodes produced by aliases, per document
  std::size_t max_scalar_bytes = 64u << 20;     // longest scalar value
  bool fast_path = true;  // try the block-style fast parser before yaml-cpp (off: yaml-cpp only)
  // A mapping key given twice: an error, or (as sigs.k8s.io/yaml, and so istioctl, reads manifests)
  // the last value wins and Document::warnings says where.
  bool duplicate_keys_last_wins = false;
  // Values of blocks met before, kept for their text (see block_memo.h): used by the fast parser
  // when positions are off. One memo serves one set of these options and one thread.
  BlockMemo* block_memo = nullptr;
};

// Splits a stream into documents and parses each one. YAML 1.1 scalar resolution as go-yaml v2
// (booleans yes/no/on/off, 0x/0o/leading-zero octal ints, `_` separators, .inf/.nan, ~/null),
// non-string keys turned into strings as sigs.k8s.io/yaml does, duplicate keys an error unless
// LoadOptions::duplicate_keys_last_wins.
// JSON input is YAML and goes through the same path. Errors carry file, document and line:col.
Result<std::vector<Document>> load_stream(std::string_view text, const std::string& source,
                                          const LoadOptions& options = {});

// Parses a single YAML or JSON value (a config file); an empty input is null. More than one
// document is an error. The document's warnings (LoadOptions::duplicate_keys_last_wins) are added to
// `warnings` when given.
Result<Json> parse_value(std::string_view text, const std::string& source, const LoadOptions& options = {},
                         std::vector<std::string>* warnings = nullptr);

// Inputs whose text the caller already holds, by the name given on the command line: "-" for
// standard input, a URL for a downloaded manifest. Errors name them as given.
using InputTexts = std::map<std::string, std::string, std::less<>>;

// Reads every document from the named inputs, in the order given: a name found in `texts` is that
// text; anything else is a file or a directory (.yaml/.yml/.json files, descending when `recursive`).
Result<std::vector<Document>> load_inputs(const std::vector<std::string>& paths, bool recursive,
                                          const InputTexts& texts, const LoadOptions& options = {});

// load_inputs with "-" standing for `stdin_text`.
Result<std::vector<Document>> load_inputs(const std::vector<std::string>& paths, bool recursive,
                                          std::string_view stdin_text, const LoadOptions& options = {});

}  // namespace sidecarctl::yaml
