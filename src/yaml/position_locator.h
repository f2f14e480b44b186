// Where a few nodes of a document are, found without building its value again: analyze's
// messages point at one or two nodes of a document parsed long before, and parsing it again just
// for their lines cost a tenth of a run. The fast parser's events are followed with a stack of
// JSON pointers alone, and only the nodes on the way to the wanted ones get a Mark.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "yaml/document.h"

namespace sidecarctl::yaml {

// Records in `positions` the marks a parse with LoadOptions::positions records for `wanted` and
// their ancestors, so that PositionMap::find gives the same for them. `text` is ready to parse (no
// byte order mark, line breaks rewritten); lines are offset by `line_offset`. False, with
// `positions` to be ignored, when the text is outside what it follows: the fast parser's subset, and
// in it merge keys and keys that do not stay strings (the caller then parses in full).
bool locate_positions(std::string_view text, const std::vector<std::string>& wanted, int line_offset,
                      PositionMap& positions);

}  // namespace sidecarctl::yaml
