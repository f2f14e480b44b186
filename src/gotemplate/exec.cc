// Executor: a tree walker mirroring Go's text/template exec.go (walk, evalPipeline, evalCommand,
// evalField, evalCall, evalArg, validateType) so that results and error messages agree with Go.
// Errors unwind with ExecError, caught once in execute_tree (Go uses panic/recover the same way).
#include "gotemplate/exec.h"

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "gotemplate/go_fmt.h"
#include "gotemplate/step_budget.h"

namespace sidecarctl::gotemplate {

namespace {

struct ExecError {
  std::string message;
};

// A declared parameter type, or kNoType for Go's "typ == nil" (chain receivers: no conversion).
constexpr auto kNoType = static_cast<Param::Kind>(255);

enum class Flow { kNormal, kBreak, kContinue };

struct Variable {
  std::string_view name;
  Value value;
};

std::string go_type_of(const Value& v) {
  if (v.in_interface()) return "interface {}";
  return v.go_type_name();
}

bool can_be_nil(Param::Kind kind) {
  switch (kind) {
    case Param::kAny:
    case Param::kReflect:
    case Param::kList:
    case Param::kMap:
    case Param::kStringMap:
    case Param::kStringList: return true;
    default: return false;
  }
}

// The value a nil-able parameter receives for a missing value or the nil literal.
Value zero_of(Param::Kind kind) { return kind == Param::kReflect ? Value() : Value::nil(); }

class State {
 public:
  State(const TreeMap& trees, const ExecOptions& options, std::string& out)
      : trees_(trees), options_(options), out_(out), budget_(options.max_steps), active_budget_(budget_) {
    char probe = 0;
    stack_base_ = reinterpret_cast<std::uintptr_t>(&probe);
  }

  void run(const Tree& tree, const Value& data) {
    tmpl_ = &tree;
    Value dot = data.is_nil() ? Value() : data.without_interface();
    vars_.push_back(Variable{"$", dot});
    if (!tree.root) errorf("\"" + tree.name + "\" is an incomplete or empty template");
    walk(dot, tree.root);
  }

 private:
  [[noreturn]] void errorf(const std::string& message) {
    if (!node_) throw ExecError{"template: " + tmpl_->name + ": " + message};
    throw ExecError{"template: " + node_location(node_) + ": executing " + go_quote(tmpl_->name) + " at <" +
                    node_string(node_) + ">: " + message};
  }

  void at(const Node* node) { node_ = node; }

  void step() {
    if (!budget_.charge(1)) errorf(budget_.exceeded_message());
  }

  void check_stack() {
    char probe = 0;
    auto here = reinterpret_cast<std::uintptr_t>(&probe);
    std::uintptr_t used = stack_base_ > here ? stack_base_ - here : here - stack_base_;
    if (used > kMaxStackBytes) errorf("template execution nested too deeply");
  }

  void write(std::string_view text) {
    out_.append(text);
    check_output();
  }
  void check_output() {
    if (out_.size() > options_.max_output_bytes)
      errorf("output exceeds the maximum size (" + std::to_string(options_.max_output_bytes) + " bytes)");
  }

  // ---- variables

  Value var_value(std::string_view name) {
    for (std::size_t i = vars_.size(); i > frame_base_; --i)
      if (vars_[i - 1].name == name) return vars_[i - 1].value;
    errorf("undefined variable: " + std::string(name));
  }
  void set_var(std::string_view name, const Value& value) {
    for (std::size_t i = vars_.size(); i > frame_base_; --i) {
      if (vars_[i - 1].name == name) {
        vars_[i - 1].value = value;
        return;
      }
    }
    errorf("undefined variable: " + std::string(name));
  }
  void pop(std::size_t mark) { vars_.resize(mark); }

  // ---- walking

