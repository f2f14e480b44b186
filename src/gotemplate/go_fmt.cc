// Go's fmt for template values: Printf verbs and flags (fmt/print.go + fmt/format.go semantics),
// Sprint/Sprintln spacing, strconv float formatting and quoting.
#include "gotemplate/go_fmt.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "gotemplate/sprig_support.h"
#include "gotemplate/step_budget.h"

namespace sidecarctl::gotemplate {

// ---------------------------------------------------------------- UTF-8 and quoting

char32_t decode_utf8(std::string_view s, std::size_t pos, std::size_t& width) {
  auto c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80) {
    width = 1;
    return c;
  }
  int n = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    min = 0x10000;
  }
  if (n == 0 || pos + static_cast<std::size_t>(n) > s.size()) {
    width = 1;
    return 0xFFFD;
  }
  char32_t r = c & (0x7F >> n);
  for (int i = 1; i < n; ++i) {
    auto cc = static_cast<unsigned char>(s[pos + static_cast<std::size_t>(i)]);
    if ((cc & 0xC0) != 0x80) {
      width = 1;
      return 0xFFFD;
    }
    r = (r << 6) | (cc & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
    width = 1;
    return 0xFFFD;
  }
  width = static_cast<std::size_t>(n);
  return r;
}

void append_utf8(std::string& out, char32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

std::string_view truncate_runes(std::string_view s, std::size_t n) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < n && pos < s.size(); ++i) {
    std::size_t w = 0;
    decode_utf8(s, pos, w);
    pos += w;
  }
  return s.substr(0, pos);
}

namespace {

std::size_t rune_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < s.size(); ++n) {
    std::size_t w = 0;
    decode_utf8(s, pos, w);
    pos += w;
  }
  return n;
}

// unicode.IsPrint, approximated outside ASCII: controls, format characters, non-ASCII spaces,
// line/paragraph separators, private use and non-characters are not printable.
bool is_print(char32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r < 0xA0) return false;
  switch (r) {
    case 0xA0: case 0xAD: case 0x1680: case 0x180E: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000: case 0xFEFF: return false;
    default: break;
  }
  if (r >= 0x2000 && r <= 0x200F) return false;
  if (r >= 0x202A && r <= 0x202E) return false;
  if (r >= 0x2060 && r <= 0x206F) return false;
  if (r >= 0xD800 && r <= 0xF8FF) return false;
  if (r >= 0xFFF0 && r <= 0xFFFB) return false;
  if ((r & 0xFFFE) == 0xFFFE) return false;
  if (r >= 0xF0000) return false;
  if (r >= 0xE0000 && r <= 0xE0FFF) return false;
  return true;
}

const char kLowerHex[] = "0123456789abcdef";
const char kUpperHex[] = "0123456789ABCDEF";

void append_escaped_rune(std::string& out, char32_t r, char quote, bool ascii_only, bool bad_byte,
                         unsigned char byte) {
  if (bad_byte) {
    out += "\\x";
    out += kLowerHex[byte >> 4];
    out += kLowerHex[byte & 0xF];
    return;
  }
  if (r == static_cast<char32_t>(quote) || r == '\\') {
    out += '\\';
    out += static_cast<char>(r);
    return;
  }
  if (ascii_only ? (r < 0x80 && is_print(r)) : is_print(r)) {
    append_utf8(out, r);
    return;
  }
  switch (r) {
    case '\a': out += "\\a"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\v': out += "\\v"; return;
    default: break;
  }
  if (r < ' ' || r == 0x7F) {
    out += "\\x";
    out += kLowerHex[(r >> 4) & 0xF];
    out += kLowerHex[r & 0xF];
  } else if (r < 0x10000) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kLowerHex[(r >> shift) & 0xF];
  } else {
    out += "\\U";
    for (int shift = 28; shift >= 0; shift -= 4) out += kLowerHex[(r >> shift) & 0xF];
  }
}

std::string quote_with(std::string_view s, char quote, bool ascii_only) {
  std::string out;
  out.reserve(s.size() + 2);
  out += quote;
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t w = 0;
    char32_t r = decode_utf8(s, pos, w);
    bool bad = r == 0xFFFD && w == 1 && static_cast<unsigned char>(s[pos]) >= 0x80;
    append_escaped_rune(out, r, quote, ascii_only, bad, static_cast<unsigned char>(s[pos]));
    pos += w;
  }
  out += quote;
  return out;
}

