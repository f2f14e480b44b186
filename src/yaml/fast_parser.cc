// Line-oriented recursive descent over block mappings, block sequences, one-line scalars
// (plain, single- and double-quoted), literal and folded block scalars and flow collections (whose
// scalars stay on one line).
// Every decision that the subset cannot settle with certainty returns false ("unsupported").
#include "yaml/fast_parser.h"

#include <yaml-cpp/mark.h>

#include <optional>
#include <string>
#include <vector>

#include "yaml/byte_set.h"

namespace sidecarctl::yaml {
namespace {

struct Line {
  std::size_t begin = 0;  // offset of the first byte
  std::size_t end = 0;    // offset of the '\n' (or text end)
  int indent = 0;         // leading spaces
  bool blank = false;     // only spaces, or a comment after spaces
};

bool is_blank_char(char c) { return c == ' ' || c == '\t'; }

// The bytes that the scans of plain keys and scalars stop at: the start of ": ", " #" or a flow
// indicator. Every other byte is passed over with one look-up.
constexpr ByteSet kPlainStops = byte_set(":#[]{}");

bool is_plain_stop(char c) { return in_set(kPlainStops, c); }

// The bytes a plain key in the subset may not hold (flow indicators, a comment sign, a tab).
constexpr ByteSet kKeyRefused = byte_set("[]{},#\t");

// Characters that cannot start a plain scalar or key in the subset.
bool is_indicator(char c) {
  switch (c) {
    case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#':
    case '&': case '*': case '!': case '|': case '>': case '\'': case '"': case '%': case '@':
    case '`':
      return true;
    default: return false;
  }
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// A flow collection's text gathered from one or more lines (see FastParser::gather_flow).
struct Flow {
  struct Segment {
    std::size_t offset;  // where the line's text starts in `text`
    std::size_t line;    // source line index
    std::size_t column;  // source column of `offset`
  };
  std::string text;
  std::vector<Segment> segments;
  std::vector<std::size_t> breaks;  // offsets in `text` of the spaces that replaced line breaks

  // Whether a line break lies inside [begin, end).
  bool breaks_between(std::size_t begin, std::size_t end) const {
    for (std::size_t b : breaks) {
      if (b >= begin && b < end) return true;
    }
    return false;
  }
};

class FastParser {
 public:
  FastParser(std::string_view text, YAML::EventHandler& handler) : text_(text), h_(handler) {}
  FastParser(std::string_view text, ValueHandler& handler, BlockMemo& memo)
      : text_(text), h_(handler), values_(&handler), memo_(&memo) {}

  const std::optional<FastError>& error() const { return error_; }

  bool run() {
    if (!split_lines()) return false;
    std::size_t first = next_content(0);
    if (first == lines_.size()) return true;  // comments only: no document
    YAML::Mark m = mark(first, static_cast<std::size_t>(lines_[first].indent));
    h_.OnDocumentStart(m);
    if (!block_node(first, static_cast<std::size_t>(lines_[first].indent), -1)) return false;
    if (next_content(line_) != lines_.size()) return false;
    h_.OnDocumentEnd();
    return true;
  }

 private:
  bool split_lines() {
    // Line breaks other than "\n" are left to yaml-cpp. None spans a "\n", so one look at the
    // whole text answers for every line.
    if (text_.find('\r') != std::string_view::npos || text_.find("\xC2\x85") != std::string_view::npos ||
        text_.find("\xE2\x80\xA8") != std::string_view::npos || text_.find("\xE2\x80\xA9") != std::string_view::npos) {
      return false;
    }
    std::size_t pos = 0;
    while (pos < text_.size()) {
      std::size_t nl = text_.find('\n', pos);
      if (nl == std::string_view::npos) nl = text_.size();
      Line line;
      line.begin = pos;
      line.end = nl;
      std::size_t p = pos;
      while (p < nl && text_[p] == ' ') ++p;
      line.indent = static_cast<int>(p - pos);
      std::size_t q = p;
      while (q < nl && is_blank_char(text_[q])) ++q;
      line.blank = q == nl || text_[q] == '#';
      if (!line.blank && q != p) return false;  // a tab in the indentation
      std::string_view body = text_.substr(pos, nl - pos);
      if (body.substr(0, 3) == "---" || body.substr(0, 3) == "..." || (!body.empty() && body[0] == '%')) return false;
      lines_.push_back(line);
      pos = nl + 1;
    }
    return true;
  }

  std::size_t next_content(std::size_t from) const {
    while (from < lines_.size() && lines_[from].blank) ++from;
    return from;
  }

  YAML::Mark mark(std::size_t line, std::size_t column) const {
    YAML::Mark m;
    m.pos = static_cast<int>(lines_[line].begin + column);
    m.line = static_cast<int>(line);
    m.column = static_cast<int>(column);
    return m;
  }

  // Text of line `line` from column `column` to its end.
  std::string_view rest(std::size_t line, std::size_t column) const {
    const Line& l = lines_[line];
    return text_.substr(l.begin + column, l.end - l.begin - column);
  }

  static bool is_seq_indicator(std::string_view s) { return !s.empty() && s[0] == '-' && (s.size() == 1 || s[1] == ' '); }

  // Nothing but blanks, or a comment after at least one blank, remains.
  static bool only_trailing_comment(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && is_blank_char(s[i])) ++i;
    return i == s.size() || (s[i] == '#' && i > 0);
  }

  enum class KeyScan { kKey, kNotKey, kUnsupported };

  // Reads a simple key at the start of `s`: on kKey, `key`, `quoted` and `after` (offset just past
  // the ':') are set.
  KeyScan scan_key(std::string_view s, std::string* key, bool* quoted, std::size_t* after) {
    std::size_t i = 0;
    if (s[0] == '"' || s[0] == '\'') {
      std::size_t end = 0;
      bool ok = s[0] == '"' ? double_quoted(s, key, &end) : single_quoted(s, key, &end);
      if (!ok) return KeyScan::kNotKey;  // not closed on this line: a (multi-line) value, if anything
      i = end;
      while (i < s.size() && s[i] == ' ') ++i;
      if (i < s.size() && s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) {
        *quoted = true;
        *after = i + 1;
        return KeyScan::kKey;
      }
      return only_trailing_comment(s.substr(end)) ? KeyScan::kNotKey : KeyScan::kUnsupported;
    }
    for (; i < s.size(); ++i) {
      char c = s[i];
      if (!is_plain_stop(c)) continue;
      if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) break;
      if (c == '#' && i > 0 && is_blank_char(s[i - 1])) return KeyScan::kNotKey;
      if (c == ':' && s[i + 1] == '\t') return KeyScan::kUnsupported;
    }
    if (i == s.size()) return KeyScan::kNotKey;
    if (is_indicator(s[0])) return KeyScan::kUnsupported;
    std::size_t end = i;
    while (end > 0 && is_blank_char(s[end - 1])) --end;
    std::string_view k = s.substr(0, end);
    for (char c : k) {  // (find_first_of would call memchr on the set once per byte)
      if (in_set(kKeyRefused, c)) return KeyScan::kUnsupported;
    }
    key->assign(k);
    *quoted = false;
    *after = i + 1;
    return KeyScan::kKey;
  }

