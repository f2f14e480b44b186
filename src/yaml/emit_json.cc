// to_json: Go's encoding/json over map[string]interface{} values (json.Marshal / MarshalIndent).
#include <cmath>
#include <string>

#include "yaml/byte_set.h"
#include "yaml/emit.h"
#include "yaml/go_format.h"

namespace sidecarctl::yaml {
namespace {

// ASCII bytes that encoding/json writes as they are (not a control, quote, backslash or <>&).
constexpr ByteSet kPlainJsonBytes = [] {
  ByteSet plain = byte_set("\"\\<>&");
  for (unsigned b = 0; b < plain.size(); ++b) plain[b] = b >= 0x20 && b < 0x80 && !plain[b];
  return plain;
}();

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (std::size_t i = 0; i < s.size();) {
    // A run of bytes written as they are, appended at once.
    std::size_t run = i;
    while (run < s.size() && in_set(kPlainJsonBytes, s[run])) ++run;
    if (run != i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      switch (b) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (b < 0x20 || b == '<' || b == '>' || b == '&') {
            out += "\\u00";
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 0xF]);
          } else {
            out.push_back(static_cast<char>(b));
          }
      }
      ++i;
      continue;
    }
    int n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n == 3 && b == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
    } else {
      out.append(s, i, static_cast<std::size_t>(n));
    }
    i += static_cast<std::size_t>(n);
  }
  out.push_back('"');
}

namespace {

void newline(std::string& out, const std::string& unit, int depth) {
  out.push_back('\n');
  for (int i = 0; i < depth; ++i) out += unit;
}

void append_value(std::string& out, const Json& v, const std::string* unit, int depth) {
  switch (v.type()) {
    case Json::value_t::object: {
      if (v.empty()) {
        out += "{}";
        return;
      }
      out.push_back('{');
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out.push_back(',');
        first = false;
        if (unit != nullptr) newline(out, *unit, depth + 1);
        append_json_string(out, it.key());
        out += unit != nullptr ? ": " : ":";
        append_value(out, it.value(), unit, depth + 1);
      }
      if (unit != nullptr) newline(out, *unit, depth);
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      if (v.empty()) {
        out += "[]";
        return;
      }
      out.push_back('[');
      bool first = true;
      for (const Json& item : v) {
        if (!first) out.push_back(',');
        first = false;
        if (unit != nullptr) newline(out, *unit, depth + 1);
        append_value(out, item, unit, depth + 1);
      }
      if (unit != nullptr) newline(out, *unit, depth);
      out.push_back(']');
      return;
    }
    case Json::value_t::string:
      append_json_string(out, v.get_ref<const std::string&>());
      return;
    case Json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; return;
    case Json::value_t::number_integer: out += std::to_string(v.get<std::int64_t>()); return;
    case Json::value_t::number_unsigned: out += std::to_string(v.get<std::uint64_t>()); return;
    case Json::value_t::number_float: {
      double f = v.get<double>();
      // Go refuses NaN and infinities ("json: unsupported value"); null is the closest JSON.
      out += std::isfinite(f) ? format_float_json(f) : "null";
      return;
    }
    default: out += "null"; return;
  }
}

}  // namespace

std::string to_json(const Json& value, int indent) {
  std::string out;
  if (indent < 0) {
    append_value(out, value, nullptr, 0);
  } else {
    std::string unit = indent == 0 ? std::string("\t") : std::string(static_cast<std::size_t>(indent), ' ');
    append_value(out, value, &unit, 0);
  }
  return out;
}

}  // namespace sidecarctl::yaml