bool can_backquote(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t w = 0;
    char32_t r = decode_utf8(s, pos, w);
    if (r == 0xFFFD && w == 1 && static_cast<unsigned char>(s[pos]) >= 0x80) return false;
    if (r == '`' || r == 0xFEFF) return false;
    if (r < ' ' && r != '\t') return false;
    if (r == 0x7F) return false;
    pos += w;
  }
  return true;
}

}  // namespace

std::string go_quote(std::string_view s) { return quote_with(s, '"', false); }

std::string go_quote_rune(char32_t r) {
  std::string out = "'";
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  append_escaped_rune(out, r, '\'', false, false, 0);
  out += '\'';
  return out;
}

std::string format_rune_u(char32_t r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(r));
  std::string out = buf;
  if (is_print(r)) {
    out += " '";
    append_utf8(out, r);
    out += "'";
  }
  return out;
}

// ---------------------------------------------------------------- floats

namespace {

// Decimal digits of |v| (no leading zeros, trailing zeros trimmed) and the position of the
// decimal point relative to them (value = 0.DIGITS * 10^dp).
struct Digits {
  std::string d;
  int dp = 0;
};

// prec < 0: shortest round-trip digits; else `prec` significant digits (at least 1).
Digits decimal_digits(double v, int prec) {
  v = std::fabs(v);
  Digits out;
  if (v == 0) {
    out.d = "0";
    out.dp = 1;
    return out;
  }
  // One digit, a point, prec - 1 digits and an exponent of at most "e-324": prec + 32 is room
  // enough (fmt's precision goes up to a million).
  std::string buf(prec < 0 ? 64 : static_cast<std::size_t>(prec) + 32, '\0');
  char* first = buf.data();
  char* last = first + buf.size();
  std::to_chars_result res = prec < 0 ? std::to_chars(first, last, v, std::chars_format::scientific)
                                      : std::to_chars(first, last, v, std::chars_format::scientific,
                                                      prec > 0 ? prec - 1 : 0);
  std::string_view s(first, static_cast<std::size_t>(res.ptr - first));
  auto e = s.find('e');
  for (char c : s.substr(0, e))
    if (c != '.') out.d += c;
  int exp = 0;
  std::from_chars(s.data() + e + 1 + (s[e + 1] == '+' ? 1 : 0), s.data() + s.size(), exp);
  out.dp = exp + 1;
  while (out.d.size() > 1 && out.d.back() == '0') out.d.pop_back();
  return out;
}

void append_exp(std::string& out, int exp, char e) {
  out += e;
  out += exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  if (exp < 10) out += '0';
  out += std::to_string(exp);
}

// %e with `prec` digits after the point from digits d.
void fmt_e(std::string& out, const Digits& dg, int prec, char e) {
  out += dg.d.empty() ? '0' : dg.d[0];
  if (prec > 0) {
    out += '.';
    for (int i = 1; i <= prec; ++i) out += static_cast<std::size_t>(i) < dg.d.size() ? dg.d[static_cast<std::size_t>(i)] : '0';
  }
  int exp = dg.d == "0" ? 0 : dg.dp - 1;
  append_exp(out, exp, e);
}

// %f with `prec` digits after the point from digits d.
void fmt_f(std::string& out, const Digits& dg, int prec) {
  if (dg.dp > 0) {
    for (int i = 0; i < dg.dp; ++i) out += static_cast<std::size_t>(i) < dg.d.size() ? dg.d[static_cast<std::size_t>(i)] : '0';
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    for (int i = 1; i <= prec; ++i) {
      int j = dg.dp + i - 1;
      out += j >= 0 && static_cast<std::size_t>(j) < dg.d.size() ? dg.d[static_cast<std::size_t>(j)] : '0';
    }
  }
}

}  // namespace

