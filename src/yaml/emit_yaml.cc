// to_yaml: the output of sigs.k8s.io/yaml.Marshal, i.e. json.Marshal followed by go-yaml v2's
// encoder and emitter (libyaml's state machine, best_indent 2, best_width 80, unicode on).
// The emitter below keeps the same state variables (column, whitespace, indention, indent stack,
// flow level, node context) so indentation, quoting and line folding come out identical.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "yaml/emit.h"
#include "yaml/byte_set.h"
#include "yaml/go_format.h"
#include "yaml/key_order.h"
#include "yaml/scalar_resolution.h"

namespace sidecarctl::yaml {
namespace {

constexpr int kBestIndent = 2;
constexpr int kBestWidth = 80;

enum class Style { kPlain, kSingle, kDouble, kLiteral };

unsigned byte_at(std::string_view s, std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; }

int char_width(unsigned b) {
  if ((b & 0x80u) == 0) return 1;
  if ((b & 0xE0u) == 0xC0u) return 2;
  if ((b & 0xF0u) == 0xE0u) return 3;
  if ((b & 0xF8u) == 0xF0u) return 4;
  return 1;
}

bool is_space(std::string_view s, std::size_t i) { return byte_at(s, i) == ' '; }

bool is_break(std::string_view s, std::size_t i) {
  unsigned b = byte_at(s, i);
  return b == '\r' || b == '\n' || (b == 0xC2 && byte_at(s, i + 1) == 0x85) ||
         (b == 0xE2 && byte_at(s, i + 1) == 0x80 && (byte_at(s, i + 2) == 0xA8 || byte_at(s, i + 2) == 0xA9));
}

// libyaml's is_printable over UTF-8 bytes (4-byte sequences count as not printable).
bool is_printable(std::string_view s, std::size_t i) {
  unsigned b = byte_at(s, i);
  unsigned b1 = byte_at(s, i + 1);
  unsigned b2 = byte_at(s, i + 2);
  return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) || (b > 0xC2 && b < 0xED) ||
         (b == 0xED && b1 < 0xA0) || b == 0xEE ||
         (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
}

// What yaml_emitter_analyze_scalar concludes about a value.
struct Analysis {
  bool multiline = false;
  bool block_plain_allowed = true;
  bool flow_plain_allowed = true;
  bool single_quoted_allowed = true;
  bool block_allowed = true;
};

// Letters, digits and `-._/` after a letter or digit: nothing the analysis below reacts to (most
// keys and values of a manifest), so every style stays allowed.
constexpr std::string_view kAlnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr ByteSet kWordStart = byte_set(kAlnum);
constexpr ByteSet kWordBytes = [] {
  ByteSet set = byte_set(kAlnum);
  for (char c : std::string_view("-._/")) set[static_cast<unsigned char>(c)] = true;
  return set;
}();

bool is_simple_word(std::string_view v) {
  if (v.empty() || !in_set(kWordStart, v[0])) return false;
  for (char c : v) {
    if (!in_set(kWordBytes, c)) return false;
  }
  return true;
}

Analysis analyze(std::string_view v) {
  Analysis a;
  if (is_simple_word(v)) return a;
  if (v.empty()) {
    a.flow_plain_allowed = false;
    a.block_allowed = false;
    return a;
  }
  bool block_indicators = false, flow_indicators = false, line_breaks = false, special = false;
  bool leading_space = false, leading_break = false, trailing_space = false, trailing_break = false;
  bool break_space = false, space_break = false, previous_space = false, previous_break = false;
  if (v.size() >= 3 && (v.substr(0, 3) == "---" || v.substr(0, 3) == "...")) {
    block_indicators = true;
    flow_indicators = true;
  }
  bool preceded_by_whitespace = true;
  for (std::size_t i = 0; i < v.size();) {
    auto w = static_cast<std::size_t>(char_width(byte_at(v, i)));
    // Asked only for ':', '?' and '-' (most bytes need no look ahead).
    auto followed_by_whitespace = [&] {
      return i + w >= v.size() || byte_at(v, i + w) == ' ' || byte_at(v, i + w) == '\t';
    };
    char c = v[i];
    if (i == 0) {
      switch (c) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*': case '!':
        case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
          flow_indicators = true;
          block_indicators = true;
          break;
        case '?': case ':':
          flow_indicators = true;
          if (followed_by_whitespace()) block_indicators = true;
          break;
        case '-':
          if (followed_by_whitespace()) {
            flow_indicators = true;
            block_indicators = true;
          }
          break;
        default: break;
      }
    } else {
      switch (c) {
        case ',': case '?': case '[': case ']': case '{': case '}':
          flow_indicators = true;
          break;
        case ':':
          flow_indicators = true;
          if (followed_by_whitespace()) block_indicators = true;
          break;
        case '#':
          if (preceded_by_whitespace) {
            flow_indicators = true;
            block_indicators = true;
          }
          break;
        default: break;
      }
    }
    // ASCII (most of what reaches this loop) is classified here without the multi-byte tests.
    const unsigned b = byte_at(v, i);
    const bool ascii = b < 0x80;
    const bool line_break = ascii ? b == '\r' || b == '\n' : is_break(v, i);
    if (ascii ? !(b == 0x0A || (b >= 0x20 && b <= 0x7E)) : !is_printable(v, i)) special = true;
    if (b == ' ') {
      if (i == 0) leading_space = true;
      if (i + w == v.size()) trailing_space = true;
      if (previous_break) break_space = true;
      previous_space = true;
      previous_break = false;
    } else if (line_break) {
      line_breaks = true;
      if (i == 0) leading_break = true;
      if (i + w == v.size()) trailing_break = true;
      if (previous_space) space_break = true;
      previous_space = false;
      previous_break = true;
    } else {
      previous_space = false;
      previous_break = false;
    }
    preceded_by_whitespace = b == ' ' || b == '\t' || b == 0 || line_break;
    i += w;
  }
  a.multiline = line_breaks;
  if (leading_space || leading_break || trailing_space || trailing_break) {
    a.flow_plain_allowed = false;
    a.block_plain_allowed = false;
  }
  if (trailing_space) a.block_allowed = false;
  if (break_space) {
    a.flow_plain_allowed = false;
    a.block_plain_allowed = false;
    a.single_quoted_allowed = false;
  }
  if (space_break || special) {
    a.flow_plain_allowed = false;
    a.block_plain_allowed = false;
    a.single_quoted_allowed = false;
    a.block_allowed = false;
  }
  if (line_breaks) {
    a.flow_plain_allowed = false;
    a.block_plain_allowed = false;
  }
  if (flow_indicators) a.flow_plain_allowed = false;
  if (block_indicators) a.block_plain_allowed = false;
  return a;
}

// A string as sigs.k8s.io/yaml sees it after its JSON step: invalid UTF-8 replaced, NELs folded.
std::string json_round_trip(std::string_view s) { return fold_next_lines(sanitize_utf8(s)); }

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    int n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += static_cast<std::size_t>(n);
  }
  return true;
}

