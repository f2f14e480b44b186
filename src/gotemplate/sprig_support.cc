// Go semantics shared by the function library (see sprig_support.h).
#include "gotemplate/sprig_support.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "gotemplate/go_fmt.h"
#include "gotemplate/sprig_text.h"
#include "gotemplate/step_budget.h"

namespace sidecarctl::gotemplate {

void throw_function_error(const std::string& message) { throw FunctionError(message); }

std::string result_too_large_message(std::uint64_t size) {
  return "result too large (" + std::to_string(size) + " bytes or elements, limit " +
         std::to_string(kMaxFunctionResult) + ")";
}

void check_result_size(std::uint64_t size) {
  if (size > kMaxFunctionResult) throw_function_error(result_too_large_message(size));
}

std::string sprig_strval(const Value& v) {
  if (v.kind() == Value::Kind::kString) return std::string(v.as_string());
  if (v.kind() == Value::Kind::kObject) {
    if (auto s = v.object().string_method()) return *s;
  }
  return to_go_string(v);
}

bool sprig_empty(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInvalid:
    case Value::Kind::kNil: return true;
    case Value::Kind::kBool: return !v.as_bool();
    case Value::Kind::kInt:
    case Value::Kind::kInt64: return v.as_int() == 0;
    case Value::Kind::kFloat64: return v.as_float() == 0.0;
    case Value::Kind::kString: return v.as_string().empty();
    case Value::Kind::kList: return v.list_size() == 0;
    case Value::Kind::kMap:
    case Value::Kind::kStringMap: return v.map_size() == 0;
    case Value::Kind::kObject: return false;
    case Value::Kind::kComplex128: return v.complex_real() == 0 && v.complex_imag() == 0;
  }
  return false;
}

std::int64_t cast_to_int64(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInt:
    case Value::Kind::kInt64: return v.as_int();
    case Value::Kind::kFloat64: {
      // Go's conversion gives the minimum int64 for NaN and out-of-range values on amd64.
      return truncated_int64(v.as_float()).value_or(std::numeric_limits<std::int64_t>::min());
    }
    case Value::Kind::kString: return parse_go_int(v.as_string(), 0).value_or(0);
    case Value::Kind::kBool: return v.as_bool() ? 1 : 0;
    default: return 0;
  }
}

double cast_to_float64(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInt:
    case Value::Kind::kInt64: return static_cast<double>(v.as_int());
    case Value::Kind::kFloat64: return v.as_float();
    case Value::Kind::kString: return parse_go_float(v.as_string()).value_or(0.0);
    case Value::Kind::kBool: return v.as_bool() ? 1.0 : 0.0;
    default: return 0.0;
  }
}

std::string go_kind_name(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInvalid:
    case Value::Kind::kNil: return "invalid";
    case Value::Kind::kBool: return "bool";
    case Value::Kind::kInt: return "int";
    case Value::Kind::kInt64: return "int64";
    case Value::Kind::kFloat64: return "float64";
    case Value::Kind::kString: return "string";
    case Value::Kind::kList: return "slice";
    case Value::Kind::kMap:
    case Value::Kind::kStringMap: return "map";
    case Value::Kind::kObject: {
      std::string t = v.go_type_name();
      return !t.empty() && t[0] == '*' ? "ptr" : "struct";
    }
    case Value::Kind::kComplex128: return "complex128";
  }
  return "invalid";
}

bool is_go_slice(const Value& v) { return v.kind() == Value::Kind::kList; }

List slice_items(const Value& v) {
  List out;
  if (v.kind() != Value::Kind::kList) return out;
  std::size_t n = v.list_size();
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(v.list_at(i));
  return out;
}

Value make_string_list(std::vector<std::string> items) {
  List list;
  list.reserve(items.size());
  for (auto& s : items) list.push_back(Value::from_string(std::move(s)));
  return Value::from_list(std::move(list), "[]string");
}

namespace {

bool deep_equal_at(const Value& a, const Value& b, int depth) {
  enter_value_level(depth);
  bool a_nil = a.kind() == Value::Kind::kNil || a.kind() == Value::Kind::kInvalid;
  bool b_nil = b.kind() == Value::Kind::kNil || b.kind() == Value::Kind::kInvalid;
  if (a_nil || b_nil) return a_nil && b_nil;
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kBool: return a.as_bool() == b.as_bool();
    case Value::Kind::kInt:
    case Value::Kind::kInt64: return a.as_int() == b.as_int();
    case Value::Kind::kFloat64: return a.as_float() == b.as_float();
    case Value::Kind::kString:
      charge_steps(argument_cost(a));
      return a.as_string() == b.as_string();
    case Value::Kind::kList: {
      if (a.list_type_name() != b.list_type_name() || a.list_size() != b.list_size()) return false;
      for (std::size_t i = 0; i < a.list_size(); ++i) {
        if (!deep_equal_at(a.list_at(i), b.list_at(i), depth + 1)) return false;
      }
      return true;
    }
    case Value::Kind::kMap:
    case Value::Kind::kStringMap: {
      if (a.map_size() != b.map_size()) return false;
      bool equal = true;
      a.map_for_each([&](std::string_view key, const Value& value) {
        if (!equal) return;
        auto other = b.map_find(key);
        equal = other.has_value() && deep_equal_at(value, *other, depth + 1);
      });
      return equal;
    }
    case Value::Kind::kObject: return a.go_type_name() == b.go_type_name() && a.to_json() == b.to_json();
    case Value::Kind::kComplex128: return a.complex_real() == b.complex_real() && a.complex_imag() == b.complex_imag();
    default: return false;
  }
}

}  // namespace

