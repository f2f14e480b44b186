// Parser: recursive descent over lexed items, following Go's text/template/parse grammar and
// wording its errors the same way. Errors unwind with an exception fenced inside parse_trees.
#include "gotemplate/parser.h"

#include <algorithm>
#include <stdexcept>

#include "base/go_strconv.h"
#include "gotemplate/go_literal.h"
#include "gotemplate/lexer.h"

namespace sidecarctl::gotemplate {

namespace {

struct ParseError {
  std::string message;
};

struct EndNode : Node {
  explicit EndNode(std::uint32_t p) : Node(NodeType::kEnd, p) {}
};
struct ElseNode : Node {
  int line;
  ElseNode(std::uint32_t p, int l) : Node(NodeType::kElse, p), line(l) {}
};
struct SimpleNode : Node {
  SimpleNode(NodeType t, std::uint32_t p) : Node(t, p) {}
};

class Parser {
 public:
  Parser(std::shared_ptr<ParsedUnit> unit, const FunctionMap& funcs, std::map<std::string, Tree>& trees)
      : unit_(std::move(unit)), funcs_(funcs), trees_(trees) {
    LexOptions options;
    options.break_ok = funcs.find("break") == nullptr;
    options.continue_ok = funcs.find("continue") == nullptr;
    items_ = lex(unit_->source.text, options);
  }

  void parse_top(const std::string& name) {
    vars_ = {"$"};
    ListNode* root = make<ListNode>(peek().pos);
    while (peek().type != ItemType::kEof) {
      if (peek().type == ItemType::kLeftDelim) {
        std::size_t delim = index_;
        next();
        if (next_non_space().type == ItemType::kDefine) {
          parse_definition();
          continue;
        }
        index_ = delim;
      }
      Node* n = text_or_action();
      if (n->type == NodeType::kEnd || n->type == NodeType::kElse) errorf("unexpected " + node_string(n));
      root->nodes.push_back(n);
    }
    add_tree(name, root);
  }

 private:
  template <typename T, typename... Args>
  T* make(Args&&... args) {
    auto node = std::make_unique<T>(std::forward<Args>(args)...);
    node->source = &unit_->source;
    T* raw = node.get();
    unit_->nodes.push_back(std::move(node));
    return raw;
  }

  [[noreturn]] void errorf(const std::string& message) {
    int line = items_[std::min(furthest_, items_.size() - 1)].line;
    throw ParseError{"template: " + unit_->source.parse_name + ":" + std::to_string(line) + ": " + message};
  }

  const Item& next() {
    const Item& item = items_[std::min(index_, items_.size() - 1)];
    if (index_ < items_.size()) ++index_;
    furthest_ = std::max(furthest_, index_ - 1);
    return item;
  }
  void backup() { --index_; }
  const Item& peek() {
    const Item& item = next();
    backup();
    return item;
  }
  const Item& next_non_space() {
    for (;;) {
      const Item& item = next();
      if (item.type != ItemType::kSpace) return item;
    }
  }
  const Item& peek_non_space() {
    const Item& item = next_non_space();
    backup();
    return item;
  }

  [[noreturn]] void unexpected(const Item& item, const std::string& context) {
    if (item.type == ItemType::kError) {
      std::string extra;
      if (action_line_ != 0 && action_line_ != item.line) {
        extra = " in action started at " + unit_->source.parse_name + ":" + std::to_string(action_line_);
        if (item.val.ends_with(" action")) extra = extra.substr(std::string(" in action").size());
      }
      errorf(item.describe() + extra);
    }
    errorf("unexpected " + item.describe() + " in " + context);
  }

  const Item& expect(ItemType type, const std::string& context) {
    const Item& item = next_non_space();
    if (item.type != type) unexpected(item, context);
    return item;
  }

  void add_tree(const std::string& name, ListNode* root) {
    auto it = trees_.find(name);
    if (it == trees_.end() || is_empty_tree(it->second.root)) {
      trees_[name] = Tree{name, root, unit_};
      return;
    }
    if (!is_empty_tree(root)) errorf("template: multiple definition of template \"" + name + "\"");
  }

