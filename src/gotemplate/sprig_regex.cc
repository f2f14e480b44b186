// RE2 -> ECMAScript translation and Go's regexp matching loops (FindAll, ReplaceAll, Split, Expand).
#include "gotemplate/sprig_regex.h"

#include <optional>

#include "gotemplate/go_fmt.h"
#include "gotemplate/sprig_text.h"

namespace sidecarctl::gotemplate {
namespace {

constexpr int kMaxRepeat = 1000;

// Matches one UTF-8 encoded rune (any byte sequence of a lead byte and continuations), optionally
// not a newline: Go's '.' consumes runes, std::regex bytes.
constexpr std::string_view kAnyRuneNoNewline = "(?:[^\\n\\x80-\\xff]|[\\xc0-\\xff][\\x80-\\xbf]*)";
constexpr std::string_view kAnyRune = "(?:[\\x00-\\x7f]|[\\xc0-\\xff][\\x80-\\xbf]*)";

struct Flags {
  bool dot_nl = false;    // s
  bool ungreedy = false;  // U
};

bool is_word(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

std::string hex_escape(unsigned char c) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out = "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
  return out;
}

// A literal code point as an ECMAScript atom (multi-byte runes grouped so a quantifier takes all).
std::string literal_atom(char32_t r) {
  if (r < 0x80) {
    auto c = static_cast<char>(r);
    if (is_word(c)) return std::string(1, c);
    if (r < 0x20 || r == 0x7f) return hex_escape(static_cast<unsigned char>(r));
    return std::string("\\") + c;
  }
  std::string bytes;
  append_utf8(bytes, r);
  std::string out = "(?:";
  for (char b : bytes) out += hex_escape(static_cast<unsigned char>(b));
  return out + ")";
}

// A literal byte inside a bracket expression.
std::string class_char(char32_t r) {
  if (r < 0x80 && is_word(static_cast<char>(r))) return std::string(1, static_cast<char>(r));
  return hex_escape(static_cast<unsigned char>(r));
}

class Translator {
 public:
  explicit Translator(std::string_view expr) : expr_(expr) {}

  Result<std::string> run() {
    std::vector<Flags> scopes{Flags{}};
    int depth = 0;
    // Leading global flags (?i) (?m) (?s) (?U) and combinations, before anything else.
    while (expr_.substr(pos_).starts_with("(?")) {
      std::size_t close = expr_.find(')', pos_);
      std::string_view body = close == std::string_view::npos ? "" : expr_.substr(pos_ + 2, close - pos_ - 2);
      if (body.empty() || body.find_first_not_of("imsU") != std::string_view::npos) break;
      for (char f : body) {
        if (f == 'i') icase_ = true;
        if (f == 'm') multiline_ = true;
        if (f == 's') scopes.back().dot_nl = true;
        if (f == 'U') scopes.back().ungreedy = true;
      }
      pos_ = close + 1;
    }
    while (pos_ < expr_.size()) {
      char c = expr_[pos_];
      switch (c) {
        case '(': {
          TRY(open_group(scopes));
          ++depth;
          break;
        }
        case ')': {
          if (depth == 0) return fail("unexpected )", std::string(expr_));
          --depth;
          scopes.pop_back();
          out_ += ')';
          ++pos_;
          atom_ = true;
          prev_repeat_ = false;
          break;
        }
        case '|':
          out_ += '|';
          ++pos_;
          atom_ = false;
          prev_repeat_ = false;
          break;
        case '^':
        case '$':
          out_ += c;
          ++pos_;
          atom_ = false;
          prev_repeat_ = false;
          break;
        case '*':
        case '+':
        case '?':
        case '{': {
          TRY_ASSIGN(bool repeated, repetition(scopes.back()));
          if (repeated) break;
          out_ += "\\{";
          ++pos_;
          set_atom();
          break;
        }
        case '.':
          out_ += scopes.back().dot_nl ? kAnyRune : kAnyRuneNoNewline;
          ++pos_;
          set_atom();
          break;
        case '[':
          TRY(bracket());
          set_atom();
          break;
        case '\\':
          TRY(escape());
          break;
        default: {
          Rune r = decode_rune(expr_, pos_);
          out_ += literal_atom(r.value);
          pos_ += r.width;
          set_atom();
        }
      }
    }
    if (depth > 0) return fail("missing closing )", std::string(expr_));
    return out_;
  }