  Flow walk(const Value& dot, const Node* node) {
    at(node);
    step();
    switch (node->type) {
      case NodeType::kAction: {
        auto action = static_cast<const ActionNode*>(node);
        Value val = eval_pipeline(dot, action->pipe);
        if (action->pipe->decl.empty()) print_value(node, val);
        return Flow::kNormal;
      }
      case NodeType::kBreak: return Flow::kBreak;
      case NodeType::kContinue: return Flow::kContinue;
      case NodeType::kIf:
      case NodeType::kWith: return walk_if_or_with(dot, static_cast<const BranchNode*>(node));
      case NodeType::kList:
        for (const Node* n : static_cast<const ListNode*>(node)->nodes) {
          Flow flow = walk(dot, n);
          if (flow != Flow::kNormal) return flow;
        }
        return Flow::kNormal;
      case NodeType::kRange: walk_range(dot, static_cast<const BranchNode*>(node)); return Flow::kNormal;
      case NodeType::kTemplate: walk_template(dot, static_cast<const TemplateNode*>(node)); return Flow::kNormal;
      case NodeType::kText: write(static_cast<const TextNode*>(node)->text); return Flow::kNormal;
      default: errorf("unknown node: " + node_string(node));
    }
  }

  Flow walk_if_or_with(const Value& dot, const BranchNode* node) {
    std::size_t mark = vars_.size();
    Value val = eval_pipeline(dot, node->pipe);
    Flow flow = Flow::kNormal;
    if (val.truth()) {
      flow = walk(node->type == NodeType::kWith ? val : dot, node->list);
    } else if (node->else_list) {
      flow = walk(dot, node->else_list);
    }
    pop(mark);
    return flow;
  }

  void walk_range(const Value& dot, const BranchNode* r) {
    at(r);
    std::size_t outer = vars_.size();
    Value val = eval_pipeline(dot, r->pipe);
    std::size_t mark = vars_.size();
    const PipeNode* pipe = r->pipe;
    bool stop = false;
    auto one_iteration = [&](const Value& index, const Value& elem) {
      if (!pipe->decl.empty()) {
        if (pipe->is_assign) {
          if (pipe->decl.size() > 1) {
            set_var(pipe->decl[0]->ident[0], index);
            set_var(pipe->decl[1]->ident[0], elem);
          } else {
            set_var(pipe->decl[0]->ident[0], elem);
          }
        } else {
          vars_[vars_.size() - 1].value = elem;
          if (pipe->decl.size() > 1) vars_[vars_.size() - 2].value = index;
        }
      }
      Flow flow = walk(elem, r->list);
      pop(mark);
      if (flow == Flow::kBreak) stop = true;
    };
    bool iterated = false;
    switch (val.kind()) {
      case Value::Kind::kList: {
        std::size_t n = val.list_size();
        iterated = n > 0;
        for (std::size_t i = 0; i < n && !stop; ++i) one_iteration(Value::from_int(static_cast<std::int64_t>(i)), val.list_at(i));
        break;
      }
      case Value::Kind::kMap:
      case Value::Kind::kStringMap: {
        iterated = val.map_size() > 0;
        if (val.kind() == Value::Kind::kStringMap) {
          for (const auto& [k, v] : val.string_map()) {
            if (stop) break;
            one_iteration(Value::from_string(k), Value::from_string(v));
          }
        } else if (const Json* node = val.json_node()) {
          for (const auto& [k, v] : node->get_ref<const Json::object_t&>()) {
            if (stop) break;
            one_iteration(Value::from_string(k), *val.map_find(k));
            (void)v;
          }
        } else {
          for (const auto& k : val.map_keys()) {
            if (stop) break;
            one_iteration(Value::from_string(k), *val.map_find(k));
          }
        }
        break;
      }
      case Value::Kind::kInvalid:
      case Value::Kind::kNil: break;
      default: errorf("range can't iterate over " + to_go_string(val));
    }
    if (!iterated && r->else_list) walk(dot, r->else_list);
    pop(outer);
  }

  void walk_template(const Value& dot, const TemplateNode* t) {
    at(t);
    auto it = trees_.find(t->name);
    if (it == trees_.end() || !it->second.root) errorf("template " + go_quote(t->name) + " not defined");
    if (depth_ >= options_.max_depth)
      errorf("exceeded maximum template depth (" + std::to_string(options_.max_depth) + ")");
    check_stack();
    Value new_dot = eval_pipeline(dot, t->pipe);
    const Tree* saved_tmpl = tmpl_;
    std::size_t saved_base = frame_base_;
    frame_base_ = vars_.size();
    vars_.push_back(Variable{"$", new_dot});
    tmpl_ = &it->second;
    ++depth_;
    walk(new_dot, it->second.root);
    --depth_;
    tmpl_ = saved_tmpl;
    pop(frame_base_);
    frame_base_ = saved_base;
  }

