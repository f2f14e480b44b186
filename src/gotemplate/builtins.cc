// Go's predefined template functions (text/template funcs.go semantics and error wording).
#include <cstdint>
#include <string>

#include "gotemplate/function.h"
#include "gotemplate/go_fmt.h"

namespace sidecarctl::gotemplate {

namespace {

[[noreturn]] void fail(const std::string& message) { throw FunctionError(message); }

// Go's indirectInterface: a nil in an interface slot is no value at all.
Value concrete(const Value& v) {
  if (v.in_interface()) return v.is_nil() ? Value() : v.without_interface();
  return v;
}

std::int64_t index_arg(const Value& raw, std::size_t cap) {
  Value index = concrete(raw);
  std::int64_t x = 0;
  if (index.is_int()) {
    x = index.as_int();
  } else if (index.is_missing() || index.is_nil()) {
    fail("cannot index slice/array with nil");
  } else {
    fail("cannot index slice/array with type " + index.go_type_name());
  }
  if (x < 0 || static_cast<std::uint64_t>(x) > cap) fail("index out of range: " + std::to_string(x));
  return x;
}

Value builtin_index(CallContext&, std::span<const Value> args) {
  Value item = concrete(args[0]);
  if (item.is_missing()) fail("index of untyped nil");
  for (std::size_t k = 1; k < args.size(); ++k) {
    if (item.is_nil()) fail("index of nil pointer");
    item = item.without_interface();
    switch (item.kind()) {
      case Value::Kind::kList: {
        auto x = static_cast<std::size_t>(index_arg(args[k], item.list_size()));
        if (x >= item.list_size()) fail("reflect: slice index out of range");
        item = item.list_at(x);
        break;
      }
      case Value::Kind::kString: {
        auto s = item.as_string();
        auto x = static_cast<std::size_t>(index_arg(args[k], s.size()));
        if (x >= s.size()) fail("reflect: string index out of range");
        item = Value::from_int(static_cast<unsigned char>(s[x]));
        break;
      }
      case Value::Kind::kMap:
      case Value::Kind::kStringMap: {
        Value key = concrete(args[k]);
        if (key.is_missing() || key.is_nil()) fail("value is nil; should be of type string");
        if (key.kind() != Value::Kind::kString)
          fail("value has type " + key.go_type_name() + "; should be string");
        if (auto found = item.map_find(key.as_string())) {
          item = *found;
        } else {
          // The element type's zero value: "" or a nil interface{}.
          item = item.kind() == Value::Kind::kStringMap ? Value::from_string("") : Value::nil().with_interface();
        }
        break;
      }
      default: fail("can't index item of type " + item.go_type_name());
    }
  }
  return item;
}

Value builtin_slice(CallContext&, std::span<const Value> args) {
  Value item = concrete(args[0]);
  if (item.is_missing()) fail("slice of untyped nil");
  std::size_t nidx = args.size() - 1;
  if (nidx > 3) fail("too many slice indexes: " + std::to_string(nidx));
  std::size_t cap = 0;
  if (item.kind() == Value::Kind::kString) {
    if (nidx == 3) fail("cannot 3-index slice a string");
    cap = item.as_string().size();
  } else if (item.kind() == Value::Kind::kList) {
    cap = item.list_size();
  } else {
    fail("can't slice item of type " + item.go_type_name());
  }
  std::int64_t idx[3] = {0, static_cast<std::int64_t>(cap), 0};
  for (std::size_t k = 0; k < nidx; ++k) idx[k] = index_arg(args[k + 1], cap);
  if (idx[0] > idx[1]) fail("invalid slice index: " + std::to_string(idx[0]) + " > " + std::to_string(idx[1]));
  if (nidx == 3 && idx[1] > idx[2])
    fail("invalid slice index: " + std::to_string(idx[1]) + " > " + std::to_string(idx[2]));
  auto from = static_cast<std::size_t>(idx[0]);
  auto to = static_cast<std::size_t>(idx[1]);
  if (item.kind() == Value::Kind::kString) return Value::from_string(std::string(item.as_string().substr(from, to - from)));
  List out;
  for (std::size_t i = from; i < to; ++i) out.push_back(item.list_at(i).without_interface());
  return Value::from_list(std::move(out), item.list_type_name());
}

Value builtin_len(CallContext&, std::span<const Value> args) {
  const Value& item = args[0];
  if (item.is_nil()) fail("len of nil pointer");
  switch (item.kind()) {
    case Value::Kind::kInvalid: fail("reflect: call of reflect.Value.Type on zero Value");
    case Value::Kind::kString: return Value::from_int(static_cast<std::int64_t>(item.as_string().size()));
    case Value::Kind::kList: return Value::from_int(static_cast<std::int64_t>(item.list_size()));
    case Value::Kind::kMap:
    case Value::Kind::kStringMap: return Value::from_int(static_cast<std::int64_t>(item.map_size()));
    default: fail("len of type " + item.go_type_name());
  }
}

Value builtin_not(CallContext&, std::span<const Value> args) { return Value::from_bool(!args[0].truth()); }

// ---- comparison

enum class BasicKind { kInvalid, kBool, kComplex, kInt, kFloat, kString };

BasicKind basic_kind(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kBool: return BasicKind::kBool;
    case Value::Kind::kInt:
    case Value::Kind::kInt64: return BasicKind::kInt;
    case Value::Kind::kFloat64: return BasicKind::kFloat;
    case Value::Kind::kComplex128: return BasicKind::kComplex;
    case Value::Kind::kString: return BasicKind::kString;
    default: return BasicKind::kInvalid;
  }
}

bool is_nil_value(const Value& v) { return v.is_missing() || v.is_nil(); }

bool eq2(const Value& a1, const Value& raw2) {
  Value a2 = concrete(raw2);
  BasicKind k1 = basic_kind(a1);
  BasicKind k2 = basic_kind(a2);
  if (k1 != k2) {
    if (!a1.is_missing() && !a2.is_missing()) fail("incompatible types for comparison");
    return false;
  }
  switch (k1) {
    case BasicKind::kBool: return a1.as_bool() == a2.as_bool();
    case BasicKind::kComplex: return a1.complex_real() == a2.complex_real() && a1.complex_imag() == a2.complex_imag();
    case BasicKind::kFloat: return a1.as_float() == a2.as_float();
    case BasicKind::kInt: return a1.as_int() == a2.as_int();
    case BasicKind::kString: return a1.as_string() == a2.as_string();
    case BasicKind::kInvalid: break;
  }
  bool same_kind = a1.kind() == a2.kind() || (a1.kind() == Value::Kind::kMap && a2.kind() == Value::Kind::kStringMap) ||
                   a1.is_missing() || a2.is_missing();
  if (!same_kind) {
    fail("non-comparable types " + to_go_string(a1) + ": " + a1.go_type_name() + ", " + a2.go_type_name() + ": " +
         to_go_string(a2));
  }
  if (is_nil_value(a1) || is_nil_value(a2)) return is_nil_value(a1) == is_nil_value(a2);
  if (a2.kind() != Value::Kind::kObject)
    fail("non-comparable type " + to_go_string(a2) + ": " + a2.go_type_name());
  return a1.object_ptr() == a2.object_ptr();
}

Value builtin_eq(CallContext&, std::span<const Value> args) {
  Value a1 = concrete(args[0]);
  if (args.size() < 2) fail("missing argument for comparison");
  for (std::size_t i = 1; i < args.size(); ++i)
    if (eq2(a1, args[i])) return Value::from_bool(true);
  return Value::from_bool(false);
}

bool lt2(const Value& raw1, const Value& raw2) {
  Value a1 = concrete(raw1);
  BasicKind k1 = basic_kind(a1);
  if (k1 == BasicKind::kInvalid) fail("invalid type for comparison");
  Value a2 = concrete(raw2);
  BasicKind k2 = basic_kind(a2);
  if (k2 == BasicKind::kInvalid) fail("invalid type for comparison");
  if (k1 != k2) fail("incompatible types for comparison");
  switch (k1) {
    case BasicKind::kBool:
    case BasicKind::kComplex: fail("invalid type for comparison");
    case BasicKind::kFloat: return a1.as_float() < a2.as_float();
    case BasicKind::kInt: return a1.as_int() < a2.as_int();
    case BasicKind::kString: return a1.as_string() < a2.as_string();
    case BasicKind::kInvalid: break;
  }
  return false;
}

bool le2(const Value& a, const Value& b) { return lt2(a, b) || eq2(concrete(a), b); }

// ---- escaping

// Go's evalArgs: a lone string as is, else fmt.Sprint with nil shown as "<no value>".
std::string eval_args(std::span<const Value> args) {
  if (args.size() == 1 && args[0].kind() == Value::Kind::kString) return std::string(args[0].as_string());
  std::vector<Value> printable(args.begin(), args.end());
  for (auto& v : printable)
    if (v.is_nil() || v.is_missing()) v = Value::from_string("<no value>");
  return sprint(printable);
}

Value builtin_html(CallContext&, std::span<const Value> args) {
  std::string s = eval_args(args);
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\0': out += "\xEF\xBF\xBD"; break;
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return Value::from_string(std::move(out));
}

Value builtin_js(CallContext&, std::span<const Value> args) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string s = eval_args(args);
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\'': out += "\\'"; break;
        case '"': out += "\\\""; break;
        case '<': out += "\\u003C"; break;
        case '>': out += "\\u003E"; break;
        case '&': out += "\\u0026"; break;
        case '=': out += "\\u003D"; break;
        default:
          if (c < ' ') {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    std::size_t width = 0;
    char32_t r = decode_utf8(s, i, width);
    std::string quoted = go_quote_rune(r);
    if (quoted.size() > 2 && quoted[1] != '\\') {
      out.append(s, i, width);
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(r));
      out += buf;
    }
    i += width;
  }
  return Value::from_string(std::move(out));
}

