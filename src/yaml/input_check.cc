// YAML 1.1 printable set as go-yaml's reader enforces it: TAB, LF, CR, 0x20-0x7E, NEL, 0xA0-0xD7FF,
// 0xE000-0xFFFD (a BOM only at the start), 0x10000-0x10FFFF.
#include "yaml/input_check.h"

#include "yaml/go_format.h"

namespace sidecarctl::yaml {

std::string check_characters(std::string_view text, Mark* mark) {
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\n') {
        ++line;
        column = 1;
        ++i;
        continue;
      }
      if (c < 0x20 && c != '\t' && c != '\r') {
        *mark = Mark{line, column};
        return c == 0 ? "invalid NUL byte in input" : "control characters are not allowed";
      }
      if (c == 0x7F) {
        *mark = Mark{line, column};
        return "control characters are not allowed";
      }
      ++i;
      ++column;
      continue;
    }
    int n = utf8_sequence_length(text, i);
    if (n == 0) {
      *mark = Mark{line, column};
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
      *mark = Mark{line, column};
      return "control characters are not allowed";
    }
    i += static_cast<std::size_t>(n);
    ++column;
  }
  return {};
}

}  // namespace sidecarctl::yaml
