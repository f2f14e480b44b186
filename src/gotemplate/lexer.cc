// Lexer: a state machine over the input, as Go's text/template/parse lexer, run to completion.
#include "gotemplate/lexer.h"

#include <algorithm>
#include <cstdio>

#include "gotemplate/go_fmt.h"

namespace sidecarctl::gotemplate {

namespace {

constexpr std::string_view kLeftDelim = "{{";
constexpr std::string_view kRightDelim = "}}";
constexpr std::string_view kLeftComment = "/*";
constexpr std::string_view kRightComment = "*/";
constexpr char32_t kEofRune = 0xFFFFFFFF;

bool is_space(char32_t r) { return r == ' ' || r == '\t' || r == '\r' || r == '\n'; }
bool is_trim_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Letters and digits: ASCII exactly; every non-ASCII rune counts as a letter (see README).
bool is_alnum(char32_t r) {
  if (r == kEofRune) return false;
  if (r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) return true;
  return r >= 0x80;
}

bool has_left_trim_marker(std::string_view s) { return s.size() >= 2 && s[0] == '-' && is_space(static_cast<unsigned char>(s[1])); }
bool has_right_trim_marker(std::string_view s) { return s.size() >= 2 && is_space(static_cast<unsigned char>(s[0])) && s[1] == '-'; }

ItemType keyword(std::string_view word, const LexOptions& options) {
  if (word == ".") return ItemType::kDot;
  if (word == "block") return ItemType::kBlock;
  if (word == "break" && options.break_ok) return ItemType::kBreak;
  if (word == "continue" && options.continue_ok) return ItemType::kContinue;
  if (word == "define") return ItemType::kDefine;
  if (word == "else") return ItemType::kElse;
  if (word == "end") return ItemType::kEnd;
  if (word == "if") return ItemType::kIf;
  if (word == "range") return ItemType::kRange;
  if (word == "nil") return ItemType::kNil;
  if (word == "template") return ItemType::kTemplate;
  if (word == "with") return ItemType::kWith;
  return ItemType::kError;
}

class Lexer {
 public:
  Lexer(std::string_view input, const LexOptions& options) : input_(input), options_(options) {}

  std::vector<Item> run() {
    enum class State { kInText, kAtLeftDelim, kInAction, kDone };
    State state = State::kInText;
    while (state != State::kDone) {
      switch (state) {
        case State::kInText: state = lex_text() ? State::kAtLeftDelim : State::kDone; break;
        case State::kAtLeftDelim: state = lex_left_delim() ? State::kInAction : State::kInText; break;
        case State::kInAction: state = lex_inside_action() ? State::kInText : State::kDone; break;
        case State::kDone: break;
      }
      if (!items_.empty() && items_.back().type == ItemType::kError) break;
    }
    return std::move(items_);
  }