  void print_value(const Node* n, const Value& v) {
    at(n);
    if (v.is_missing()) {
      write("<no value>");
      return;
    }
    try {
      append_go_string(out_, v);
    } catch (const FunctionError& e) {  // out of steps, or nested too deeply
      errorf(e.what());
    }
    check_output();
  }

  // ---- evaluation

  Value eval_pipeline(const Value& dot, const PipeNode* pipe) {
    if (!pipe) return Value();
    at(pipe);
    Value value;
    bool have_final = false;
    for (const CommandNode* cmd : pipe->cmds) {
      value = eval_command(dot, cmd, have_final ? &value : nullptr);
      have_final = true;
      if (value.in_interface()) value = value.is_nil() ? Value() : value.without_interface();
    }
    for (const VariableNode* variable : pipe->decl) {
      if (pipe->is_assign) {
        set_var(variable->ident[0], value);
      } else {
        vars_.push_back(Variable{variable->ident[0], value});
      }
    }
    return value;
  }

  void not_a_function(const std::vector<Node*>& args, const Value* final) {
    if (args.size() > 1 || final) errorf("can't give argument to non-function " + node_string(args[0]));
  }

  Value eval_command(const Value& dot, const CommandNode* cmd, const Value* final) {
    step();
    const Node* first = cmd->args[0];
    switch (first->type) {
      case NodeType::kField: return eval_field_node(dot, static_cast<const FieldNode*>(first), &cmd->args, final);
      case NodeType::kChain: return eval_chain_node(dot, static_cast<const ChainNode*>(first), &cmd->args, final);
      case NodeType::kIdentifier:
        return eval_function(dot, static_cast<const IdentifierNode*>(first), cmd, &cmd->args, final);
      case NodeType::kPipe:
        not_a_function(cmd->args, final);
        return eval_pipeline(dot, static_cast<const PipeNode*>(first));
      case NodeType::kVariable:
        return eval_variable_node(dot, static_cast<const VariableNode*>(first), &cmd->args, final);
      default: break;
    }
    at(first);
    not_a_function(cmd->args, final);
    switch (first->type) {
      case NodeType::kBool: return Value::from_bool(static_cast<const BoolNode*>(first)->value);
      case NodeType::kDot: return dot;
      case NodeType::kNil: errorf("nil is not a command");
      case NodeType::kNumber: return ideal_constant(static_cast<const NumberNode*>(first));
      case NodeType::kString: return Value::from_string(static_cast<const StringNode*>(first)->text);
      default: errorf("can't evaluate command " + go_quote(node_string(first)));
    }
  }

  Value ideal_constant(const NumberNode* c) {
    at(c);
    if (c->is_complex) return Value::from_complex(c->complex128.real(), c->complex128.imag());
    const std::string& t = c->text;
    bool hex_int = t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') && t.find_first_of("pP") == std::string::npos;
    bool rune_int = !t.empty() && t[0] == '\'';
    if (c->is_float && !hex_int && !rune_int && t.find_first_of(".eEpP") != std::string::npos)
      return Value::from_float(c->float64);
    if (c->is_int) return Value::from_int(c->int64);
    if (c->is_uint) errorf(t + " overflows int");
    return Value();
  }

  Value eval_field_node(const Value& dot, const FieldNode* field, const std::vector<Node*>* args, const Value* final) {
    at(field);
    return eval_field_chain(dot, dot, field, field->ident, 0, args, final);
  }

  Value eval_chain_node(const Value& dot, const ChainNode* chain, const std::vector<Node*>* args, const Value* final) {
    at(chain);
    if (chain->node->type == NodeType::kNil) errorf("indirection through explicit nil in " + node_string(chain));
    Value pipe = eval_arg(dot, kNoType, chain->node);
    return eval_field_chain(dot, pipe, chain, chain->field, 0, args, final);
  }

