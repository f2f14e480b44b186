// The findings of Istio's validation and the small Go formatting it needs (see validation.h).
#include "analyze/validation.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "base/go_duration.h"

namespace sidecarctl::analyze {

Validation& Validation::error(std::string text) {
  if (!text.empty()) errors.push_back(std::move(text));
  return *this;
}

Validation& Validation::warn(std::string text) {
  if (!text.empty()) warnings.push_back(std::move(text));
  return *this;
}

Validation& Validation::add(const Validation& v) {
  errors.insert(errors.end(), v.errors.begin(), v.errors.end());
  warnings.insert(warnings.end(), v.warnings.begin(), v.warnings.end());
  precise.insert(precise.end(), v.precise.begin(), v.precise.end());
  return *this;
}

Validation& Validation::add_errors(const Validation& v) {
  errors.insert(errors.end(), v.errors.begin(), v.errors.end());
  return *this;
}

void Validation::prefix_errors(const std::string& prefix) {
  for (std::string& e : errors) e = prefix + " " + e;
}

Validation error_of(std::string text) { return Validation().error(std::move(text)); }
Validation warning_of(std::string text) { return Validation().warn(std::move(text)); }

std::string go_float_f(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{:.6f}", v);
}

std::string go_float_v(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  // The shortest digits that read back as `v`, then Go's %g layout: an exponent when it is below
  // -4 or at least 21 (fmt's %v threshold), at least two exponent digits.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  auto e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  int exp = std::stoi(sci.substr(e + 1));
  if (exp < -4 || exp >= 21) {
    std::string mant = digits.substr(0, 1);
    if (digits.size() > 1) mant += "." + digits.substr(1);
    std::string ex = std::to_string(std::abs(exp));
    if (ex.size() < 2) ex = "0" + ex;
    return sign + mant + "e" + (exp < 0 ? "-" : "+") + ex;
  }
  if (exp < 0) return sign + "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
  auto point = static_cast<std::size_t>(exp + 1);
  if (digits.size() <= point) return sign + digits + std::string(point - digits.size(), '0');
  return sign + digits.substr(0, point) + "." + digits.substr(point);
}

bool present(const Json& j, std::string_view key) { return !field(j, key).is_null(); }

std::vector<std::string> strings(const Json& j, std::string_view key) {
  std::vector<std::string> out;
  for (const Json& v : array(j, key)) out.push_back(v.is_string() ? v.get<std::string>() : "");
  return out;
}

double number(const Json& j, std::string_view key) {
  const Json& v = field(j, key);
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    double d = 0;
    const std::string& s = v.get_ref<const std::string&>();
    auto res = std::from_chars(s.data(), s.data() + s.size(), d);
    if (res.ec == std::errc() && res.ptr == s.data() + s.size()) return d;
  }
  return 0;
}

std::optional<long long> duration_ns(const Json& j, std::string_view key) {
  const Json& v = field(j, key);
  if (v.is_number_integer()) return v.get<long long>();
  if (!v.is_string()) return std::nullopt;
  auto ns = parse_go_duration(v.get<std::string>());
  if (!ns) return std::nullopt;
  return *ns;
}

}  // namespace sidecarctl::analyze
