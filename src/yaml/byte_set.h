// A set of byte values as a table of 256 flags, built at compile time, for the byte scans of the
// parser and the emitters: one look-up per byte instead of a comparison per member.
#pragma once

#include <array>
#include <string_view>

namespace sidecarctl::yaml {

using ByteSet = std::array<bool, 256>;

// The set of the bytes in `members`.
constexpr ByteSet byte_set(std::string_view members) {
  ByteSet set{};
  for (char c : members) set[static_cast<unsigned char>(c)] = true;
  return set;
}

// Whether `c` is in `set`.
constexpr bool in_set(const ByteSet& set, char c) { return set[static_cast<unsigned char>(c)]; }

}  // namespace sidecarctl::yaml
