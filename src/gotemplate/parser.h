// Parser: Go text/template's grammar over the lexer's items, building the trees of one source text
// (the named top-level template and every {{define}}/{{block}} in it).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "gotemplate/function.h"
#include "gotemplate/node.h"

namespace sidecarctl::gotemplate {

// One parsed text: its source and the nodes of all its trees.
struct ParsedUnit {
  Source source;
  std::vector<std::unique_ptr<Node>> nodes;
};

// A named template: its root list, kept alive by its unit.
struct Tree {
  std::string name;
  ListNode* root = nullptr;
  std::shared_ptr<const ParsedUnit> unit;
};

// Limits that keep hostile templates from exhausting the parser's stack.
inline constexpr int kMaxParenDepth = 1000;       // nested parenthesised pipelines
inline constexpr int kMaxControlDepth = 1000;     // nested if/range/with/block

// Parses `text` as template `name`. Errors read as Go's: "template: NAME:LINE: message".
Result<std::map<std::string, Tree>> parse_trees(std::string name, std::string_view text, const FunctionMap& funcs);

// Whether a tree holds nothing but space and comments (Go's parse.IsEmptyTree).
bool is_empty_tree(const Node* node);

}  // namespace sidecarctl::gotemplate
