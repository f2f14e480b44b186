// Go's strings/path/unicode rules and goutils' word helpers, as sprig uses them.
#include "gotemplate/sprig_text.h"

#include "gotemplate/go_fmt.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace sidecarctl::gotemplate {
namespace {

unsigned char byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

// Applies `map` to every rune (invalid bytes become U+FFFD, as strings.Map does).
template <typename F>
std::string map_runes(std::string_view s, F map) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    Rune r = decode_rune(s, i);
    append_utf8(out, map(r.value));
    i += r.width;
  }
  return out;
}

bool contains_rune(std::string_view set, char32_t r) {
  for (std::size_t i = 0; i < set.size();) {
    Rune c = decode_rune(set, i);
    if (c.value == r) return true;
    i += c.width;
  }
  return false;
}

// Start of the last rune ending at `end` (Go's DecodeLastRune, simplified to valid UTF-8).
std::size_t last_rune_start(std::string_view s, std::size_t end) {
  std::size_t start = end - 1;
  std::size_t limit = end >= 4 ? end - 4 : 0;
  while (start > limit && (byte_at(s, start) & 0xC0) == 0x80) --start;
  Rune r = decode_rune(s, start);
  if (start + r.width != end) return end - 1;
  return start;
}

}  // namespace

Rune decode_rune(std::string_view s, std::size_t pos) {
  std::size_t width = 1;
  char32_t r = decode_utf8(s, pos, width);
  return {r, width};
}

bool go_is_space(char32_t r) {
  switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

char32_t go_rune_upper(char32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
  if (r == 0xB5) return 0x39C;
  if (r >= 0xE0 && r <= 0xFE && r != 0xF7) return r - 32;
  if (r == 0xFF) return 0x178;
  if (r == 0x131) return 'I';
  if (r == 0x17F) return 'S';
  if ((r >= 0x100 && r <= 0x137) || (r >= 0x14A && r <= 0x177)) return (r % 2 == 1 && r != 0x131) ? r - 1 : r;
  if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E)) return r % 2 == 0 ? r - 1 : r;
  if (r == 0x3C2) return 0x3A3;
  if (r >= 0x3B1 && r <= 0x3C9) return r - 32;
  if (r >= 0x430 && r <= 0x44F) return r - 32;
  if (r >= 0x450 && r <= 0x45F) return r - 80;
  return r;
}

char32_t go_rune_lower(char32_t r) {
  if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
  if (r >= 0xC0 && r <= 0xDE && r != 0xD7) return r + 32;
  if (r == 0x130) return 'i';
  if (r == 0x178) return 0xFF;
  if ((r >= 0x100 && r <= 0x137) || (r >= 0x14A && r <= 0x177)) return r % 2 == 0 ? r + 1 : r;
  if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E)) return r % 2 == 1 ? r + 1 : r;
  if (r >= 0x391 && r <= 0x3A9 && r != 0x3A2) return r + 32;
  if (r >= 0x410 && r <= 0x42F) return r + 32;
  if (r >= 0x400 && r <= 0x40F) return r + 80;
  return r;
}

bool go_is_letter_or_digit(char32_t r) {
  if (r < 0x80) return (r >= '0' && r <= '9') || ((r | 0x20) >= 'a' && (r | 0x20) <= 'z');
  return !go_is_space(r) && go_rune_upper(r) != go_rune_lower(r);
}

std::string go_to_upper(std::string_view s) { return map_runes(s, go_rune_upper); }
std::string go_to_lower(std::string_view s) { return map_runes(s, go_rune_lower); }

std::string go_title(std::string_view s) {
  // A rune starts a word when the previous one is a separator: for ASCII anything but letters,
  // digits and '_'; beyond ASCII only white space (letters, digits and symbols are not).
  auto is_separator = [](char32_t r) {
    if (r <= 0x7F) return !(go_is_letter_or_digit(r) || r == '_');
    return go_is_space(r);
  };
  char32_t prev = ' ';
  return map_runes(s, [&](char32_t r) {
    char32_t out = is_separator(prev) ? go_rune_upper(r) : r;
    prev = r;
    return out;
  });
}

