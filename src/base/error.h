// Error: what went wrong, of which kind, and where in which input (file, document, line:column).
#pragma once

#include <string>

namespace sidecarctl {

// Broad classes of failure; commands/ maps them to exit codes (usage 64, data 65, others 1).
enum class ErrorKind {
  kInternal,      // a bug or an unexpected state
  kUsage,         // bad flags or flag values
  kInvalidInput,  // input data that cannot be used: bad YAML, bad template, bad annotation
  kIo,            // a file or stream could not be read or written
  kNotFound,      // a named thing (file, template, namespace) does not exist
  kNetwork,       // connection, TLS or HTTP failures
  kRemote,        // the API server answered with an error Status
};

// A position in some input. Lines and columns are 1-based; 0 means unknown.
struct SourceLoc {
  std::string file;   // as the user named it ("-" or "<stdin>" for standard input)
  int document = -1;  // 0-based index of the document in a multi-document stream, -1 if none
  int line = 0;
  int column = 0;

  bool known() const { return !file.empty() || line > 0; }
  // "file:line:col", "file:line", "file" or "" depending on what is known.
  std::string to_string() const;
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  SourceLoc loc;

  // The compiler-style text shown to users, without the "error: " prefix:
  // "deploy.yaml:12:5: message" (document index added as "(document 2)" when known).
  std::string to_string() const;

  // Returns a copy whose message is prefixed with `context: `.
  Error with_context(const std::string& context) const;
};

// Shorthands for building errors.
Error make_error(ErrorKind kind, std::string message, SourceLoc loc = {});

}  // namespace sidecarctl
