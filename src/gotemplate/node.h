// Parse tree nodes of a Go text/template, with byte offsets into their source; Go's Node.String()
// rendering (used in error messages) and line:col computed only when an error is reported.
#pragma once

#include <complex>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gotemplate/function.h"

namespace sidecarctl::gotemplate {

enum class NodeType : std::uint8_t {
  kText, kAction, kBool, kChain, kCommand, kDot, kField, kIdentifier, kIf, kList, kNil, kNumber,
  kPipe, kRange, kString, kTemplate, kVariable, kWith, kBreak, kContinue, kEnd, kElse,
};

// One parsed source text (a file given to parse/add): its name for messages and its bytes.
struct Source {
  std::string parse_name;
  std::string text;
};

struct Node {
  NodeType type;
  std::uint32_t pos;
  const Source* source = nullptr;
  Node(NodeType t, std::uint32_t p) : type(t), pos(p) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
};

struct ListNode;
struct PipeNode;

struct TextNode : Node {
  std::string text;
  TextNode(std::uint32_t p, std::string t) : Node(NodeType::kText, p), text(std::move(t)) {}
};

struct VariableNode : Node {
  std::vector<std::string> ident;  // "$x", then field names
  VariableNode(std::uint32_t p) : Node(NodeType::kVariable, p) {}
};

struct CommandNode : Node {
  std::vector<Node*> args;
  CommandNode(std::uint32_t p) : Node(NodeType::kCommand, p) {}
};

struct PipeNode : Node {
  int line = 0;
  bool is_assign = false;
  std::vector<VariableNode*> decl;
  std::vector<CommandNode*> cmds;
  PipeNode(std::uint32_t p, int l) : Node(NodeType::kPipe, p), line(l) {}
};

struct ActionNode : Node {
  int line = 0;
  PipeNode* pipe = nullptr;
  ActionNode(std::uint32_t p, int l, PipeNode* pp) : Node(NodeType::kAction, p), line(l), pipe(pp) {}
};

struct BoolNode : Node {
  bool value;
  BoolNode(std::uint32_t p, bool v) : Node(NodeType::kBool, p), value(v) {}
};

struct ChainNode : Node {
  Node* node = nullptr;
  std::vector<std::string> field;
  ChainNode(std::uint32_t p, Node* n) : Node(NodeType::kChain, p), node(n) {}
};

struct FieldNode : Node {
  std::vector<std::string> ident;
  FieldNode(std::uint32_t p) : Node(NodeType::kField, p) {}
};

struct IdentifierNode : Node {
  std::string ident;
  const Function* function = nullptr;  // resolved at parse time
  IdentifierNode(std::uint32_t p, std::string i) : Node(NodeType::kIdentifier, p), ident(std::move(i)) {}
};

struct NumberNode : Node {
  bool is_int = false, is_uint = false, is_float = false, is_complex = false;
  std::int64_t int64 = 0;
  std::uint64_t uint64 = 0;
  double float64 = 0;
  std::complex<double> complex128;
  std::string text;
  NumberNode(std::uint32_t p, std::string t) : Node(NodeType::kNumber, p), text(std::move(t)) {}
};

struct StringNode : Node {
  std::string quoted;
  std::string text;
  StringNode(std::uint32_t p, std::string q, std::string t)
      : Node(NodeType::kString, p), quoted(std::move(q)), text(std::move(t)) {}
};

struct ListNode : Node {
  std::vector<Node*> nodes;
  ListNode(std::uint32_t p) : Node(NodeType::kList, p) {}
};

// if / range / with.
struct BranchNode : Node {
  int line = 0;
  PipeNode* pipe = nullptr;
  ListNode* list = nullptr;
  ListNode* else_list = nullptr;
  BranchNode(NodeType t, std::uint32_t p) : Node(t, p) {}
};

struct TemplateNode : Node {
  int line = 0;
  std::string name;
  PipeNode* pipe = nullptr;
  TemplateNode(std::uint32_t p, int l, std::string n, PipeNode* pp)
      : Node(NodeType::kTemplate, p), line(l), name(std::move(n)), pipe(pp) {}
};

// Go's Node.String() for messages.
std::string node_string(const Node* node);
void write_node(std::string& out, const Node* node);

// "NAME:LINE:COL" of a node (COL is the 0-based byte offset in its line, as Go prints it).
std::string node_location(const Node* node);

}  // namespace sidecarctl::gotemplate