  bool icase() const { return icase_; }
  bool multiline() const { return multiline_; }
  const std::map<std::string, int, std::less<>>& names() const { return names_; }

 private:
  Error fail(std::string_view code, const std::string& arg) {
    return make_error(ErrorKind::kInvalidInput, "error parsing regexp: " + std::string(code) + ": `" + arg + "`");
  }

  void set_atom() {
    atom_ = true;
    prev_repeat_ = false;
  }

  Result<void> open_group(std::vector<Flags>& scopes) {
    Flags inner = scopes.back();
    std::string_view rest = expr_.substr(pos_);
    if (!rest.starts_with("(?")) {
      ++groups_;
      out_ += '(';
      ++pos_;
    } else if (rest.starts_with("(?P<") || rest.starts_with("(?<")) {
      std::size_t start = pos_ + (rest[2] == 'P' ? 4 : 3);
      std::size_t close = expr_.find('>', start);
      if (close == std::string_view::npos) return fail("invalid named capture", std::string(rest));
      std::string name(expr_.substr(start, close - start));
      bool valid = !name.empty();
      for (char ch : name) valid = valid && is_word(ch);
      if (!valid) return fail("invalid named capture", std::string(expr_.substr(pos_, close + 1 - pos_)));
      if (names_.count(name)) return fail("duplicate capture group name", name);
      names_[name] = ++groups_;
      out_ += '(';
      pos_ = close + 1;
    } else {
      // (?flags) or (?flags:...)
      std::size_t i = pos_ + 2;
      bool negate = false;
      bool any = false;
      while (i < expr_.size()) {
        char f = expr_[i];
        if (f == '-' && !negate) {
          negate = true;
        } else if (f == 's') {
          inner.dot_nl = !negate;
        } else if (f == 'U') {
          inner.ungreedy = !negate;
        } else if (f == 'i' || f == 'm') {
          return fail("unsupported flag in the middle of an expression (only at its start)",
                      std::string(expr_.substr(pos_, i + 1 - pos_)));
        } else {
          break;
        }
        any = true;
        ++i;
      }
      if (i >= expr_.size() || (expr_[i] != ':' && expr_[i] != ')') || (negate && expr_[i - 1] == '-') ||
          (!any && expr_[i] == ')')) {
        std::size_t end = std::min(expr_.size(), i + 1);
        return fail("invalid or unsupported Perl syntax", std::string(expr_.substr(pos_, end - pos_)));
      }
      if (expr_[i] == ')') {
        // Flags for the rest of the current group.
        scopes.back() = inner;
        pos_ = i + 1;
        return {};
      }
      out_ += "(?:";
      pos_ = i + 1;
    }
    scopes.push_back(inner);
    atom_ = false;
    prev_repeat_ = false;
    return {};
  }