  // Blocks shorter than this are parsed: looking them up would cost about as much.
  static constexpr std::size_t kMemoMinBytes = 32;

  // A node starting at (line, column) whose parent collection is indented `parent`.
  bool block_node(std::size_t line, std::size_t column, int parent) {
    if (memo_ == nullptr) return parse_block_node(line, column, parent);
    // It runs to the next line with content at or left of the parent's indentation.
    std::size_t end = next_content(line + 1);
    while (end < lines_.size() && lines_[end].indent > parent) end = next_content(end + 1);
    return memoized(line, column, parent, end, [&] { return parse_block_node(line, column, parent); });
  }

  // A sequence indented as the key whose value it is ("key:" then "- a" below it).
  bool compact_sequence(std::size_t line, std::size_t column) {
    if (memo_ == nullptr) return block_sequence(line, column);
    // It runs to the next line with content left of it, or at its column and not an entry. Its
    // column is also its "parent" in the memo: no other block has a parent at its own column.
    const int indent = static_cast<int>(column);
    std::size_t end = next_content(line + 1);
    while (end < lines_.size() && (lines_[end].indent > indent ||
                                   (lines_[end].indent == indent && is_seq_indicator(rest(end, column))))) {
      end = next_content(end + 1);
    }
    return memoized(line, column, indent, end, [&] { return block_sequence(line, column); });
  }

