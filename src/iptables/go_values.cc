// Go-compatible value parsing for istio-iptables' flags.
#include "iptables/go_values.h"

namespace sidecarctl::iptables {

std::optional<bool> parse_go_bool(std::string_view text) {
  if (text == "1" || text == "t" || text == "T" || text == "TRUE" || text == "true" || text == "True") return true;
  if (text == "0" || text == "f" || text == "F" || text == "FALSE" || text == "false" || text == "False") return false;
  return std::nullopt;
}

bool is_go_duration(std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s == "0") return true;
  if (s.empty()) return false;
  while (!s.empty()) {
    bool digits = false;
    while (!s.empty() && s[0] >= '0' && s[0] <= '9') { s.remove_prefix(1); digits = true; }
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      while (!s.empty() && s[0] >= '0' && s[0] <= '9') { s.remove_prefix(1); digits = true; }
    }
    if (!digits) return false;
    static constexpr std::string_view kUnits[] = {"ns", "us", "\xc2\xb5s", "\xce\xbcs", "ms", "s", "m", "h"};
    bool matched = false;
    for (std::string_view unit : kUnits) {
      // Prefer the longest unit: "ms" before "m" (the list puts two-letter units first).
      if (s.substr(0, unit.size()) == unit) {
        s.remove_prefix(unit.size());
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

std::optional<unsigned long long> parse_decimal(std::string_view text, unsigned long long max) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  unsigned long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    unsigned digit = static_cast<unsigned>(c - '0');
    if (value > (max - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::optional<unsigned> parse_go_uint16(std::string_view text) {
  auto value = parse_decimal(text, 65535);
  if (!value) return std::nullopt;
  return static_cast<unsigned>(*value);
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    if (comma > start) items.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

}  // namespace sidecarctl::iptables