  Value eval_variable_node(const Value& dot, const VariableNode* variable, const std::vector<Node*>* args,
                           const Value* final) {
    at(variable);
    Value value = var_value(variable->ident[0]);
    if (variable->ident.size() == 1) {
      if (args) not_a_function(*args, final);
      return value;
    }
    return eval_field_chain(dot, value, variable, variable->ident, 1, args, final);
  }

  Value eval_field_chain(const Value& dot, Value receiver, const Node* node, const std::vector<std::string>& ident,
                         std::size_t from, const std::vector<Node*>* args, const Value* final) {
    std::size_t n = ident.size();
    for (std::size_t i = from; i + 1 < n; ++i) receiver = eval_field(dot, ident[i], node, nullptr, nullptr, receiver);
    return eval_field(dot, ident[n - 1], node, args, final, receiver);
  }

  Value eval_function(const Value& dot, const IdentifierNode* node, const Node* cmd, const std::vector<Node*>* args,
                      const Value* final) {
    at(node);
    return eval_call(dot, *node->function, nullptr, cmd, node->ident, args, final);
  }

  Value eval_field(const Value& dot, const std::string& name, const Node* node, const std::vector<Node*>* args,
                   const Value* final, const Value& receiver) {
    if (receiver.is_missing()) {
      if (options_.missingkey == MissingKey::kError) errorf("nil data; no entry for key " + go_quote(name));
      return Value();
    }
    bool has_args = (args && args->size() > 1) || final;
    switch (receiver.kind()) {
      case Value::Kind::kNil: errorf("nil pointer evaluating interface {}." + name);
      case Value::Kind::kObject: {
        const Object& object = receiver.object();
        if (const Function* method = object.method(name))
          return eval_call(dot, *method, &receiver, node, name, args, final);
        if (auto field = object.field(name)) {
          if (has_args) errorf(name + " has arguments but cannot be invoked as function");
          return std::move(*field);
        }
        break;
      }
      case Value::Kind::kMap:
      case Value::Kind::kStringMap: {
        if (has_args) errorf(name + " is not a method but has arguments");
        if (auto found = receiver.map_find(name)) return std::move(*found);
        switch (options_.missingkey) {
          case MissingKey::kDefault: return Value();
          case MissingKey::kZero:
            return receiver.kind() == Value::Kind::kStringMap ? Value::from_string("") : Value::nil().with_interface();
          case MissingKey::kError: errorf("map has no entry for key " + go_quote(name));
        }
        break;
      }
      default: break;
    }
    errorf("can't evaluate field " + name + " in type " + go_type_of(receiver));
  }

  // ---- calls

  Value eval_call(const Value& dot, const Function& fn, const Value* receiver, const Node* node,
                  const std::string& name, const std::vector<Node*>* all_args, const Value* final) {
    std::size_t nargs = all_args ? all_args->size() - 1 : 0;
    auto arg_node = [&](std::size_t i) { return (*all_args)[i + 1]; };
    std::size_t num_params = fn.params.size();
    std::size_t num_in = nargs + (final ? 1 : 0);
    std::size_t num_fixed = nargs;
    if (fn.variadic) {
      num_fixed = num_params - 1;
      if (num_in < num_fixed)
        errorf("wrong number of args for " + name + ": want at least " + std::to_string(num_params - 1) + " got " +
               std::to_string(nargs));
    } else if (num_in != num_params) {
      errorf("wrong number of args for " + name + ": want " + std::to_string(num_params) + " got " +
             std::to_string(num_in));
    }
    if (fn.special == Function::Special::kAnd || fn.special == Function::Special::kOr) {
      bool want = fn.special == Function::Special::kOr;
      Value v;
      for (std::size_t i = 0; i < nargs; ++i) {
        v = eval_arg(dot, Param::kReflect, arg_node(i));
        if (v.truth() == want) return v;
      }
      if (final) v = *final;
      return v;
    }
    // Arguments live on one stack shared by nested calls (no allocation per call).
    std::size_t base = arg_stack_.size();
    std::size_t i = 0;
    for (; i < num_fixed && i < nargs; ++i) {
      Value v = eval_arg(dot, fn.params[i], arg_node(i));
      arg_stack_.push_back(std::move(v));
    }
    if (fn.variadic) {
      Param::Kind kind = fn.params.back();
      for (; i < nargs; ++i) {
        Value v = eval_arg(dot, kind, arg_node(i));
        arg_stack_.push_back(std::move(v));
      }
    }
    if (final) {
      Param::Kind kind = fn.params.empty() ? Param::kAny : fn.params.back();
      if (fn.variadic && num_in - 1 < num_fixed) kind = fn.params[num_in - 1];
      Value v = validate_type(*final, kind);
      arg_stack_.push_back(std::move(v));
    }
    std::span<const Value> argv(arg_stack_.data() + base, arg_stack_.size() - base);
    if (fn.special == Function::Special::kCall) builtin_call(node, argv);
    CallContext ctx;
    ctx.env = options_.env;
    ctx.receiver = receiver;
    ctx.name = name;
    Value result;
    try {
      std::uint64_t cost = 0;
      for (const Value& arg : argv) cost += argument_cost(arg);
      charge_steps(cost);
      result = fn.impl(ctx, argv);
      charge_steps(result_cost(result));
    } catch (const FunctionError& e) {
      at(node);
      errorf("error calling " + name + ": " + e.what());
    }
    // A Go function can return nil only through an interface (or a typed nil, which functions
    // here return as an empty typed value): the pipeline then sees no value at all.
    if (result.is_nil()) result = result.with_interface();
    arg_stack_.resize(base);
    return result;
  }