  // A block from (line, column) to line `end` (the first line whose content is not the block's):
  // placed from the memo when its text was parsed before, else parsed by `parse` (and kept when
  // met before). Whatever follows line `end` cannot change what the block's lines build.
  template <typename Parse>
  bool memoized(std::size_t line, std::size_t column, int parent, std::size_t end, Parse parse) {
    const std::size_t first = lines_[line].begin + column;
    const std::size_t stop = end == lines_.size() ? text_.size() : lines_[end].begin;
    if (stop - first < kMemoMinBytes) return parse();
    const BlockMemo::Block block{column, parent, text_.substr(first, stop - first)};
    const BlockMemo::Probe probe = memo_->look(block);
    if (probe.built != nullptr && values_->place_built(probe.built->value, probe.built->nodes,
                                                       probe.built->depth, mark(line, column))) {
      line_ = line + probe.built->lines;
      return true;
    }
    const std::size_t warnings = values_->warning_count();
    if (!parse()) return false;
    // Blocks holding a merge key ("<<") are left out, to be safe: their mappings are built by copying.
    if (probe.wanted && line_ <= end && values_->warning_count() == warnings &&
        block.text.find("<<") == std::string_view::npos) {
      auto [value, nodes] = values_->last_placed();
      if (value != nullptr)
        memo_->keep(probe, block, {*value, nodes, collection_depth(*value), line_ - line});
    }
    return true;
  }

  bool parse_block_node(std::size_t line, std::size_t column, int parent) {
    std::string_view s = rest(line, column);
    if (is_seq_indicator(s)) return block_sequence(line, column);
    // A flow collection (`- {name: a, value: b}`) is a value, whatever ": " it holds; as a key
    // (`{a: b}: c`) it leaves text after it that inline_value hands to yaml-cpp.
    if (s[0] == '{' || s[0] == '[') return inline_value(line, column, parent);
    std::string key;
    bool quoted = false;
    std::size_t after = 0;
    switch (scan_key(s, &key, &quoted, &after)) {
      case KeyScan::kKey: return block_mapping(line, column, std::move(key), quoted, after);
      case KeyScan::kUnsupported: return false;
      case KeyScan::kNotKey: break;
    }
    return inline_value(line, column, parent);
  }

  // The value of "key:" or "-" with nothing after it on its line.
  bool value_on_next_lines(std::size_t after_line, int indent, bool in_sequence, const YAML::Mark& here) {
    line_ = after_line;
    std::size_t next = next_content(after_line);
    if (next < lines_.size()) {
      const Line& l = lines_[next];
      if (l.indent > indent) return block_node(next, static_cast<std::size_t>(l.indent), indent);
      if (!in_sequence && l.indent == indent && is_seq_indicator(rest(next, static_cast<std::size_t>(indent)))) {
        return compact_sequence(next, static_cast<std::size_t>(indent));
      }
    }
    h_.OnNull(here, 0);
    return true;
  }

  bool block_sequence(std::size_t line, std::size_t column) {
    int indent = static_cast<int>(column);
    h_.OnSequenceStart(mark(line, column), "?", 0, YAML::EmitterStyle::Block);
    for (;;) {
      std::string_view s = rest(line, column);
      std::size_t i = 1;
      while (i < s.size() && s[i] == ' ') ++i;
      if (i < s.size() && s[i] == '\t') return false;
      if (i == s.size() || s[i] == '#') {
        if (!value_on_next_lines(line + 1, indent, true, mark(line, column + i))) return false;
      } else {
        if (!block_node(line, column + i, indent)) return false;
      }
      std::size_t next = next_content(line_);
      if (next == lines_.size() || lines_[next].indent < indent) break;
      if (lines_[next].indent > indent) return false;
      if (!is_seq_indicator(rest(next, column))) break;
      line = next;
    }
    h_.OnSequenceEnd();
    return true;
  }

