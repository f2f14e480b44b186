// go-yaml v2's resolve(): a table of special words, then integers (strconv.ParseInt/ParseUint with
// base prefixes, `_` removed), floats (a YAML-style pattern, then strconv.ParseFloat), timestamps.
#include "yaml/scalar_resolution.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "base/go_strconv.h"

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

constexpr std::size_t kLongestWord = [] {
  std::size_t longest = 0;
  for (const Word& w : kWords) longest = std::max(longest, w.text.size());
  return longest;
}();

// kWords by length: for each length, how many words have it and their indices in kWords.
struct WordsOfLength {
  std::size_t count = 0;
  std::array<std::size_t, std::size(kWords)> index{};
};
constexpr std::array<WordsOfLength, kLongestWord + 1> kWordsByLength = [] {
  std::array<WordsOfLength, kLongestWord + 1> by_length{};
  for (std::size_t i = 0; i < std::size(kWords); ++i) {
    WordsOfLength& same = by_length[kWords[i].text.size()];
    same.index[same.count++] = i;
  }
  return by_length;
}();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

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
  char first = text.empty() ? 'N' : text[0];  // the empty text is null
  if (!may_resolve_to_non_string(first)) return str;
  bool number_hint = is_digit(first) || first == '+' || first == '-';
  if (text.size() <= kLongestWord) {
    const WordsOfLength& same = kWordsByLength[text.size()];
    for (std::size_t n = 0; n < same.count; ++n) {
      const Word& w = kWords[same.index[n]];
      // First byte first: most texts differ from every word there, without a memcmp call.
      if (!text.empty() && w.text[0] != first) continue;
      if (w.text == text) {
        ResolvedScalar r;
        r.kind = w.kind;
        r.boolean = w.boolean;
        r.float_value = w.number;
        return r;
      }
    }
  }
  if (first == '.') {
    if (std::optional<double> f = parse_go_float(text)) return make_float(*f);
    return str;
  }
  if (!number_hint) return str;
  if (allow_timestamp && is_timestamp(text)) {
    ResolvedScalar r;
    r.kind = ScalarKind::kTimestamp;
    return r;
  }
  std::string without_underscores;
  std::string_view plain = text;
  if (text.find('_') != std::string_view::npos) {
    without_underscores.reserve(text.size());
    for (char c : text) {
      if (c != '_') without_underscores.push_back(c);
    }
    plain = without_underscores;
  }
  if (std::optional<std::int64_t> i = parse_go_int(plain, 0)) return make_int(*i);
  if (std::optional<std::uint64_t> u = parse_go_uint(plain, 0)) return make_uint(*u);
  if (is_yaml_style_float(plain)) {
    if (std::optional<double> f = parse_go_float(plain)) return make_float(*f);
  }
  if (plain.substr(0, 2) == "0b") {
    if (std::optional<std::int64_t> i = parse_go_int(plain.substr(2), 2)) return make_int(*i);
    if (std::optional<std::uint64_t> u = parse_go_uint(plain.substr(2), 2)) return make_uint(*u);
  } else if (plain.substr(0, 3) == "-0b") {
    if (std::optional<std::int64_t> i = parse_go_int("-" + std::string(plain.substr(3)), 2))
      return make_int(*i);
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
