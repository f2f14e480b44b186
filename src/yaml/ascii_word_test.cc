// The word tests against a byte-by-byte answer: every byte value at every position of a word of
// otherwise plain letters, and next to the bytes that borrow in the subtraction.
#include "yaml/ascii_word.h"

#include <doctest/doctest.h>

#include <string>

namespace sidecarctl::yaml {
namespace {

TEST_CASE("ascii_word: each test finds any one byte at any position") {
  for (std::size_t at = 0; at < 8; ++at) {
    for (int b = 0; b < 256; ++b) {
      for (char fill : {'a', ' ', '\x01', '~', '\n'}) {
        std::string text(8, fill);
        text[at] = static_cast<char>(b);
        const std::uint64_t w = load_word(text.data());
        bool non_ascii = false, cr = false, del = false, below_space = false;
        for (char c : text) {
          auto u = static_cast<unsigned char>(c);
          non_ascii |= u >= 0x80;
          cr |= u == '\r';
          del |= u == 0x7F;
          below_space |= u < 0x20;
        }
        CHECK(has_non_ascii(w) == non_ascii);
        CHECK(has_byte(w, '\r') == cr);
        CHECK(has_byte(w, 0x7F) == del);
        if (!non_ascii) CHECK(has_byte_below(w, 0x20) == below_space);
        // Line feeds let through, every other byte below 0x20 still found.
        bool control_but_line_feed = false;
        for (char c : text) control_but_line_feed |= static_cast<unsigned char>(c) < 0x20 && c != '\n';
        if (!non_ascii) CHECK(has_byte_below(mark_byte_printable(w, '\n'), 0x20) == control_but_line_feed);
      }
    }
  }
}

}  // namespace
}  // namespace sidecarctl::yaml