  void parse_definition() {
    const std::string context = "define clause";
    const Item& name_item = next_non_space();
    if (name_item.type != ItemType::kString && name_item.type != ItemType::kRawString) unexpected(name_item, context);
    auto name = go_unquote(name_item.val);
    if (!name) errorf("invalid syntax");
    expect(ItemType::kRightDelim, context);
    parse_definition_body(*name, context);
  }

  // The body of a {{define}} or {{block}} up to its {{end}}: a new tree with its own variables.
  void parse_definition_body(const std::string& name, const std::string& context) {
    auto saved_vars = std::move(vars_);
    int saved_range = range_depth_;
    vars_ = {"$"};
    range_depth_ = 0;
    auto [list, end] = item_list();
    if (end->type != NodeType::kEnd) errorf("unexpected " + node_string(end) + " in " + context);
    add_tree(name, list);
    vars_ = std::move(saved_vars);
    range_depth_ = saved_range;
  }

  std::pair<ListNode*, Node*> item_list() {
    ListNode* list = make<ListNode>(peek_non_space().pos);
    while (peek_non_space().type != ItemType::kEof) {
      Node* n = text_or_action();
      if (n->type == NodeType::kEnd || n->type == NodeType::kElse) return {list, n};
      list->nodes.push_back(n);
    }
    errorf("unexpected EOF");
  }

  Node* text_or_action() {
    const Item& item = next_non_space();
    switch (item.type) {
      case ItemType::kText: return make<TextNode>(item.pos, item.val);
      case ItemType::kLeftDelim: {
        action_line_ = item.line;
        Node* n = action();
        action_line_ = 0;
        return n;
      }
      default: unexpected(item, "input");
    }
  }

  Node* action() {
    const Item& item = next_non_space();
    switch (item.type) {
      case ItemType::kBlock: return block_control();
      case ItemType::kBreak: return break_control(item, NodeType::kBreak, "{{break}}");
      case ItemType::kContinue: return break_control(item, NodeType::kContinue, "{{continue}}");
      case ItemType::kElse: return else_control();
      case ItemType::kEnd: return make<EndNode>(expect(ItemType::kRightDelim, "end").pos);
      case ItemType::kIf: return control(NodeType::kIf, "if");
      case ItemType::kRange: return control(NodeType::kRange, "range");
      case ItemType::kTemplate: return template_control();
      case ItemType::kWith: return control(NodeType::kWith, "with");
      default: break;
    }
    backup();
    const Item& start = peek();
    auto pos = start.pos;
    int line = start.line;
    return make<ActionNode>(pos, line, pipeline("command", ItemType::kRightDelim));
  }

  Node* break_control(const Item& keyword, NodeType type, const std::string& context) {
    auto pos = keyword.pos;
    const Item& item = next_non_space();
    if (item.type != ItemType::kRightDelim) unexpected(item, context);
    if (range_depth_ == 0) errorf(context + " outside {{range}}");
    return make<SimpleNode>(type, pos);
  }

  Node* else_control() {
    const Item& p = peek_non_space();
    if (p.type == ItemType::kIf) return make<ElseNode>(p.pos, p.line);
    const Item& item = expect(ItemType::kRightDelim, "else");
    return make<ElseNode>(item.pos, item.line);
  }

  Node* control(NodeType type, const std::string& context) {
    if (++control_depth_ > kMaxControlDepth) errorf("max control depth exceeded");
    std::size_t mark = vars_.size();
    PipeNode* pipe = pipeline(context, ItemType::kRightDelim);
    if (type == NodeType::kRange) ++range_depth_;
    auto [list, next_node] = item_list();
    if (type == NodeType::kRange) --range_depth_;
    ListNode* else_list = nullptr;
    if (next_node->type == NodeType::kElse) {
      if (type == NodeType::kIf && peek().type == ItemType::kIf) {
        next();
        else_list = make<ListNode>(next_node->pos);
        else_list->nodes.push_back(control(NodeType::kIf, "if"));
      } else {
        auto [elist, end] = item_list();
        if (end->type != NodeType::kEnd) errorf("expected end; found " + node_string(end));
        else_list = elist;
      }
    }
    vars_.resize(mark);
    --control_depth_;
    auto* node = make<BranchNode>(type, pipe->pos);
    node->line = pipe->line;
    node->pipe = pipe;
    node->list = list;
    node->else_list = else_list;
    return node;
  }