  // A block mapping whose first key (`key`, `quoted`, `after` as scan_key sets them) block_node
  // has read already.
  bool block_mapping(std::size_t line, std::size_t column, std::string key, bool quoted, std::size_t after) {
    int indent = static_cast<int>(column);
    h_.OnMapStart(mark(line, column), "?", 0, YAML::EmitterStyle::Block);
    for (bool first = true;; first = false) {
      std::string_view s = rest(line, column);
      if (!first && (is_seq_indicator(s) || scan_key(s, &key, &quoted, &after) != KeyScan::kKey)) return false;
      h_.OnScalar(mark(line, column), quoted ? "!" : "?", 0, key);
      std::size_t i = after;
      while (i < s.size() && s[i] == ' ') ++i;
      if (i < s.size() && s[i] == '\t') return false;
      if (i == s.size() || s[i] == '#') {
        if (!value_on_next_lines(line + 1, indent, false, mark(line, column + i))) return false;
      } else {
        // A value that reads as a key ("a: b: c"), or as a sequence entry ("a: - b"), is refused
        // by inline_value: a plain scalar stops at ": ", a quoted one takes only a comment after
        // it, and "-" followed by a space is an indicator.
        if (!inline_value(line, column + i, indent)) return false;
      }
      std::size_t next = next_content(line_);
      if (next == lines_.size() || lines_[next].indent < indent) break;
      if (lines_[next].indent > indent) return false;
      line = next;
    }
    h_.OnMapEnd();
    return true;
  }

  // A scalar or flow collection that starts at (line, column) and, except for literal block
  // scalars, ends on the same line.
  bool inline_value(std::size_t line, std::size_t column, int parent) {
    std::string_view s = rest(line, column);
    YAML::Mark m = mark(line, column);
    std::string value;
    std::size_t end = 0;
    switch (s[0]) {
      case '"':
        if (!double_quoted(s, &value, &end)) return check_closed(line, column);
        if (!only_trailing_comment(s.substr(end))) return false;
        h_.OnScalar(m, "!", 0, value);
        break;
      case '\'':
        if (!single_quoted(s, &value, &end)) return check_closed(line, column);
        if (!only_trailing_comment(s.substr(end))) return false;
        h_.OnScalar(m, "!", 0, value);
        break;
      case '|':
      case '>': return block_scalar(line, column, parent);
      case '[':
      case '{': {
        Flow flow;
        if (!gather_flow(line, column, parent, flow)) return false;
        std::size_t pos = 0;
        if (!flow_node(flow, pos)) return false;
        if (!only_trailing_comment(std::string_view(flow.text).substr(pos))) return false;
        line = flow.segments.back().line;
        break;
      }
      default: {
        if (is_indicator(s[0]) && !(s[0] == '-' && s.size() > 1 && s[1] != ' ')) return false;
        std::size_t i = 0;
        for (; i < s.size(); ++i) {
          char c = s[i];
          if (!is_plain_stop(c)) continue;
          if (c == '#' && i > 0 && is_blank_char(s[i - 1])) break;
          if (c == ':' && (i + 1 == s.size() || is_blank_char(s[i + 1]))) return false;
          if (c == '[' || c == ']' || c == '{' || c == '}') return false;
        }
        std::size_t e = i;
        while (e > 0 && is_blank_char(s[e - 1])) --e;
        h_.OnScalar(m, "?", 0, std::string(s.substr(0, e)));
      }
    }
    line_ = line + 1;
    // A more-indented line after a one-line scalar would continue it (or be an error).
    std::size_t next = next_content(line_);
    return next == lines_.size() || lines_[next].indent <= parent;
  }

  // A quoted scalar at (line, column) did not close on its line: records an error if it never
  // closes before the end of the document. Returns false either way (yaml-cpp takes over if not).
  bool check_closed(std::size_t line, std::size_t column) {
    if (quoted_scalar_closes(text_, lines_[line].begin + column)) return false;
    error_ = FastError{"found unexpected end of stream while scanning a quoted scalar", mark(line, column)};
    return false;
  }

