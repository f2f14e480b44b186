// Go literal parsing: string/char unquoting and integer/float syntax with base prefixes.
#include "gotemplate/go_literal.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "gotemplate/go_fmt.h"

namespace sidecarctl::gotemplate {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char lower(char c) { return static_cast<char>(c | 0x20); }

bool underscore_ok(std::string_view s) {
  char saw = '^';
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    if ((s[i] >= '0' && s[i] <= '9') || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

bool valid_rune(char32_t r) { return r <= 0x10FFFF && (r < 0xD800 || r > 0xDFFF); }

}  // namespace

bool go_unquote_char(std::string_view s, char quote, char32_t& value, std::string_view& tail) {
  if (s.empty()) return false;
  auto c = static_cast<unsigned char>(s[0]);
  if (c == static_cast<unsigned char>(quote) && (quote == '\'' || quote == '"')) return false;
  if (c >= 0x80) {
    std::size_t width = 0;
    value = decode_utf8(s, 0, width);
    tail = s.substr(width);
    return true;
  }
  if (c != '\\') {
    value = c;
    tail = s.substr(1);
    return true;
  }
  if (s.size() <= 1) return false;
  char e = s[1];
  s.remove_prefix(2);
  switch (e) {
    case 'a': value = '\a'; break;
    case 'b': value = '\b'; break;
    case 'f': value = '\f'; break;
    case 'n': value = '\n'; break;
    case 'r': value = '\r'; break;
    case 't': value = '\t'; break;
    case 'v': value = '\v'; break;
    case 'x':
    case 'u':
    case 'U': {
      std::size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (s.size() < n) return false;
      char32_t v = 0;
      for (std::size_t j = 0; j < n; ++j) {
        int h = hex_value(s[j]);
        if (h < 0) return false;
        v = (v << 4) | static_cast<char32_t>(h);
      }
      s.remove_prefix(n);
      if (e != 'x' && !valid_rune(v)) return false;
      value = v;
      break;
    }
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      char32_t v = static_cast<char32_t>(e - '0');
      if (s.size() < 2) return false;
      for (int j = 0; j < 2; ++j) {
        int d = s[static_cast<std::size_t>(j)] - '0';
        if (d < 0 || d > 7) return false;
        v = (v << 3) | static_cast<char32_t>(d);
      }
      s.remove_prefix(2);
      if (v > 255) return false;
      value = v;
      break;
    }
    case '\\': value = '\\'; break;
    case '\'':
    case '"':
      if (e != quote) return false;
      value = static_cast<char32_t>(e);
      break;
    default: return false;
  }
  tail = s;
  return true;
}

std::optional<std::string> go_unquote(std::string_view q) {
  if (q.size() < 2) return std::nullopt;
  char quote = q.front();
  if (quote != q.back()) return std::nullopt;
  std::string_view body = q.substr(1, q.size() - 2);
  if (quote == '`') {
    if (body.find('`') != std::string_view::npos) return std::nullopt;
    std::string out;
    for (char c : body)
      if (c != '\r') out += c;
    return out;
  }
  if (quote != '"') return std::nullopt;
  if (body.find('\n') != std::string_view::npos) return std::nullopt;
  std::string out;
  while (!body.empty()) {
    // Byte escapes (\x, octal) produce raw bytes; other escapes and characters produce UTF-8.
    bool byte_escape = body.size() >= 2 && body[0] == '\\' &&
                       (body[1] == 'x' || (body[1] >= '0' && body[1] <= '7'));
    char32_t v = 0;
    std::string_view tail;
    if (!go_unquote_char(body, '"', v, tail)) return std::nullopt;
    if (byte_escape) {
      out += static_cast<char>(v);
    } else if (static_cast<unsigned char>(body[0]) >= 0x80) {
      out.append(body.substr(0, body.size() - tail.size()));  // keep the original bytes
    } else {
      append_utf8(out, v);
    }
    body = tail;
  }
  return out;
}

NumError go_parse_uint(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return NumError::kSyntax;
  std::string_view orig = s;
  unsigned base = 10;
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
  bool underscores = false;
  std::uint64_t n = 0;
  bool range_error = false;
  for (char c : s) {
    if (c == '_') {
      underscores = true;
      continue;
    }
    int d = hex_value(c);
    if (d < 0 || static_cast<unsigned>(d) >= base) return NumError::kSyntax;
    if (n > (std::numeric_limits<std::uint64_t>::max() - static_cast<unsigned>(d)) / base) range_error = true;
    n = n * base + static_cast<unsigned>(d);
  }
  if (underscores && !underscore_ok(orig)) return NumError::kSyntax;
  if (range_error) return NumError::kRange;
  out = n;
  return NumError::kNone;
}

NumError go_parse_int(std::string_view s, std::int64_t& out) {
  if (s.empty()) return NumError::kSyntax;
  bool neg = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  std::uint64_t u = 0;
  NumError err = go_parse_uint(body, u);
  if (err == NumError::kNone && body.find('_') != std::string_view::npos && !underscore_ok(s)) err = NumError::kSyntax;
  if (err != NumError::kNone) return err;
  constexpr std::uint64_t kCutoff = std::uint64_t{1} << 63;
  if (!neg && u >= kCutoff) return NumError::kRange;
  if (neg && u > kCutoff) return NumError::kRange;
  out = neg ? static_cast<std::int64_t>(0 - u) : static_cast<std::int64_t>(u);
  return NumError::kNone;
}

NumError go_parse_float(std::string_view s, double& out) {
  if (s.empty()) return NumError::kSyntax;
  std::size_t i = 0;
  std::string clean;
  if (s[0] == '+' || s[0] == '-') clean += s[i++];
  bool hex = s.size() >= i + 2 && s[i] == '0' && lower(s[i + 1]) == 'x';
  if (hex) {
    clean += "0x";
    i += 2;
  }
  bool underscores = false, digits = false, dot = false, exp = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      underscores = true;
      continue;
    }
    if ((c >= '0' && c <= '9') || (hex && !exp && hex_value(c) >= 0)) {
      digits = true;
      clean += c;
      continue;
    }
    if (c == '.' && !dot && !exp) {
      dot = true;
      clean += c;
      continue;
    }
    if (!exp && digits && ((hex && lower(c) == 'p') || (!hex && lower(c) == 'e'))) {
      exp = true;
      clean += c;
      if (i + 1 < s.size() && (s[i + 1] == '+' || s[i + 1] == '-')) clean += s[++i];
      if (i + 1 >= s.size()) return NumError::kSyntax;
      bool exp_digits = false;
      for (std::size_t j = i + 1; j < s.size(); ++j) exp_digits |= s[j] >= '0' && s[j] <= '9';
      if (!exp_digits) return NumError::kSyntax;
      continue;
    }
    return NumError::kSyntax;
  }
  if (!digits) return NumError::kSyntax;
  if (hex && !exp) return NumError::kSyntax;  // a hexadecimal mantissa requires a 'p' exponent
  if (underscores && !underscore_ok(s)) return NumError::kSyntax;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(clean.c_str(), &end);
  if (end != clean.c_str() + clean.size()) return NumError::kSyntax;
  if (std::isinf(v)) return NumError::kRange;
  out = v;
  return NumError::kNone;
}

}  // namespace sidecarctl::gotemplate