std::string go_trim_space(std::string_view s) {
  std::size_t start = 0;
  while (start < s.size()) {
    Rune r = decode_rune(s, start);
    if (!go_is_space(r.value)) break;
    start += r.width;
  }
  std::size_t end = s.size();
  while (end > start) {
    std::size_t p = last_rune_start(s, end);
    if (!go_is_space(decode_rune(s, p).value)) break;
    end = p;
  }
  return std::string(s.substr(start, end - start));
}

std::string go_trim_cutset(std::string_view s, std::string_view cutset) {
  if (s.empty() || cutset.empty()) return std::string(s);
  std::size_t start = 0;
  while (start < s.size()) {
    Rune r = decode_rune(s, start);
    if (!contains_rune(cutset, r.value)) break;
    start += r.width;
  }
  std::size_t end = s.size();
  while (end > start) {
    std::size_t p = last_rune_start(s, end);
    if (!contains_rune(cutset, decode_rune(s, p).value)) break;
    end = p;
  }
  return std::string(s.substr(start, end - start));
}

std::string go_replace_all(std::string_view s, std::string_view old_text, std::string_view new_text) {
  std::string out;
  if (old_text.empty()) {
    out.append(new_text);
    for (std::size_t i = 0; i < s.size();) {
      std::size_t w = decode_rune(s, i).width;
      out.append(s.substr(i, w));
      out.append(new_text);
      i += w;
    }
    return out;
  }
  std::size_t pos = 0;
  while (true) {
    std::size_t hit = s.find(old_text, pos);
    if (hit == std::string_view::npos) break;
    out.append(s.substr(pos, hit - pos));
    out.append(new_text);
    pos = hit + old_text.size();
  }
  out.append(s.substr(pos));
  return out;
}

std::vector<std::string> go_split(std::string_view s, std::string_view sep, int n) {
  std::vector<std::string> parts;
  if (n == 0) return parts;
  if (sep.empty()) {
    for (std::size_t i = 0; i < s.size();) {
      if (n > 0 && static_cast<int>(parts.size()) == n - 1) {
        parts.emplace_back(s.substr(i));
        break;
      }
      std::size_t w = decode_rune(s, i).width;
      parts.emplace_back(s.substr(i, w));
      i += w;
    }
    return parts;
  }
  std::size_t pos = 0;
  while (n < 0 || static_cast<int>(parts.size()) < n - 1) {
    std::size_t hit = s.find(sep, pos);
    if (hit == std::string_view::npos) break;
    parts.emplace_back(s.substr(pos, hit - pos));
    pos = hit + sep.size();
  }
  parts.emplace_back(s.substr(pos));
  return parts;
}

std::vector<std::string> go_fields(std::string_view s) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (i < s.size()) {
    Rune r = decode_rune(s, i);
    if (go_is_space(r.value)) {
      i += r.width;
      continue;
    }
    std::size_t start = i;
    while (i < s.size()) {
      Rune c = decode_rune(s, i);
      if (go_is_space(c.value)) break;
      i += c.width;
    }
    fields.emplace_back(s.substr(start, i - start));
  }
  return fields;
}

std::string sprig_untitle(std::string_view s) {
  bool next = true;
  return map_runes(s, [&](char32_t r) {
    if (go_is_space(r)) {
      next = true;
      return r;
    }
    if (next) {
      next = false;
      return go_rune_lower(r);
    }
    return r;
  });
}

// goutils walks bytes and treats each byte as a rune (so bytes >= 0x80 are re-encoded).
std::string sprig_initials(std::string_view s) {
  std::string out;
  bool gap = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t ch = byte_at(s, i);
    if (go_is_space(ch)) {
      gap = true;
    } else if (gap) {
      append_utf8(out, ch);
      gap = false;
    }
  }
  return out;
}

std::string sprig_nospace(std::string_view s) {
  std::string out;
  bool removed = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t ch = byte_at(s, i);
    if (go_is_space(ch)) {
      removed = true;
    } else {
      append_utf8(out, ch);
    }
  }
  return removed ? out : std::string(s);
}