  // "..." with escapes, on one line. `end` is the offset after the closing quote.
  static bool double_quoted(std::string_view s, std::string* out, std::size_t* end) {
    out->clear();
    for (std::size_t i = 1; i < s.size(); ++i) {
      // The run up to the next quote or backslash, whole.
      std::size_t run = i;
      while (run < s.size() && s[run] != '"' && s[run] != '\\') ++run;
      out->append(s.data() + i, run - i);
      if (run == s.size()) return false;
      i = run;
      if (s[i] == '"') {
        *end = i + 1;
        return true;
      }
      if (++i >= s.size()) return false;
      int hex_digits = 0;
      switch (s[i]) {
        case '0': out->push_back('\0'); break;
        case 'a': out->push_back('\a'); break;
        case 'b': out->push_back('\b'); break;
        case 't': case '\t': out->push_back('\t'); break;
        case 'n': out->push_back('\n'); break;
        case 'v': out->push_back('\v'); break;
        case 'f': out->push_back('\f'); break;
        case 'r': out->push_back('\r'); break;
        case 'e': out->push_back('\x1b'); break;
        case ' ': out->push_back(' '); break;
        case '"': out->push_back('"'); break;
        case '/': out->push_back('/'); break;
        case '\\': out->push_back('\\'); break;
        case 'N': append_utf8(*out, 0x85); break;
        case '_': append_utf8(*out, 0xA0); break;
        case 'L': append_utf8(*out, 0x2028); break;
        case 'P': append_utf8(*out, 0x2029); break;
        case 'x': hex_digits = 2; break;
        case 'u': hex_digits = 4; break;
        case 'U': hex_digits = 8; break;
        default: return false;
      }
      if (hex_digits > 0) {
        if (i + static_cast<std::size_t>(hex_digits) >= s.size()) return false;
        unsigned long cp = 0;
        for (int k = 1; k <= hex_digits; ++k) {
          char h = s[i + static_cast<std::size_t>(k)];
          int d = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
          if (d < 0) return false;
          cp = cp * 16 + static_cast<unsigned long>(d);
        }
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || cp == 0) return false;
        append_utf8(*out, cp);
        i += static_cast<std::size_t>(hex_digits);
      }
    }
    return false;
  }

  // '...' with '' for a quote, on one line.
  static bool single_quoted(std::string_view s, std::string* out, std::size_t* end) {
    out->clear();
    for (std::size_t i = 1; i < s.size(); ++i) {
      std::size_t run = s.find('\'', i);
      if (run == std::string_view::npos) return false;
      out->append(s.data() + i, run - i);
      i = run;
      if (i + 1 < s.size() && s[i + 1] == '\'') {
        out->push_back('\'');
        ++i;
        continue;
      }
      *end = i + 1;
      return true;
    }
    return false;
  }

