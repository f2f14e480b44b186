// go-yaml v2's resolve(): a table of special words, then integers (strconv.ParseInt/ParseUint with
// base prefixes, `_` removed), floats (a YAML-style pattern, then strconv.ParseFloat), timestamps.
#include "yaml/scalar_resolution.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace sidecarctl::yaml {
namespace {

struct Word {
  std::string_view text;
  ScalarKind kind;
  bool boolean;
  double number;
};

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The words go-yaml v2 looks up before trying numbers.
constexpr Word kWords[] = {
    {"y", ScalarKind::kBool, true, 0},        {"Y", ScalarKind::kBool, true, 0},
    {"yes", ScalarKind::kBool, true, 0},      {"Yes", ScalarKind::kBool, true, 0},
    {"YES", ScalarKind::kBool, true, 0},      {"true", ScalarKind::kBool, true, 0},
    {"True", ScalarKind::kBool, true, 0},     {"TRUE", ScalarKind::kBool, true, 0},
    {"on", ScalarKind::kBool, true, 0},       {"On", ScalarKind::kBool, true, 0},
    {"ON", ScalarKind::kBool, true, 0},       {"n", ScalarKind::kBool, false, 0},
    {"N", ScalarKind::kBool, false, 0},       {"no", ScalarKind::kBool, false, 0},
    {"No", ScalarKind::kBool, false, 0},      {"NO", ScalarKind::kBool, false, 0},
    {"false", ScalarKind::kBool, false, 0},   {"False", ScalarKind::kBool, false, 0},
    {"FALSE", ScalarKind::kBool, false, 0},   {"off", ScalarKind::kBool, false, 0},
    {"Off", ScalarKind::kBool, false, 0},     {"OFF", ScalarKind::kBool, false, 0},
    {"", ScalarKind::kNull, false, 0},        {"~", ScalarKind::kNull, false, 0},
    {"null", ScalarKind::kNull, false, 0},    {"Null", ScalarKind::kNull, false, 0},
    {"NULL", ScalarKind::kNull, false, 0},    {".nan", ScalarKind::kFloat, false, kNaN},
    {".NaN", ScalarKind::kFloat, false, kNaN}, {".NAN", ScalarKind::kFloat, false, kNaN},
    {".inf", ScalarKind::kFloat, false, kInf}, {".Inf", ScalarKind::kFloat, false, kInf},
    {".INF", ScalarKind::kFloat, false, kInf}, {"+.inf", ScalarKind::kFloat, false, kInf},
    {"+.Inf", ScalarKind::kFloat, false, kInf}, {"+.INF", ScalarKind::kFloat, false, kInf},
    {"-.inf", ScalarKind::kFloat, false, -kInf}, {"-.Inf", ScalarKind::kFloat, false, -kInf},
    {"-.INF", ScalarKind::kFloat, false, -kInf}, {"<<", ScalarKind::kMerge, false, 0},
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// strconv.ParseUint(s, base, 64); base 0 reads 0b/0o/0x prefixes and a leading 0 as octal.
bool parse_uint(std::string_view s, int base, std::uint64_t* out) {
  if (s.empty()) return false;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      if (s.size() >= 3 && lower(s[1]) == 'b') {
        base = 2;
        s.remove_prefix(2);
      } else if (s.size() >= 3 && lower(s[1]) == 'o') {
        base = 8;
        s.remove_prefix(2);
      } else if (s.size() >= 3 && lower(s[1]) == 'x') {
        base = 16;
        s.remove_prefix(2);
      } else {
        base = 8;
        s.remove_prefix(1);
      }
    }
  }
  std::uint64_t n = 0;
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  for (char c : s) {
    int d;
    if (is_digit(c)) {
      d = c - '0';
    } else if (lower(c) >= 'a' && lower(c) <= 'z') {
      d = lower(c) - 'a' + 10;
    } else {
      return false;
    }
    if (d >= base) return false;
    auto b = static_cast<std::uint64_t>(base);
    if (n > (max - static_cast<std::uint64_t>(d)) / b) return false;
    n = n * b + static_cast<std::uint64_t>(d);
  }
  *out = n;
  return true;
}

// strconv.ParseInt(s, base, 64).
bool parse_int(std::string_view s, int base, std::int64_t* out) {
  if (s.empty()) return false;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::uint64_t u = 0;
  if (!parse_uint(s, base, &u)) return false;
  const std::uint64_t limit = std::uint64_t{1} << 63;
  if (negative) {
    if (u > limit) return false;
    *out = u == limit ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(u);
  } else {
    if (u >= limit) return false;
    *out = static_cast<std::int64_t>(u);
  }
  return true;
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool is_yaml_style_float(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

// Go's underscoreOK for decimal numbers: each `_` sits between two digits.
bool underscores_ok(std::string_view s) {
  char saw = '^';
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) i = 1;
  for (; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      saw = '0';
    } else if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
    } else {
      if (saw == '_') return false;
      saw = '!';
    }
  }
  return saw != '_';
}

