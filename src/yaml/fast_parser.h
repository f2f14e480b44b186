// A fast parser for the block-style YAML that manifests and rendered templates are made of. It
// produces the same events as yaml-cpp for the subset it accepts and gives up on anything else
// (anchors, tags, multi-line flow or plain scalars, folded scalars, complex keys, ...), so the
// caller falls back to yaml-cpp, which also reports errors.
#pragma once

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "yaml/block_memo.h"

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

// A handler that builds values, for parse_fast with a BlockMemo: it places a value kept for a
// block instead of that block's events, and shows what a block's events built.
class ValueHandler : public YAML::EventHandler {
 public:
  // Places `value` (`nodes` nodes, `depth` collections deep), met at `mark`, where the events of
  // the block that built it would have placed it. False, having changed nothing, when a limit of
  // the load options would be passed: the block is parsed instead (and fails where it should).
  virtual bool place_built(const nlohmann::json& value, std::size_t nodes, std::size_t depth,
                           const YAML::Mark& mark) = 0;
  // The node placed last and its node count (null after a merge key's value).
  virtual std::pair<const nlohmann::json*, std::size_t> last_placed() const = 0;
  // Warnings so far (a block that gave one is not kept: a value from the memo would not give it).
  virtual std::size_t warning_count() const = 0;
};

// parse_fast, the blocks of `text` found in `memo` placed from it, and blocks met before kept in it.
FastParse parse_fast(std::string_view text, ValueHandler& handler, BlockMemo& memo, FastError* error);

// True when the quoted scalar whose opening quote is text[start] has its closing quote in `text`.
// yaml-cpp accepts one left open to the end of a stream that ends in a line break; go-yaml does not.
bool quoted_scalar_closes(std::string_view text, std::size_t start);

}  // namespace sidecarctl::yaml
