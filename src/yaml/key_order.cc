// Comparison over code points (Go converts keys to []rune). Letters are Unicode letters as far as
// the C library's UTF-8 locale knows them; digits are ASCII digits only (see README).
#include "yaml/key_order.h"

#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <cstdint>

namespace sidecarctl::yaml {
namespace {

// Decodes the code point at s[i] and advances i (invalid bytes read as themselves, one at a time).
char32_t next_rune(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + static_cast<std::size_t>(n) > s.size()) n = 1;
  char32_t r = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (int k = 1; k < n; ++k) r = (r << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3Fu);
  i += static_cast<std::size_t>(n);
  return r;
}

bool is_letter(char32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (utf8 == static_cast<locale_t>(nullptr)) return false;
  return iswalpha_l(static_cast<wint_t>(r), utf8) != 0;
}

bool is_digit(char32_t r) { return r >= '0' && r <= '9'; }

// Digits are ASCII, so digit runs can be walked byte by byte in either direction.
std::uint64_t digit_run(std::string_view s, std::size_t& i, std::uint64_t n) {
  for (; i < s.size() && is_digit(static_cast<unsigned char>(s[i])); ++i) n = n * 10 + static_cast<std::uint64_t>(s[i] - '0');
  return n;
}

}  // namespace

bool go_yaml_key_less(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    std::size_t ai = i, bj = j;
    auto byte_a = static_cast<unsigned char>(a[i]);
    auto byte_b = static_cast<unsigned char>(b[j]);
    if (byte_a == byte_b && byte_a < 0x80) {  // the same ASCII character, no decoding needed
      ++i;
      ++j;
      continue;
    }
    char32_t ra = next_rune(a, i);
    char32_t rb = next_rune(b, j);
    if (ra == rb) continue;
    bool al = is_letter(ra);
    bool bl = is_letter(rb);
    if (al && bl) return ra < rb;
    if (al || bl) return bl;
    // Go accumulates in int64 and wraps on overflow; unsigned arithmetic reproduces that.
    std::uint64_t an = 0, bn = 0;
    if (ra == '0' || rb == '0') {
      for (std::size_t k = ai; k-- > 0 && is_digit(static_cast<unsigned char>(a[k]));) {
        if (a[k] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    std::size_t ae = ai, be = bj;
    an = digit_run(a, ae, an);
    bn = digit_run(b, be, bn);
    if (an != bn) return static_cast<std::int64_t>(an) < static_cast<std::int64_t>(bn);
    // Go compares the run lengths in runes; the runs are ASCII and start at the same rune index.
    if (ae - ai != be - bj) return ae - ai < be - bj;
    return ra < rb;
  }
  // Fewer runes sorts first.
  std::size_t rest_a = 0, rest_b = 0;
  while (i < a.size()) {
    next_rune(a, i);
    ++rest_a;
  }
  while (j < b.size()) {
    next_rune(b, j);
    ++rest_b;
  }
  return rest_a < rest_b;
}

}  // namespace sidecarctl::yaml
