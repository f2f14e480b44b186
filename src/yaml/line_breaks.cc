// Rewriting lone CR, NEL, LS and PS the way go-yaml's reader and scanner treat them (see
// line_breaks.h).
// Known difference: in a literal block scalar go-yaml keeps blanks at the end of a line, so blanks
// before an LS or PS there are kept by go-yaml and dropped here.
#include "yaml/line_breaks.h"

#include <cstdint>

#include "yaml/ascii_word.h"

namespace sidecarctl::yaml {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Length of the lone CR (1 byte), NEL (2 bytes) or LS/PS (3 bytes) at `i`, else 0.
std::size_t break_length(std::string_view text, std::size_t i) {
  if (text[i] == '\r') return i + 1 < text.size() && text[i + 1] == '\n' ? 0 : 1;
  if (text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\x85') return 2;
  if (text[i] == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
      (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
    return 3;
  }
  return 0;
}

}  // namespace

bool rewrite_line_breaks(std::string_view text, std::string* out) {
  // One pass over the bytes (find_first_of with a set calls memchr on the set once per byte).
  std::size_t first = 0;
  for (; first < text.size(); ++first) {
    // Eight bytes at once while none is a CR or a non-ASCII byte (NEL, LS and PS start with one).
    while (first + 8 <= text.size()) {
      const std::uint64_t w = load_word(text.data() + first);
      if (has_non_ascii(w) || has_byte(w, '\r')) break;
      first += 8;
    }
    if (first == text.size()) break;
    char c = text[first];
    if ((c == '\r' || c == '\xC2' || c == '\xE2') && break_length(text, first) != 0) break;
  }
  if (first == text.size()) return false;
  out->assign(text.substr(0, first));
  for (std::size_t i = first; i < text.size();) {
    std::size_t n = break_length(text, i);
    if (n == 0) {
      out->push_back(text[i++]);
    } else if (n <= 2) {  // a lone CR or NEL
      out->push_back('\n');
      i += n;
    } else {
      while (!out->empty() && is_blank(out->back())) out->pop_back();
      out->append(text.substr(i, n));
      for (i += n; i < text.size() && is_blank(text[i]);) ++i;
    }
  }
  return true;
}

}  // namespace sidecarctl::yaml