// strconv.ParseFloat(s, 64) for decimal text (all that reaches it from resolve()); false on syntax
// errors and on overflow to infinity, as Go reports ErrRange there.
bool parse_float(std::string_view s, double* out) {
  if (s.find('_') != std::string_view::npos && !underscores_ok(s)) return false;
  std::string clean;
  clean.reserve(s.size());
  for (char c : s) {
    if (c != '_') clean.push_back(c);
  }
  // Decimal syntax: sign, digits with at most one '.', at least one digit, optional exponent.
  std::size_t i = 0;
  if (i < clean.size() && (clean[i] == '+' || clean[i] == '-')) ++i;
  std::size_t mantissa_digits = 0;
  bool dot = false;
  for (; i < clean.size(); ++i) {
    if (is_digit(clean[i])) {
      ++mantissa_digits;
    } else if (clean[i] == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (mantissa_digits == 0) return false;
  if (i < clean.size() && lower(clean[i]) == 'e') {
    ++i;
    if (i < clean.size() && (clean[i] == '+' || clean[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < clean.size() && is_digit(clean[i])) {
      ++i;
      ++exp_digits;
    }
    if (exp_digits == 0) return false;
  }
  if (i != clean.size()) return false;
  std::string_view body = clean;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // Overflow is an error in Go; underflow rounds to zero.
    std::size_t e = body.find_first_of("eE");
    if (e != std::string_view::npos && body[e + 1] != '-') return false;
    value = 0;
  } else if (ec != std::errc() || ptr != body.data() + body.size()) {
    return false;
  }
  if (std::isinf(value)) return false;
  *out = negative ? -value : value;
  return true;
}

ResolvedScalar make_int(std::int64_t v) {
  ResolvedScalar r;
  r.kind = ScalarKind::kInt;
  r.int_value = v;
  return r;
}

ResolvedScalar make_uint(std::uint64_t v) {
  ResolvedScalar r;
  r.kind = ScalarKind::kUint;
  r.uint_value = v;
  return r;
}

ResolvedScalar make_float(double v) {
  ResolvedScalar r;
  r.kind = ScalarKind::kFloat;
  r.float_value = v;
  return r;
}

// go-yaml's resolution of untagged (or standard-tagged) text, before tag checks.
ResolvedScalar resolve_text(std::string_view text, bool allow_timestamp) {
  ResolvedScalar str;
  char first = text.empty() ? 'N' : text[0];
  bool word_hint = first == 'y' || first == 'Y' || first == 'n' || first == 'N' || first == 't' ||
                   first == 'T' || first == 'f' || first == 'F' || first == 'o' || first == 'O' ||
                   first == '~';
  bool number_hint = is_digit(first) || first == '+' || first == '-';
  if (!word_hint && !number_hint && first != '.' && !text.empty()) return str;
  for (const Word& w : kWords) {
    if (w.text == text) {
      ResolvedScalar r;
      r.kind = w.kind;
      r.boolean = w.boolean;
      r.float_value = w.number;
      return r;
    }
  }
  if (first == '.') {
    double f = 0;
    if (parse_float(text, &f)) return make_float(f);
    return str;
  }
  if (!number_hint) return str;
  if (allow_timestamp && is_timestamp(text)) {
    ResolvedScalar r;
    r.kind = ScalarKind::kTimestamp;
    return r;
  }
  std::string plain;
  plain.reserve(text.size());
  for (char c : text) {
    if (c != '_') plain.push_back(c);
  }
  std::int64_t i = 0;
  if (parse_int(plain, 0, &i)) return make_int(i);
  std::uint64_t u = 0;
  if (parse_uint(plain, 0, &u)) return make_uint(u);
  if (is_yaml_style_float(plain)) {
    double f = 0;
    if (parse_float(plain, &f)) return make_float(f);
  }
  std::string_view p = plain;
  if (p.substr(0, 2) == "0b") {
    if (parse_int(p.substr(2), 2, &i)) return make_int(i);
    if (parse_uint(p.substr(2), 2, &u)) return make_uint(u);
  } else if (p.substr(0, 3) == "-0b") {
    if (parse_int("-" + std::string(p.substr(3)), 2, &i)) return make_int(i);
  }
  return str;
}

std::string short_tag(std::string_view tag) {
  if (tag.substr(0, kTagPrefix.size()) == kTagPrefix) return "!!" + std::string(tag.substr(kTagPrefix.size()));
  return std::string(tag);
}

std::string kind_tag(ScalarKind kind) {
  switch (kind) {
    case ScalarKind::kNull: return "!!null";
    case ScalarKind::kBool: return "!!bool";
    case ScalarKind::kInt:
    case ScalarKind::kUint: return "!!int";
    case ScalarKind::kFloat: return "!!float";
    case ScalarKind::kTimestamp: return "!!timestamp";
    case ScalarKind::kMerge: return "!!merge";
    case ScalarKind::kString: break;
  }
  return "!!str";
}

// Go's time.Parse getnum: one or two digits.
bool two_digit_number(std::string_view s, std::size_t& i, int* out) {
  if (i >= s.size() || !is_digit(s[i])) return false;
  int n = s[i++] - '0';
  if (i < s.size() && is_digit(s[i])) n = n * 10 + (s[i++] - '0');
  *out = n;
  return true;
}

int days_in_month(int month, int year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) return 29;
  return kDays[month - 1];
}

}  // namespace

bool is_timestamp(std::string_view s) {
  // YYYY-M-D
  std::size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i != 4 || i == s.size() || s[i] != '-') return false;
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  ++i;
  int month = 0, day = 0;
  if (!two_digit_number(s, i, &month) || month < 1 || month > 12) return false;
  if (i >= s.size() || s[i] != '-') return false;
  ++i;
  if (!two_digit_number(s, i, &day)) return false;
  if (day < 1 || day > days_in_month(month, year)) return false;
  if (i == s.size()) return true;
  // Time part: 'T', 't' (then a zone is required) or spaces (no zone).
  bool zoned = s[i] == 'T' || s[i] == 't';
  if (zoned) {
    ++i;
  } else if (s[i] == ' ') {
    while (i < s.size() && s[i] == ' ') ++i;
  } else {
    return false;
  }
  int hour = 0, minute = 0, second = 0;
  if (!two_digit_number(s, i, &hour) || hour > 23) return false;
  if (i >= s.size() || s[i] != ':') return false;
  ++i;
  if (!two_digit_number(s, i, &minute) || minute > 59) return false;
  if (i >= s.size() || s[i] != ':') return false;
  ++i;
  if (!two_digit_number(s, i, &second) || second > 59) return false;
  if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  if (!zoned) return i == s.size();
  if (i < s.size() && s[i] == 'Z') return i + 1 == s.size();
  // ±hh:mm
  if (s.size() - i != 6 || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':') return false;
  if (!is_digit(s[i + 1]) || !is_digit(s[i + 2]) || !is_digit(s[i + 4]) || !is_digit(s[i + 5])) return false;
  int zh = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
  int zm = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
  return zh <= 24 && zm <= 60;
}