std::string sprig_wrap(std::string_view s, int width, std::string_view newline, bool wrap_long) {
  if (s.empty()) return "";
  if (newline.empty()) newline = "\n";
  std::size_t wrap = width < 1 ? 1 : static_cast<std::size_t>(width);
  std::string out;
  std::size_t offset = 0;
  while (s.size() - offset > wrap) {
    if (s[offset] == ' ') {
      ++offset;
      continue;
    }
    std::string_view window = s.substr(offset, wrap + 1);
    std::size_t space = window.rfind(' ');
    if (space != std::string_view::npos) {
      out.append(s.substr(offset, space));
      out.append(newline);
      offset += space + 1;
      continue;
    }
    if (wrap_long) {
      out.append(s.substr(offset, wrap));
      out.append(newline);
      offset += wrap;
      continue;
    }
    std::size_t next = s.find(' ', offset + wrap);
    if (next == std::string_view::npos) {
      out.append(s.substr(offset));
      offset = s.size();
    } else {
      out.append(s.substr(offset, next - offset));
      out.append(newline);
      offset = next + 1;
    }
  }
  out.append(s.substr(offset));
  return out;
}

std::string sprig_abbrev_full(std::string_view s, int offset, int width) {
  if (s.empty() || width < 4) return "";
  auto len = static_cast<int>(s.size());
  if (len <= width) return std::string(s);
  if (offset > len) offset = len;
  if (len - offset < width - 3) offset = len - (width - 3);
  if (offset <= 4) return std::string(s.substr(0, static_cast<std::size_t>(width - 3))) + "...";
  if (width < 7) return "";
  if (offset + width - 3 < len) {
    return "..." + sprig_abbrev_full(s.substr(static_cast<std::size_t>(offset)), 0, width - 3);
  }
  return "..." + std::string(s.substr(static_cast<std::size_t>(len - (width - 3))));
}

std::string sprig_abbrev(std::string_view s, int width) {
  if (width < 4) return std::string(s);
  return sprig_abbrev_full(s, 0, width);
}

std::string sprig_swapcase(std::string_view s) {
  bool space = true;
  return map_runes(s, [&](char32_t r) {
    char32_t up = go_rune_upper(r);
    char32_t low = go_rune_lower(r);
    if (low != r) {  // upper or title case
      space = false;
      return low;
    }
    if (up != r) {  // lower case: title case after space, upper case elsewhere (the same here)
      space = false;
      return up;
    }
    space = go_is_space(r);
    return r;
  });
}

std::string go_path_clean(std::string_view p) {
  if (p.empty()) return ".";
  bool rooted = p[0] == '/';
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < p.size()) {
    std::size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    std::string_view elem = p.substr(i, j - i);
    i = j + 1;
    if (elem.empty() || elem == ".") continue;
    if (elem == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back(elem);
      }
      continue;
    }
    parts.push_back(elem);
  }
  std::string out = rooted ? "/" : "";
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += '/';
    out.append(parts[k]);
  }
  return out.empty() ? "." : out;
}

std::pair<std::string, std::string> go_path_split(std::string_view p) {
  std::size_t slash = p.rfind('/');
  std::size_t cut = slash == std::string_view::npos ? 0 : slash + 1;
  return {std::string(p.substr(0, cut)), std::string(p.substr(cut))};
}

std::string go_path_base(std::string_view p) {
  if (p.empty()) return ".";
  while (!p.empty() && p.back() == '/') p.remove_suffix(1);
  std::size_t slash = p.rfind('/');
  if (slash != std::string_view::npos) p = p.substr(slash + 1);
  return p.empty() ? "/" : std::string(p);
}

std::string go_path_dir(std::string_view p) { return go_path_clean(go_path_split(p).first); }

std::string go_path_ext(std::string_view p) {
  for (std::size_t i = p.size(); i > 0 && p[i - 1] != '/'; --i) {
    if (p[i - 1] == '.') return std::string(p.substr(i - 1));
  }
  return "";
}

bool go_path_is_abs(std::string_view p) { return !p.empty() && p[0] == '/'; }

