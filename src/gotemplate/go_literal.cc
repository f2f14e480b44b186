// Go literal parsing: string and character unquoting (strconv.Unquote, UnquoteChar).
#include "gotemplate/go_literal.h"

#include "gotemplate/go_fmt.h"

namespace sidecarctl::gotemplate {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool valid_rune(char32_t r) { return r <= 0x10FFFF && (r < 0xD800 || r > 0xDFFF); }

}  // namespace

bool go_unquote_char(std::string_view s, char quote, char32_t& value, std::string_view& tail) {
  if (s.empty()) return false;
  auto c = static_cast<unsigned char>(s[0]);
  if (c == static_cast<unsigned char>(quote) && (quote == '\'' || quote == '"')) return false;
  if (c >= 0x80) {
    std::size_t width = 0;
    value = decode_utf8(s, 0, width);
    tail = s.substr(width);
    return true;
  }
  if (c != '\\') {
    value = c;
    tail = s.substr(1);
    return true;
  }
  if (s.size() <= 1) return false;
  char e = s[1];
  s.remove_prefix(2);
  switch (e) {
    case 'a': value = '\a'; break;
    case 'b': value = '\b'; break;
    case 'f': value = '\f'; break;
    case 'n': value = '\n'; break;
    case 'r': value = '\r'; break;
    case 't': value = '\t'; break;
    case 'v': value = '\v'; break;
    case 'x':
    case 'u':
    case 'U': {
      std::size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (s.size() < n) return false;
      char32_t v = 0;
      for (std::size_t j = 0; j < n; ++j) {
        int h = hex_value(s[j]);
        if (h < 0) return false;
        v = (v << 4) | static_cast<char32_t>(h);
      }
      s.remove_prefix(n);
      if (e != 'x' && !valid_rune(v)) return false;
      value = v;
      break;
    }
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      char32_t v = static_cast<char32_t>(e - '0');
      if (s.size() < 2) return false;
      for (int j = 0; j < 2; ++j) {
        int d = s[static_cast<std::size_t>(j)] - '0';
        if (d < 0 || d > 7) return false;
        v = (v << 3) | static_cast<char32_t>(d);
      }
      s.remove_prefix(2);
      if (v > 255) return false;
      value = v;
      break;
    }
    case '\\': value = '\\'; break;
    case '\'':
    case '"':
      if (e != quote) return false;
      value = static_cast<char32_t>(e);
      break;
    default: return false;
  }
  tail = s;
  return true;
}

std::optional<std::string> go_unquote(std::string_view q) {
  if (q.size() < 2) return std::nullopt;
  char quote = q.front();
  if (quote != q.back()) return std::nullopt;
  std::string_view body = q.substr(1, q.size() - 2);
  if (quote == '`') {
    if (body.find('`') != std::string_view::npos) return std::nullopt;
    std::string out;
    for (char c : body)
      if (c != '\r') out += c;
    return out;
  }
  if (quote != '"') return std::nullopt;
  if (body.find('\n') != std::string_view::npos) return std::nullopt;
  std::string out;
  while (!body.empty()) {
    // Byte escapes (\x, octal) produce raw bytes; other escapes and characters produce UTF-8.
    bool byte_escape = body.size() >= 2 && body[0] == '\\' &&
                       (body[1] == 'x' || (body[1] >= '0' && body[1] <= '7'));
    char32_t v = 0;
    std::string_view tail;
    if (!go_unquote_char(body, '"', v, tail)) return std::nullopt;
    if (byte_escape) {
      out += static_cast<char>(v);
    } else if (static_cast<unsigned char>(body[0]) >= 0x80) {
      out.append(body.substr(0, body.size() - tail.size()));  // keep the original bytes
    } else {
      append_utf8(out, v);
    }
    body = tail;
  }
  return out;
}

}  // namespace sidecarctl::gotemplate