  // Block scalar with auto-detected indentation, in a block collection indented `parent`: literal
  // "|", "|-", "|+", or folded ">" or ">-" whose lines all start at the content indentation (a
  // more-indented line, kept unfolded, an empty line before the first, or ">+" is left to yaml-cpp).
  bool block_scalar(std::size_t line, std::size_t column, int parent) {
    std::string_view header = rest(line, column);
    const bool folded = header[0] == '>';
    char chomp = ' ';
    std::size_t i = 1;
    if (i < header.size() && (header[i] == '-' || header[i] == '+')) chomp = header[i++];
    if (!only_trailing_comment(header.substr(i)) || parent < 0) return false;
    if (folded && chomp == '+') return false;  // yaml-cpp keeps one break fewer than the spec: its own
    // Content indentation: the first non-empty line's.
    std::size_t first = line + 1;
    int leading_max = 0;
    while (first < lines_.size()) {
      std::string_view body = rest(first, 0);
      if (body.find_first_not_of(' ') != std::string_view::npos) break;
      leading_max = std::max(leading_max, static_cast<int>(body.size()));
      ++first;
    }
    if (first == lines_.size()) return false;
    if (folded && first != line + 1) return false;
    int indent = lines_[first].indent;
    if (indent <= parent || leading_max > indent) return false;
    std::string value;
    std::size_t trailing_breaks = 0;
    bool any = false;
    std::size_t l = line + 1;
    for (; l < lines_.size(); ++l) {
      std::string_view body = rest(l, 0);
      std::size_t non_space = body.find_first_not_of(' ');
      if (non_space == std::string_view::npos) {
        if (static_cast<int>(body.size()) > indent) return false;  // whitespace content line
        ++trailing_breaks;
        continue;
      }
      if (static_cast<int>(non_space) < indent) break;
      if (folded && (static_cast<int>(non_space) > indent || body[non_space] == '\t')) return false;
      if (folded && any && trailing_breaks == 0) {
        value.push_back(' ');  // a line break between two lines folds into a space
      } else {
        if (any && !folded) value.push_back('\n');
        value.append(trailing_breaks, '\n');  // folded: the break before empty lines is dropped
      }
      trailing_breaks = 0;
      value.append(body.substr(static_cast<std::size_t>(indent)));
      any = true;
    }
    if (chomp == ' ') {
      value.push_back('\n');
    } else if (chomp == '+') {
      value.push_back('\n');
      value.append(trailing_breaks, '\n');
    }
    h_.OnScalar(mark(line, column), "!", 0, value);
    line_ = l;
    return true;
  }

