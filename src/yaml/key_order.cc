// Comparison over code points (Go converts keys to []rune). Letters are Unicode letters as far as
// the C library's UTF-8 locale knows them; digits are ASCII digits only (see README).
#include "yaml/key_order.h"

#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <cstdint>

namespace sidecarctl::yaml {
namespace {

std::vector<char32_t> to_runes(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + static_cast<std::size_t>(n) > s.size()) n = 1;
    char32_t r = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (int k = 1; k < n; ++k) r = (r << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3Fu);
    out.push_back(r);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

bool is_letter(char32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (utf8 == static_cast<locale_t>(nullptr)) return false;
  return iswalpha_l(static_cast<wint_t>(r), utf8) != 0;
}

bool is_digit(char32_t r) { return r >= '0' && r <= '9'; }

bool less_runes(const std::vector<char32_t>& a, const std::vector<char32_t>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    bool al = is_letter(a[i]);
    bool bl = is_letter(b[i]);
    if (al && bl) return a[i] < b[i];
    if (al || bl) return bl;
    // Go accumulates in int64 and wraps on overflow; unsigned arithmetic reproduces that.
    std::uint64_t an = 0, bn = 0;
    if (a[i] == '0' || b[i] == '0') {
      for (std::size_t j = i; j-- > 0 && is_digit(a[j]);) {
        if (a[j] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    std::size_t ai = i, bi = i;
    for (; ai < a.size() && is_digit(a[ai]); ++ai) an = an * 10 + (a[ai] - '0');
    for (; bi < b.size() && is_digit(b[bi]); ++bi) bn = bn * 10 + (b[bi] - '0');
    if (an != bn) return static_cast<std::int64_t>(an) < static_cast<std::int64_t>(bn);
    if (ai != bi) return ai < bi;
    return a[i] < b[i];
  }
  return a.size() < b.size();
}

}  // namespace

bool go_yaml_key_less(std::string_view a, std::string_view b) { return less_runes(to_runes(a), to_runes(b)); }

void sort_keys_go_yaml(std::vector<const std::string*>& keys) {
  struct Entry {
    const std::string* key;
    std::vector<char32_t> runes;
  };
  std::vector<Entry> entries;
  entries.reserve(keys.size());
  for (const std::string* k : keys) entries.push_back(Entry{k, to_runes(*k)});
  auto less = [](const Entry& x, const Entry& y) { return less_runes(x.runes, y.runes); };
  // Insertion sort (what Go's sort does for short inputs) is safe even if the order is not a
  // strict weak ordering; longer inputs use a stable merge sort.
  if (entries.size() <= 12) {
    for (std::size_t i = 1; i < entries.size(); ++i) {
      for (std::size_t j = i; j > 0 && less(entries[j], entries[j - 1]); --j) std::swap(entries[j], entries[j - 1]);
    }
  } else {
    std::stable_sort(entries.begin(), entries.end(), less);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = entries[i].key;
}

}  // namespace sidecarctl::yaml
