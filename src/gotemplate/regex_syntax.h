// Go's regexp/syntax for sidecarctl: parses an RE2 pattern into a tree, with Go's limits and
// Go's error texts ("error parsing regexp: missing closing ): `(`").
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace sidecarctl::gotemplate {

// Sorted, non-overlapping, non-adjacent [lo, hi] code point ranges.
using RuneRanges = std::vector<std::pair<char32_t, char32_t>>;

struct RegexNode {
  enum class Kind {
    kEmptyMatch,      // matches the empty string
    kRunes,           // one rune in `ranges`
    kAnyChar,         // any rune (. with s)
    kAnyCharNotNL,    // any rune but \n
    kBeginLine,       // (?m)^
    kEndLine,         // (?m)$
    kBeginText,       // ^ \A
    kEndText,         // $ \z
    kWordBoundary,    // \b
    kNoWordBoundary,  // \B
    kCapture,         // ( subs[0] ), group `cap`
    kConcat,          // subs in order
    kAlternate,       // subs, leftmost first
    kRepeat,          // subs[0]{min,max}; max -1: unbounded
  };
  Kind kind = Kind::kEmptyMatch;
  RuneRanges ranges;
  int cap = 0;
  int min = 0;
  int max = -1;
  bool greedy = true;
  int height = 1;  // of the tree below and including this node
  std::vector<RegexNode> subs;
};

struct ParsedRegex {
  RegexNode root;
  int groups = 0;                                   // capture groups, not counting the whole match
  std::map<std::string, int, std::less<>> names;  // named group -> index
};

// Repetition counts above this, or nested repetitions multiplying past it, are Go's
// "invalid repeat count".
inline constexpr int kMaxRegexRepeat = 1000;
// Deeper nesting is Go's "expression nests too deeply".
inline constexpr int kMaxRegexNesting = 1000;

// ASCII letters, digits and '_': what \w, \b and $name in Expand take as a word character.
bool is_regex_word_char(char c);

// regexp/syntax.Parse with Go's Perl flags. Unicode classes (\pL) are refused with a clear error.
Result<ParsedRegex> parse_regex(std::string_view pattern);

}  // namespace sidecarctl::gotemplate