// The scalar text go-yaml is handed for a JSON float after the json.Marshal round trip.
std::string float_text(double f) {
  if (std::isnan(f)) return ".nan";
  if (std::isinf(f)) return f > 0 ? ".inf" : "-.inf";
  std::string json = format_float_json(f);
  if (json.find_first_of(".eE") == std::string::npos) {
    // Integral text: go-yaml reads it back as an int (or uint, or float when out of range).
    ResolvedScalar r = resolve_scalar("", json);
    if (r.kind == ScalarKind::kInt) return std::to_string(r.int_value);
    if (r.kind == ScalarKind::kUint) return std::to_string(r.uint_value);
  }
  return format_float_g(f);
}

class Emitter {
 public:
  std::string take() { return std::move(out_); }
  void reserve(std::size_t n) { out_.reserve(n); }

  void document(const Json& root) {
    node(root, true, false, false, false);
    // Document end: a final line break unless at the start of a line.
    indent_ = -1;
    write_indent();
  }

 private:
  void put(char c) {
    out_.push_back(c);
    ++column_;
  }

  void put_break() {
    out_.push_back('\n');
    column_ = 0;
  }

  // Copies one UTF-8 character.
  void write(std::string_view s, std::size_t& i) {
    auto w = static_cast<std::size_t>(char_width(byte_at(s, i)));
    if (i + w > s.size()) w = s.size() - i;
    out_.append(s.substr(i, w));
    ++column_;
    i += w;
  }