  [[noreturn]] void builtin_call(const Node* node, std::span<const Value> argv) {
    at(node);
    const Value& fn = argv[0];
    if (fn.is_missing() || fn.is_nil()) errorf("error calling call: call of nil");
    errorf("error calling call: non-function of type " + fn.go_type_name());
  }

  Value validate_type(const Value& value, Param::Kind kind) {
    if (value.is_missing()) {
      if (kind == kNoType) return value;
      if (can_be_nil(kind)) return zero_of(kind);
      errorf("invalid value; expected " + std::string(param_type_name(kind)));
    }
    if (kind == kNoType || kind == Param::kAny || kind == Param::kReflect) return value;
    Value v = value;
    // A JSON null stands for a nil typed Istio map (README of the suite: null is a nil map).
    if (kind == Param::kStringMap && v.is_nil()) return Value::nil();
    if (v.in_interface() && !v.is_nil()) v = v.without_interface();
    bool ok = false;
    switch (kind) {
      case Param::kString: ok = v.kind() == Value::Kind::kString; break;
      case Param::kInt: ok = v.kind() == Value::Kind::kInt; break;
      case Param::kInt64: ok = v.kind() == Value::Kind::kInt64; break;
      case Param::kFloat64: ok = v.kind() == Value::Kind::kFloat64; break;
      case Param::kBool: ok = v.kind() == Value::Kind::kBool; break;
      case Param::kList: ok = v.kind() == Value::Kind::kList && v.list_type_name() == "[]interface {}"; break;
      case Param::kStringList: ok = v.kind() == Value::Kind::kList && v.list_type_name() == "[]string"; break;
      case Param::kMap: ok = v.kind() == Value::Kind::kMap; break;
      case Param::kStringMap: {
        if (v.kind() == Value::Kind::kStringMap) {
          ok = true;
        } else if (v.kind() == Value::Kind::kMap) {
          StringMap converted;
          ok = true;
          v.map_for_each([&](std::string_view k, const Value& e) {
            if (e.kind() != Value::Kind::kString) {
              ok = false;
              return;
            }
            converted.emplace(std::string(k), std::string(e.as_string()));
          });
          if (ok) return Value::from_string_map(std::move(converted));
        }
        break;
      }
      default: ok = true; break;
    }
    if (!ok)
      errorf("wrong type for value; expected " + std::string(param_type_name(kind)) + "; got " + go_type_of(v));
    return v;
  }