  // The text of a flow collection that starts at (line, column), inside a block collection
  // indented `parent`: its first line and, while brackets stay open, the following lines, each
  // line break replaced by a space. Continuation lines must be indented deeper than `parent`
  // (the closing bracket may sit at `parent`); comment lines, tabs and quoted scalars left open
  // at a line's end are left to yaml-cpp.
  bool gather_flow(std::size_t line, std::size_t column, int parent, Flow& flow) {
    int depth = 0;
    char quote = 0;
    char previous = ' ';
    for (std::size_t l = line; l < lines_.size(); ++l) {
      std::size_t from = l == line ? column : 0;
      std::string_view s = rest(l, from);
      if (s.find('\t') != std::string_view::npos) return false;
      if (l != line) {
        const Line& info = lines_[l];
        std::size_t first = s.find_first_not_of(' ');
        if (first != std::string_view::npos) {
          if (s[first] == '#') return false;
          bool closing = s[first] == ']' || s[first] == '}';
          if (info.indent < parent || (info.indent == parent && !closing)) return false;
        }
        flow.text.push_back(' ');
        flow.breaks.push_back(flow.text.size() - 1);
      }
      flow.segments.push_back(Flow::Segment{flow.text.size(), l, from});
      flow.text.append(s);
      for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (quote == '"') {
          if (c == '\\') ++i;
          else if (c == '"') quote = 0;
        } else if (quote == '\'') {
          if (c == '\'') quote = 0;  // '' reopens at once: an escaped quote
        } else if ((c == '"' || c == '\'') && (previous == ' ' || previous == '[' || previous == '{' ||
                                               previous == ',' || previous == ':')) {
          quote = c;
        } else if (c == '[' || c == '{') {
          ++depth;
        } else if (c == ']' || c == '}') {
          if (--depth == 0) return true;
        } else if (c == '#' && previous == ' ') {
          return false;
        }
        previous = c;
      }
      if (quote != 0) return false;
      previous = ' ';
    }
    return false;
  }

  YAML::Mark flow_mark(const Flow& flow, std::size_t pos) const {
    std::size_t k = flow.segments.size() - 1;
    while (k > 0 && flow.segments[k].offset > pos) --k;
    const Flow::Segment& seg = flow.segments[k];
    return mark(seg.line, seg.column + pos - seg.offset);
  }

  // A flow collection or scalar in `flow`; `pos` advances past it. A scalar may not span a line
  // break (folding is left to yaml-cpp).
  bool flow_node(const Flow& flow, std::size_t& pos) {
    std::string_view s = flow.text;
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (pos >= s.size()) return false;
    YAML::Mark m = flow_mark(flow, pos);
    char c = s[pos];
    if (c == '[' || c == '{') {
      bool is_map = c == '{';
      char close = is_map ? '}' : ']';
      if (is_map) {
        h_.OnMapStart(m, "?", 0, YAML::EmitterStyle::Flow);
      } else {
        h_.OnSequenceStart(m, "?", 0, YAML::EmitterStyle::Flow);
      }
      ++pos;
      bool first = true;
      for (;;) {
        while (pos < s.size() && s[pos] == ' ') ++pos;
        if (pos >= s.size()) return false;
        if (s[pos] == close) {
          if (!first) return false;  // empty entry after a comma
          ++pos;
          break;
        }
        if (!first) {
          if (s[pos] != ',') return false;
          ++pos;
          while (pos < s.size() && s[pos] == ' ') ++pos;
          if (pos < s.size() && s[pos] == close) {
            if (!is_map) return false;
            ++pos;  // `{a: 1, }`: a trailing comma ends a flow mapping (Istio's templates write them)
            break;
          }
        }
        first = false;
        if (!flow_node(flow, pos)) return false;
        while (pos < s.size() && s[pos] == ' ') ++pos;
        if (pos < s.size() && s[pos] == ':') {
          if (!is_map) return false;  // single-pair mapping inside a sequence
          ++pos;
          if (!flow_node(flow, pos)) return false;
        } else if (is_map) {
          return false;  // a key without a value
        }
        // Look ahead: the next entry or the end.
        while (pos < s.size() && s[pos] == ' ') ++pos;
        if (pos < s.size() && s[pos] == close) {
          ++pos;
          break;
        }
      }
      if (is_map) {
        h_.OnMapEnd();
      } else {
        h_.OnSequenceEnd();
      }
      return true;
    }
    std::string value;
    std::size_t end = 0;
    if (c == '"' || c == '\'') {
      std::string_view tail = s.substr(pos);
      bool ok = c == '"' ? double_quoted(tail, &value, &end) : single_quoted(tail, &value, &end);
      if (!ok || flow.breaks_between(pos, pos + end)) return false;
      pos += end;
      h_.OnScalar(m, "!", 0, value);
      return true;
    }
    if (is_indicator(c) && !(c == '-' && pos + 1 < s.size() && s[pos + 1] != ' ' && s[pos + 1] != ',')) return false;
    std::size_t i = pos;
    for (; i < s.size(); ++i) {
      char d = s[i];
      if (d == ',' || d == '[' || d == ']' || d == '{' || d == '}') break;
      if (d == ':' && (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == ',' || s[i + 1] == ']' || s[i + 1] == '}')) break;
      if (d == '#' && i > pos && s[i - 1] == ' ') return false;
    }
    if (i < s.size() && (s[i] == '[' || s[i] == '{')) return false;
    std::size_t e = i;
    while (e > pos && s[e - 1] == ' ') --e;
    if (e == pos || flow.breaks_between(pos, e)) return false;
    h_.OnScalar(m, "?", 0, std::string(s.substr(pos, e - pos)));
    pos = i;
    return true;
  }

  std::string_view text_;
  YAML::EventHandler& h_;
  ValueHandler* values_ = nullptr;  // h_, when blocks go through memo_
  BlockMemo* memo_ = nullptr;
  std::vector<Line> lines_;
  std::size_t line_ = 0;  // where parsing continues after the last node
  std::optional<FastError> error_;
};

}  // namespace

namespace {

FastParse outcome(FastParser& parser, FastError* error) {
  if (parser.run()) return FastParse::kDone;
  if (parser.error().has_value()) {
    *error = *parser.error();
    return FastParse::kError;
  }
  return FastParse::kUnsupported;
}

}  // namespace

FastParse parse_fast(std::string_view text, YAML::EventHandler& handler, FastError* error) {
  FastParser parser(text, handler);
  return outcome(parser, error);
}

FastParse parse_fast(std::string_view text, ValueHandler& handler, BlockMemo& memo, FastError* error) {
  FastParser parser(text, handler, memo);
  return outcome(parser, error);
}

bool quoted_scalar_closes(std::string_view text, std::size_t start) {
  char quote = text[start];
  for (std::size_t i = start + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else {
        return true;
      }
    }
  }
  return false;
}

}  // namespace sidecarctl::yaml