bool is_base60_float(std::string_view s) {
  // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
  if (s.empty()) return false;
  char c = s[0];
  if (!(c == '+' || c == '-' || is_digit(c)) || s.find(':') == std::string_view::npos) return false;
  std::size_t i = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  if (i >= s.size() || !is_digit(s[i])) return false;
  ++i;
  while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) ++i;
  int groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    // [0-5]?[0-9]: one digit, or two digits with the first in 0-5.
    if (i >= s.size() || !is_digit(s[i])) return false;
    if (i + 1 < s.size() && is_digit(s[i + 1]) && s[i] <= '5') {
      i += 2;
    } else {
      i += 1;
    }
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) ++i;
  }
  return i == s.size();
}

ResolvedScalar resolve_scalar(std::string_view tag, std::string_view text, std::string* error) {
  ResolvedScalar str;
  if (tag.empty()) return resolve_text(text, true);
  std::string_view name = tag.substr(0, kTagPrefix.size()) == kTagPrefix ? tag.substr(kTagPrefix.size())
                                                                          : std::string_view{};
  if (name == "str" || name == "binary") return str;
  if (name != "bool" && name != "int" && name != "float" && name != "null" && name != "timestamp") return str;
  ResolvedScalar r = resolve_text(text, name == "timestamp");
  ScalarKind want = name == "bool"    ? ScalarKind::kBool
                    : name == "int"   ? ScalarKind::kInt
                    : name == "float" ? ScalarKind::kFloat
                    : name == "null"  ? ScalarKind::kNull
                                      : ScalarKind::kTimestamp;
  if (r.kind == want || (want == ScalarKind::kInt && r.kind == ScalarKind::kUint)) return r;
  if (want == ScalarKind::kFloat && r.kind == ScalarKind::kInt) return make_float(static_cast<double>(r.int_value));
  if (error != nullptr) {
    *error = "cannot decode " + kind_tag(r.kind) + " `" + std::string(text) + "` as a " + short_tag(tag);
  }
  return str;
}

}  // namespace sidecarctl::yaml