 private:
  char32_t next() {
    if (pos_ >= input_.size()) {
      width_ = 0;
      return kEofRune;
    }
    char32_t r = decode_utf8(input_, pos_, width_);
    pos_ += width_;
    return r;
  }
  void backup() { pos_ -= width_; }
  char32_t peek() {
    char32_t r = next();
    backup();
    return r;
  }
  bool accept(std::string_view valid) {
    char32_t r = next();
    if (r != kEofRune && r < 0x80 && valid.find(static_cast<char>(r)) != std::string_view::npos) return true;
    backup();
    return false;
  }
  void accept_run(std::string_view valid) {
    while (accept(valid)) {
    }
  }
  // The line of `pos`, counted on from the last position asked for (items come in order, so the
  // input is scanned once in all, not once per item).
  int line_at(std::size_t pos) {
    if (pos < counted_pos_) {
      counted_pos_ = 0;
      counted_line_ = 1;
    }
    counted_line_ += static_cast<int>(std::count(input_.begin() + static_cast<std::ptrdiff_t>(counted_pos_),
                                                 input_.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    counted_pos_ = pos;
    return counted_line_;
  }
  void emit(ItemType type) {
    items_.push_back(Item{type, static_cast<std::uint32_t>(start_), line_at(start_),
                          std::string(input_.substr(start_, pos_ - start_))});
    start_ = pos_;
  }
  void ignore() { start_ = pos_; }
  bool errorf(std::string message) {
    items_.push_back(Item{ItemType::kError, static_cast<std::uint32_t>(start_), line_at(start_), std::move(message)});
    return false;
  }

  // Text up to the next "{{"; true when a delimiter follows.
  bool lex_text() {
    auto x = input_.find(kLeftDelim, pos_);
    if (x == std::string_view::npos) {
      pos_ = input_.size();
      if (pos_ > start_) emit(ItemType::kText);
      emit(ItemType::kEof);
      return false;
    }
    pos_ = x;
    std::size_t trim = 0;
    if (has_left_trim_marker(input_.substr(pos_ + kLeftDelim.size()))) {
      std::size_t end = pos_;
      while (end > start_ && is_trim_space(input_[end - 1])) --end;
      trim = pos_ - end;
    }
    pos_ -= trim;
    if (pos_ > start_) emit(ItemType::kText);
    pos_ += trim;
    ignore();
    return true;
  }

  // "{{" possibly with a trim marker or a comment; true when an action follows.
  bool lex_left_delim() {
    pos_ += kLeftDelim.size();
    bool trim = has_left_trim_marker(input_.substr(pos_));
    std::size_t after = trim ? 2 : 0;
    if (input_.substr(pos_ + after).starts_with(kLeftComment)) {
      pos_ += after;
      ignore();
      return lex_comment();
    }
    emit(ItemType::kLeftDelim);
    pos_ += after;
    ignore();
    paren_depth_ = 0;
    return true;
  }

  // A comment; returns false (back to text) or records an error.
  bool lex_comment() {
    pos_ += kLeftComment.size();
    auto i = input_.find(kRightComment, pos_);
    if (i == std::string_view::npos) {
      errorf("unclosed comment");
      return false;
    }
    pos_ = i + kRightComment.size();
    bool trim = false;
    if (!at_right_delim(trim)) {
      errorf("comment ends before closing delimiter");
      return false;
    }
    if (trim) pos_ += 2;
    pos_ += kRightDelim.size();
    if (trim) skip_leading_space();
    ignore();
    return false;
  }

  void skip_leading_space() {
    while (pos_ < input_.size() && is_trim_space(input_[pos_])) ++pos_;
  }

  bool at_right_delim(bool& trim) {
    std::string_view rest = input_.substr(pos_);
    trim = false;
    if (rest.starts_with(kRightDelim)) return true;
    if (has_right_trim_marker(rest) && rest.substr(2).starts_with(kRightDelim)) {
      trim = true;
      return true;
    }
    return false;
  }

  void lex_right_delim() {
    bool trim = has_right_trim_marker(input_.substr(pos_));
    if (trim) {
      pos_ += 2;
      ignore();
    }
    pos_ += kRightDelim.size();
    emit(ItemType::kRightDelim);
    if (trim) {
      skip_leading_space();
      ignore();
    }
  }

  // Items of one action; true when the action ended normally (back to text).
  bool lex_inside_action() {
    for (;;) {
      bool trim = false;
      if (at_right_delim(trim)) {
        if (paren_depth_ == 0) {
          lex_right_delim();
          return true;
        }
        return errorf("unclosed left paren");
      }
      char32_t r = next();
      if (r == kEofRune) return errorf("unclosed action");
      if (is_space(r)) {
        backup();
        if (lex_space()) {
          lex_right_delim();
          return true;
        }
        continue;
      }
      switch (r) {
        case '=': emit(ItemType::kAssign); continue;
        case ':':
          if (next() != '=') return errorf("expected :=");
          emit(ItemType::kDeclare);
          continue;
        case '|': emit(ItemType::kPipe); continue;
        case '"':
          if (!lex_quote()) return false;
          continue;
        case '`':
          if (!lex_raw_quote()) return false;
          continue;
        case '$':
          if (!lex_variable()) return false;
          continue;
        case '\'':
          if (!lex_char()) return false;
          continue;
        case '.':
          if (pos_ < input_.size()) {
            char c = input_[pos_];
            if (c < '0' || c > '9') {
              if (!lex_field_or_variable(ItemType::kField)) return false;
              continue;
            }
          }
          backup();
          if (!lex_number()) return false;
          continue;
        case '(':
          emit(ItemType::kLeftParen);
          ++paren_depth_;
          continue;
        case ')':
          emit(ItemType::kRightParen);
          --paren_depth_;
          if (paren_depth_ < 0) return errorf("unexpected right paren U+0029 ')'");
          continue;
        default: break;
      }
      if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
        backup();
        if (!lex_number()) return false;
        continue;
      }
      if (is_alnum(r)) {
        backup();
        if (!lex_identifier()) return false;
        continue;
      }
      if (r < 0x80 && r >= 0x20 && r < 0x7F) {
        emit(ItemType::kChar);
        continue;
      }
      return errorf("unrecognized character in action: " + format_rune_u(r));
    }
  }

  // A run of spaces; true when it is the space of a " -}}" that directly ends the action.
  bool lex_space() {
    int count = 0;
    while (is_space(peek())) {
      next();
      ++count;
    }
    std::string_view before = input_.substr(pos_ - 1);
    if (has_right_trim_marker(before) && before.substr(2).starts_with(kRightDelim)) {
      pos_ -= 1;  // before the space
      if (count == 1) return true;
    }
    emit(ItemType::kSpace);
    return false;
  }

  bool lex_identifier() {
    for (;;) {
      char32_t r = next();
      if (is_alnum(r)) continue;
      backup();
      std::string_view word = input_.substr(start_, pos_ - start_);
      if (!at_terminator()) return errorf("bad character " + format_rune_u(r));
      ItemType kw = keyword(word, options_);
      if (kw != ItemType::kError) {
        emit(kw);
      } else if (word[0] == '.') {
        emit(ItemType::kField);
      } else if (word == "true" || word == "false") {
        emit(ItemType::kBool);
      } else {
        emit(ItemType::kIdentifier);
      }
      return true;
    }
  }

  bool lex_variable() {
    if (at_terminator()) {
      emit(ItemType::kVariable);
      return true;
    }
    return lex_field_or_variable(ItemType::kVariable);
  }

  bool lex_field_or_variable(ItemType type) {
    if (at_terminator()) {
      emit(type == ItemType::kVariable ? ItemType::kVariable : ItemType::kDot);
      return true;
    }
    char32_t r = 0;
    for (;;) {
      r = next();
      if (!is_alnum(r)) {
        backup();
        break;
      }
    }
    if (!at_terminator()) return errorf("bad character " + format_rune_u(r));
    emit(type);
    return true;
  }

  bool at_terminator() {
    char32_t r = peek();
    if (is_space(r)) return true;
    switch (r) {
      case kEofRune:
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
      case '}': return true;
      default: return false;
    }
  }

  bool lex_char() {
    for (;;) {
      char32_t r = next();
      if (r == '\\') {
        char32_t e = next();
        if (e != kEofRune && e != '\n') continue;
        return errorf("unterminated character constant");
      }
      if (r == kEofRune || r == '\n') return errorf("unterminated character constant");
      if (r == '\'') break;
    }
    emit(ItemType::kCharConstant);
    return true;
  }

  bool lex_number() {
    if (!scan_number()) return errorf("bad number syntax: " + go_quote(input_.substr(start_, pos_ - start_)));
    char32_t sign = peek();
    if (sign == '+' || sign == '-') {
      if (!scan_number() || input_[pos_ - 1] != 'i')
        return errorf("bad number syntax: " + go_quote(input_.substr(start_, pos_ - start_)));
      emit(ItemType::kComplex);
    } else {
      emit(ItemType::kNumber);
    }
    return true;
  }

  bool scan_number() {
    accept("+-");
    std::string_view digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    accept_run(digits);
    if (accept(".")) accept_run(digits);
    if (digits.size() == 11 && accept("eE")) {
      accept("+-");
      accept_run("0123456789_");
    }
    if (digits.size() == 23 && accept("pP")) {
      accept("+-");
      accept_run("0123456789_");
    }
    accept("i");
    if (is_alnum(peek())) {
      next();
      return false;
    }
    return true;
  }

  bool lex_quote() {
    for (;;) {
      char32_t r = next();
      if (r == '\\') {
        char32_t e = next();
        if (e != kEofRune && e != '\n') continue;
        return errorf("unterminated quoted string");
      }
      if (r == kEofRune || r == '\n') return errorf("unterminated quoted string");
      if (r == '"') break;
    }
    emit(ItemType::kString);
    return true;
  }

  bool lex_raw_quote() {
    for (;;) {
      char32_t r = next();
      if (r == kEofRune) return errorf("unterminated raw quoted string");
      if (r == '`') break;
    }
    emit(ItemType::kRawString);
    return true;
  }

  std::string_view input_;
  LexOptions options_;
  std::vector<Item> items_;
  std::size_t start_ = 0;
  std::size_t pos_ = 0;
  std::size_t counted_pos_ = 0;  // line_at's memo: counted_pos_ is on line counted_line_
  int counted_line_ = 1;
  std::size_t width_ = 0;
  int paren_depth_ = 0;
};

}  // namespace

std::string Item::describe() const {
  if (type == ItemType::kEof) return "EOF";
  if (type == ItemType::kError) return val;
  if (type > ItemType::kKeyword) return "<" + val + ">";
  if (val.size() > 10) return go_quote(truncate_runes(val, 10)) + "...";
  return go_quote(val);
}

std::vector<Item> lex(std::string_view input, const LexOptions& options) { return Lexer(input, options).run(); }

}  // namespace sidecarctl::gotemplate
