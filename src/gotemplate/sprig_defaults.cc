// sprig's defaults.go (default, empty, coalesce, all, any, JSON, ternary), reflect.go, the OS
// functions (env, expandenv: read from CallContext's Environment) and fail.
#include <string>

#include "gotemplate/sprig.h"
#include "gotemplate/sprig_support.h"

namespace sidecarctl::gotemplate {
namespace {

using Args = std::span<const Value>;

std::string getenv_or_empty(const CallContext& ctx, const std::string& name) {
  if (ctx.env == nullptr) return "";
  return ctx.env->get(name).value_or("");
}

bool is_alnum_(char c) {
  return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_shell_special(char c) {
  return c == '*' || c == '#' || c == '$' || c == '@' || c == '!' || c == '?' || c == '-' || (c >= '0' && c <= '9');
}

// os.Expand's getShellName: the name after '$' and how many bytes it used (name empty and
// width > 0: bad syntax, eaten).
std::pair<std::string, std::size_t> shell_name(std::string_view s) {
  if (s[0] == '{') {
    if (s.size() > 2 && is_shell_special(s[1]) && s[2] == '}') return {std::string(s.substr(1, 1)), 3};
    for (std::size_t i = 1; i < s.size(); ++i) {
      if (s[i] == '}') {
        if (i == 1) return {"", 2};
        return {std::string(s.substr(1, i - 1)), i + 1};
      }
    }
    return {"", 1};
  }
  if (is_shell_special(s[0])) return {std::string(s.substr(0, 1)), 1};
  std::size_t i = 0;
  while (i < s.size() && is_alnum_(s[i])) ++i;
  return {std::string(s.substr(0, i)), i};
}

std::string expand_env(const CallContext& ctx, std::string_view s) {
  std::string out;
  std::size_t i = 0;
  for (std::size_t j = 0; j < s.size(); ++j) {
    if (s[j] != '$' || j + 1 >= s.size()) continue;
    out.append(s.substr(i, j - i));
    auto [name, width] = shell_name(s.substr(j + 1));
    if (name.empty() && width == 0) {
      out += '$';
    } else if (!name.empty()) {
      out += getenv_or_empty(ctx, name);
    }
    j += width;
    i = j + 1;
  }
  if (i < s.size()) out.append(s.substr(i));
  return out;
}

Value to_json_value(const Value& v, bool escape_html, int indent, bool must) {
  std::string error;
  auto text = go_json_marshal(v.to_json(), escape_html, indent, &error);
  if (!text) {
    if (must) throw_function_error(error);
    return Value::from_string("");
  }
  return Value::from_string(*text);
}

}  // namespace

void register_sprig_defaults(FunctionMap& m) {
  using P = Param;
  m.add("default", {P::kAny, P::kAny}, true, [](CallContext&, Args a) {
    if (a.size() < 2 || sprig_empty(a[1])) return a[0];
    return a[1];
  });
  m.add("empty", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_bool(sprig_empty(a[0])); });
  m.add("coalesce", {P::kAny}, true, [](CallContext&, Args a) {
    for (const Value& v : a) {
      if (!sprig_empty(v)) return v;
    }
    return Value::nil();
  });
  m.add("all", {P::kAny}, true, [](CallContext&, Args a) {
    for (const Value& v : a) {
      if (sprig_empty(v)) return Value::from_bool(false);
    }
    return Value::from_bool(true);
  });
  m.add("any", {P::kAny}, true, [](CallContext&, Args a) {
    for (const Value& v : a) {
      if (!sprig_empty(v)) return Value::from_bool(true);
    }
    return Value::from_bool(false);
  });
  m.add("fromJson", {P::kString}, false,
        [](CallContext&, Args a) { return go_json_unmarshal(a[0].as_string()).value_or(Value::nil()); });
  m.add("mustFromJson", {P::kString}, false, [](CallContext&, Args a) {
    auto v = go_json_unmarshal(a[0].as_string());
    if (!v) throw_function_error("invalid JSON: " + std::string(a[0].as_string()));
    return *v;
  });
  m.add("toJson", {P::kAny}, false, [](CallContext&, Args a) { return to_json_value(a[0], true, 0, false); });
  m.add("mustToJson", {P::kAny}, false, [](CallContext&, Args a) { return to_json_value(a[0], true, 0, true); });
  m.add("toPrettyJson", {P::kAny}, false, [](CallContext&, Args a) { return to_json_value(a[0], true, 2, false); });
  m.add("mustToPrettyJson", {P::kAny}, false,
        [](CallContext&, Args a) { return to_json_value(a[0], true, 2, true); });
  // toRawJson panics where mustToRawJson returns the error: the template sees the same text.
  for (const char* name : {"toRawJson", "mustToRawJson"}) {
    m.add(name, {P::kAny}, false, [](CallContext&, Args a) { return to_json_value(a[0], false, 0, true); });
  }
  m.add("ternary", {P::kAny, P::kAny, P::kBool}, false,
        [](CallContext&, Args a) { return a[2].as_bool() ? a[0] : a[1]; });
  m.add("typeOf", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_string(a[0].go_type_name()); });
  m.add("typeIs", {P::kString, P::kAny}, false,
        [](CallContext&, Args a) { return Value::from_bool(a[0].as_string() == a[1].go_type_name()); });
  m.add("typeIsLike", {P::kString, P::kAny}, false, [](CallContext&, Args a) {
    std::string t = a[1].go_type_name();
    std::string target(a[0].as_string());
    return Value::from_bool(target == t || "*" + target == t);
  });
  m.add("kindOf", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_string(go_kind_name(a[0])); });
  m.add("kindIs", {P::kString, P::kAny}, false,
        [](CallContext&, Args a) { return Value::from_bool(a[0].as_string() == go_kind_name(a[1])); });
  m.add("deepEqual", {P::kAny, P::kAny}, false,
        [](CallContext&, Args a) { return Value::from_bool(go_deep_equal(a[0], a[1])); });
  m.add("env", {P::kString}, false, [](CallContext& ctx, Args a) {
    return Value::from_string(getenv_or_empty(ctx, std::string(a[0].as_string())));
  });
  m.add("expandenv", {P::kString}, false,
        [](CallContext& ctx, Args a) { return Value::from_string(expand_env(ctx, a[0].as_string())); });
  m.add("fail", {P::kString}, false,
        [](CallContext&, Args a) -> Value { throw_function_error(std::string(a[0].as_string())); });
}

}  // namespace sidecarctl::gotemplate