  Value eval_arg(const Value& dot, Param::Kind kind, const Node* n) {
    at(n);
    switch (n->type) {
      case NodeType::kDot: return validate_type(dot, kind);
      case NodeType::kNil:
        if (kind == kNoType || can_be_nil(kind)) return kind == kNoType ? Value() : zero_of(kind);
        errorf("cannot assign nil to " + std::string(param_type_name(kind)));
      case NodeType::kField:
        return validate_type(eval_field_node(dot, static_cast<const FieldNode*>(n), &single_arg_, nullptr), kind);
      case NodeType::kVariable:
        return validate_type(eval_variable_node(dot, static_cast<const VariableNode*>(n), nullptr, nullptr), kind);
      case NodeType::kPipe: return validate_type(eval_pipeline(dot, static_cast<const PipeNode*>(n)), kind);
      case NodeType::kIdentifier: {
        auto id = static_cast<const IdentifierNode*>(n);
        return validate_type(eval_function(dot, id, id, nullptr, nullptr), kind);
      }
      case NodeType::kChain:
        return validate_type(eval_chain_node(dot, static_cast<const ChainNode*>(n), nullptr, nullptr), kind);
      default: break;
    }
    if (kind == kNoType) return eval_empty_interface(n);
    switch (kind) {
      case Param::kBool:
        if (n->type == NodeType::kBool) return Value::from_bool(static_cast<const BoolNode*>(n)->value);
        errorf("expected bool; found " + node_string(n));
      case Param::kFloat64:
        if (n->type == NodeType::kNumber && static_cast<const NumberNode*>(n)->is_float)
          return Value::from_float(static_cast<const NumberNode*>(n)->float64);
        errorf("expected float; found " + node_string(n));
      case Param::kInt:
      case Param::kInt64:
        if (n->type == NodeType::kNumber && static_cast<const NumberNode*>(n)->is_int) {
          auto i = static_cast<const NumberNode*>(n)->int64;
          return kind == Param::kInt ? Value::from_int(i) : Value::from_int64(i);
        }
        errorf("expected integer; found " + node_string(n));
      case Param::kString:
        if (n->type == NodeType::kString) return Value::from_string(static_cast<const StringNode*>(n)->text);
        errorf("expected string; found " + node_string(n));
      case Param::kAny:
      case Param::kReflect: return eval_empty_interface(n);
      default: break;
    }
    errorf("can't handle " + node_string(n) + " for arg of type " + std::string(param_type_name(kind)));
  }

  // Literal operands; the other node types were evaluated by eval_arg.
  Value eval_empty_interface(const Node* n) {
    at(n);
    switch (n->type) {
      case NodeType::kBool: return Value::from_bool(static_cast<const BoolNode*>(n)->value);
      case NodeType::kNumber: return ideal_constant(static_cast<const NumberNode*>(n));
      case NodeType::kString: return Value::from_string(static_cast<const StringNode*>(n)->text);
      default: break;
    }
    errorf("can't handle assignment of " + node_string(n) + " to empty interface argument");
  }

  static constexpr std::uintptr_t kMaxStackBytes = 6u << 20;

  const TreeMap& trees_;
  const ExecOptions& options_;
  std::string& out_;
  const Tree* tmpl_ = nullptr;
  const Node* node_ = nullptr;
  std::vector<Variable> vars_;
  std::size_t frame_base_ = 0;  // first variable of the executing template
  std::vector<Value> arg_stack_;
  std::vector<Node*> single_arg_{nullptr};  // Go passes a field argument as its own one-element arg list
  int depth_ = 0;
  StepBudget budget_;
  ActiveStepBudget active_budget_;  // functions charge budget_ while this execution runs
  std::uintptr_t stack_base_ = 0;
};

}  // namespace

Result<void> execute_tree(const TreeMap& trees, std::string_view name, const Value& data, const ExecOptions& options,
                          std::string& out) {
  auto it = trees.find(name);
  if (it == trees.end()) {
    return make_error(ErrorKind::kNotFound, "template: no template " + go_quote(name) + " associated with template " +
                                                go_quote(trees.empty() ? std::string(name) : trees.begin()->first));
  }
  try {
    State state(trees, options, out);
    state.run(it->second, data);
  } catch (const ExecError& e) {
    return make_error(ErrorKind::kInvalidInput, e.message);
  } catch (const FunctionError& e) {  // from a walk over a value while an error message was built
    return make_error(ErrorKind::kInvalidInput, "template: " + std::string(name) + ": " + e.what());
  }
  return {};
}

}  // namespace sidecarctl::gotemplate
