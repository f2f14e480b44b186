// Go's time.Duration parsing and printing, and proto-JSON durations (see go_duration.h).
#include "base/go_duration.h"

#include <array>
#include <tuple>
#include <utility>

namespace sidecarctl {
namespace {

constexpr std::uint64_t kHalfRange = std::uint64_t{1} << 63;  // |math.MinInt64|

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Go's leadingInt: the leading digits as a number; nullopt past 1<<63.
std::optional<std::uint64_t> leading_int(std::string_view& s) {
  std::uint64_t x = 0;
  std::size_t i = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) {
    if (x > kHalfRange / 10) return std::nullopt;
    x = x * 10 + static_cast<std::uint64_t>(s[i] - '0');
    if (x > kHalfRange) return std::nullopt;
  }
  s.remove_prefix(i);
  return x;
}

// Go's leadingFraction: the leading digits as x / scale; digits past what fits are skipped.
std::pair<std::uint64_t, double> leading_fraction(std::string_view& s) {
  std::uint64_t x = 0;
  double scale = 1;
  bool overflow = false;
  std::size_t i = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) {
    if (overflow) continue;
    if (x > (kHalfRange - 1) / 10) {
      overflow = true;
      continue;
    }
    std::uint64_t y = x * 10 + static_cast<std::uint64_t>(s[i] - '0');
    if (y > kHalfRange) {
      overflow = true;
      continue;
    }
    x = y;
    scale *= 10;
  }
  s.remove_prefix(i);
  return {x, scale};
}

std::optional<std::uint64_t> unit_nanos(std::string_view unit) {
  static constexpr std::array<std::pair<std::string_view, std::uint64_t>, 8> kUnits = {{
      {"ns", 1},
      {"us", 1'000},
      {"\u00b5s", 1'000},
      {"\u03bcs", 1'000},
      {"ms", 1'000'000},
      {"s", 1'000'000'000},
      {"m", 60'000'000'000},
      {"h", 3'600'000'000'000},
  }};
  for (const auto& [name, nanos] : kUnits) {
    if (name == unit) return nanos;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_go_duration(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) return std::nullopt;
  std::uint64_t total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0]))) return std::nullopt;
    std::size_t before = s.size();
    auto whole = leading_int(s);
    if (!whole) return std::nullopt;
    std::uint64_t v = *whole;
    bool pre = before != s.size();
    bool post = false;
    std::uint64_t f = 0;
    double scale = 1;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      std::size_t at = s.size();
      std::tie(f, scale) = leading_fraction(s);
      post = at != s.size();
    }
    if (!pre && !post) return std::nullopt;
    std::size_t i = 0;
    while (i < s.size() && !(s[i] == '.' || is_digit(s[i]))) ++i;
    if (i == 0) return std::nullopt;  // missing unit
    auto unit = unit_nanos(s.substr(0, i));
    s.remove_prefix(i);
    if (!unit) return std::nullopt;
    if (v > kHalfRange / *unit) return std::nullopt;
    v *= *unit;
    if (f > 0) {
      // As Go: float64 arithmetic, truncated (exact enough to the nanosecond for an hour's fraction).
      v += static_cast<std::uint64_t>(static_cast<double>(f) * (static_cast<double>(*unit) / scale));
      if (v > kHalfRange) return std::nullopt;
    }
    total += v;
    if (total > kHalfRange) return std::nullopt;
  }
  if (neg) return static_cast<std::int64_t>(std::uint64_t{0} - total);
  if (total > kHalfRange - 1) return std::nullopt;
  return static_cast<std::int64_t>(total);
}

std::string go_duration_string(std::int64_t nanos) {
  if (nanos == 0) return "0s";
  bool neg = nanos < 0;
  std::uint64_t u = neg ? static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(nanos) : static_cast<std::uint64_t>(nanos);
  // Fraction digits of u / 10^prec without trailing zeros, and the integer part.
  auto frac = [](std::uint64_t v, int prec, std::string& digits) {
    bool print = false;
    std::string rev;
    for (int i = 0; i < prec; ++i) {
      auto d = static_cast<char>('0' + v % 10);
      print = print || d != '0';
      if (print) rev += d;
      v /= 10;
    }
    digits.assign(rev.rbegin(), rev.rend());
    return v;
  };
  std::string out;
  std::string digits;
  if (u < 1'000'000'000ULL) {
    int prec = 0;
    std::string unit;
    if (u < 1000ULL) {
      unit = "ns";
    } else if (u < 1'000'000ULL) {
      prec = 3;
      unit = "\u00b5s";
    } else {
      prec = 6;
      unit = "ms";
    }
    std::uint64_t whole = frac(u, prec, digits);
    out = std::to_string(whole) + (digits.empty() ? "" : "." + digits) + unit;
  } else {
    std::uint64_t secs = frac(u, 9, digits);
    out = std::to_string(secs % 60) + (digits.empty() ? "" : "." + digits) + "s";
    std::uint64_t mins = secs / 60;
    if (mins > 0) {
      out = std::to_string(mins % 60) + "m" + out;
      std::uint64_t hours = mins / 60;
      if (hours > 0) out = std::to_string(hours) + "h" + out;
    }
  }
  return neg ? "-" + out : out;
}

std::string proto_duration_string(std::int64_t nanos) {
  bool neg = nanos < 0;
  std::uint64_t u = neg ? static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(nanos) : static_cast<std::uint64_t>(nanos);
  std::uint64_t secs = u / 1'000'000'000ULL;
  std::uint64_t frac = u % 1'000'000'000ULL;
  std::string out = (neg ? "-" : "") + std::to_string(secs);
  if (frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, 9 - digits.size(), '0');
    if (frac % 1'000'000 == 0) {
      digits.resize(3);
    } else if (frac % 1'000 == 0) {
      digits.resize(6);
    }
    out += "." + digits;
  }
  return out + "s";
}

}  // namespace sidecarctl
