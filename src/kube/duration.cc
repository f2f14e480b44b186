// Parsing Go duration strings.
#include "kube/duration.h"

#include <cctype>
#include <string>

namespace sidecarctl::kube {
namespace {

// Nanoseconds per unit, or 0 for an unknown unit.
double unit_nanoseconds(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  if (unit == "m") return 60e9;
  if (unit == "h") return 3600e9;
  return 0;
}

Error bad(std::string_view text, const std::string& why) {
  return make_error(ErrorKind::kUsage, "invalid duration \"" + std::string(text) + "\": " + why);
}

}  // namespace

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::string_view rest = text;
  if (rest.empty()) return bad(text, "empty");
  if (rest.front() == '-') {
    if (rest != "-0") return bad(text, "must not be negative");
    return std::chrono::milliseconds(0);
  }
  if (rest.front() == '+') rest.remove_prefix(1);
  if (rest == "0") return std::chrono::milliseconds(0);
  bool all_digits = !rest.empty();
  for (char c : rest) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
  if (all_digits) {
    if (rest.size() > 9) return bad(text, "too large");
    return std::chrono::milliseconds(std::stoll(std::string(rest)) * 1000);
  }
  double total_ns = 0;
  while (!rest.empty()) {
    std::size_t i = 0;
    double value = 0;
    bool digits = false;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) {
      value = value * 10 + (rest[i] - '0');
      digits = true;
      ++i;
    }
    if (i < rest.size() && rest[i] == '.') {
      ++i;
      double scale = 0.1;
      while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) {
        value += (rest[i] - '0') * scale;
        scale /= 10;
        digits = true;
        ++i;
      }
    }
    if (!digits) return bad(text, "expected a number");
    std::size_t unit_start = i;
    while (i < rest.size() && rest[i] != '.' && !std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
    std::string_view unit = rest.substr(unit_start, i - unit_start);
    if (unit.empty()) return bad(text, "missing unit (use e.g. 30s, 1m, 500ms)");
    double ns = unit_nanoseconds(unit);
    if (ns == 0) return bad(text, "unknown unit \"" + std::string(unit) + "\"");
    total_ns += value * ns;
    if (total_ns > 9.2e18) return bad(text, "too large");
    rest.remove_prefix(i);
  }
  return std::chrono::milliseconds(static_cast<long long>(total_ns / 1e6));
}

}  // namespace sidecarctl::kube