std::string format_float(double v, char fmt, int prec) {
  std::string out;
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::signbit(v)) out += '-';
  switch (fmt) {
    case 'e':
    case 'E': {
      Digits dg = decimal_digits(v, prec < 0 ? -1 : prec + 1);
      fmt_e(out, dg, prec < 0 ? static_cast<int>(dg.d.size()) - 1 : prec, fmt);
      return out;
    }
    case 'f':
    case 'F': {
      if (prec < 0) {
        fmt_f(out, decimal_digits(v, -1), std::max(static_cast<int>(decimal_digits(v, -1).d.size()) - decimal_digits(v, -1).dp, 0));
        return out;
      }
      // At most 309 digits before the point, the point, and prec digits after it.
      std::string buf(static_cast<std::size_t>(prec) + 320, '\0');
      auto res = std::to_chars(buf.data(), buf.data() + buf.size(), std::fabs(v), std::chars_format::fixed, prec);
      out.append(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
      return out;
    }
    case 'g':
    case 'G': {
      bool shortest = prec < 0;
      int p = prec == 0 ? 1 : prec;
      Digits dg = decimal_digits(v, shortest ? -1 : p);
      int nd = static_cast<int>(dg.d.size());
      int eprec = shortest ? 6 : p;
      if (!shortest && eprec > nd && nd >= dg.dp) eprec = nd;
      if (shortest) eprec = 6;
      int exp = dg.dp - 1;
      if (dg.d == "0") exp = 0;
      if (exp < -4 || exp >= eprec) {
        int q = shortest ? nd : p;
        if (q > nd) q = nd;
        fmt_e(out, dg, q - 1, fmt == 'g' ? 'e' : 'E');
        return out;
      }
      int q = shortest ? nd : p;
      if (q > dg.dp) q = nd;
      fmt_f(out, dg, std::max(q - dg.dp, 0));
      return out;
    }
    default: break;
  }
  return out;
}

// ---------------------------------------------------------------- the printer

namespace {

struct Flags {
  bool plus = false, minus = false, sharp = false, space = false, zero = false;
  bool plus_v = false, sharp_v = false;
  bool wid_present = false, prec_present = false;
  int wid = 0, prec = 0;
};

class Printer {
 public:
  explicit Printer(std::string& out) : buf_(out) {}

  void do_printf(std::string_view format, std::span<const Value> a);
  void do_print(std::span<const Value> a);
  void do_println(std::span<const Value> a);
  void print_arg(const Value& arg, char32_t verb) { print_value(arg, verb, 0); }

 private:
  void write_padding(int n) {
    if (n <= 0) return;
    buf_.append(static_cast<std::size_t>(n), f_.zero ? '0' : ' ');
  }
  void pad(std::string_view s) {
    if (!f_.wid_present || f_.wid == 0) {
      buf_ += s;
      return;
    }
    int width = f_.wid - static_cast<int>(rune_count(s));
    if (!f_.minus) {
      write_padding(width);
      buf_ += s;
    } else {
      buf_ += s;
      write_padding(width);
    }
  }

  void bad_verb(const Value& v, char32_t verb) {
    buf_ += "%!";
    append_utf8(buf_, verb);
    buf_ += '(';
    if (v.is_missing() || (v.is_nil() && !v.in_interface())) {
      buf_ += "<nil>";
    } else {
      buf_ += v.in_interface() && v.is_nil() ? "interface {}" : v.go_type_name();
      buf_ += '=';
      Flags saved = f_;
      f_ = Flags{};
      print_value(v, 'v', 0);
      f_ = saved;
    }
    buf_ += ')';
  }

  void fmt_bool(bool b, const Value& v, char32_t verb) {
    if (verb == 't' || verb == 'v') {
      pad(b ? "true" : "false");
    } else {
      bad_verb(v, verb);
    }
  }