  // Parses a repetition operator at pos_; false (nothing consumed) when '{' is not a repeat.
  Result<bool> repetition(const Flags& flags) {
    std::size_t start = pos_;
    std::string op;
    char c = expr_[pos_];
    if (c == '{') {
      std::size_t close = expr_.find('}', pos_);
      if (close == std::string_view::npos) return false;
      std::string_view body = expr_.substr(pos_ + 1, close - pos_ - 1);
      std::size_t comma = body.find(',');
      std::string_view lo = body.substr(0, comma);
      std::string_view hi = comma == std::string_view::npos ? lo : body.substr(comma + 1);
      auto digits = [](std::string_view d) {
        return !d.empty() && d.find_first_not_of("0123456789") == std::string_view::npos;
      };
      if (!digits(lo) || (!hi.empty() && !digits(hi))) return false;
      if (comma != std::string_view::npos && hi.empty()) hi = "";
      int min = lo.size() > 4 ? kMaxRepeat + 1 : std::stoi(std::string(lo));
      int max = hi.empty() ? -1 : (hi.size() > 4 ? kMaxRepeat + 1 : std::stoi(std::string(hi)));
      op = std::string(expr_.substr(pos_, close + 1 - pos_));
      if (min > kMaxRepeat || max > kMaxRepeat || (max >= 0 && max < min)) return fail("invalid repeat count", op);
      pos_ = close + 1;
    } else {
      op = std::string(1, c);
      ++pos_;
    }
    std::string base(expr_.substr(start, pos_ - start));
    bool lazy = false;
    if (pos_ < expr_.size() && expr_[pos_] == '?') {
      lazy = true;
      op += '?';
      ++pos_;
    }
    if (prev_repeat_) return fail("invalid nested repetition operator", last_op_ + op);
    if (!atom_) return fail("missing argument to repetition operator", op);
    if (flags.ungreedy) lazy = !lazy;
    out_ += base;
    if (lazy) out_ += '?';
    prev_repeat_ = true;
    last_op_ = op;
    return true;
  }

