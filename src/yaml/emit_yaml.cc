// to_yaml: the output of sigs.k8s.io/yaml.Marshal, i.e. json.Marshal followed by go-yaml v2's
// encoder and emitter (libyaml's state machine, best_indent 2, best_width 80, unicode on).
// The emitter below keeps the same state variables (column, whitespace, indention, indent stack,
// node context) so indentation, quoting and line folding come out identical.
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "yaml/emit.h"
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

// What yaml_emitter_analyze_scalar concludes about a value. This emitter never opens a flow
// collection (empty ones are written whole), so what libyaml decides for flow context is not kept.
struct Analysis {
  bool multiline = false;
  bool block_plain_allowed = true;
  bool single_quoted_allowed = true;
  bool block_allowed = true;
};

// What one pass over a value's bytes tells the emitter: the union of these classes of its bytes.
enum ByteClass : unsigned {
  kNonWord = 1,      // not a letter, digit or one of `-._/`
  kUnprintable = 2,  // not printable ASCII: control bytes, DEL, bytes of multi-byte characters
  kMultiByte = 4,    // a byte of a multi-byte character (>= 0x80)
  kLineFeed = 8,
  kNotable = 16,  // is_notable
};

// What ascii_traits reacts to: indicators, spaces and control bytes.
constexpr bool is_notable(unsigned char b) {
  return b < 0x20 || b == ':' || b == '#' || b == ' ' || b == 0x7F;
}

// The classes of each byte value.
constexpr std::array<unsigned char, 256> kByteClasses = [] {
  std::array<unsigned char, 256> classes{};
  for (unsigned b = 0; b < 256; ++b) {
    bool word = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' ||
                b == '.' || b == '_' || b == '/';
    unsigned c = word ? 0u : kNonWord;
    if (b < 0x20 || b >= 0x7F) c |= kUnprintable;
    if (b >= 0x80) c |= kMultiByte;
    if (b == '\n') c |= kLineFeed;
    if (is_notable(static_cast<unsigned char>(b))) c |= kNotable;
    classes[b] = static_cast<unsigned char>(c);
  }
  return classes;
}();

unsigned byte_classes(std::string_view v) {
  unsigned classes = 0;
  for (char c : v) classes |= kByteClasses[static_cast<unsigned char>(c)];
  return classes;
}

