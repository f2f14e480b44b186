// Go's String() rendering of nodes and error locations.
#include "gotemplate/node.h"

#include <algorithm>

#include "gotemplate/go_fmt.h"

namespace sidecarctl::gotemplate {

namespace {

void write_pipe(std::string& out, const PipeNode* p) {
  if (!p->decl.empty()) {
    for (std::size_t i = 0; i < p->decl.size(); ++i) {
      if (i > 0) out += ", ";
      write_node(out, p->decl[i]);
    }
    out += " := ";
  }
  for (std::size_t i = 0; i < p->cmds.size(); ++i) {
    if (i > 0) out += " | ";
    write_node(out, p->cmds[i]);
  }
}

void write_idents(std::string& out, const std::vector<std::string>& idents, bool leading_dot) {
  for (std::size_t i = 0; i < idents.size(); ++i) {
    if (i > 0 || leading_dot) out += '.';
    out += idents[i];
  }
}

void write_branch(std::string& out, const char* name, const BranchNode* b) {
  out += "{{";
  out += name;
  out += ' ';
  write_pipe(out, b->pipe);
  out += "}}";
  write_node(out, b->list);
  if (b->else_list) {
    out += "{{else}}";
    write_node(out, b->else_list);
  }
  out += "{{end}}";
}

}  // namespace

void write_node(std::string& out, const Node* node) {
  switch (node->type) {
    case NodeType::kText: {
      out += static_cast<const TextNode*>(node)->text;
      return;
    }
    case NodeType::kAction:
      out += "{{";
      write_pipe(out, static_cast<const ActionNode*>(node)->pipe);
      out += "}}";
      return;
    case NodeType::kBool: out += static_cast<const BoolNode*>(node)->value ? "true" : "false"; return;
    case NodeType::kChain: {
      auto c = static_cast<const ChainNode*>(node);
      if (c->node->type == NodeType::kPipe) {
        out += '(';
        write_node(out, c->node);
        out += ')';
      } else {
        write_node(out, c->node);
      }
      for (const auto& f : c->field) {
        out += '.';
        out += f;
      }
      return;
    }
    case NodeType::kCommand: {
      auto c = static_cast<const CommandNode*>(node);
      for (std::size_t i = 0; i < c->args.size(); ++i) {
        if (i > 0) out += ' ';
        if (c->args[i]->type == NodeType::kPipe) {
          out += '(';
          write_node(out, c->args[i]);
          out += ')';
        } else {
          write_node(out, c->args[i]);
        }
      }
      return;
    }
    case NodeType::kDot: out += '.'; return;
    case NodeType::kField: write_idents(out, static_cast<const FieldNode*>(node)->ident, true); return;
    case NodeType::kIdentifier: out += static_cast<const IdentifierNode*>(node)->ident; return;
    case NodeType::kIf: write_branch(out, "if", static_cast<const BranchNode*>(node)); return;
    case NodeType::kRange: write_branch(out, "range", static_cast<const BranchNode*>(node)); return;
    case NodeType::kWith: write_branch(out, "with", static_cast<const BranchNode*>(node)); return;
    case NodeType::kList:
      for (const Node* n : static_cast<const ListNode*>(node)->nodes) write_node(out, n);
      return;
    case NodeType::kNil: out += "nil"; return;
    case NodeType::kNumber: out += static_cast<const NumberNode*>(node)->text; return;
    case NodeType::kPipe: write_pipe(out, static_cast<const PipeNode*>(node)); return;
    case NodeType::kString: out += static_cast<const StringNode*>(node)->quoted; return;
    case NodeType::kTemplate: {
      auto t = static_cast<const TemplateNode*>(node);
      out += "{{template ";
      out += go_quote(t->name);
      if (t->pipe) {
        out += ' ';
        write_pipe(out, t->pipe);
      }
      out += "}}";
      return;
    }
    case NodeType::kVariable: write_idents(out, static_cast<const VariableNode*>(node)->ident, false); return;
    case NodeType::kBreak: out += "{{break}}"; return;
    case NodeType::kContinue: out += "{{continue}}"; return;
    case NodeType::kEnd: out += "{{end}}"; return;
    case NodeType::kElse: out += "{{else}}"; return;
  }
}

std::string node_string(const Node* node) {
  std::string out;
  write_node(out, node);
  return out;
}

std::string node_location(const Node* node) {
  const std::string& text = node->source->text;
  std::size_t pos = std::min<std::size_t>(node->pos, text.size());
  std::string_view before(text.data(), pos);
  auto nl = before.rfind('\n');
  std::size_t col = nl == std::string_view::npos ? pos : pos - (nl + 1);
  auto line = 1 + std::count(before.begin(), before.end(), '\n');
  return node->source->parse_name + ":" + std::to_string(line) + ":" + std::to_string(col);
}

}  // namespace sidecarctl::gotemplate