  void fmt_integer(std::uint64_t u, int base, bool is_signed, char32_t verb, bool upper) {
    bool negative = is_signed && static_cast<std::int64_t>(u) < 0;
    if (negative) u = 0 - u;
    const char* digits = upper ? kUpperHex : kLowerHex;
    int prec = 0;
    if (f_.prec_present) {
      prec = f_.prec;
      if (prec == 0 && u == 0) {
        bool old = f_.zero;
        f_.zero = false;
        write_padding(f_.wid);
        f_.zero = old;
        return;
      }
    } else if (f_.zero && f_.wid_present) {
      prec = f_.wid;
      if (negative || f_.plus || f_.space) --prec;
    }
    std::string tmp;
    do {
      tmp += digits[u % static_cast<unsigned>(base)];
      u /= static_cast<unsigned>(base);
    } while (u != 0);
    while (static_cast<int>(tmp.size()) < prec) tmp += '0';
    if (f_.sharp) {
      if (base == 2) {
        tmp += "b0";
      } else if (base == 8) {
        if (tmp.back() != '0') tmp += '0';
      } else if (base == 16) {
        tmp += upper ? 'X' : 'x';
        tmp += '0';
      }
    }
    if (verb == 'O') tmp += "o0";
    if (negative) {
      tmp += '-';
    } else if (f_.plus) {
      tmp += '+';
    } else if (f_.space) {
      tmp += ' ';
    }
    std::string s(tmp.rbegin(), tmp.rend());
    bool old = f_.zero;
    f_.zero = false;
    pad(s);
    f_.zero = old;
  }

  void fmt_c(std::uint64_t u) {
    char32_t r = u > 0x10FFFF ? 0xFFFD : static_cast<char32_t>(u);
    std::string s;
    append_utf8(s, r);
    pad(s);
  }

  void fmt_qc(std::uint64_t u) {
    char32_t r = u > 0x10FFFF ? 0xFFFD : static_cast<char32_t>(u);
    std::string s;
    if (f_.plus) {
      s = "'";
      if (r >= 0xD800 && r <= 0xDFFF) r = 0xFFFD;
      append_escaped_rune(s, r, '\'', true, false, 0);
      s += "'";
    } else {
      s = go_quote_rune(r);
    }
    pad(s);
  }

  void fmt_unicode(std::uint64_t u) {
    int prec = 4;
    if (f_.prec_present && f_.prec > 4) prec = f_.prec;
    std::string hex;
    do {
      hex += kUpperHex[u & 0xF];
      u >>= 4;
    } while (u != 0);
    while (static_cast<int>(hex.size()) < prec) hex += '0';
    std::string s = "U+" + std::string(hex.rbegin(), hex.rend());
    std::uint64_t value = std::stoull(s.substr(2), nullptr, 16);
    if (f_.sharp && value <= 0x10FFFF && is_print(static_cast<char32_t>(value))) {
      s += " '";
      append_utf8(s, static_cast<char32_t>(value));
      s += "'";
    }
    bool old = f_.zero;
    f_.zero = false;
    pad(s);
    f_.zero = old;
  }

  void print_integer(const Value& v, std::int64_t i, char32_t verb) {
    auto u = static_cast<std::uint64_t>(i);
    switch (verb) {
      case 'v':
      case 'd': fmt_integer(u, 10, true, verb, false); return;
      case 'b': fmt_integer(u, 2, true, verb, false); return;
      case 'o':
      case 'O': fmt_integer(u, 8, true, verb, false); return;
      case 'x': fmt_integer(u, 16, true, verb, false); return;
      case 'X': fmt_integer(u, 16, true, verb, true); return;
      case 'c': fmt_c(u); return;
      case 'q': fmt_qc(u); return;
      case 'U': fmt_unicode(u); return;
      default: bad_verb(v, verb);
    }
  }

  void fmt_float(double v, char verb, int prec) {
    if (f_.prec_present) prec = f_.prec;
    std::string num;
    if (verb == 'x' || verb == 'X' || verb == 'b') {
      num = format_float_special(v, verb, prec);
    } else {
      num = format_float(v, verb, prec);
    }
    if (num[0] != '-' && num[0] != '+') num.insert(num.begin(), '+');
    if (f_.space && num[0] == '+' && !f_.plus) num[0] = ' ';
    if (num[1] == 'I' || num[1] == 'N') {
      bool old = f_.zero;
      f_.zero = false;
      if (num[1] == 'N' && !f_.space && !f_.plus) num.erase(0, 1);
      pad(num);
      f_.zero = old;
      return;
    }
    if (f_.sharp && verb != 'b') {
      int digits = 0;
      switch (verb) {
        // Go pads %#x to the precision but not %#X (fmt/format.go lists only 'x').
        case 'v': case 'g': case 'G': case 'x': digits = prec < 0 ? 6 : prec; break;
        default: digits = 0; break;
      }
      std::string tail;
      auto e = num.find_first_of(verb == 'x' || verb == 'X' ? "pP" : "eE");
      if (e != std::string::npos) {
        tail = num.substr(e);
        num.erase(e);
      }
      bool saw_nonzero = false;
      bool saw_point = false;
      for (std::size_t i = 1; i < num.size(); ++i) {
        if (num[i] == '.') {
          saw_point = true;
        } else if (num[i] != '0' || saw_nonzero) {
          saw_nonzero = num[i] != '0' || saw_nonzero;
          if (saw_nonzero) --digits;
        }
      }
      if (!saw_point) {
        if (num.size() == 2 && num[1] == '0') --digits;
        num += '.';
      }
      while (digits-- > 0) num += '0';
      num += tail;
    }
    if (f_.plus || num[0] != '+') {
      if (f_.zero && f_.wid_present && f_.wid > static_cast<int>(num.size())) {
        buf_ += num[0];
        write_padding(f_.wid - static_cast<int>(num.size()));
        buf_.append(num, 1);
        return;
      }
      pad(num);
      return;
    }
    pad(std::string_view(num).substr(1));
  }

