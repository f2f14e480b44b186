// Go's strconv number parsing (see go_strconv.h).
#include "base/go_strconv.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace sidecarctl {
namespace {

char lower(char c) { return static_cast<char>(c | 0x20); }

// The value of digit `c` in bases up to 36, or -1.
int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (lower(c) >= 'a' && lower(c) <= 'z') return lower(c) - 'a' + 10;
  return -1;
}

// strconv's underscoreOK: every `_` stands between digits, or right after a base prefix.
bool underscores_ok(std::string_view s) {
  char saw = '^';  // ^ start, 0 digit or prefix, _ underscore, ! anything else
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  std::size_t i = 0;
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
    } else if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
    } else {
      if (saw == '_') return false;
      saw = '!';
    }
  }
  return saw != '_';
}

// strconv's special(): [+-]inf, [+-]infinity and nan, ignoring case, as the whole text.
std::optional<double> special_float(std::string_view s) {
  auto equals_ignoring_case = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (lower(a[i]) != b[i]) return false;
    return true;
  };
  if (equals_ignoring_case(s, "nan")) return std::numeric_limits<double>::quiet_NaN();
  double sign = 1;
  if (s[0] == '+' || s[0] == '-') {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  if (equals_ignoring_case(s, "inf") || equals_ignoring_case(s, "infinity"))
    return sign * std::numeric_limits<double>::infinity();
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> parse_go_uint(std::string_view s, int base) {
  if (s.empty()) return std::nullopt;
  const std::string_view whole = s;
  const bool base_prefixed = base == 0;
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
  } else if (base < 2 || base > 36) {
    return std::nullopt;
  }
  const auto b = static_cast<std::uint64_t>(base);
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  bool underscores = false;
  std::uint64_t n = 0;
  for (char c : s) {
    if (c == '_' && base_prefixed) {
      underscores = true;
      continue;
    }
    int d = digit_value(c);
    if (d < 0 || d >= base) return std::nullopt;
    auto ud = static_cast<std::uint64_t>(d);
    if (n > (max - ud) / b) return std::nullopt;
    n = n * b + ud;
  }
  if (underscores && !underscores_ok(whole)) return std::nullopt;
  return n;
}

std::optional<std::int64_t> parse_go_int(std::string_view s, int base) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::optional<std::uint64_t> u = parse_go_uint(s, base);
  if (!u) return std::nullopt;
  constexpr std::uint64_t kCutoff = std::uint64_t{1} << 63;
  if (negative ? *u > kCutoff : *u >= kCutoff) return std::nullopt;
  return negative ? static_cast<std::int64_t>(0 - *u) : static_cast<std::int64_t>(*u);
}

std::optional<double> parse_go_float(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (std::optional<double> v = special_float(s)) return v;
  std::size_t i = 0;
  std::string clean;  // s without underscores, for strtod
  clean.reserve(s.size());
  if (s[0] == '+' || s[0] == '-') clean += s[i++];
  const bool hex = s.size() >= i + 2 && s[i] == '0' && lower(s[i + 1]) == 'x';
  if (hex) {
    clean += "0x";
    i += 2;
  }
  bool underscores = false, digits = false, dot = false, exponent = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      underscores = true;
    } else if ((c >= '0' && c <= '9') || (hex && !exponent && digit_value(c) >= 0 && digit_value(c) < 16)) {
      if (!exponent) digits = true;
      clean += c;
    } else if (c == '.' && !dot && !exponent) {
      dot = true;
      clean += c;
    } else if (!exponent && digits && lower(c) == (hex ? 'p' : 'e')) {
      exponent = true;
      clean += c;
      if (i + 1 < s.size() && (s[i + 1] == '+' || s[i + 1] == '-')) clean += s[++i];
      if (i + 1 >= s.size() || s[i + 1] < '0' || s[i + 1] > '9') return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  if (hex && !exponent) return std::nullopt;  // a hexadecimal mantissa needs a p exponent
  if (underscores && !underscores_ok(s)) return std::nullopt;
  // strtod in the "C" locale (sidecarctl never calls setlocale) rounds correctly, as Go does; its
  // ERANGE on underflow is not an error in Go.
  char* end = nullptr;
  double v = std::strtod(clean.c_str(), &end);
  if (end != clean.c_str() + clean.size()) return std::nullopt;
  if (std::isinf(v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> truncated_int64(double d) {
  if (!(d >= -0x1p63 && d < 0x1p63)) return std::nullopt;  // NaN fails both comparisons
  return static_cast<std::int64_t>(d);
}

std::optional<std::int64_t> whole_int64(double d) {
  std::optional<std::int64_t> i = truncated_int64(d);
  if (!i || static_cast<double>(*i) != d) return std::nullopt;
  return i;
}

}  // namespace sidecarctl
