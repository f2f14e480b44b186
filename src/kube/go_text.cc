#include "kube/go_text.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>

namespace sidecarctl::kube {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2 ? 1 : 0;
}

bool take_digits(std::string_view& s, std::size_t n, int& out) {
  if (s.size() < n) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  s.remove_prefix(n);
  return true;
}

bool take_char(std::string_view& s, char c) {
  if (s.empty() || s[0] != c) return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

Result<std::optional<std::string>> rfc3339_to_utc(std::string_view text) {
  const auto bad = [&] {
    return make_error(ErrorKind::kInvalidInput,
                      fmt::format("parsing time \"{}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse", text));
  };
  std::string_view s = text;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!take_digits(s, 4, year) || !take_char(s, '-') || !take_digits(s, 2, month) || !take_char(s, '-') ||
      !take_digits(s, 2, day) || !take_char(s, 'T') || !take_digits(s, 2, hour) || !take_char(s, ':') ||
      !take_digits(s, 2, minute) || !take_char(s, ':') || !take_digits(s, 2, second)) {
    return bad();
  }
  if (take_char(s, '.') || take_char(s, ',')) {
    std::size_t n = 0;
    while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
    if (n == 0) return bad();
    s.remove_prefix(n);  // metav1.Time prints whole seconds
  }
  int offset_minutes = 0;
  if (!take_char(s, 'Z')) {
    const bool west = !s.empty() && s[0] == '-';
    if (!take_char(s, '+') && !take_char(s, '-')) return bad();
    int oh = 0, om = 0;
    if (!take_digits(s, 2, oh) || !take_char(s, ':') || !take_digits(s, 2, om)) return bad();
    offset_minutes = (oh * 60 + om) * (west ? -1 : 1);
  }
  if (!s.empty()) return bad();
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[static_cast<std::size_t>(month - 1)] || hour > 23 ||
      minute > 59 || second > 59) {
    return make_error(ErrorKind::kInvalidInput, fmt::format("parsing time \"{}\": value out of range", text));
  }
  std::int64_t secs = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                      hour * 3600 + minute * 60 + second - offset_minutes * 60;
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const std::int64_t rem = secs - days * 86400;
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  if (y == 1 && m == 1 && d == 1 && rem == 0) return std::optional<std::string>();  // the zero time
  return std::optional<std::string>(fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", y, m, d, rem / 3600,
                                                rem % 3600 / 60, rem % 60));
}

}  // namespace sidecarctl::kube