  static std::string format_float_special(double v, char32_t verb, int prec) {
    std::string out;
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (std::signbit(v)) out += '-';
    v = std::fabs(v);
    if (verb == 'b') {
      // strconv's 'b': the stored mantissa (with its implicit bit) and binary exponent, so a
      // subnormal is "1p-1074".
      auto bits = std::bit_cast<std::uint64_t>(v);
      int field = static_cast<int>((bits >> 52) & 0x7FF);
      std::uint64_t mant = bits & ((std::uint64_t{1} << 52) - 1);
      if (field == 0) {
        field = 1;
      } else {
        mant |= std::uint64_t{1} << 52;
      }
      int exp = field - 1023 - 52;
      out += std::to_string(mant) + "p" + (exp >= 0 ? "+" : "") + std::to_string(exp);
      return out;
    }
    // Go writes a subnormal normalized (0x1p-1074); to_chars would write 0x0.0000000000001p-1022.
    int shift = 0;
    if (std::fpclassify(v) == FP_SUBNORMAL) {
      v = std::ldexp(v, 64);
      shift = 64;
    }
    // "1.", prec hex digits and an exponent of at most "p-1074".
    std::string buf(prec < 0 ? 64 : static_cast<std::size_t>(prec) + 32, '\0');
    char* first = buf.data();
    auto res = prec < 0 ? std::to_chars(first, first + buf.size(), v, std::chars_format::hex)
                        : std::to_chars(first, first + buf.size(), v, std::chars_format::hex, prec);
    std::string s(first, static_cast<std::size_t>(res.ptr - first));
    auto p = s.find('p');
    std::string mant = s.substr(0, p);
    int exp = std::stoi(s.substr(p + 1)) - shift;
    if (v == 0) exp = 0;
    // Rounding to `prec` digits can carry into the leading digit (0x1.f8 at .0 is 0x2p+00);
    // Go renormalizes to 0x1p+01. The digits after the point are all zero then.
    if (mant[0] == '2') {
      mant[0] = '1';
      ++exp;
    }
    out += "0x" + mant + "p" + (exp < 0 ? "-" : "+");
    int a = exp < 0 ? -exp : exp;
    if (a < 10) out += '0';
    out += std::to_string(a);
    if (verb == 'X') {
      for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
  }

  void print_float(const Value& v, double d, char32_t verb) {
    switch (verb) {
      case 'v': fmt_float(d, 'g', -1); return;
      case 'b': case 'g': case 'G': case 'x': case 'X': fmt_float(d, static_cast<char>(verb), -1); return;
      case 'f': case 'e': case 'E': case 'F': fmt_float(d, static_cast<char>(verb), 6); return;
      default: bad_verb(v, verb);
    }
  }

  std::string_view truncate(std::string_view s) const {
    if (f_.prec_present) return truncate_runes(s, static_cast<std::size_t>(f_.prec));
    return s;
  }

  void fmt_sbx(std::string_view s, bool upper) {
    const char* digits = upper ? kUpperHex : kLowerHex;
    std::size_t length = s.size();
    if (f_.prec_present && static_cast<std::size_t>(f_.prec) < length) length = static_cast<std::size_t>(f_.prec);
    std::string out;
    if (length == 0) {
      if (f_.wid_present) write_padding(f_.wid);
      return;
    }
    for (std::size_t i = 0; i < length; ++i) {
      if (f_.space && i > 0) out += ' ';
      if (f_.sharp && (f_.space || i == 0)) {
        out += '0';
        out += upper ? 'X' : 'x';
      }
      auto c = static_cast<unsigned char>(s[i]);
      out += digits[c >> 4];
      out += digits[c & 0xF];
    }
    pad(out);
  }

  void fmt_q(std::string_view s) {
    s = truncate(s);
    if (f_.sharp && can_backquote(s)) {
      pad("`" + std::string(s) + "`");
      return;
    }
    pad(f_.plus ? quote_with(s, '"', true) : go_quote(s));
  }

  void print_string(const Value& v, std::string_view s, char32_t verb) {
    switch (verb) {
      case 'v':
        if (f_.sharp_v) {
          fmt_q(s);
        } else {
          pad(truncate(s));
        }
        return;
      case 's': pad(truncate(s)); return;
      case 'x': fmt_sbx(s, false); return;
      case 'X': fmt_sbx(s, true); return;
      case 'q': fmt_q(s); return;
      default: bad_verb(v, verb);
    }
  }

  void print_value(const Value& v, char32_t verb, int depth) {
    enter_value_level(depth);
    check_result_size(buf_.size());
    if (verb == 'T') {
      if (v.is_missing() || v.is_nil()) {
        pad("<nil>");
      } else {
        pad(v.go_type_name());
      }
      return;
    }
    switch (v.kind()) {
      case Value::Kind::kInvalid:
      case Value::Kind::kNil:
        if (depth > 0 && f_.sharp_v) {
          buf_ += "interface {}(nil)";
        } else if (depth > 0 || verb == 'v') {
          pad("<nil>");
        } else {
          bad_verb(v, verb);
        }
        return;
      case Value::Kind::kBool: fmt_bool(v.as_bool(), v, verb); return;
      case Value::Kind::kInt:
      case Value::Kind::kInt64: print_integer(v, v.as_int(), verb); return;
      case Value::Kind::kFloat64: print_float(v, v.as_float(), verb); return;
      case Value::Kind::kComplex128: print_complex(v, verb); return;
      case Value::Kind::kString: print_string(v, v.as_string(), verb); return;
      case Value::Kind::kList: {
        if (f_.sharp_v) {
          buf_ += v.list_type_name();
          buf_ += '{';
          for (std::size_t i = 0; i < v.list_size(); ++i) {
            if (i > 0) buf_ += ", ";
            print_value(v.list_at(i), verb, depth + 1);
          }
          buf_ += '}';
          return;
        }
        buf_ += '[';
        for (std::size_t i = 0; i < v.list_size(); ++i) {
          if (i > 0) buf_ += ' ';
          print_value(v.list_at(i), verb, depth + 1);
        }
        buf_ += ']';
        return;
      }
      case Value::Kind::kMap:
      case Value::Kind::kStringMap: {
        buf_ += f_.sharp_v ? v.go_type_name() + "{" : std::string("map[");
        bool first = true;
        v.map_for_each([&](std::string_view key, const Value& element) {
          if (!first) buf_ += f_.sharp_v ? ", " : " ";
          first = false;
          print_string(Value::from_string(std::string(key)), key, verb);
          buf_ += ':';
          print_value(element, verb, depth + 1);
        });
        buf_ += f_.sharp_v ? '}' : ']';
        return;
      }
      case Value::Kind::kObject: {
        const Object& object = v.object();
        if (!f_.sharp_v) {
          if (auto s = object.string_method(); s && (verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q')) {
            print_string(Value::from_string(*s), *s, verb);
            return;
          }
        }
        print_value(object.plain_value(), verb, depth);
        return;
      }
    }
  }

  void print_complex(const Value& v, char32_t verb) {
    switch (verb) {
      case 'v': case 'b': case 'g': case 'G': case 'x': case 'X': case 'f': case 'F': case 'e': case 'E': break;
      default: bad_verb(v, verb); return;
    }
    Flags saved = f_;
    std::string old;
    old.swap(buf_);
    // Go formats the parts without width, then pads the whole "(re+imi)".
    f_.wid_present = false;
    f_.wid = 0;
    buf_ += '(';
    print_float(v, v.complex_real(), verb);
    f_.plus = true;
    print_float(v, v.complex_imag(), verb);
    buf_ += "i)";
    std::string s;
    s.swap(buf_);
    buf_.swap(old);
    f_ = saved;
    bool z = f_.zero;
    f_.zero = false;
    pad(s);
    f_.zero = z;
  }

  static bool parse_num(std::string_view s, std::size_t& i, std::size_t end, int& num) {
    bool isnum = false;
    num = 0;
    for (; i < end && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (num > 1000000) {
        num = 0;
        i = end;
        return false;
      }
      num = num * 10 + (s[i] - '0');
      isnum = true;
    }
    return isnum;
  }

  // Parses "[n]" at format[i]; returns the new arg number.
  int arg_number(int arg_num, std::string_view format, std::size_t& i, int num_args, bool& found) {
    found = false;
    if (i >= format.size() || format[i] != '[') return arg_num;
    reordered_ = true;
    std::string_view rest = format.substr(i);
    if (rest.size() < 3) {
      i += 1;
      good_arg_num_ = false;
      return arg_num;
    }
    for (std::size_t j = 1; j < rest.size(); ++j) {
      if (rest[j] == ']') {
        std::size_t k = 1;
        int width = 0;
        bool ok = parse_num(rest, k, j, width);
        if (!ok || k != j) {
          i += j + 1;
          good_arg_num_ = false;
          return arg_num;
        }
        int index = width - 1;
        i += j + 1;
        if (index >= 0 && index < num_args) {
          found = true;
          return index;
        }
        good_arg_num_ = false;
        found = true;
        return arg_num;
      }
    }
    i += 1;
    good_arg_num_ = false;
    return arg_num;
  }

  static bool int_from_arg(std::span<const Value> a, int& arg_num, int& num) {
    bool is_int = false;
    num = 0;
    if (arg_num < static_cast<int>(a.size())) {
      const Value& v = a[static_cast<std::size_t>(arg_num)];
      if (v.is_int()) {
        num = static_cast<int>(v.as_int());
        is_int = v.as_int() >= -1000000 && v.as_int() <= 1000000;
      }
      ++arg_num;
      if (num > 1000000 || num < -1000000) {
        num = 0;
        is_int = false;
      }
      if (!is_int) num = 0;
    }
    return is_int;
  }

  std::string& buf_;
  Flags f_;
  bool reordered_ = false;
  bool good_arg_num_ = true;
};

void Printer::do_printf(std::string_view format, std::span<const Value> a) {
  std::size_t end = format.size();
  int arg_num = 0;
  int num_args = static_cast<int>(a.size());
  bool after_index = false;
  reordered_ = false;
  for (std::size_t i = 0; i < end;) {
    good_arg_num_ = true;
    std::size_t lasti = i;
    while (i < end && format[i] != '%') ++i;
    if (i > lasti) buf_.append(format.substr(lasti, i - lasti));
    if (i >= end) break;
    ++i;
    f_ = Flags{};
    bool simple_done = false;
    for (; i < end; ++i) {
      char c = format[i];
      if (c == '#') {
        f_.sharp = true;
      } else if (c == '0') {
        f_.zero = !f_.minus;
      } else if (c == '+') {
        f_.plus = true;
      } else if (c == '-') {
        f_.minus = true;
        f_.zero = false;
      } else if (c == ' ') {
        f_.space = true;
      } else {
        if (c >= 'a' && c <= 'z' && arg_num < num_args) {
          if (c == 'v') {
            f_.sharp_v = f_.sharp;
            f_.sharp = false;
            f_.plus_v = f_.plus;
            f_.plus = false;
          }
          print_arg(a[static_cast<std::size_t>(arg_num)], static_cast<char32_t>(c));
          ++arg_num;
          ++i;
          simple_done = true;
        }
        break;
      }
    }
    if (simple_done) continue;

    arg_num = arg_number(arg_num, format, i, num_args, after_index);

    if (i < end && format[i] == '*') {
      ++i;
      f_.wid_present = int_from_arg(a, arg_num, f_.wid);
      if (!f_.wid_present) buf_ += "%!(BADWIDTH)";
      if (f_.wid < 0) {
        f_.wid = -f_.wid;
        f_.minus = true;
        f_.zero = false;
      }
      after_index = false;
    } else {
      f_.wid_present = parse_num(format, i, end, f_.wid);
      if (after_index && f_.wid_present) good_arg_num_ = false;
    }

    if (i + 1 < end && format[i] == '.') {
      ++i;
      if (after_index) good_arg_num_ = false;
      arg_num = arg_number(arg_num, format, i, num_args, after_index);
      if (i < end && format[i] == '*') {
        ++i;
        f_.prec_present = int_from_arg(a, arg_num, f_.prec);
        if (f_.prec < 0) {
          f_.prec = 0;
          f_.prec_present = false;
        }
        if (!f_.prec_present) buf_ += "%!(BADPREC)";
        after_index = false;
      } else {
        f_.prec_present = parse_num(format, i, end, f_.prec);
        if (!f_.prec_present) {
          f_.prec = 0;
          f_.prec_present = true;
        }
      }
    }

    if (!after_index) arg_num = arg_number(arg_num, format, i, num_args, after_index);

    if (i >= end) {
      buf_ += "%!(NOVERB)";
      break;
    }
    std::size_t width = 0;
    char32_t verb = decode_utf8(format, i, width);
    i += width;
    if (verb == '%') {
      buf_ += '%';
    } else if (!good_arg_num_) {
      buf_ += "%!";
      append_utf8(buf_, verb);
      buf_ += "(BADINDEX)";
    } else if (arg_num >= num_args) {
      buf_ += "%!";
      append_utf8(buf_, verb);
      buf_ += "(MISSING)";
    } else {
      if (verb == 'v') {
        f_.sharp_v = f_.sharp;
        f_.sharp = false;
        f_.plus_v = f_.plus;
        f_.plus = false;
      }
      print_arg(a[static_cast<std::size_t>(arg_num)], verb);
      ++arg_num;
    }
  }
  if (!reordered_ && arg_num < num_args) {
    f_ = Flags{};
    buf_ += "%!(EXTRA ";
    for (int i = arg_num; i < num_args; ++i) {
      if (i > arg_num) buf_ += ", ";
      const Value& v = a[static_cast<std::size_t>(i)];
      if (v.is_missing() || v.is_nil()) {
        buf_ += "<nil>";
      } else {
        buf_ += v.go_type_name();
        buf_ += '=';
        print_arg(v, 'v');
      }
    }
    buf_ += ')';
  }
}

bool is_string_arg(const Value& v) {
  if (v.kind() == Value::Kind::kString) return true;
  return false;
}

void Printer::do_print(std::span<const Value> a) {
  bool prev_string = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    bool is_string = is_string_arg(a[i]);
    if (i > 0 && !is_string && !prev_string) buf_ += ' ';
    f_ = Flags{};
    print_arg(a[i], 'v');
    prev_string = is_string;
  }
}

void Printer::do_println(std::span<const Value> a) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i > 0) buf_ += ' ';
    f_ = Flags{};
    print_arg(a[i], 'v');
  }
  buf_ += '\n';
}

}  // namespace

void format_go_to(std::string& out, std::string_view format, std::span<const Value> args) {
  Printer(out).do_printf(format, args);
}

std::string format_go(std::string_view format, std::span<const Value> args) {
  std::string out;
  format_go_to(out, format, args);
  return out;
}

void sprint_to(std::string& out, std::span<const Value> args) { Printer(out).do_print(args); }

std::string sprint(std::span<const Value> args) {
  std::string out;
  sprint_to(out, args);
  return out;
}

std::string sprintln(std::span<const Value> args) {
  std::string out;
  Printer(out).do_println(args);
  return out;
}

void append_go_string(std::string& out, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kString: out += value.as_string(); return;
    case Value::Kind::kInt:
    case Value::Kind::kInt64: {
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, value.as_int());
      out.append(buf, static_cast<std::size_t>(res.ptr - buf));
      return;
    }
    case Value::Kind::kBool: out += value.as_bool() ? "true" : "false"; return;
    default: {
      Value one[1] = {value};
      Printer(out).do_print(one);
    }
  }
}

std::string to_go_string(const Value& value) {
  std::string out;
  append_go_string(out, value);
  return out;
}

}  // namespace sidecarctl::gotemplate
