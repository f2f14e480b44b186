// YAML 1.1 printable set as go-yaml's reader enforces it: TAB, LF, CR, 0x20-0x7E, NEL, 0xA0-0xD7FF,
// 0xE000-0xFFFD (a BOM only at the start), 0x10000-0x10FFFF.
#include "yaml/input_check.h"

#include <cstdint>

#include "yaml/ascii_word.h"
#include "yaml/go_format.h"

namespace sidecarctl::yaml {

namespace {

// Where byte `end` is in `text`, whose bytes before it passed the check (valid UTF-8): lines
// counted by LF, columns by character. Worked out only for an error, so the scan need not count.
Mark mark_at(std::string_view text, std::size_t end) {
  Mark mark{1, 1};
  for (std::size_t i = 0; i < end; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++mark.line;
      mark.column = 1;
    } else if ((c & 0xC0u) != 0x80u) {  // not a continuation byte: a character starts here
      ++mark.column;
    }
  }
  return mark;
}

}  // namespace

std::string check_characters(std::string_view text, Mark* mark) {
  for (std::size_t i = 0; i < text.size();) {
    if (i + 8 <= text.size()) {  // eight printable ASCII bytes (0x20-0x7E, or LF) at once
      const std::uint64_t w = load_word(text.data() + i);
      if (!has_non_ascii(w) && !has_byte_below(mark_byte_printable(w, '\n'), 0x20) && !has_byte(w, 0x7F)) {
        i += 8;
        continue;
      }
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F) {
        *mark = mark_at(text, i);
        return c == 0 ? "invalid NUL byte in input" : "control characters are not allowed";
      }
      ++i;
      continue;
    }
    int n = utf8_sequence_length(text, i);
    if (n == 0) {
      *mark = mark_at(text, i);
      return "invalid UTF-8 byte sequence";
    }
    unsigned cp = 0;
    if (n == 2) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
    } else if (n == 3) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    } else {
      cp = 0x10000;
    }
    bool allowed = cp == 0x85 || (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
    if (cp == 0xFEFF && i != 0) allowed = false;
    if (!allowed) {
      *mark = mark_at(text, i);
      return "control characters are not allowed";
    }
    i += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace sidecarctl::yaml