  // \x{10FFFF}, \xFF, octal \0.. and single-letter escapes; returns the code point or nullopt.
  Result<std::optional<char32_t>> escaped_char() {
    std::size_t start = pos_;
    ++pos_;  // backslash
    if (pos_ >= expr_.size()) return fail("trailing backslash at end of expression", "");
    char c = expr_[pos_++];
    auto bad = [&]() { return fail("invalid escape sequence", std::string(expr_.substr(start, pos_ - start))); };
    switch (c) {
      case 'a': return std::optional<char32_t>(7);
      case 'f': return std::optional<char32_t>('\f');
      case 't': return std::optional<char32_t>('\t');
      case 'n': return std::optional<char32_t>('\n');
      case 'r': return std::optional<char32_t>('\r');
      case 'v': return std::optional<char32_t>('\v');
      case 'x': {
        if (pos_ < expr_.size() && expr_[pos_] == '{') {
          std::size_t close = expr_.find('}', pos_);
          if (close == std::string_view::npos) return bad();
          std::string hex(expr_.substr(pos_ + 1, close - pos_ - 1));
          pos_ = close + 1;
          if (hex.empty() || hex.size() > 8 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
            return bad();
          }
          unsigned long v = std::stoul(hex, nullptr, 16);
          if (v > 0x10FFFF) return bad();
          return std::optional<char32_t>(static_cast<char32_t>(v));
        }
        if (pos_ + 2 > expr_.size()) return bad();
        std::string hex(expr_.substr(pos_, 2));
        pos_ += 2;
        if (hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return bad();
        return std::optional<char32_t>(static_cast<char32_t>(std::stoul(hex, nullptr, 16)));
      }
      default: break;
    }
    if (c >= '0' && c <= '7') {
      // A lone \1..\7 would be a backreference, which RE2 does not have.
      bool next_octal = pos_ < expr_.size() && expr_[pos_] >= '0' && expr_[pos_] <= '7';
      if (c != '0' && !next_octal) return bad();
      char32_t v = static_cast<char32_t>(c - '0');
      for (int k = 0; k < 2 && pos_ < expr_.size() && expr_[pos_] >= '0' && expr_[pos_] <= '7'; ++k) {
        v = v * 8 + static_cast<char32_t>(expr_[pos_++] - '0');
      }
      return std::optional<char32_t>(v);
    }
    if (static_cast<unsigned char>(c) < 0x80 && !is_word(c)) return std::optional<char32_t>(static_cast<char32_t>(c));
    if (c == 'p' || c == 'P') {
      return fail("Unicode classes are not supported by sidecarctl's regexp engine",
                  std::string(expr_.substr(start, pos_ - start)));
    }
    pos_ = start;
    return std::optional<char32_t>();
  }

  Result<void> escape() {
    std::size_t start = pos_;
    char c = pos_ + 1 < expr_.size() ? expr_[pos_ + 1] : '\0';
    static const std::map<char, std::string_view> kClasses = {
        {'d', "[0-9]"}, {'D', "[^0-9]"}, {'s', "[\\t\\n\\f\\r ]"}, {'S', "[^\\t\\n\\f\\r ]"},
        {'w', "[0-9A-Za-z_]"}, {'W', "[^0-9A-Za-z_]"}};
    if (auto it = kClasses.find(c); it != kClasses.end()) {
      out_ += it->second;
      pos_ += 2;
      set_atom();
      return {};
    }
    switch (c) {
      case 'b':
      case 'B':
        out_ += expr_.substr(pos_, 2);
        pos_ += 2;
        atom_ = false;
        prev_repeat_ = false;
        return {};
      case 'A':
        if (multiline_) return fail("\\A with (?m) is not supported by sidecarctl's regexp engine", "\\A");
        out_ += '^';
        pos_ += 2;
        atom_ = false;
        prev_repeat_ = false;
        return {};
      case 'z':
        if (multiline_) return fail("\\z with (?m) is not supported by sidecarctl's regexp engine", "\\z");
        out_ += '$';
        pos_ += 2;
        atom_ = false;
        prev_repeat_ = false;
        return {};
      case 'Q': {
        std::size_t end = expr_.find("\\E", pos_ + 2);
        std::string_view lit = expr_.substr(pos_ + 2, end == std::string_view::npos ? std::string_view::npos : end - pos_ - 2);
        for (std::size_t i = 0; i < lit.size();) {
          Rune r = decode_rune(lit, i);
          out_ += literal_atom(r.value);
          i += r.width;
        }
        pos_ = end == std::string_view::npos ? expr_.size() : end + 2;
        if (!lit.empty()) set_atom();
        return {};
      }
      default: break;
    }
    TRY_ASSIGN(auto ch, escaped_char());
    if (!ch) {
      pos_ = start + 2;
      return fail("invalid escape sequence", std::string(expr_.substr(start, 2)));
    }
    out_ += literal_atom(*ch);
    set_atom();
    return {};
  }

  Result<void> bracket() {
    std::size_t start = pos_;
    ++pos_;
    std::string cls = "[";
    if (pos_ < expr_.size() && expr_[pos_] == '^') {
      cls += '^';
      ++pos_;
    }
    bool first = true;
    auto missing = [&]() { return fail("missing closing ]", std::string(expr_.substr(start))); };
    while (true) {
      if (pos_ >= expr_.size()) return missing();
      char c = expr_[pos_];
      if (c == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      if (expr_.substr(pos_).starts_with("[:")) {
        std::size_t close = expr_.find(":]", pos_ + 2);
        if (close == std::string_view::npos) return missing();
        std::string name(expr_.substr(pos_ + 2, close - pos_ - 2));
        static const std::map<std::string, std::string_view, std::less<>> kPosix = {
            {"alnum", "0-9A-Za-z"}, {"alpha", "A-Za-z"}, {"ascii", "\\x00-\\x7f"}, {"blank", "\\t "},
            {"cntrl", "\\x00-\\x1f\\x7f"}, {"digit", "0-9"}, {"graph", "!-~"}, {"lower", "a-z"},
            {"print", " -~"}, {"punct", "!-/:-@\\[-`{-~"}, {"space", "\\t\\n\\v\\f\\r "}, {"upper", "A-Z"},
            {"word", "0-9A-Za-z_"}, {"xdigit", "0-9A-Fa-f"}};
        auto it = kPosix.find(name);
        if (it == kPosix.end()) return fail("invalid character class range", std::string(expr_.substr(pos_, close + 2 - pos_)));
        cls += it->second;
        pos_ = close + 2;
        continue;
      }
      if (c == '\\' && pos_ + 1 < expr_.size()) {
        char e = expr_[pos_ + 1];
        static const std::map<char, std::string_view> kInClass = {
            {'d', "0-9"}, {'s', "\\t\\n\\f\\r "}, {'w', "0-9A-Za-z_"}, {'D', "\\D"}, {'S', "\\S"}, {'W', "\\W"}};
        if (auto it = kInClass.find(e); it != kInClass.end()) {
          cls += it->second;
          pos_ += 2;
          continue;
        }
      }
      std::size_t lo_start = pos_;
      TRY_ASSIGN(char32_t lo, class_rune());
      char32_t hi = lo;
      if (pos_ + 1 < expr_.size() && expr_[pos_] == '-' && expr_[pos_ + 1] != ']') {
        ++pos_;
        TRY_ASSIGN(char32_t h, class_rune());
        hi = h;
        if (hi < lo) return fail("invalid character class range", std::string(expr_.substr(lo_start, pos_ - lo_start)));
      }
      if (lo >= 0x80 || hi >= 0x80) {
        return fail("non-ASCII characters in a character class are not supported by sidecarctl's regexp engine",
                    std::string(expr_.substr(start, pos_ - start)));
      }
      cls += class_char(lo);
      if (hi != lo) cls += "-" + class_char(hi);
    }
    cls += ']';
    out_ += cls;
    return {};
  }

  // One literal character of a bracket expression (possibly escaped).
  Result<char32_t> class_rune() {
    std::size_t start = pos_;
    if (pos_ >= expr_.size()) return fail("missing closing ]", "");
    if (expr_[pos_] == '\\') {
      TRY_ASSIGN(auto ch, escaped_char());
      if (!ch) return fail("invalid escape sequence", std::string(expr_.substr(start, 2)));
      return *ch;
    }
    Rune r = decode_rune(expr_, pos_);
    pos_ += r.width;
    return r.value;
  }

  std::string_view expr_;
  std::size_t pos_ = 0;
  std::string out_;
  bool atom_ = false;         // something a repetition can apply to precedes
  bool prev_repeat_ = false;  // the previous token was a repetition
  std::string last_op_;
  bool icase_ = false;
  bool multiline_ = false;
  int groups_ = 0;
  std::map<std::string, int, std::less<>> names_;
};

std::size_t rune_width_at(std::string_view s, std::size_t pos) {
  return pos < s.size() ? decode_rune(s, pos).width : 1;
}

}  // namespace

Result<GoRegex> GoRegex::compile(std::string_view pattern) {
  Translator t(pattern);
  TRY_ASSIGN(std::string translated, t.run());
  auto flags = std::regex::ECMAScript;
  if (t.icase()) flags |= std::regex::icase;
  if (t.multiline()) flags |= std::regex::multiline;
  GoRegex re;
  re.expr_ = std::string(pattern);
  re.translated_ = translated;
  re.names_ = t.names();
  try {
    re.re_ = std::make_shared<const std::regex>(translated, flags);
  } catch (const std::regex_error& e) {
    return make_error(ErrorKind::kInvalidInput,
                      "error parsing regexp: not supported by sidecarctl's regexp engine (" + std::string(e.what()) +
                          "): `" + std::string(pattern) + "`");
  }
  return re;
}

bool GoRegex::search_at(std::string_view s, std::size_t pos, Match& out) const {
  std::match_results<std::string_view::const_iterator> m;
  auto flags = pos > 0 ? std::regex_constants::match_prev_avail : std::regex_constants::match_default;
  if (!std::regex_search(s.begin() + static_cast<long>(pos), s.end(), m, *re_, flags)) return false;
  out.clear();
  for (std::size_t g = 0; g < m.size(); ++g) {
    if (!m[g].matched) {
      out.emplace_back(-1, -1);
    } else {
      out.emplace_back(m[g].first - s.begin(), m[g].second - s.begin());
    }
  }
  return true;
}

bool GoRegex::match(std::string_view s) const {
  Match m;
  return search_at(s, 0, m);
}

std::vector<GoRegex::Match> GoRegex::find_all(std::string_view s, int n) const {
  std::vector<Match> out;
  if (n < 0) n = static_cast<int>(s.size()) + 1;
  long prev_end = -1;
  std::size_t pos = 0;
  Match m;
  while (static_cast<int>(out.size()) < n && pos <= s.size()) {
    if (!search_at(s, pos, m)) break;
    bool accept = true;
    if (m[0].second == static_cast<long>(pos)) {
      if (m[0].first == prev_end) accept = false;
      pos += rune_width_at(s, pos);
    } else {
      pos = static_cast<std::size_t>(m[0].second);
    }
    prev_end = m[0].second;
    if (accept) out.push_back(m);
  }
  return out;
}

void GoRegex::expand(std::string& out, std::string_view tmpl, std::string_view src, const Match& m) const {
  auto group = [&](int i) {
    if (i < 0 || static_cast<std::size_t>(i) >= m.size() || m[static_cast<std::size_t>(i)].first < 0) return;
    auto [b, e] = m[static_cast<std::size_t>(i)];
    out.append(src.substr(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b)));
  };
  while (!tmpl.empty()) {
    std::size_t dollar = tmpl.find('$');
    if (dollar == std::string_view::npos) break;
    out.append(tmpl.substr(0, dollar));
    tmpl.remove_prefix(dollar);
    if (tmpl.size() > 1 && tmpl[1] == '$') {
      out += '$';
      tmpl.remove_prefix(2);
      continue;
    }
    // extract: $name or ${name}; a malformed reference leaves '$' as text.
    std::string_view name;
    std::size_t used = 0;
    if (tmpl.size() > 1 && tmpl[1] == '{') {
      std::size_t i = 2;
      while (i < tmpl.size() && is_word(tmpl[i])) ++i;
      if (i < tmpl.size() && tmpl[i] == '}' && i > 2) {
        name = tmpl.substr(2, i - 2);
        used = i + 1;
      }
    } else {
      std::size_t i = 1;
      while (i < tmpl.size() && is_word(tmpl[i])) ++i;
      if (i > 1) {
        name = tmpl.substr(1, i - 1);
        used = i;
      }
    }
    if (used == 0) {
      out += '$';
      tmpl.remove_prefix(1);
      continue;
    }
    tmpl.remove_prefix(used);
    bool numeric = name.find_first_not_of("0123456789") == std::string_view::npos;
    if (numeric) {
      if (name.size() < 9) group(std::stoi(std::string(name)));
    } else if (auto it = names_.find(name); it != names_.end()) {
      group(it->second);
    }
  }
  out.append(tmpl);
}

std::string GoRegex::replace_all(std::string_view s, std::string_view repl, bool literal) const {
  std::string out;
  std::size_t last_end = 0;
  std::size_t search = 0;
  Match m;
  while (search <= s.size()) {
    if (!search_at(s, search, m)) break;
    auto [b, e] = m[0];
    out.append(s.substr(last_end, static_cast<std::size_t>(b) - last_end));
    if (static_cast<std::size_t>(e) > last_end || b == 0) {
      if (literal) {
        out.append(repl);
      } else {
        expand(out, repl, s, m);
      }
    }
    last_end = static_cast<std::size_t>(e);
    std::size_t width = rune_width_at(s, search);
    if (search + width > static_cast<std::size_t>(e)) {
      search += width;
    } else if (search + 1 > static_cast<std::size_t>(e)) {
      ++search;
    } else {
      search = static_cast<std::size_t>(e);
    }
  }
  out.append(s.substr(std::min(last_end, s.size())));
  return out;
}

std::vector<std::string> GoRegex::split(std::string_view s, int n) const {
  std::vector<std::string> parts;
  if (n == 0) return parts;
  if (!expr_.empty() && s.empty()) return {""};
  std::vector<Match> matches = find_all(s, n);
  std::size_t beg = 0;
  std::size_t end = 0;
  for (const Match& m : matches) {
    if (n > 0 && static_cast<int>(parts.size()) == n - 1) break;
    end = static_cast<std::size_t>(m[0].first);
    if (m[0].second != 0) parts.emplace_back(s.substr(beg, end - beg));
    beg = static_cast<std::size_t>(m[0].second);
  }
  if (end != s.size()) parts.emplace_back(s.substr(beg));
  return parts;
}

std::string go_quote_meta(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace sidecarctl::gotemplate