namespace {

constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int alphabet_index(std::string_view alphabet, char c) {
  std::size_t i = alphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

bool is_newline(char c) { return c == '\n' || c == '\r'; }

std::string corrupt(std::string_view what, std::size_t at) {
  return "illegal " + std::string(what) + " data at input byte " + std::to_string(at);
}

}  // namespace

std::string base64_encode(std::string_view data) {
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t v = (byte_at(data, i) << 16) | (byte_at(data, i + 1) << 8) | byte_at(data, i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out += kBase64[(v >> shift) & 0x3F];
  }
  std::size_t rest = data.size() - i;
  if (rest > 0) {
    std::uint32_t v = byte_at(data, i) << 16;
    if (rest == 2) v |= byte_at(data, i + 1) << 8;
    out += kBase64[(v >> 18) & 0x3F];
    out += kBase64[(v >> 12) & 0x3F];
    out += rest == 2 ? kBase64[(v >> 6) & 0x3F] : '=';
    out += '=';
  }
  return out;
}

// Mirrors encoding/base64's decodeQuantum loop, including where it reports corrupt input.
std::pair<std::string, std::optional<std::string>> base64_decode(std::string_view src) {
  std::string out;
  std::size_t si = 0;
  while (true) {
    std::array<int, 4> dbuf{};
    int dlen = 4;
    std::optional<std::string> err;
    bool done = false;
    for (int j = 0; j < 4; ++j) {
      if (si == src.size()) {
        if (j == 0) return {out, std::nullopt};
        return {out, corrupt("base64", si - static_cast<std::size_t>(j))};
      }
      char in = src[si++];
      int v = alphabet_index(kBase64, in);
      if (v >= 0) {
        dbuf[static_cast<std::size_t>(j)] = v;
        continue;
      }
      if (is_newline(in)) {
        --j;
        continue;
      }
      if (in != '=' || j < 2) return {out, corrupt("base64", si - 1)};
      if (j == 2) {
        while (si < src.size() && is_newline(src[si])) ++si;
        if (si == src.size()) return {out, corrupt("base64", src.size())};
        if (src[si] != '=') return {out, corrupt("base64", si - 1)};
        ++si;
      }
      while (si < src.size() && is_newline(src[si])) ++si;
      if (si < src.size()) err = corrupt("base64", si);
      dlen = j;
      done = true;
      break;
    }
    std::uint32_t v = (static_cast<std::uint32_t>(dbuf[0]) << 18) | (static_cast<std::uint32_t>(dbuf[1]) << 12) |
                      (static_cast<std::uint32_t>(dbuf[2]) << 6) | static_cast<std::uint32_t>(dbuf[3]);
    for (int k = 0; k < dlen - 1; ++k) out += static_cast<char>((v >> (16 - 8 * k)) & 0xFF);
    if (err) return {out, err};
    if (done) {
      if (si < src.size()) continue;
      return {out, std::nullopt};
    }
  }
}

std::string base32_encode(std::string_view data) {
  std::string out;
  for (std::size_t i = 0; i < data.size(); i += 5) {
    std::size_t n = std::min<std::size_t>(5, data.size() - i);
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < 5; ++k) v = (v << 8) | (k < n ? byte_at(data, i + k) : 0u);
    static constexpr std::array<std::size_t, 6> kChars = {0, 2, 4, 5, 7, 8};
    std::size_t chars = kChars[n];
    for (std::size_t k = 0; k < 8; ++k) {
      out += k < chars ? kBase32[(v >> (35 - 5 * k)) & 0x1F] : '=';
    }
  }
  return out;
}

// Mirrors encoding/base32's decode (newlines stripped first, then 8-character quanta).
std::pair<std::string, std::optional<std::string>> base32_decode(std::string_view text) {
  std::string src;
  for (char c : text) {
    if (!is_newline(c)) src += c;
  }
  std::string out;
  std::size_t pos = 0;
  bool end = false;
  const std::size_t olen = src.size();
  while (pos < src.size() && !end) {
    std::array<std::uint64_t, 8> dbuf{};
    std::size_t dlen = 8;
    for (std::size_t j = 0; j < 8;) {
      if (pos == src.size()) return {out, corrupt("base32", olen - j)};
      char in = src[pos++];
      std::size_t remaining = src.size() - pos;
      if (in == '=' && j >= 2 && remaining < 8) {
        if (remaining + j < 7) return {out, corrupt("base32", olen)};
        for (std::size_t k = 0; k < 7 - j; ++k) {
          if (remaining > k && src[pos + k] != '=') return {out, corrupt("base32", pos + k - 1)};
        }
        dlen = j;
        end = true;
        if (dlen == 1 || dlen == 3 || dlen == 6) return {out, corrupt("base32", pos - 1)};
        break;
      }
      int v = alphabet_index(kBase32, in);
      if (v < 0) return {out, corrupt("base32", pos - 1)};
      dbuf[j++] = static_cast<std::uint64_t>(v);
    }
    std::uint64_t v = 0;
    for (std::uint64_t d : dbuf) v = (v << 5) | d;
    static constexpr std::array<std::size_t, 9> kBytes = {0, 0, 1, 0, 2, 3, 0, 4, 5};
    for (std::size_t k = 0; k < kBytes[dlen]; ++k) out += static_cast<char>((v >> (32 - 8 * k)) & 0xFF);
  }
  return {out, std::nullopt};
}

