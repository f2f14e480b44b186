// Tests on eight bytes of text at once (SWAR), for the scans every document goes through: each
// answers "is there any such byte in the word" exactly, without saying which one.
#pragma once

#include <cstdint>
#include <cstring>

namespace sidecarctl::yaml {

inline constexpr std::uint64_t kEachByte = 0x0101010101010101u;  // 0x01 in every byte
inline constexpr std::uint64_t kHighBits = 0x8080808080808080u;  // the top bit of every byte

// The 8 bytes at `p` as one word (any alignment).
inline std::uint64_t load_word(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// Some byte of `w` has its top bit set (not ASCII).
inline bool has_non_ascii(std::uint64_t w) { return (w & kHighBits) != 0; }

// Some byte of `w` equals `b`.
inline bool has_byte(std::uint64_t w, unsigned char b) {
  const std::uint64_t x = w ^ (kEachByte * b);  // a zero byte where w has b
  return ((x - kEachByte) & ~x & kHighBits) != 0;
}

// Some byte of `w` is below `n` (n <= 128), when every byte of `w` is ASCII.
inline bool has_byte_below(std::uint64_t w, unsigned char n) {
  return ((w - kEachByte * n) & ~w & kHighBits) != 0;
}

// `w` with every byte that equals `b` given bit 0x20 (a line feed becomes '*'), so that a test for
// control bytes lets `b` through. The mask of `b`'s bytes is exact: no borrow crosses a byte.
inline std::uint64_t mark_byte_printable(std::uint64_t w, unsigned char b) {
  const std::uint64_t x = w ^ (kEachByte * b);  // a zero byte where w has b
  const std::uint64_t low7 = ~kHighBits;
  const std::uint64_t zero_bytes = ~(((x & low7) + low7) | x) & kHighBits;  // top bit of each zero byte
  return w | (zero_bytes >> 2);
}

}  // namespace sidecarctl::yaml
