// Lexer: splits template text into Go text/template items (text, delimiters, operands, keywords),
// with byte offsets and line numbers. Lexing stops at the first error item.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sidecarctl::gotemplate {

enum class ItemType : std::uint8_t {
  kError,
  kBool,
  kChar,          // a printable ASCII character the grammar gives no meaning to (',' etc.)
  kCharConstant,
  kComplex,
  kAssign,        // =
  kDeclare,       // :=
  kEof,
  kField,         // .Name
  kIdentifier,
  kLeftDelim,
  kLeftParen,
  kNumber,
  kPipe,
  kRawString,
  kRightDelim,
  kRightParen,
  kSpace,
  kString,
  kText,
  kVariable,      // $name or $
  // Keywords (printed as <word> in messages).
  kKeyword,
  kBlock,
  kBreak,
  kContinue,
  kDot,
  kDefine,
  kElse,
  kEnd,
  kIf,
  kNil,
  kRange,
  kTemplate,
  kWith,
};

struct Item {
  ItemType type = ItemType::kEof;
  std::uint32_t pos = 0;  // byte offset of the item in the input
  int line = 1;           // line of the item's start
  std::string val;        // the item's text (the message for kError)

  // Go's item.String(): EOF, the error text, <keyword>, or the quoted value (10 runes at most).
  std::string describe() const;
};

struct LexOptions {
  bool break_ok = true;     // "break" is a keyword (no function named break)
  bool continue_ok = true;  // "continue" is a keyword
};

// Lexes the whole input. The last item is kEof or kError.
std::vector<Item> lex(std::string_view input, const LexOptions& options = {});

}  // namespace sidecarctl::gotemplate