  void write_break(std::string_view s, std::size_t& i) {
    if (s[i] == '\n') {
      put_break();
      ++i;
    } else {
      write(s, i);
      column_ = 0;
    }
  }

  void increase_indent(bool flow, bool indentless) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? kBestIndent : 0;
    } else if (!indentless) {
      indent_ += kBestIndent;
    }
  }

  void pop_indent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }

  void write_indent() {
    int indent = indent_ < 0 ? 0 : indent_;
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) put_break();
    while (column_ < indent) put(' ');
    whitespace_ = true;
    indention_ = true;
  }

  void write_indicator(std::string_view indicator, bool need_whitespace, bool is_whitespace, bool is_indention) {
    if (need_whitespace && !whitespace_) put(' ');
    for (std::size_t i = 0; i < indicator.size();) write(indicator, i);
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }

  void node(const Json& v, bool root, bool sequence, bool mapping, bool simple_key) {
    root_context_ = root;
    sequence_context_ = sequence;
    mapping_context_ = mapping;
    simple_key_context_ = simple_key;
    switch (v.type()) {
      case Json::value_t::object:
        if (v.empty()) {
          empty_flow("{", "}");
        } else {
          block_mapping(v);
        }
        return;
      case Json::value_t::array:
        if (v.empty()) {
          empty_flow("[", "]");
        } else {
          block_sequence(v);
        }
        return;
      case Json::value_t::string: string_scalar(v.get_ref<const std::string&>()); return;
      case Json::value_t::boolean: scalar(v.get<bool>() ? "true" : "false", Style::kPlain); return;
      case Json::value_t::number_integer: scalar(std::to_string(v.get<std::int64_t>()), Style::kPlain); return;
      case Json::value_t::number_unsigned: scalar(std::to_string(v.get<std::uint64_t>()), Style::kPlain); return;
      case Json::value_t::number_float: scalar(float_text(v.get<double>()), Style::kPlain); return;
      default: scalar("null", Style::kPlain); return;
    }
  }

  void empty_flow(std::string_view open, std::string_view close) {
    write_indicator(open, true, true, false);
    increase_indent(true, false);
    pop_indent();
    write_indicator(close, false, false, false);
  }

  void block_sequence(const Json& v) {
    increase_indent(false, mapping_context_ && !indention_);
    for (const Json& item : v) {
      write_indent();
      write_indicator("-", true, false, true);
      node(item, false, true, false, false);
    }
    pop_indent();
  }

  void block_mapping(const Json& v) {
    increase_indent(false, false);
    std::vector<std::pair<const std::string*, const Json*>> entries;
    entries.reserve(v.size());
    for (auto it = v.begin(); it != v.end(); ++it) entries.emplace_back(&it.key(), &*it);
    sort_by_go_yaml_key(entries, [](const auto& entry) -> const std::string& { return *entry.first; });
    for (const auto& [key, value] : entries) {
      write_indent();
      std::string sanitized;
      // A key holding U+0085 is not folded: sigs.k8s.io/yaml fails on it (a multi-line flow key).
      const std::string& k = valid_utf8(*key) ? *key : (sanitized = sanitize_utf8(*key));
      Analysis a = analyze(k);
      mapping_context_ = true;
      root_context_ = sequence_context_ = false;
      if (!a.multiline && k.size() <= 128) {
        simple_key_context_ = true;
        // go-yaml writes a "<<" key plain, which reads back as a merge key; quoting keeps it a string.
        if (k == "<<") {
          scalar(k, Style::kDouble, a);
        } else {
          string_scalar(k, a);
        }
        write_indicator(":", false, false, false);
      } else {
        write_indicator("?", true, false, true);
        simple_key_context_ = false;
        string_scalar(k, a);
        write_indent();
        write_indicator(":", true, false, true);
      }
      node(*value, false, false, true, false);
    }
    pop_indent();
  }

  // encoder.stringv: strings that would read back as something else are double-quoted,
  // multi-line strings are literal blocks, others plain (the emitter may still quote them).
  void string_scalar(const std::string& s, const Analysis& a) {
    Style style;
    if (s.find('\n') != std::string::npos) {
      style = Style::kLiteral;
    } else {
      ResolvedScalar r = resolve_scalar("", s);
      bool plain = r.kind == ScalarKind::kString && !is_base60_float(s);
      style = plain ? Style::kPlain : Style::kDouble;
    }
    scalar(s, style, a);
  }

  void string_scalar(const std::string& raw) {
    if (is_simple_word(raw)) {
      string_scalar(raw, Analysis{});  // ASCII: nothing to fold, every style allowed
    } else if (valid_utf8(raw) && !has_next_line(raw)) {
      string_scalar(raw, analyze(raw));
    } else {
      std::string s = json_round_trip(raw);
      string_scalar(s, analyze(s));
    }
  }

  void scalar(const std::string& value, Style style) { scalar(value, style, analyze(value)); }

  void scalar(const std::string& value, Style style, const Analysis& a) {
    if (simple_key_context_ && a.multiline) style = Style::kDouble;
    if (style == Style::kPlain) {
      if ((flow_level_ > 0 && !a.flow_plain_allowed) || (flow_level_ == 0 && !a.block_plain_allowed)) {
        style = Style::kSingle;
      }
      if (value.empty() && (flow_level_ > 0 || simple_key_context_)) style = Style::kSingle;
    }
    if (style == Style::kSingle && !a.single_quoted_allowed) style = Style::kDouble;
    if (style == Style::kLiteral && (!a.block_allowed || flow_level_ > 0 || simple_key_context_)) {
      style = Style::kDouble;
    }
    increase_indent(true, false);
    bool allow_breaks = !simple_key_context_;
    switch (style) {
      case Style::kPlain: write_plain(value, allow_breaks); break;
      case Style::kSingle: write_single_quoted(value, allow_breaks); break;
      case Style::kDouble: write_double_quoted(value, allow_breaks); break;
      case Style::kLiteral: write_literal(value); break;
    }
    pop_indent();
  }

  void write_plain(std::string_view v, bool allow_breaks) {
    if (!whitespace_) put(' ');
    // ASCII without spaces or line breaks: copied as is, one column per byte.
    if (std::all_of(v.begin(), v.end(), [](char c) { return c > ' ' && c < 0x7F; })) {
      out_.append(v);
      column_ += static_cast<int>(v.size());
      whitespace_ = false;
      indention_ = false;
      return;
    }
    bool spaces = false;
    bool breaks = false;
    for (std::size_t i = 0; i < v.size();) {
      if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && !is_space(v, i + 1)) {
          write_indent();
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    whitespace_ = false;
    indention_ = false;
  }

  void write_single_quoted(std::string_view v, bool allow_breaks) {
    write_indicator("'", true, false, false);
    bool spaces = false;
    bool breaks = false;
    for (std::size_t i = 0; i < v.size();) {
      if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i < v.size() - 1 && !is_space(v, i + 1)) {
          write_indent();
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        if (v[i] == '\'') put('\'');
        write(v, i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    write_indicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void write_double_quoted(std::string_view v, bool allow_breaks) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    bool spaces = false;
    write_indicator("\"", true, false, false);
    // libyaml's is_bom looks at the start of the value, not at the current character.
    bool starts_with_bom = byte_at(v, 0) == 0xEF && byte_at(v, 1) == 0xBB && byte_at(v, 2) == 0xBF;
    for (std::size_t i = 0; i < v.size();) {
      unsigned b = byte_at(v, i);
      if (!is_printable(v, i) || starts_with_bom || is_break(v, i) || b == '"' || b == '\\') {
        int w = char_width(b);
        char32_t r = w == 1 ? (b & 0x7Fu) : w == 2 ? (b & 0x1Fu) : w == 3 ? (b & 0x0Fu) : (b & 0x07u);
        for (int k = 1; k < w; ++k) r = (r << 6) | (byte_at(v, i + static_cast<std::size_t>(k)) & 0x3Fu);
        i += static_cast<std::size_t>(w);
        put('\\');
        switch (r) {
          case 0x00: put('0'); break;
          case 0x07: put('a'); break;
          case 0x08: put('b'); break;
          case 0x09: put('t'); break;
          case 0x0A: put('n'); break;
          case 0x0B: put('v'); break;
          case 0x0C: put('f'); break;
          case 0x0D: put('r'); break;
          case 0x1B: put('e'); break;
          case 0x22: put('"'); break;
          case 0x5C: put('\\'); break;
          case 0x85: put('N'); break;
          case 0xA0: put('_'); break;
          case 0x2028: put('L'); break;
          case 0x2029: put('P'); break;
          default: {
            int digits;
            if (r <= 0xFF) {
              put('x');
              digits = 2;
            } else if (r <= 0xFFFF) {
              put('u');
              digits = 4;
            } else {
              put('U');
              digits = 8;
            }
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) put(kHex[(r >> k) & 0x0Fu]);
          }
        }
        spaces = false;
      } else if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i < v.size() - 1) {
          write_indent();
          if (is_space(v, i + 1)) put('\\');
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else {
        write(v, i);
        spaces = false;
      }
    }
    write_indicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void write_literal(std::string_view v) {
    write_indicator("|", true, false, false);
    // Block scalar hints: an indentation indicator when the text starts with a space or break,
    // then the chomping indicator.
    if (is_space(v, 0) || is_break(v, 0)) write_indicator(std::string(1, static_cast<char>('0' + kBestIndent)), false, false, false);
    std::size_t last = v.size() - 1;
    while (last > 0 && (byte_at(v, last) & 0xC0u) == 0x80u) --last;
    if (!is_break(v, last)) {
      write_indicator("-", false, false, false);
    } else if (last == 0) {
      write_indicator("+", false, false, false);
    } else {
      std::size_t prev = last - 1;
      while (prev > 0 && (byte_at(v, prev) & 0xC0u) == 0x80u) --prev;
      if (is_break(v, prev)) write_indicator("+", false, false, false);
    }
    put_break();
    indention_ = true;
    whitespace_ = true;
    bool breaks = true;
    for (std::size_t i = 0; i < v.size();) {
      if (is_break(v, i)) {
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        breaks = false;
      }
    }
  }

  std::string out_;
  int column_ = 0;
  bool whitespace_ = true;
  bool indention_ = true;
  int indent_ = -1;
  std::vector<int> indents_;
  int flow_level_ = 0;
  bool root_context_ = false;
  bool sequence_context_ = false;
  bool mapping_context_ = false;
  bool simple_key_context_ = false;
};

}  // namespace

std::string to_yaml(const Json& value) {
  Emitter e;
  e.reserve(4096);
  e.document(value);
  return e.take();
}

}  // namespace sidecarctl::yaml