  std::string template_name(const Item& item, const std::string& context) {
    if (item.type != ItemType::kString && item.type != ItemType::kRawString) unexpected(item, context);
    auto name = go_unquote(item.val);
    if (!name) errorf("invalid syntax");
    return *name;
  }

  Node* template_control() {
    const std::string context = "template clause";
    const Item& item = next_non_space();
    auto pos = item.pos;
    int line = item.line;
    std::string name = template_name(item, context);
    PipeNode* pipe = nullptr;
    if (next_non_space().type != ItemType::kRightDelim) {
      backup();
      pipe = pipeline(context, ItemType::kRightDelim);
    }
    return make<TemplateNode>(pos, line, name, pipe);
  }

  Node* block_control() {
    const std::string context = "block clause";
    const Item& item = next_non_space();
    auto pos = item.pos;
    int line = item.line;
    std::string name = template_name(item, context);
    PipeNode* pipe = pipeline(context, ItemType::kRightDelim);
    parse_definition_body(name, context);
    return make<TemplateNode>(pos, line, name, pipe);
  }

  VariableNode* new_variable(const Item& item) {
    auto* v = make<VariableNode>(item.pos);
    split_idents(item.val, v->ident);
    return v;
  }

  static void split_idents(std::string_view text, std::vector<std::string>& out) {
    std::size_t start = 0;
    for (;;) {
      auto dot = text.find('.', start);
      out.emplace_back(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
  }

  PipeNode* pipeline(const std::string& context, ItemType end) {
    const Item& start = peek_non_space();
    auto* pipe = make<PipeNode>(start.pos, start.line);
  decls:
    if (const Item& v = peek_non_space(); v.type == ItemType::kVariable) {
      std::size_t before = index_;
      const Item& var = next_non_space();
      const Item& after_var = peek();
      const Item& nxt = peek_non_space();
      if (nxt.type == ItemType::kAssign || nxt.type == ItemType::kDeclare) {
        pipe->is_assign = nxt.type == ItemType::kAssign;
        next_non_space();
        pipe->decl.push_back(new_variable(var));
        vars_.push_back(var.val);
      } else if (nxt.type == ItemType::kChar && nxt.val == ",") {
        next_non_space();
        pipe->decl.push_back(new_variable(var));
        vars_.push_back(var.val);
        if (context == "range" && pipe->decl.size() < 2) {
          switch (peek_non_space().type) {
            case ItemType::kVariable:
            case ItemType::kRightDelim:
            case ItemType::kRightParen: goto decls;
            default: errorf("range can only initialize variables");
          }
        }
        errorf("too many declarations in " + context);
      } else {
        (void)after_var;
        index_ = before;
      }
    }
    for (;;) {
      const Item& item = next_non_space();
      if (item.type == end) {
        check_pipeline(pipe, context);
        return pipe;
      }
      switch (item.type) {
        case ItemType::kBool:
        case ItemType::kCharConstant:
        case ItemType::kComplex:
        case ItemType::kDot:
        case ItemType::kField:
        case ItemType::kIdentifier:
        case ItemType::kNumber:
        case ItemType::kNil:
        case ItemType::kRawString:
        case ItemType::kString:
        case ItemType::kVariable:
        case ItemType::kLeftParen:
          backup();
          pipe->cmds.push_back(command());
          break;
        default: unexpected(item, context);
      }
    }
  }

  void check_pipeline(PipeNode* pipe, const std::string& context) {
    if (pipe->cmds.empty()) errorf("missing value for " + context);
    for (std::size_t i = 1; i < pipe->cmds.size(); ++i) {
      switch (pipe->cmds[i]->args[0]->type) {
        case NodeType::kBool:
        case NodeType::kDot:
        case NodeType::kNil:
        case NodeType::kNumber:
        case NodeType::kString:
          errorf("non executable command in pipeline stage " + std::to_string(i + 1));
        default: break;
      }
    }
  }

  CommandNode* command() {
    auto* cmd = make<CommandNode>(peek_non_space().pos);
    for (;;) {
      peek_non_space();
      if (Node* operand_node = operand()) cmd->args.push_back(operand_node);
      const Item& item = next();
      if (item.type == ItemType::kSpace) continue;
      if (item.type == ItemType::kRightDelim || item.type == ItemType::kRightParen) {
        backup();
      } else if (item.type != ItemType::kPipe) {
        unexpected(item, "operand");
      }
      break;
    }
    if (cmd->args.empty()) errorf("empty command");
    return cmd;
  }

  Node* operand() {
    Node* node = term();
    if (!node) return nullptr;
    if (peek().type == ItemType::kField) {
      auto* chain = make<ChainNode>(peek().pos, node);
      while (peek().type == ItemType::kField) {
        std::string_view f = next().val;
        split_idents(f.substr(1), chain->field);
      }
      switch (node->type) {
        case NodeType::kField: {
          auto* field = make<FieldNode>(chain->pos);
          split_idents(node_string(chain).substr(1), field->ident);
          return field;
        }
        case NodeType::kVariable: {
          auto* var = make<VariableNode>(chain->pos);
          split_idents(node_string(chain), var->ident);
          return var;
        }
        case NodeType::kBool:
        case NodeType::kString:
        case NodeType::kNumber:
        case NodeType::kNil:
        case NodeType::kDot:
          errorf("unexpected . after term " + go_quote_string(node_string(node)));
        default: return chain;
      }
    }
    return node;
  }

  static std::string go_quote_string(const std::string& s);

  Node* term() {
    const Item& item = next_non_space();
    switch (item.type) {
      case ItemType::kIdentifier: {
        const Function* fn = funcs_.find(item.val);
        if (!fn) errorf("function \"" + item.val + "\" not defined");
        auto* id = make<IdentifierNode>(item.pos, item.val);
        id->function = fn;
        return id;
      }
      case ItemType::kDot: return make<SimpleNode>(NodeType::kDot, item.pos);
      case ItemType::kNil: return make<SimpleNode>(NodeType::kNil, item.pos);
      case ItemType::kVariable: {
        auto* v = new_variable(item);
        if (std::find(vars_.begin(), vars_.end(), v->ident[0]) == vars_.end())
          errorf("undefined variable \"" + v->ident[0] + "\"");
        return v;
      }
      case ItemType::kField: {
        auto* f = make<FieldNode>(item.pos);
        split_idents(std::string_view(item.val).substr(1), f->ident);
        return f;
      }
      case ItemType::kBool: return make<BoolNode>(item.pos, item.val == "true");
      case ItemType::kCharConstant:
      case ItemType::kComplex:
      case ItemType::kNumber: return number(item);
      case ItemType::kLeftParen: {
        if (paren_depth_ >= kMaxParenDepth) errorf("max expression depth exceeded");
        ++paren_depth_;
        PipeNode* p = pipeline("parenthesized pipeline", ItemType::kRightParen);
        --paren_depth_;
        return p;
      }
      case ItemType::kString:
      case ItemType::kRawString: {
        auto s = go_unquote(item.val);
        if (!s) errorf("invalid syntax");
        return make<StringNode>(item.pos, item.val, std::move(*s));
      }
      default: backup(); return nullptr;
    }
  }

  static void simplify_complex(NumberNode* n) {
    n->is_float = n->complex128.imag() == 0;
    if (n->is_float) {
      n->float64 = n->complex128.real();
      std::optional<std::int64_t> whole = whole_int64(n->float64);
      n->is_int = whole.has_value();
      if (n->is_int) n->int64 = *whole;
      n->is_uint = n->float64 >= 0 && n->float64 < 1.8446744073709552e19 &&
                   static_cast<double>(static_cast<std::uint64_t>(n->float64)) == n->float64;
      if (n->is_uint) n->uint64 = static_cast<std::uint64_t>(n->float64);
    }
  }

  NumberNode* number(const Item& item) {
    auto* n = make<NumberNode>(item.pos, item.val);
    const std::string& text = item.val;
    if (item.type == ItemType::kCharConstant) {
      char32_t r = 0;
      std::string_view tail;
      if (!go_unquote_char(std::string_view(text).substr(1), '\'', r, tail)) errorf("invalid syntax");
      if (tail != "'") errorf("malformed character constant: " + text);
      n->int64 = r;
      n->is_int = true;
      n->uint64 = r;
      n->is_uint = true;
      n->float64 = static_cast<double>(r);
      n->is_float = true;
      return n;
    }
    if (item.type == ItemType::kComplex) {
      // re(+|-)im i: split at the sign that is not at the start and not after an exponent.
      std::size_t split = std::string::npos;
      for (std::size_t i = 1; i < text.size(); ++i) {
        char prev = static_cast<char>(text[i - 1] | 0x20);
        if ((text[i] == '+' || text[i] == '-') && prev != 'e' && prev != 'p') split = i;
      }
      std::optional<double> re, im;
      if (split != std::string::npos) {
        re = parse_go_float(std::string_view(text).substr(0, split));
        im = parse_go_float(std::string_view(text).substr(split, text.size() - split - 1));
      }
      if (!re || !im) errorf("expected integer");
      n->complex128 = {*re, *im};
      n->is_complex = true;
      simplify_complex(n);
      return n;
    }
    if (!text.empty() && text.back() == 'i') {
      if (std::optional<double> f = parse_go_float(std::string_view(text).substr(0, text.size() - 1))) {
        n->is_complex = true;
        n->complex128 = {0, *f};
        simplify_complex(n);
        return n;
      }
    }
    std::optional<std::uint64_t> u = parse_go_uint(text, 0);
    if (u) {
      n->is_uint = true;
      n->uint64 = *u;
    }
    if (std::optional<std::int64_t> i = parse_go_int(text, 0)) {
      n->is_int = true;
      n->int64 = *i;
      if (*i == 0) {
        n->is_uint = true;
        n->uint64 = u.value_or(0);
      }
    }
    if (n->is_int) {
      n->is_float = true;
      n->float64 = static_cast<double>(n->int64);
    } else if (n->is_uint) {
      n->is_float = true;
      n->float64 = static_cast<double>(n->uint64);
    } else {
      if (std::optional<double> parsed = parse_go_float(text)) {
        double f = *parsed;
        if (text.find_first_of(".eEpP") == std::string::npos) errorf("integer overflow: " + go_quote_string(text));
        n->is_float = true;
        n->float64 = f;
        if (std::optional<std::int64_t> whole = whole_int64(f)) {
          n->is_int = true;
          n->int64 = *whole;
        }
        if (f >= 0 && f < 1.8446744073709552e19 && static_cast<double>(static_cast<std::uint64_t>(f)) == f) {
          n->is_uint = true;
          n->uint64 = static_cast<std::uint64_t>(f);
        }
      }
    }
    if (!n->is_int && !n->is_uint && !n->is_float) errorf("illegal number syntax: " + go_quote_string(text));
    return n;
  }

  std::shared_ptr<ParsedUnit> unit_;
  const FunctionMap& funcs_;
  std::map<std::string, Tree>& trees_;
  std::vector<Item> items_;
  std::size_t index_ = 0;
  std::size_t furthest_ = 0;
  std::vector<std::string> vars_;
  int action_line_ = 0;
  int range_depth_ = 0;
  int paren_depth_ = 0;
  int control_depth_ = 0;
};

}  // namespace
}  // namespace sidecarctl::gotemplate

#include "gotemplate/go_fmt.h"

namespace sidecarctl::gotemplate {
namespace {
std::string Parser::go_quote_string(const std::string& s) { return go_quote(s); }
}  // namespace

bool is_empty_tree(const Node* node) {
  if (!node) return true;
  switch (node->type) {
    case NodeType::kList:
      for (const Node* n : static_cast<const ListNode*>(node)->nodes)
        if (!is_empty_tree(n)) return false;
      return true;
    case NodeType::kText: {
      const std::string& t = static_cast<const TextNode*>(node)->text;
      return t.find_first_not_of(" \t\r\n\v\f") == std::string::npos;
    }
    default: return false;
  }
}

Result<std::map<std::string, Tree>> parse_trees(std::string name, std::string_view text, const FunctionMap& funcs) {
  auto unit = std::make_shared<ParsedUnit>();
  unit->source.parse_name = name;
  unit->source.text = std::string(text);
  std::map<std::string, Tree> trees;
  try {
    Parser parser(unit, funcs, trees);
    parser.parse_top(name);
  } catch (const ParseError& e) {
    return make_error(ErrorKind::kInvalidInput, e.message);
  }
  return trees;
}

}  // namespace sidecarctl::gotemplate
