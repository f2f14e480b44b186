// The legacy jsonpb decoder Istio's types use, over the message table (see proto_decode.h).
#include "analyze/proto_decode.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analyze/message.h"
#include "base/go_duration.h"
#include "base/go_strconv.h"
#include "kube/base64.h"
#include "yaml/go_format.h"

namespace sidecarctl::analyze {

namespace {

using proto::Field;
using proto::Kind;

}  // namespace

std::string go_json_type(const Json& v) {
  if (v.is_string()) return "string";
  if (v.is_number()) return "number";
  if (v.is_boolean()) return "bool";
  if (v.is_array()) return "array";
  if (v.is_null()) return "null";
  return "object";
}

namespace {

// The literal Go's json.Marshal writes for a number read from YAML.
std::string number_literal(const Json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  return yaml::format_float_json(v.get<double>());
}

// A JSON pointer segment ("~" and "/" escaped).
std::string segment(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return "/" + out;
}

// Where a value being decoded is: a member's key or an element's index below its parent, or the
// root's pointer. Its JSON pointer is spelled out only for an error.
struct At {
  const At* parent = nullptr;
  std::string_view root;             // without a parent
  const std::string* key = nullptr;  // with one: a member's key,
  std::size_t index = 0;             // else an element's index

  std::string pointer() const {
    if (parent == nullptr) return std::string(root);
    return parent->pointer() + (key != nullptr ? segment(*key) : "/" + std::to_string(index));
  }
};

// time.ParseDuration's reason for refusing `text` (which parse_go_duration refused).
std::string duration_error(const std::string& text) {
  const std::string quoted = go_quote(text);
  std::string_view s = text;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.empty()) return "time: invalid duration " + quoted;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (!s.empty()) {
    std::size_t n = 0;
    while (n < s.size() && digit(s[n])) ++n;
    std::size_t whole = n;
    if (n < s.size() && s[n] == '.') {
      ++n;
      while (n < s.size() && digit(s[n])) ++n;
    }
    if (whole == 0 && n <= 1) return "time: invalid duration " + quoted;
    s.remove_prefix(n);
    std::size_t u = 0;
    while (u < s.size() && s[u] != '.' && !digit(s[u])) ++u;
    if (u == 0) return "time: missing unit in duration " + quoted;
    std::string unit(s.substr(0, u));
    static const char* kUnits[] = {"ns", "us", "\u00b5s", "\u03bcs", "ms", "s", "m", "h"};
    if (std::none_of(std::begin(kUnits), std::end(kUnits), [&](const char* k) { return unit == k; }))
      return "time: unknown unit " + go_quote(unit) + " in duration " + quoted;
    s.remove_prefix(u);
  }
  return "time: invalid duration " + quoted;  // out of range
}

std::string cannot(const std::string& what, std::string_view go_type) {
  return "json: cannot unmarshal " + what + " into Go value of type " + std::string(go_type);
}

// Whether a decoded singular value is its field's zero value, which the decoder leaves out
// unless the field is a oneof member.
bool is_zero(const Field& f, const Json& v) {
  switch (f.kind) {
    case Kind::kMessage:
    case Kind::kStruct:
    case Kind::kDuration:
    case Kind::kBoolValue:
    case Kind::kUInt32Value:
    case Kind::kInt32Value:
    case Kind::kDoubleValue:
    case Kind::kStringValue:
      return false;  // messages have presence
    case Kind::kString:
    case Kind::kBytes:
      return v.is_string() && v.get_ref<const std::string&>().empty();
    case Kind::kBool:
      return v.is_boolean() && !v.get<bool>();
    case Kind::kEnum:
      return v.is_string() ? f.enumeration->name_of(0) == v.get_ref<const std::string&>() : v == 0;
    default:
      return v.is_number() && v.get<double>() == 0;
  }
}

// The Go type an integer kind decodes into and its range.
struct IntegerRange {
  std::string_view go_type;
  long double lo = 0;
  long double hi = 0;
};

IntegerRange integer_range(Kind kind) {
  switch (kind) {
    case Kind::kInt32:
    case Kind::kInt32Value:
      return {"int32", std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
    case Kind::kInt64:
      return {"int64", static_cast<long double>(std::numeric_limits<std::int64_t>::min()),
              static_cast<long double>(std::numeric_limits<std::int64_t>::max())};
    case Kind::kUint64:
      return {"uint64", 0, static_cast<long double>(std::numeric_limits<std::uint64_t>::max())};
    default:
      return {"uint32", 0, std::numeric_limits<std::uint32_t>::max()};
  }
}

class Decoder {
 public:
  std::optional<ProtoError> error;

  bool message(const proto::Message& m, const Json& in, Json& out, const At& at) {
    if (in.is_null()) {
      out = Json::object();
      return true;
    }
    if (!in.is_object()) return fail(at, cannot(go_json_type(in), "map[string]json.RawMessage"));
    out = Json::object();
    // The fields the input names, taken in declaration order; a field given under both its proto
    // name and its JSON name takes the JSON name's value.
    struct Given {
      const Field* field;
      const std::string* key;
      const Json* raw;
    };
    std::vector<Given> given;
    for (auto it = in.begin(); it != in.end(); ++it) {
      const Field* f = m.field_named(it.key());
      if (f == nullptr) continue;
      auto same = std::find_if(given.begin(), given.end(), [f](const Given& g) { return g.field == f; });
      if (same == given.end()) {
        given.push_back({f, &it.key(), &it.value()});
      } else if (it.key() == f->json_name) {
        *same = {f, &it.key(), &it.value()};
      }
    }
    std::sort(given.begin(), given.end(), [](const Given& a, const Given& b) { return a.field < b.field; });
    for (const auto& [field, key, raw] : given) {
      const Field& f = *field;
      if (raw->is_null()) continue;
      const At where{&at, {}, key};
      Json value;
      if (f.repeated) {
        if (!list(f, *raw, value, where)) return false;
        if (value.empty()) continue;
      } else if (f.map) {
        if (!map(f, *raw, value, where)) return false;
        if (value.empty()) continue;
      } else {
        if (!single(f, *raw, value, where)) return false;
        if (f.oneof < 0 && is_zero(f, value)) continue;
      }
      // Setting a oneof member clears the member set before it.
      if (f.oneof >= 0)
        for (const Field& g : m.fields)
          if (g.oneof == f.oneof) out.erase(g.json_name);
      out[f.json_name] = std::move(value);
    }
    return true;
  }

 private:
  bool fail(const At& at, std::string message) {
    error = ProtoError{at.pointer(), std::move(message)};
    return false;
  }

  bool list(const Field& f, const Json& in, Json& out, const At& at) {
    if (!in.is_array()) return fail(at, cannot(go_json_type(in), "[]json.RawMessage"));
    out = Json::array();
    for (std::size_t i = 0; i < in.size(); ++i) {
      Json v;
      if (!single(f, in[i], v, At{&at, {}, nullptr, i})) return false;
      out.push_back(std::move(v));
    }
    return true;
  }

  bool map(const Field& f, const Json& in, Json& out, const At& at) {
    if (!in.is_object()) return fail(at, cannot(go_json_type(in), "map[string]json.RawMessage"));
    out = Json::object();
    for (auto it = in.begin(); it != in.end(); ++it) {
      const At where{&at, {}, &it.key()};
      if (f.key != Kind::kString) {
        Json key;
        if (!integer(f.key, Json(it.key()), key, where)) return false;
      }
      Json v;
      if (!single(f, it.value(), v, where)) return false;
      out[it.key()] = std::move(v);
    }
    return true;
  }

  // One value (a list element, a map value or a singular field) of the field's kind. A null list
  // element or map value decodes to the zero value, as Go's json leaves it.
  bool single(const Field& f, const Json& in, Json& out, const At& at) {
    switch (f.kind) {
      case Kind::kMessage:
        return message(*f.message, in, out, at);
      case Kind::kStruct:
        if (!in.is_null() && !in.is_object())
          return fail(at, "bad StructValue: " + cannot(go_json_type(in), "map[string]json.RawMessage"));
        out = in.is_null() ? Json::object() : in;
        return true;
      case Kind::kDuration:
        return duration(in, out, at);
      case Kind::kEnum:
        return enumeration(f, in, out, at);
      case Kind::kString:
      case Kind::kStringValue:
        if (in.is_null()) return out = "", true;
        if (!in.is_string()) return fail(at, cannot(go_json_type(in), "string"));
        out = in;
        return true;
      case Kind::kBool:
      case Kind::kBoolValue:
        if (in.is_null()) return out = false, true;
        if (!in.is_boolean()) return fail(at, cannot(go_json_type(in), "bool"));
        out = in;
        return true;
      case Kind::kBytes:
        if (in.is_null()) return out = "", true;
        if (!in.is_string()) return fail(at, cannot(go_json_type(in), "[]uint8"));
        if (!kube::base64_decode(in.get<std::string>())) return fail(at, "illegal base64 data");
        out = in;
        return true;
      case Kind::kDouble:
      case Kind::kFloat:
      case Kind::kDoubleValue:
        return floating(in, out, at);
      default:
        return integer(f.kind, in, out, at);
    }
  }

  bool duration(const Json& in, Json& out, const At& at) {
    if (!in.is_string()) return fail(at, cannot(go_json_type(in), "string"));
    const std::string& text = in.get_ref<const std::string&>();
    if (!parse_go_duration(text)) return fail(at, "bad Duration: " + duration_error(text));
    out = in;
    return true;
  }

  bool enumeration(const Field& f, const Json& in, Json& out, const At& at) {
    if (in.is_string()) {
      const std::string& name = in.get_ref<const std::string&>();
      if (!f.enumeration->has(name))
        return fail(
            at, "unknown value " + go_quote("\"" + name + "\"") + " for enum " + f.enumeration->full_name);
      out = in;
      return true;
    }
    Json number;
    if (!integer(Kind::kInt32, in, number, at)) return false;
    std::string_view name = f.enumeration->name_of(number.get<long long>());
    out = name.empty() ? number : Json(std::string(name));
    return true;
  }

  bool floating(const Json& in, Json& out, const At& at) {
    if (in.is_null()) return out = 0.0, true;
    if (in.is_number()) return out = in.get<double>(), true;
    if (in.is_string()) {
      const std::string& s = in.get_ref<const std::string&>();
      if (s == "NaN" || s == "Infinity" || s == "-Infinity") return out = in, true;
      if (auto d = parse_go_float(s); d && s.find_first_not_of("0123456789.eE+-") == std::string::npos)
        return out = *d, true;
      return fail(at, "invalid number " + go_quote(s));
    }
    return fail(at, cannot(go_json_type(in), "float64"));
  }

  // An integer of `kind`: a JSON number without a fraction (as json.Marshal writes a YAML number)
  // or a string holding one (jsonpb strips the quotes), within the kind's range.
  bool integer(Kind kind, const Json& in, Json& out, const At& at) {
    const auto [go_type, lo, hi] = integer_range(kind);
    if (in.is_null()) return out = 0, true;
    long double value = 0;
    std::string literal;
    if (in.is_number()) {
      literal = number_literal(in);
      if (in.is_number_float()) {
        double d = in.get<double>();
        if (!std::isfinite(d) || std::floor(d) != d || literal.find_first_of(".eE") != std::string::npos)
          return fail(at, cannot("number " + literal, go_type));
        value = static_cast<long double>(d);
      } else {
        value = in.is_number_unsigned() ? static_cast<long double>(in.get<unsigned long long>())
                                        : static_cast<long double>(in.get<long long>());
      }
    } else if (in.is_string()) {
      literal = in.get<std::string>();
      auto parsed = parse_go_int(literal, 10);
      bool digits = !literal.empty() && literal.find_first_not_of("-0123456789") == std::string::npos &&
                    literal.find('-', 1) == std::string::npos && literal != "-";
      if (!digits) {
        if (literal.find_first_not_of("-0123456789.eE+") == std::string::npos && !literal.empty())
          return fail(at, cannot("number " + literal, go_type));
        return fail(at, literal.empty() ? "unexpected end of JSON input"
                                        : "invalid character '" + literal.substr(0, 1) +
                                              "' looking for beginning of value");
      }
      if (parsed)
        value = static_cast<long double>(*parsed);
      else if (auto u = parse_go_uint(literal, 10))
        value = static_cast<long double>(*u);
      else
        return fail(at, cannot("number " + literal, go_type));
    } else {
      return fail(at, cannot(go_json_type(in), go_type));
    }
    if (value < lo || value > hi) return fail(at, cannot("number " + literal, go_type));
    if (value < 0)
      out = static_cast<long long>(value);
    else
      out = static_cast<unsigned long long>(value) <=
                    static_cast<unsigned long long>(std::numeric_limits<long long>::max())
                ? Json(static_cast<long long>(value))
                : Json(static_cast<unsigned long long>(value));
    return true;
  }
};

// Whether the decoder leaves a value as it is: a walk that allocates nothing, conservative (true
// only where Decoder's output is certainly `in`, number types included). Most specs as written
// are already what the decoder gives; they skip the rebuilding.
class Unchanged {
 public:
  static bool message(const proto::Message& m, const Json& in) {
    if (!in.is_object()) return false;
    int oneofs_seen = 0;  // bit per oneof group of the first 31 (a group seen twice: the decoder keeps one)
    for (auto it = in.begin(); it != in.end(); ++it) {
      const Field* f = m.field_named(it.key());
      if (f == nullptr || it.key() != f->json_name) return false;  // dropped, or renamed
      const Json& v = it.value();
      if (f->oneof >= 0) {
        if (f->oneof >= 31 || (oneofs_seen & (1 << f->oneof)) != 0) return false;
        oneofs_seen |= 1 << f->oneof;
      }
      if (f->repeated) {
        if (!v.is_array() || v.empty()) return false;
        for (const Json& element : v)
          if (!single(*f, element)) return false;
      } else if (f->map) {
        if (!v.is_object() || v.empty() || f->key != Kind::kString) return false;
        for (const Json& element : v)
          if (!single(*f, element)) return false;
      } else if (!single(*f, v) || (f->oneof < 0 && is_zero(*f, v))) {
        return false;
      }
    }
    return true;
  }

 private:
  // A list element, map value or singular field that decodes to itself (a null never does: it
  // decodes to its kind's zero value, or leaves the field out).
  static bool single(const Field& f, const Json& in) {
    switch (f.kind) {
      case Kind::kMessage:
        return message(*f.message, in);
      case Kind::kStruct:
        return in.is_object();
      case Kind::kDuration:
        return in.is_string() && parse_go_duration(in.get_ref<const std::string&>()).has_value();
      case Kind::kEnum:
        return in.is_string() && f.enumeration->has(in.get_ref<const std::string&>());
      case Kind::kString:
      case Kind::kStringValue:
        return in.is_string();
      case Kind::kBool:
      case Kind::kBoolValue:
        return in.is_boolean();
      case Kind::kBytes:
        return in.is_string() && kube::base64_decode(in.get_ref<const std::string&>()).has_value();
      case Kind::kDouble:
      case Kind::kFloat:
      case Kind::kDoubleValue:
        return in.is_number_float();  // an integer becomes a float
      default:
        // An unsigned number comes out signed.
        if (!in.is_number_integer() || in.is_number_unsigned()) return false;
        const IntegerRange range = integer_range(f.kind);
        const auto v = static_cast<long double>(in.get<long long>());
        return v >= range.lo && v <= range.hi;
    }
  }
};

}  // namespace

bool decodes_unchanged(const proto::Message& message, const Json& in) {
  return Unchanged::message(message, in);
}

std::optional<ProtoError> decode_proto(const proto::Message& message, const Json& in, Json& out) {
  Decoder d;
  d.message(message, in, out, At{});
  return d.error;
}

std::optional<ProtoError> decode_istio_spec(const std::string& kind_id, Json& object) {
  const proto::Message* m = proto::spec_message(kind_id);
  if (m == nullptr || !object.is_object()) return std::nullopt;
  auto it = object.find("spec");
  if (it == object.end() || it->is_null() || Unchanged::message(*m, *it)) return std::nullopt;
  Json decoded;
  Decoder d;
  if (!d.message(*m, *it, decoded, At{nullptr, "/spec"})) return d.error;
  *it = std::move(decoded);
  return std::nullopt;
}

}  // namespace sidecarctl::analyze