namespace {

std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

// Pads a message as SHA-1/SHA-256 do: 0x80, zeros, 64-bit big-endian bit length.
std::string md_pad(std::string_view data) {
  std::string msg(data);
  std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  msg += static_cast<char>(0x80);
  while (msg.size() % 64 != 56) msg += '\0';
  for (int shift = 56; shift >= 0; shift -= 8) msg += static_cast<char>((bits >> shift) & 0xFF);
  return msg;
}

std::uint32_t load_be32(std::string_view s, std::size_t i) {
  return (static_cast<std::uint32_t>(byte_at(s, i)) << 24) | (static_cast<std::uint32_t>(byte_at(s, i + 1)) << 16) |
         (static_cast<std::uint32_t>(byte_at(s, i + 2)) << 8) | byte_at(s, i + 3);
}

template <std::size_t N>
std::string hex_words(const std::array<std::uint32_t, N>& words) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (std::uint32_t w : words) {
    for (int shift = 28; shift >= 0; shift -= 4) out += kHex[(w >> shift) & 0xF];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  static constexpr std::array<std::uint32_t, 64> k = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string msg = md_pad(data);
  for (std::size_t block = 0; block < msg.size(); block += 64) {
    std::array<std::uint32_t, 64> w{};
    for (std::size_t t = 0; t < 16; ++t) w[t] = load_be32(msg, block + 4 * t);
    for (std::size_t t = 16; t < 64; ++t) {
      std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    std::array<std::uint32_t, 8> a = h;
    for (std::size_t t = 0; t < 64; ++t) {
      std::uint32_t s1 = rotr(a[4], 6) ^ rotr(a[4], 11) ^ rotr(a[4], 25);
      std::uint32_t ch = (a[4] & a[5]) ^ (~a[4] & a[6]);
      std::uint32_t t1 = a[7] + s1 + ch + k[t] + w[t];
      std::uint32_t s0 = rotr(a[0], 2) ^ rotr(a[0], 13) ^ rotr(a[0], 22);
      std::uint32_t maj = (a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]);
      std::uint32_t t2 = s0 + maj;
      a = {t1 + t2, a[0], a[1], a[2], a[3] + t1, a[4], a[5], a[6]};
    }
    for (std::size_t i = 0; i < 8; ++i) h[i] += a[i];
  }
  return hex_words(h);
}

std::string sha1_hex(std::string_view data) {
  std::array<std::uint32_t, 5> h = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::string msg = md_pad(data);
  for (std::size_t block = 0; block < msg.size(); block += 64) {
    std::array<std::uint32_t, 80> w{};
    for (std::size_t t = 0; t < 16; ++t) w[t] = load_be32(msg, block + 4 * t);
    for (std::size_t t = 16; t < 80; ++t) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    std::array<std::uint32_t, 5> a = h;
    for (std::size_t t = 0; t < 80; ++t) {
      std::uint32_t f = 0;
      std::uint32_t k = 0;
      if (t < 20) {
        f = (a[1] & a[2]) | (~a[1] & a[3]);
        k = 0x5A827999;
      } else if (t < 40) {
        f = a[1] ^ a[2] ^ a[3];
        k = 0x6ED9EBA1;
      } else if (t < 60) {
        f = (a[1] & a[2]) | (a[1] & a[3]) | (a[2] & a[3]);
        k = 0x8F1BBCDC;
      } else {
        f = a[1] ^ a[2] ^ a[3];
        k = 0xCA62C1D6;
      }
      std::uint32_t temp = rotl(a[0], 5) + f + a[4] + k + w[t];
      a = {temp, a[0], rotl(a[1], 30), a[2], a[3]};
    }
    for (std::size_t i = 0; i < 5; ++i) h[i] += a[i];
  }
  return hex_words(h);
}

unsigned adler32(std::string_view data) {
  constexpr std::uint32_t kMod = 65521;
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    a = (a + byte_at(data, i)) % kMod;
    b = (b + a) % kMod;
  }
  return (b << 16) | a;
}

}  // namespace sidecarctl::gotemplate
