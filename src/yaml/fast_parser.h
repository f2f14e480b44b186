// A fast parser for the block-style YAML that manifests and rendered templates are made of. It
// produces the same events as yaml-cpp for the subset it accepts and gives up on anything else
// (anchors, tags, multi-line flow or plain scalars, folded scalars, complex keys, ...), so the
// caller falls back to yaml-cpp, which also reports errors.
#pragma once

#include <yaml-cpp/eventhandler.h>

#include <yaml-cpp/mark.h>

#include <string>
#include <string_view>

namespace sidecarctl::yaml {

enum class FastParse { kDone, kUnsupported, kError };

// A syntax error the fast parser is certain of (yaml-cpp would accept it, go-yaml does not).
struct FastError {
  std::string message;
  YAML::Mark mark;
};

// Parses `text` (one document, lines ending in "\n") into events on `handler`. Exceptions thrown
// by the handler propagate. On kUnsupported the handler may have seen some events: discard it.
// kError: `error` is set (a quoted scalar that is never closed).
FastParse parse_fast(std::string_view text, YAML::EventHandler& handler, FastError* error);

// True when the quoted scalar whose opening quote is text[start] has its closing quote in `text`.
// yaml-cpp accepts one left open to the end of a stream that ends in a line break; go-yaml does not.
bool quoted_scalar_closes(std::string_view text, std::size_t start);

}  // namespace sidecarctl::yaml