bool go_deep_equal(const Value& a, const Value& b) { return deep_equal_at(a, b, 0); }

std::vector<std::string> sprig_strslice(const Value& v) {
  std::vector<std::string> out;
  if (v.kind() == Value::Kind::kList) {
    for (std::size_t i = 0; i < v.list_size(); ++i) {
      Value item = v.list_at(i);
      if (item.kind() == Value::Kind::kNil || item.kind() == Value::Kind::kInvalid) continue;
      out.push_back(sprig_strval(item));
    }
    return out;
  }
  if (v.kind() == Value::Kind::kNil || v.kind() == Value::Kind::kInvalid) return out;
  out.push_back(sprig_strval(v));
  return out;
}

namespace {

void append_json_string(std::string& out, std::string_view s, bool escape_html) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      bool html = escape_html && (c == '<' || c == '>' || c == '&');
      if (c >= 0x20 && c != '"' && c != '\\' && !html) {
        out += static_cast<char>(c);
      } else if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      }
      ++i;
      continue;
    }
    Rune r = decode_rune(s, i);
    if (r.value == 0xFFFD && r.width == 1) {
      out += "\\ufffd";
    } else if (r.value == 0x2028 || r.value == 0x2029) {
      out += r.value == 0x2028 ? "\\u2028" : "\\u2029";
    } else {
      out.append(s.substr(i, r.width));
    }
    i += r.width;
  }
  out += '"';
}

bool append_json_float(std::string& out, double f, std::string* error) {
  if (std::isnan(f) || std::isinf(f)) {
    if (error) *error = "json: unsupported value: " + format_float(f, 'g', -1);
    return false;
  }
  std::array<char, 64> buf{};
  double a = std::fabs(f);
  bool exp = a != 0 && (a < 1e-6 || a >= 1e21);
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), f,
                           exp ? std::chars_format::scientific : std::chars_format::fixed);
  std::string text(buf.data(), res.ptr);
  if (exp) {
    std::size_t n = text.size();
    if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') text.erase(n - 2, 1);
  }
  out += text;
  return true;
}

bool append_json(std::string& out, const Json& v, bool escape_html, int indent, int depth, std::string* error) {
  auto newline = [&](int d) {
    if (indent <= 0) return;
    out += '\n';
    out.append(static_cast<std::size_t>(indent * d), ' ');
  };
  switch (v.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded: out += "null"; return true;
    case Json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; return true;
    case Json::value_t::number_integer: out += std::to_string(v.get<std::int64_t>()); return true;
    case Json::value_t::number_unsigned: out += std::to_string(v.get<std::uint64_t>()); return true;
    case Json::value_t::number_float: return append_json_float(out, v.get<double>(), error);
    case Json::value_t::string: append_json_string(out, v.get_ref<const std::string&>(), escape_html); return true;
    case Json::value_t::binary: out += "null"; return true;
    case Json::value_t::array: {
      if (v.empty()) {
        out += "[]";
        return true;
      }
      out += '[';
      bool first = true;
      for (const auto& item : v) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        if (!append_json(out, item, escape_html, indent, depth + 1, error)) return false;
      }
      newline(depth);
      out += ']';
      return true;
    }
    case Json::value_t::object: {
      if (v.empty()) {
        out += "{}";
        return true;
      }
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.items()) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        append_json_string(out, key, escape_html);
        out += indent > 0 ? ": " : ":";
        if (!append_json(out, item, escape_html, indent, depth + 1, error)) return false;
      }
      newline(depth);
      out += '}';
      return true;
    }
  }
  return true;
}

void floats_only(Json& j) {
  if (j.is_number_integer() || j.is_number_unsigned()) {
    j = j.is_number_unsigned() ? static_cast<double>(j.get<std::uint64_t>()) : static_cast<double>(j.get<std::int64_t>());
  } else if (j.is_structured()) {
    for (auto& item : j) floats_only(item);
  }
}

}  // namespace

std::optional<std::string> go_json_marshal(const Json& value, bool escape_html, int indent, std::string* error) {
  std::string out;
  if (!append_json(out, value, escape_html, indent, 0, error)) return std::nullopt;
  return out;
}

std::optional<Json> go_json_parse_floats(std::string_view text) {
  Json parsed = Json::parse(text.begin(), text.end(), nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  floats_only(parsed);
  return parsed;
}

std::optional<Value> go_json_unmarshal(std::string_view text) {
  auto parsed = go_json_parse_floats(text);
  if (!parsed) return std::nullopt;
  return Value::from_json(std::move(*parsed));
}

}  // namespace sidecarctl::gotemplate