Value builtin_urlquery(CallContext&, std::span<const Value> args) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string s = eval_args(args);
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return Value::from_string(std::move(out));
}

}  // namespace

void register_builtins(FunctionMap& map) {
  using P = Param;
  auto special = [&](const char* name, Function::Special kind, std::vector<Param::Kind> params) {
    Function f;
    f.name = name;
    f.params = std::move(params);
    f.variadic = true;
    f.special = kind;
    f.impl = [](CallContext&, std::span<const Value>) -> Value { return Value(); };
    map.add(std::move(f));
  };
  special("and", Function::Special::kAnd, {P::kReflect, P::kReflect});
  special("or", Function::Special::kOr, {P::kReflect, P::kReflect});
  special("call", Function::Special::kCall, {P::kReflect, P::kReflect});
  map.add("not", {P::kReflect}, false, builtin_not);
  map.add("len", {P::kReflect}, false, builtin_len);
  map.add("index", {P::kReflect, P::kReflect}, true, builtin_index);
  map.add("slice", {P::kReflect, P::kReflect}, true, builtin_slice);
  map.add("print", {P::kAny}, true, [](CallContext&, std::span<const Value> a) { return Value::from_string(sprint(a)); });
  map.add("println", {P::kAny}, true,
          [](CallContext&, std::span<const Value> a) { return Value::from_string(sprintln(a)); });
  map.add("printf", {P::kString, P::kAny}, true, [](CallContext&, std::span<const Value> a) {
    return Value::from_string(format_go(a[0].as_string(), a.subspan(1)));
  });
  map.add("html", {P::kAny}, true, builtin_html);
  map.add("js", {P::kAny}, true, builtin_js);
  map.add("urlquery", {P::kAny}, true, builtin_urlquery);
  map.add("eq", {P::kReflect, P::kReflect}, true, builtin_eq);
  map.add("ne", {P::kReflect, P::kReflect}, false, [](CallContext&, std::span<const Value> a) {
    return Value::from_bool(!eq2(concrete(a[0]), a[1]));
  });
  map.add("lt", {P::kReflect, P::kReflect}, false,
          [](CallContext&, std::span<const Value> a) { return Value::from_bool(lt2(a[0], a[1])); });
  map.add("le", {P::kReflect, P::kReflect}, false,
          [](CallContext&, std::span<const Value> a) { return Value::from_bool(le2(a[0], a[1])); });
  map.add("gt", {P::kReflect, P::kReflect}, false,
          [](CallContext&, std::span<const Value> a) { return Value::from_bool(!le2(a[0], a[1])); });
  map.add("ge", {P::kReflect, P::kReflect}, false,
          [](CallContext&, std::span<const Value> a) { return Value::from_bool(!lt2(a[0], a[1])); });
}

}  // namespace sidecarctl::gotemplate
