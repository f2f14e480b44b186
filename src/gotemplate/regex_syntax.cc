// The RE2 pattern parser: one left-to-right pass with a stack of open groups (no recursion on the
// pattern), building RegexNode trees with Go's flags (i m s U), classes, escapes and limits.
#include "gotemplate/regex_syntax.h"

#include <algorithm>
#include <array>
#include <optional>

#include "gotemplate/sprig_text.h"

namespace sidecarctl::gotemplate {
namespace {

constexpr char32_t kMaxRune = 0x10FFFF;

struct Flags {
  bool fold = false;       // i
  bool multiline = false;  // m
  bool dot_nl = false;     // s
  bool ungreedy = false;   // U
};

void normalize(RuneRanges& r) {
  std::sort(r.begin(), r.end());
  RuneRanges out;
  for (auto [lo, hi] : r) {
    if (!out.empty() && lo <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, hi);
    } else {
      out.emplace_back(lo, hi);
    }
  }
  r = std::move(out);
}

RuneRanges complement(const RuneRanges& r) {
  RuneRanges out;
  char32_t next = 0;
  for (auto [lo, hi] : r) {
    if (lo > next) out.emplace_back(next, lo - 1);
    next = hi + 1;
  }
  if (next <= kMaxRune) out.emplace_back(next, kMaxRune);
  return out;
}

// Runes that fold together beyond what simple upper/lower mapping reaches (Unicode's CaseFolding).
constexpr std::array<std::array<char32_t, 3>, 5> kFoldOrbits = {{
    {U'k', U'K', 0x212A},     // KELVIN SIGN
    {U's', U'S', 0x17F},      // LATIN SMALL LETTER LONG S
    {0xE5, 0xC5, 0x212B},     // ANGSTROM SIGN
    {0xB5, 0x39C, 0x3BC},     // MICRO SIGN, GREEK MU
    {0x3C2, 0x3C3, 0x3A3},    // GREEK FINAL SIGMA, SIGMA
}};

// Adds the runes `r` matches case-insensitively (Go's unicode.SimpleFold orbit, for the scripts
// go_rune_upper/lower cover).
void add_folded(RuneRanges& out, char32_t r) {
  auto add = [&](char32_t x) { out.emplace_back(x, x); };
  char32_t upper = go_rune_upper(r);
  char32_t lower = go_rune_lower(r);
  // Only mappings that round-trip are foldings (dotless i maps up to I, but does not fold to it).
  if (go_rune_lower(upper) == r) add(upper);
  if (go_rune_upper(lower) == r) add(lower);
  for (const auto& orbit : kFoldOrbits) {
    if (std::find(orbit.begin(), orbit.end(), r) != orbit.end()) {
      for (char32_t x : orbit) add(x);
    }
  }
}

// The highest code point go_rune_upper/lower change, and the orbit table's; folding stops there.
constexpr char32_t kLastFoldable = 0x212B;

void fold_ranges(RuneRanges& r) {
  RuneRanges extra;
  for (auto [lo, hi] : r) {
    for (char32_t c = lo; c <= std::min(hi, kLastFoldable); ++c) add_folded(extra, c);
  }
  r.insert(r.end(), extra.begin(), extra.end());
  normalize(r);
}

RegexNode runes_node(RuneRanges ranges) {
  RegexNode n;
  n.kind = RegexNode::Kind::kRunes;
  n.ranges = std::move(ranges);
  return n;
}

RegexNode simple_node(RegexNode::Kind kind) {
  RegexNode n;
  n.kind = kind;
  return n;
}

// A concatenation or alternation of `items`, collapsed like Go's parser (one item is itself).
RegexNode collect(std::vector<RegexNode> items, RegexNode::Kind kind) {
  if (items.empty()) return simple_node(RegexNode::Kind::kEmptyMatch);
  if (items.size() == 1) return std::move(items[0]);
  RegexNode n;
  n.kind = kind;
  for (const RegexNode& item : items) n.height = std::max(n.height, item.height + 1);
  n.subs = std::move(items);
  return n;
}

// Go's repeatIsValid: nested repetitions may not make more than `n` copies of what they repeat.
bool repeat_is_valid(const RegexNode& re, int n) {
  if (re.kind == RegexNode::Kind::kRepeat) {
    int m = re.max;
    if (m == 0) return true;
    if (m < 0) m = re.min;
    if (m > n) return false;
    if (m > 0) n /= m;
  }
  return std::all_of(re.subs.begin(), re.subs.end(), [n](const RegexNode& s) { return repeat_is_valid(s, n); });
}

// Go's parseInt for repeat counts: digits without a leading zero; -1 when too large.
std::optional<int> repeat_number(std::string_view d) {
  if (d.empty() || d.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  if (d.size() >= 2 && d[0] == '0') return std::nullopt;
  int n = 0;
  for (char c : d) {
    if (n >= 100000000) return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

const std::map<std::string, RuneRanges, std::less<>>& posix_classes() {
  static const std::map<std::string, RuneRanges, std::less<>> kPosix = {
      {"alnum", {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}}},
      {"alpha", {{'A', 'Z'}, {'a', 'z'}}},
      {"ascii", {{0, 0x7F}}},
      {"blank", {{'\t', '\t'}, {' ', ' '}}},
      {"cntrl", {{0, 0x1F}, {0x7F, 0x7F}}},
      {"digit", {{'0', '9'}}},
      {"graph", {{'!', '~'}}},
      {"lower", {{'a', 'z'}}},
      {"print", {{' ', '~'}}},
      {"punct", {{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}}},
      {"space", {{'\t', '\r'}, {' ', ' '}}},
      {"upper", {{'A', 'Z'}}},
      {"word", {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}},
      {"xdigit", {{'0', '9'}, {'A', 'F'}, {'a', 'f'}}},
  };
  return kPosix;
}

// \d \s \w and their negations; nullopt for another letter.
std::optional<RuneRanges> perl_class(char c) {
  RuneRanges r;
  switch (c) {
    case 'd': case 'D': r = {{'0', '9'}}; break;
    case 's': case 'S': r = {{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}}; break;
    case 'w': case 'W': r = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}; break;
    default: return std::nullopt;
  }
  if (c == 'D' || c == 'S' || c == 'W') r = complement(r);
  return r;
}

struct Frame {
  std::vector<RegexNode> alternatives;
  std::vector<RegexNode> concat;
  Flags flags;
  int cap = 0;  // capture index, 0 for (?:...) and the whole pattern
};

class Parser {
 public:
  explicit Parser(std::string_view expr) : expr_(expr) {}

  Result<ParsedRegex> run() {
    for (std::size_t i = 0; i < expr_.size();) {
      Rune r = decode_rune(expr_, i);
      if (r.value == 0xFFFD && r.width == 1 && !expr_.substr(i).starts_with("\xEF\xBF\xBD")) {
        return fail("invalid UTF-8", std::string(expr_.substr(i)));
      }
      i += r.width;
    }
    stack_.emplace_back();
    while (pos_ < expr_.size()) {
      std::string_view repeat_op;
      char c = expr_[pos_];
      switch (c) {
        case '(':
          TRY(open_group());
          break;
        case ')':
          TRY(close_group());
          break;
        case '|': {
          Frame& f = stack_.back();
          f.alternatives.push_back(collect(std::move(f.concat), RegexNode::Kind::kConcat));
          f.concat.clear();
          ++pos_;
          break;
        }
        case '^':
          push(simple_node(flags().multiline ? RegexNode::Kind::kBeginLine : RegexNode::Kind::kBeginText));
          ++pos_;
          break;
        case '$':
          push(simple_node(flags().multiline ? RegexNode::Kind::kEndLine : RegexNode::Kind::kEndText));
          ++pos_;
          break;
        case '*':
        case '+':
        case '?':
        case '{': {
          std::size_t start = pos_;
          TRY_ASSIGN(bool repeated, repetition());
          if (!repeated) {
            push(literal('{'));
            ++pos_;
            break;
          }
          repeat_op = expr_.substr(start, pos_ - start);
          break;
        }
        case '.':
          push(simple_node(flags().dot_nl ? RegexNode::Kind::kAnyChar : RegexNode::Kind::kAnyCharNotNL));
          ++pos_;
          break;
        case '[': {
          TRY_ASSIGN(RegexNode cls, bracket());
          push(std::move(cls));
          break;
        }
        case '\\':
          TRY(escape());
          break;
        default: {
          Rune r = decode_rune(expr_, pos_);
          push(literal(r.value));
          pos_ += r.width;
        }
      }
      last_repeat_ = repeat_op;
    }
    if (stack_.size() > 1) return fail("missing closing )", std::string(expr_));
    Frame& top = stack_.back();
    top.alternatives.push_back(collect(std::move(top.concat), RegexNode::Kind::kConcat));
    ParsedRegex out;
    out.root = collect(std::move(top.alternatives), RegexNode::Kind::kAlternate);
    TRY(check_height(out.root));
    out.groups = groups_;
    out.names = std::move(names_);
    return out;
  }

 private:
  Error fail(std::string_view code, const std::string& arg) const {
    return make_error(ErrorKind::kInvalidInput, "error parsing regexp: " + std::string(code) + ": `" + arg + "`");
  }

  Flags& flags() { return stack_.back().flags; }

  // Checked as the tree grows, so that no tree deeper than the limit is ever built (the
  // compiler recurses on it).
  Result<void> check_height(const RegexNode& n) const {
    if (n.height > kMaxRegexNesting) return fail("expression nests too deeply", std::string(expr_));
    return {};
  }
  void push(RegexNode n) { stack_.back().concat.push_back(std::move(n)); }

  RegexNode literal(char32_t r) {
    RuneRanges ranges{{r, r}};
    if (flags().fold) fold_ranges(ranges);
    return runes_node(std::move(ranges));
  }

  Result<void> open_group() {
    Flags inner = flags();
    std::string_view rest = expr_.substr(pos_);
    int cap = 0;
    if (!rest.starts_with("(?")) {
      cap = ++groups_;
      ++pos_;
    } else if ((rest.size() > 4 && rest.starts_with("(?P<")) || (rest.size() > 3 && rest.starts_with("(?<"))) {
      std::size_t start = pos_ + (rest[2] == 'P' ? 4 : 3);
      std::size_t close = expr_.find('>', start);
      if (close == std::string_view::npos) return fail("invalid named capture", std::string(rest));
      std::string name(expr_.substr(start, close - start));
      bool valid = !name.empty();
      for (char ch : name) valid = valid && is_regex_word_char(ch);
      if (!valid) return fail("invalid named capture", std::string(expr_.substr(pos_, close + 1 - pos_)));
      cap = ++groups_;
      names_.emplace(name, cap);  // Go allows a name twice; $name means the first
      pos_ = close + 1;
    } else {
      // (?flags) or (?flags:...)
      std::size_t i = pos_ + 2;
      bool negate = false;
      while (i < expr_.size()) {
        char f = expr_[i];
        if (f == '-' && !negate) {
          negate = true;
        } else if (f == 'i') {
          inner.fold = !negate;
        } else if (f == 'm') {
          inner.multiline = !negate;
        } else if (f == 's') {
          inner.dot_nl = !negate;
        } else if (f == 'U') {
          inner.ungreedy = !negate;
        } else {
          break;
        }
        ++i;
      }
      if (i >= expr_.size() || (expr_[i] != ':' && expr_[i] != ')') || (negate && expr_[i - 1] == '-')) {
        std::size_t end = i >= expr_.size() ? i : i + decode_rune(expr_, i).width;
        return fail("invalid or unsupported Perl syntax", std::string(expr_.substr(pos_, end - pos_)));
      }
      pos_ = i + 1;
      if (expr_[i] == ')') {
        flags() = inner;  // for the rest of the current group
        return {};
      }
    }
    // Open groups hold memory until they close: their depth is bounded as a tree's height is,
    // also for (?:...) that Go would fold away.
    if (stack_.size() > static_cast<std::size_t>(kMaxRegexNesting)) {
      return fail("expression nests too deeply", std::string(expr_));
    }
    Frame f;
    f.flags = inner;
    f.cap = cap;
    stack_.push_back(std::move(f));
    return {};
  }

  Result<void> close_group() {
    if (stack_.size() == 1) return fail("unexpected )", std::string(expr_));
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    f.alternatives.push_back(collect(std::move(f.concat), RegexNode::Kind::kConcat));
    RegexNode body = collect(std::move(f.alternatives), RegexNode::Kind::kAlternate);
    if (f.cap > 0) {
      RegexNode capture;
      capture.kind = RegexNode::Kind::kCapture;
      capture.cap = f.cap;
      capture.height = body.height + 1;
      capture.subs.push_back(std::move(body));
      body = std::move(capture);
    }
    TRY(check_height(body));
    push(std::move(body));
    ++pos_;
    return {};
  }

  // Parses a repetition operator at pos_; false (nothing consumed) when '{' is not a repeat.
  Result<bool> repetition() {
    std::size_t start = pos_;
    int min = 0;
    int max = -1;
    char c = expr_[pos_];
    if (c == '{') {
      std::size_t close = expr_.find('}', pos_);
      if (close == std::string_view::npos) return false;
      std::string_view body = expr_.substr(pos_ + 1, close - pos_ - 1);
      std::size_t comma = body.find(',');
      auto lo = repeat_number(body.substr(0, comma));
      if (!lo) return false;
      min = *lo;
      if (comma == std::string_view::npos) {
        max = min;
      } else if (comma + 1 < body.size()) {
        auto hi = repeat_number(body.substr(comma + 1));
        if (!hi) return false;
        max = *hi;
        if (max < 0) min = -1;
      }
      pos_ = close + 1;
    } else {
      min = c == '+' ? 1 : 0;
      max = c == '?' ? 1 : -1;
      ++pos_;
    }
    if (c == '{' && (min < 0 || min > kMaxRegexRepeat || max > kMaxRegexRepeat || (max >= 0 && min > max))) {
      return fail("invalid repeat count", std::string(expr_.substr(start, pos_ - start)));
    }
    bool lazy = false;
    if (pos_ < expr_.size() && expr_[pos_] == '?') {
      lazy = true;
      ++pos_;
    }
    std::string op(expr_.substr(start, pos_ - start));
    if (!last_repeat_.empty()) {
      std::size_t from = static_cast<std::size_t>(last_repeat_.data() - expr_.data());
      return fail("invalid nested repetition operator", std::string(expr_.substr(from, pos_ - from)));
    }
    std::vector<RegexNode>& concat = stack_.back().concat;
    if (concat.empty()) return fail("missing argument to repetition operator", op);
    RegexNode rep;
    rep.kind = RegexNode::Kind::kRepeat;
    rep.min = min;
    rep.max = max;
    rep.greedy = lazy == flags().ungreedy;
    rep.height = concat.back().height + 1;
    rep.subs.push_back(std::move(concat.back()));
    if ((min >= 2 || max >= 2) && !repeat_is_valid(rep, kMaxRegexRepeat)) {
      return fail("invalid repeat count", op);
    }
    concat.back() = std::move(rep);
    TRY(check_height(concat.back()));
    return true;
  }

  // \x{10FFFF}, \xFF, octal \0.. and single-character escapes; nullopt (nothing consumed) for a
  // letter that is not one of them.
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
        auto hex_digit = [](char h) {
          if (h >= '0' && h <= '9') return h - '0';
          if (h >= 'a' && h <= 'f') return h - 'a' + 10;
          if (h >= 'A' && h <= 'F') return h - 'A' + 10;
          return -1;
        };
        if (pos_ >= expr_.size()) return bad();
        if (expr_[pos_] == '{') {
          // Any number of hex digits in braces, at least one, up to U+10FFFF.
          ++pos_;
          char32_t v = 0;
          int digits = 0;
          while (true) {
            if (pos_ >= expr_.size()) return bad();
            char h = expr_[pos_];
            pos_ += decode_rune(expr_, pos_).width;
            if (h == '}') break;
            int d = hex_digit(h);
            if (d < 0) return bad();
            v = v * 16 + static_cast<char32_t>(d);
            if (v > kMaxRune) return bad();
            ++digits;
          }
          if (digits == 0) return bad();
          return std::optional<char32_t>(v);
        }
        auto next_digit = [&]() {
          if (pos_ >= expr_.size()) return -1;
          int d = hex_digit(expr_[pos_]);
          pos_ += decode_rune(expr_, pos_).width;
          return d;
        };
        int hi = next_digit();
        int lo = next_digit();
        if (hi < 0 || lo < 0) return bad();
        return std::optional<char32_t>(static_cast<char32_t>(hi * 16 + lo));
      }
      default: break;
    }
    if (c >= '0' && c <= '7') {
      // A lone \1..\7 would be a backreference, which RE2 does not have.
      bool next_octal = pos_ < expr_.size() && expr_[pos_] >= '0' && expr_[pos_] <= '7';
      if (c != '0' && !next_octal) return bad();
      auto v = static_cast<char32_t>(c - '0');
      for (int k = 0; k < 2 && pos_ < expr_.size() && expr_[pos_] >= '0' && expr_[pos_] <= '7'; ++k) {
        v = v * 8 + static_cast<char32_t>(expr_[pos_++] - '0');
      }
      return std::optional<char32_t>(v);
    }
    bool alnum = is_regex_word_char(c) && c != '_';
    if (static_cast<unsigned char>(c) < 0x80 && !alnum) return std::optional<char32_t>(static_cast<char32_t>(c));
    pos_ = start;
    return std::optional<char32_t>();
  }

  // \pL, \p{Name}, \PL, \p{^Name} at pos_. Only Any is known here: a category or script name
  // is refused as unsupported, any other name is Go's "invalid character class range".
  Result<RuneRanges> unicode_class() {
    std::size_t start = pos_;
    bool negated = expr_[pos_ + 1] == 'P';
    pos_ += 2;
    std::string_view name;
    bool braced = pos_ < expr_.size() && expr_[pos_] == '{';
    if (braced) {
      std::size_t end = expr_.find('}', pos_);
      if (end == std::string_view::npos) return fail("invalid character class range", std::string(expr_.substr(start)));
      name = expr_.substr(pos_ + 1, end - pos_ - 1);
      pos_ = end + 1;
    } else {
      std::size_t width = pos_ < expr_.size() ? decode_rune(expr_, pos_).width : 0;
      name = expr_.substr(pos_, width);
      pos_ += width;
    }
    std::string seq(expr_.substr(start, pos_ - start));
    if (name.starts_with('^')) {
      negated = !negated;
      name.remove_prefix(1);
    }
    if (name == "Any") {
      RuneRanges any{{0, kMaxRune}};
      return negated ? complement(any) : any;
    }
    bool plausible = braced ? !name.empty() && name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_") ==
                                                   std::string_view::npos
                            : name.size() == 1 && std::string_view("CLMNPSZ").find(name[0]) != std::string_view::npos;
    if (!plausible) return fail("invalid character class range", seq);
    return fail("Unicode classes other than Any are not supported by sidecarctl's regexp engine", seq);
  }

  Result<void> escape() {
    std::size_t start = pos_;
    char c = pos_ + 1 < expr_.size() ? expr_[pos_ + 1] : '\0';
    if (c == 'p' || c == 'P') {
      TRY_ASSIGN(RuneRanges cls, unicode_class());
      push(runes_node(std::move(cls)));
      return {};
    }
    if (auto cls = perl_class(c)) {
      pos_ += 2;
      if (flags().fold) fold_ranges(*cls);
      push(runes_node(std::move(*cls)));
      return {};
    }
    auto assertion = [&](RegexNode::Kind kind) {
      pos_ += 2;
      push(simple_node(kind));
      return Result<void>();
    };
    switch (c) {
      case 'b': return assertion(RegexNode::Kind::kWordBoundary);
      case 'B': return assertion(RegexNode::Kind::kNoWordBoundary);
      case 'A': return assertion(RegexNode::Kind::kBeginText);
      case 'z': return assertion(RegexNode::Kind::kEndText);
      case 'Q': {
        std::size_t end = expr_.find("\\E", pos_ + 2);
        std::size_t lit_end = end == std::string_view::npos ? expr_.size() : end;
        pos_ += 2;
        while (pos_ < lit_end) {
          Rune r = decode_rune(expr_, pos_);
          push(literal(r.value));
          pos_ += r.width;
        }
        pos_ = end == std::string_view::npos ? expr_.size() : end + 2;
        return {};
      }
      default: break;
    }
    TRY_ASSIGN(auto ch, escaped_char());
    if (!ch) return fail("invalid escape sequence", std::string(expr_.substr(start, 1 + decode_rune(expr_, start + 1).width)));
    push(literal(*ch));
    return {};
  }

  Result<RegexNode> bracket() {
    std::size_t start = pos_;
    ++pos_;
    bool negated = false;
    if (pos_ < expr_.size() && expr_[pos_] == '^') {
      negated = true;
      ++pos_;
    }
    RuneRanges ranges;
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
        if (close != std::string_view::npos) {
          std::string_view name = expr_.substr(pos_ + 2, close - pos_ - 2);
          bool negate_class = name.starts_with('^');
          if (negate_class) name.remove_prefix(1);
          auto it = posix_classes().find(name);
          if (it == posix_classes().end()) {
            return fail("invalid character class range", std::string(expr_.substr(pos_, close + 2 - pos_)));
          }
          RuneRanges cls = it->second;
          if (flags().fold) fold_ranges(cls);
          if (negate_class) cls = complement(cls);
          ranges.insert(ranges.end(), cls.begin(), cls.end());
          pos_ = close + 2;
          continue;
        }
      }
      if (c == '\\' && pos_ + 1 < expr_.size() && (expr_[pos_ + 1] == 'p' || expr_[pos_ + 1] == 'P')) {
        TRY_ASSIGN(RuneRanges cls, unicode_class());
        ranges.insert(ranges.end(), cls.begin(), cls.end());
        continue;
      }
      if (c == '\\' && pos_ + 1 < expr_.size()) {
        if (auto cls = perl_class(expr_[pos_ + 1])) {
          if (flags().fold) fold_ranges(*cls);
          ranges.insert(ranges.end(), cls->begin(), cls->end());
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
      RuneRanges range{{lo, hi}};
      if (flags().fold) fold_ranges(range);
      ranges.insert(ranges.end(), range.begin(), range.end());
    }
    normalize(ranges);
    if (negated) ranges = complement(ranges);
    return runes_node(std::move(ranges));
  }

  // One literal character of a bracket expression (possibly escaped).
  Result<char32_t> class_rune() {
    std::size_t start = pos_;
    if (expr_[pos_] == '\\') {
      TRY_ASSIGN(auto ch, escaped_char());
      if (!ch) return fail("invalid escape sequence", std::string(expr_.substr(start, 1 + decode_rune(expr_, start + 1).width)));
      return *ch;
    }
    Rune r = decode_rune(expr_, pos_);
    pos_ += r.width;
    return r.value;
  }

  std::string_view expr_;
  std::size_t pos_ = 0;
  std::vector<Frame> stack_;
  std::string_view last_repeat_;  // the previous token, when it was a repetition operator
  int groups_ = 0;
  std::map<std::string, int, std::less<>> names_;
};

}  // namespace

bool is_regex_word_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

Result<ParsedRegex> parse_regex(std::string_view pattern) { return Parser(pattern).run(); }

}  // namespace sidecarctl::gotemplate