// Letters, digits and `-._/` after a letter or digit: nothing the analysis below reacts to (most
// keys and values of a manifest), so every style stays allowed.
bool is_simple_word(std::string_view v, unsigned classes) {
  char first = v.empty() ? '\0' : v[0];
  bool alphanumeric =
      (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9');
  return alphanumeric && (classes & kNonWord) == 0;
}

// What the analysis records while walking a non-empty value, before its conclusions.
struct Traits {
  bool block_indicators = false;
  bool line_breaks = false;
  bool special = false;
  bool leading_space = false;
  bool leading_break = false;
  bool trailing_space = false;
  bool trailing_break = false;
  bool break_space = false;
  bool space_break = false;
};

// The block indicators that only count as the value's first character ("- x", "? x", "&a", ...).
bool first_character_indicates_block(std::string_view v) {
  bool whitespace_after = v.size() == 1 || v[1] == ' ' || v[1] == '\t';
  switch (v[0]) {
    case '#':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
      return true;
    case '?':
    case ':':
    case '-':
      return whitespace_after;
    default:
      return false;
  }
}

// The walk for ASCII values (one byte one character), skipping the bytes nothing depends on.
Traits ascii_traits(std::string_view v) {
  Traits t;
  auto is_break_byte = [](char c) { return c == '\n' || c == '\r'; };
  for (std::size_t i = 1; i < v.size(); ++i) {
    char c = v[i];
    if (!is_notable(static_cast<unsigned char>(c))) continue;
    char previous = v[i - 1];
    switch (c) {
      case ':':
        if (i + 1 == v.size() || v[i + 1] == ' ' || v[i + 1] == '\t') t.block_indicators = true;
        break;
      case '#':
        if (previous == ' ' || previous == '\t' || previous == '\0' || is_break_byte(previous))
          t.block_indicators = true;
        break;
      case ' ':
        if (is_break_byte(previous)) t.break_space = true;
        break;
      case '\r':
        t.special = true;
        [[fallthrough]];
      case '\n':
        t.line_breaks = true;
        if (previous == ' ') t.space_break = true;
        break;
      default:
        t.special = true;
        break;
    }
  }
  // The first byte: what the loop skipped, as libyaml sees it at the start of the value.
  char first = v[0];
  if (is_break_byte(first)) t.line_breaks = true;
  if (first != '\n' && (static_cast<unsigned char>(first) < 0x20 || first == 0x7F)) t.special = true;
  t.leading_space = first == ' ';
  t.leading_break = is_break_byte(first);
  t.trailing_space = v.back() == ' ';
  t.trailing_break = is_break_byte(v.back());
  return t;
}

// The walk for values with multi-byte characters: libyaml's loop, character by character.
Traits utf8_traits(std::string_view v) {
  Traits t;
  bool previous_space = false, previous_break = false, preceded_by_whitespace = true;
  for (std::size_t i = 0; i < v.size();) {
    auto w = static_cast<std::size_t>(char_width(byte_at(v, i)));
    char c = v[i];
    if (i > 0) {
      if (c == ':' && (i + w >= v.size() || byte_at(v, i + w) == ' ' || byte_at(v, i + w) == '\t')) {
        t.block_indicators = true;
      }
      if (c == '#' && preceded_by_whitespace) t.block_indicators = true;
    }
    const unsigned b = byte_at(v, i);
    const bool line_break = is_break(v, i);
    if (!is_printable(v, i)) t.special = true;
    if (b == ' ') {
      if (i == 0) t.leading_space = true;
      if (i + w == v.size()) t.trailing_space = true;
      if (previous_break) t.break_space = true;
      previous_space = true;
      previous_break = false;
    } else if (line_break) {
      t.line_breaks = true;
      if (i == 0) t.leading_break = true;
      if (i + w == v.size()) t.trailing_break = true;
      if (previous_space) t.space_break = true;
      previous_space = false;
      previous_break = true;
    } else {
      previous_space = false;
      previous_break = false;
    }
    preceded_by_whitespace = b == ' ' || b == '\t' || b == 0 || line_break;
    i += w;
  }
  return t;
}

// `classes`: byte_classes(v).
Analysis analyze(std::string_view v, unsigned classes) {
  Analysis a;
  if (is_simple_word(v, classes)) return a;
  if (v.empty()) {
    a.block_allowed = false;
    return a;
  }
  Traits t;  // an ASCII value with no notable byte has none of the traits
  if (classes & kMultiByte) {
    t = utf8_traits(v);
  } else if (classes & kNotable) {
    t = ascii_traits(v);
  }
  if (first_character_indicates_block(v)) t.block_indicators = true;
  if (v.size() >= 3 && (v.substr(0, 3) == "---" || v.substr(0, 3) == "...")) t.block_indicators = true;
  a.multiline = t.line_breaks;
  if (t.leading_space || t.leading_break || t.trailing_space || t.trailing_break)
    a.block_plain_allowed = false;
  if (t.trailing_space) a.block_allowed = false;
  if (t.break_space) {
    a.block_plain_allowed = false;
    a.single_quoted_allowed = false;
  }
  if (t.space_break || t.special) {
    a.block_plain_allowed = false;
    a.single_quoted_allowed = false;
    a.block_allowed = false;
  }
  if (t.line_breaks || t.block_indicators) a.block_plain_allowed = false;
  return a;
}

// A value about to be written, with what the passes over its bytes found.
struct Text {
  Text(const std::string& text, unsigned text_classes)
      : value(text), classes(text_classes), analysis(analyze(text, text_classes)) {}
  explicit Text(const std::string& text) : Text(text, byte_classes(text)) {}
  const std::string& value;
  unsigned classes;
  Analysis analysis;
};

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
    if (column_ < indent) {
      out_.append(static_cast<std::size_t>(indent - column_), ' ');
      column_ = indent;
    }
    whitespace_ = true;
    indention_ = true;
  }

  // Indicators are single ASCII characters.
  void write_indicator(char indicator, bool need_whitespace, bool is_whitespace, bool is_indention) {
    if (need_whitespace && !whitespace_) put(' ');
    put(indicator);
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
          empty_flow('{', '}');
        } else {
          block_mapping(v);
        }
        return;
      case Json::value_t::array:
        if (v.empty()) {
          empty_flow('[', ']');
        } else {
          block_sequence(v);
        }
        return;
      case Json::value_t::string: string_scalar(v.get_ref<const std::string&>()); return;
      // The texts of booleans, numbers and null are plain words (go-yaml's resolution gives them their
      // type back).
      case Json::value_t::boolean:
        write_word(v.get<bool>() ? "true" : "false");
        return;
      case Json::value_t::number_integer:
        write_word(std::to_string(v.get<std::int64_t>()));
        return;
      case Json::value_t::number_unsigned:
        write_word(std::to_string(v.get<std::uint64_t>()));
        return;
      case Json::value_t::number_float:
        write_word(float_text(v.get<double>()));
        return;
      default:
        write_word("null");
        return;
    }
  }

  void empty_flow(char open, char close) {
    write_indicator(open, true, true, false);
    increase_indent(true, false);
    pop_indent();
    write_indicator(close, false, false, false);
  }

  void block_sequence(const Json& v) {
    increase_indent(false, mapping_context_ && !indention_);
    for (const Json& item : v) {
      write_indent();
      write_indicator('-', true, false, true);
      node(item, false, true, false, false);
    }
    pop_indent();
  }

  void block_mapping(const Json& v) {
    increase_indent(false, false);
    // One list of entries per nesting depth, kept from mapping to mapping (a deque: deeper levels
    // are added while this one is in use).
    if (mapping_depth_ == entries_by_depth_.size()) entries_by_depth_.emplace_back();
    std::vector<Entry>& entries = entries_by_depth_[mapping_depth_++];
    entries.clear();
    for (auto it = v.begin(); it != v.end(); ++it) entries.emplace_back(&it.key(), &*it);
    sort_by_go_yaml_key(entries, [](const auto& entry) -> const std::string& { return *entry.first; });
    for (const auto& [key, value] : entries) {
      write_indent();
      mapping_context_ = true;
      root_context_ = sequence_context_ = false;
      unsigned classes = byte_classes(*key);
      if (key->size() <= 128 && reads_back_as_itself(*key, classes)) {  // most keys
        simple_key_context_ = true;
        write_word(*key);
        write_indicator(':', false, false, false);
        node(*value, false, false, true, false);
        continue;
      }
      std::string sanitized;
      // A key holding U+0085 is not folded: sigs.k8s.io/yaml fails on it (a multi-line flow key).
      bool invalid = (classes & kMultiByte) && !valid_utf8(*key);
      const Text k = invalid ? Text(sanitized = sanitize_utf8(*key)) : Text(*key, classes);
      if (!k.analysis.multiline && k.value.size() <= 128) {
        simple_key_context_ = true;
        // go-yaml writes a "<<" key plain, which reads back as a merge key; quoting keeps it a string.
        if (k.value == "<<") {
          scalar(k, Style::kDouble);
        } else {
          string_scalar(k);
        }
        write_indicator(':', false, false, false);
      } else {
        write_indicator('?', true, false, true);
        simple_key_context_ = false;
        string_scalar(k);
        write_indent();
        write_indicator(':', true, false, true);
      }
      node(*value, false, false, true, false);
    }
    --mapping_depth_;
    pop_indent();
  }

  // Whether `s` (of byte_classes `classes`) is a word that reads back as the same string: what
  // scalar() writes plain, whatever the context, one column per byte.
  static bool reads_back_as_itself(const std::string& s, unsigned classes) {
    return is_simple_word(s, classes) &&
           (!may_resolve_to_non_string(s[0]) || resolve_scalar("", s).kind == ScalarKind::kString);
  }

  // Printable ASCII without spaces that scalar() writes plain in any context (a word for which
  // reads_back_as_itself holds, a number, true, false, null), written as scalar() writes it.
  void write_word(std::string_view word) {
    if (!whitespace_) put(' ');
    out_.append(word);
    column_ += static_cast<int>(word.size());
    whitespace_ = false;
    indention_ = false;
  }

  // encoder.stringv: strings that would read back as something else are double-quoted,
  // multi-line strings are literal blocks, others plain (the emitter may still quote them).
  void string_scalar(const Text& t) {
    Style style;
    if (t.classes & kLineFeed) {
      style = Style::kLiteral;
    } else {
      ResolvedScalar r = resolve_scalar("", t.value);
      bool plain = r.kind == ScalarKind::kString && !is_base60_float(t.value);
      style = plain ? Style::kPlain : Style::kDouble;
    }
    scalar(t, style);
  }

  void string_scalar(const std::string& raw) {
    unsigned classes = byte_classes(raw);
    if (reads_back_as_itself(raw, classes)) {  // most values
      write_word(raw);
      return;
    }
    if (!(classes & kMultiByte) || (valid_utf8(raw) && !has_next_line(raw))) {
      string_scalar(Text(raw, classes));
    } else {
      std::string s = json_round_trip(raw);
      string_scalar(Text(s));
    }
  }

  void scalar(const Text& t, Style style) {
    const std::string& value = t.value;
    const Analysis& a = t.analysis;
    if (simple_key_context_ && a.multiline) style = Style::kDouble;
    if (style == Style::kPlain) {
      if (!a.block_plain_allowed || (value.empty() && simple_key_context_)) style = Style::kSingle;
    }
    if (style == Style::kSingle && !a.single_quoted_allowed) style = Style::kDouble;
    if (style == Style::kLiteral && (!a.block_allowed || simple_key_context_)) {
      style = Style::kDouble;
    }
    increase_indent(true, false);
    bool allow_breaks = !simple_key_context_;
    switch (style) {
      case Style::kPlain:
        write_plain(value, t.classes, allow_breaks);
        break;
      case Style::kSingle:
        write_single_quoted(value, t.classes, allow_breaks);
        break;
      case Style::kDouble: write_double_quoted(value, allow_breaks); break;
      case Style::kLiteral: write_literal(value); break;
    }
    pop_indent();
  }

  // Whether `v` (of byte_classes `classes`), written from the current column with each `doubled`
  // byte written twice (the quote inside single quotes), is printable ASCII with no space where
  // the line could fold (past the best width): then it goes out byte for byte, one column each,
  // which the loops below would do one character at a time.
  bool copies_whole(std::string_view v, unsigned classes, bool allow_breaks, char doubled) const {
    if (classes & kUnprintable) return false;
    if (!allow_breaks || v.find(' ') == std::string_view::npos) return true;
    int column = column_;
    for (char c : v) {
      if (c == ' ' && column > kBestWidth) return false;
      column += c == doubled ? 2 : 1;
    }
    return true;
  }

  void write_plain(std::string_view v, unsigned classes, bool allow_breaks) {
    if (!whitespace_) put(' ');
    if (copies_whole(v, classes, allow_breaks, '\0')) {
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

  void write_single_quoted(std::string_view v, unsigned classes, bool allow_breaks) {
    write_indicator('\'', true, false, false);
    if (copies_whole(v, classes, allow_breaks, '\'')) {
      for (char c : v) {
        if (c == '\'') put('\'');
        put(c);
      }
      write_indicator('\'', false, false, false);
      whitespace_ = false;
      indention_ = false;
      return;
    }
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
    write_indicator('\'', false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void write_double_quoted(std::string_view v, bool allow_breaks) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    bool spaces = false;
    write_indicator('"', true, false, false);
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
    write_indicator('"', false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void write_literal(std::string_view v) {
    write_indicator('|', true, false, false);
    // Block scalar hints: an indentation indicator when the text starts with a space or break,
    // then the chomping indicator.
    if (is_space(v, 0) || is_break(v, 0))
      write_indicator(static_cast<char>('0' + kBestIndent), false, false, false);
    std::size_t last = v.size() - 1;
    while (last > 0 && (byte_at(v, last) & 0xC0u) == 0x80u) --last;
    if (!is_break(v, last)) {
      write_indicator('-', false, false, false);
    } else if (last == 0) {
      write_indicator('+', false, false, false);
    } else {
      std::size_t prev = last - 1;
      while (prev > 0 && (byte_at(v, prev) & 0xC0u) == 0x80u) --prev;
      if (is_break(v, prev)) write_indicator('+', false, false, false);
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
  using Entry = std::pair<const std::string*, const Json*>;  // a mapping's key and value
  std::deque<std::vector<Entry>> entries_by_depth_;
  std::size_t mapping_depth_ = 0;
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
