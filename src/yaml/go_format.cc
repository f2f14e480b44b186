// Shortest round-trip digits come from std::to_chars; the layout follows Go's strconv rules.
#include "yaml/go_format.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace sidecarctl::yaml {
namespace {

// Decimal digits and exponent of the shortest representation: value = 0.d1d2... * 10^point.
struct Digits {
  bool negative = false;
  std::string digits;  // no leading/trailing zeros ("0" for zero)
  int point = 0;       // position of the decimal point relative to digits
};

template <typename T>
Digits shortest_digits(T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  (void)ec;
  std::string_view s(buf, static_cast<std::size_t>(end - buf));
  Digits d;
  if (!s.empty() && s[0] == '-') {
    d.negative = true;
    s.remove_prefix(1);
  }
  std::size_t e = s.find('e');
  std::string_view mantissa = s.substr(0, e);
  int exponent = std::atoi(std::string(s.substr(e + 1)).c_str());
  for (char c : mantissa) {
    if (c != '.') d.digits.push_back(c);
  }
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  d.point = exponent + 1;
  if (d.digits == "0") d.point = 1;
  return d;
}

std::string format_e(const Digits& d) {
  std::string out = d.negative ? "-" : "";
  out += d.digits[0];
  if (d.digits.size() > 1) {
    out += '.';
    out.append(d.digits, 1);
  }
  int exp = d.digits == "0" ? 0 : d.point - 1;
  out += 'e';
  out += exp < 0 ? '-' : '+';
  int a = std::abs(exp);
  if (a < 10) out += '0';
  out += std::to_string(a);
  return out;
}

std::string format_f(const Digits& d) {
  std::string out = d.negative ? "-" : "";
  if (d.point <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-d.point), '0');
    out += d.digits;
    return out;
  }
  auto point = static_cast<std::size_t>(d.point);
  if (point >= d.digits.size()) {
    out += d.digits;
    out.append(point - d.digits.size(), '0');
    return out;
  }
  out.append(d.digits, 0, point);
  out += '.';
  out.append(d.digits, point);
  return out;
}

std::string special(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "+Inf" : "-Inf";
}

template <typename T>
std::string format_g(T v) {
  Digits d = shortest_digits(v);
  int exp = d.point - 1;
  if (d.digits == "0") exp = 0;
  if (exp < -4 || exp >= 6) return format_e(d);
  return format_f(d);
}

}  // namespace

std::string format_float_g(double v) {
  if (!std::isfinite(v)) return special(v);
  return format_g(v);
}

std::string format_float32_g(float v) {
  if (!std::isfinite(v)) return special(static_cast<double>(v));
  return format_g(v);
}

std::string format_float_json(double v) {
  if (!std::isfinite(v)) return special(v);
  Digits d = shortest_digits(v);
  double a = std::fabs(v);
  if (a != 0 && (a < 1e-6 || a >= 1e21)) {
    std::string s = format_e(d);
    std::size_t n = s.size();
    if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') s.erase(n - 2, 1);
    return s;
  }
  return format_f(d);
}

int utf8_sequence_length(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  unsigned c = at(i);
  if (c < 0x80) return 1;
  auto cont = [&](std::size_t k) { return (at(k) & 0xC0u) == 0x80u; };
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned c1 = at(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;
    if (c == 0xED && c1 >= 0xA0) return 0;  // surrogates
    return cont(i + 1) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned c1 = at(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 >= 0x90) return 0;
    return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    int n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, static_cast<std::size_t>(n));
      i += static_cast<std::size_t>(n);
    }
  }
  return out;
}

std::string fold_next_lines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto is_nel = [&](std::size_t i) { return i + 1 < s.size() && s[i] == '\xC2' && s[i + 1] == '\x85'; };
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != ' ' && !is_nel(i)) {
      out += s[i++];
      continue;
    }
    // A run of blanks and breaks: spaces are kept only when no break follows in the run.
    std::size_t start = i;
    int breaks = 0;
    while (i < s.size() && (s[i] == ' ' || is_nel(i))) {
      if (s[i] == ' ') {
        ++i;
      } else {
        ++breaks;
        i += 2;
      }
    }
    if (breaks == 0) {
      out.append(s.substr(start, i - start));
    } else if (breaks == 1) {
      out += ' ';
    } else {
      out.append(static_cast<std::size_t>(breaks - 1), '\n');
    }
  }
  return out;
}

}  // namespace sidecarctl::yaml
