// Durations, percentages, header names and values, string matches and regexps (see validate_values.h).
#include "analyze/validate_values.h"

#include <algorithm>

#include "analyze/message.h"
#include "gotemplate/sprig_regex.h"

namespace sidecarctl::analyze {

namespace {

constexpr long long kMillisecond = 1'000'000;

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// RFC 7230 token characters.
bool tchar(char c) {
  return alnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// isInternalHeader: a ':' pseudo-header or Host.
bool is_internal_header(std::string_view name) { return name.starts_with(":") || iequals(name, "host"); }

// Envoy's header-value formatter grammar (header_parser.cc), as Istio ports it: literal text with
// %VAR% and %VAR(args)% expressions, "%%" for a literal percent.
std::string parse_header_value(std::string_view v) {
  enum State {
    kLiteral,
    kVariable,
    kExpectArray,
    kExpectString,
    kString,
    kExpectDelimiter,
    kExpectArgsEnd,
    kExpectVarEnd
  };
  State state = kLiteral;
  for (std::size_t pos = 0; pos < v.size(); ++pos) {
    char ch = v[pos];
    bool has_next = pos + 1 < v.size();
    switch (state) {
      case kLiteral:
        if (ch != '%') break;
        if (!has_next) return "invalid header configuration. Un-escaped %";
        if (v[pos + 1] == '%') {
          ++pos;
          break;
        }
        state = kVariable;
        break;
      case kVariable:
        if (ch == '%')
          state = kLiteral;
        else if (ch == '(')
          state = kExpectArray;
        break;
      case kExpectArray:
        if (ch == '[')
          state = kExpectString;
        else if (ch != ' ')
          state = kString;
        break;
      case kExpectDelimiter:
        if (ch == ',')
          state = kExpectString;
        else if (ch == ']')
          state = kExpectArgsEnd;
        else if (ch != ' ')
          return "invalid header configuration. Expecting ',', ']', or whitespace";
        break;
      case kExpectString:
        if (ch == '"')
          state = kString;
        else if (ch != ' ')
          return "invalid header configuration. Expecting '\"'";
        break;
      case kString:
        if (ch == '\\') {
          if (!has_next) return "invalid header configuration. Un-terminated backslash in JSON string";
          ++pos;
        } else if (ch == ')') {
          state = kExpectVarEnd;
        } else if (ch == '"') {
          state = kExpectDelimiter;
        }
        break;
      case kExpectArgsEnd:
        if (ch == ')')
          state = kExpectVarEnd;
        else if (ch != ' ')
          return "invalid header configuration. Expecting ')' or whitespace after '{}', but found '{}'";
        break;
      case kExpectVarEnd:
        if (ch == '%')
          state = kLiteral;
        else if (ch != ' ')
          return "invalid header configuration. Expecting '%' or whitespace after";
        break;
    }
  }
  if (state != kLiteral)
    return "invalid header configuration. Un-terminated variable expression '" + std::string(v) + "'";
  return "";
}

// The member of a StringMatch oneof that is set: the last one the decoder saw (declaration order).
std::string_view match_kind(const Json& match) {
  if (present(match, "regex")) return "regex";
  if (present(match, "prefix")) return "prefix";
  if (present(match, "exact")) return "exact";
  return "";
}

}  // namespace

std::string check_duration(long long ns) {
  if (ns < kMillisecond) return "duration must be greater than 1ms";
  if (ns % kMillisecond != 0) return "only durations to ms precision are supported";
  return "";
}

std::string check_percent(long long value) {
  if (value < 0 || value > 100) return "percentage " + std::to_string(value) + " is not in range 0..100";
  return "";
}

std::string check_percentage(double value) {
  if (value < 0 || value > 100 || (value > 0 && value < 0.0001))
    return "percentage " + go_float_v(value) + " is neither 0.0, nor in range [0.0001, 100.0]";
  return "";
}

std::string check_strict_header_name(std::string_view name) {
  if (name.empty()) return "header name cannot be empty";
  if (!all_of(name, [](char c) { return alnum(c) || c == '-' || c == '_'; }))
    return "header name " + std::string(name) + " is not a valid header name";
  return "";
}

std::string check_cors_header_name(std::string_view name) {
  if (name.empty()) return "header name cannot be empty";
  if (name == "*") return "";
  if (!all_of(name, tchar)) return "header name " + std::string(name) + " is not a valid header name";
  return "";
}

std::string check_header_name_or_jwt_claim(std::string_view name) {
  if (name.empty()) return "header name cannot be empty";
  if (is_jwt_claim_route(name)) return "";
  if (name == ":method" || name == ":scheme" || name == ":authority" || name == ":path" || name == ":status")
    return "";
  if (!all_of(name, tchar)) return "header name " + std::string(name) + " is not a valid header name";
  return "";
}

std::string check_header_name_to_add(std::string_view name) {
  if (name.empty()) return "header name cannot be empty";
  if (is_internal_header(name) && !is_authority_header(name))
    return "invalid header " + go_quote(name) + ": header cannot have \":\" prefix";
  return "";
}

std::string check_header_name_to_change(std::string_view name) {
  if (name.empty()) return "header name cannot be empty";
  if (iequals(name, "host")) return "invalid header " + go_quote(name) + ": cannot set Host header";
  if (is_internal_header(name))
    return "invalid header " + go_quote(name) + ": header cannot have \":\" prefix";
  return "";
}

std::string check_header_value(std::string_view value) {
  bool control = std::any_of(value.begin(), value.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u <= 0x08) || (u >= 0x0A && u <= 0x1F) || u == 0x7F;
  });
  if (control) return "header value configuration " + std::string(value) + " is invalid";
  if (std::string err = parse_header_value(value); !err.empty()) return "header value configuration: " + err;
  return "";
}

bool is_authority_header(std::string_view name) {
  return iequals(name, ":authority") || iequals(name, "host");
}

bool is_jwt_claim_route(std::string_view name) {
  constexpr std::string_view kPrefix = "@request.auth.claims";
  if (name.size() < kPrefix.size() || !iequals(name.substr(0, kPrefix.size()), kPrefix)) return false;
  std::string_view rest = name.substr(kPrefix.size());
  if (rest.starts_with(".") && rest.size() > 1) return true;
  return rest.starts_with("[") && rest.ends_with("]") && rest.size() > 2;
}

std::string check_string_match(const Json& match, std::string_view where) {
  std::string_view kind = match_kind(match);
  if (kind == "prefix" && str(match, "prefix").empty())
    return go_quote(where) + ": prefix string match should not be empty";
  if (kind == "regex") return check_string_match_regex(match, where);
  return "";
}

std::string check_string_match_regex(const Json& match, std::string_view where) {
  if (match_kind(match) != "regex") return "";
  std::string re = str(match, "regex");
  if (re.empty()) return go_quote(where) + ": regex string match should not be empty";
  return check_regex(re, where);
}

std::string check_regex(std::string_view re, std::string_view where) {
  if (re.size() > 1024) return go_quote(where) + ": regex is too large, max length allowed is 1024";
  auto compiled = gotemplate::GoRegex::compile(re);
  if (compiled.has_value()) return "";
  return go_quote(where) + ": " + compiled.error().message +
         "; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)";
}

}  // namespace sidecarctl::analyze
