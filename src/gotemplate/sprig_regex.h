// Go's regexp (RE2 syntax and leftmost-first semantics) on top of std::regex: the pattern is
// translated to ECMAScript, refusing what cannot be translated faithfully with a clear error.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace sidecarctl::gotemplate {

class GoRegex {
 public:
  // Inputs longer than this are refused (std::regex recurses per character).
  static constexpr std::size_t kMaxInput = 20000;

  // regexp.Compile: errors read as Go's ("error parsing regexp: missing closing ): `(`").
  static Result<GoRegex> compile(std::string_view pattern);

  // [start, end) byte offsets of a match and of its groups (-1 for a group that did not take part).
  using Match = std::vector<std::pair<long, long>>;

  bool match(std::string_view s) const;                          // MatchString
  std::vector<Match> find_all(std::string_view s, int n) const;  // FindAllStringSubmatchIndex
  std::string replace_all(std::string_view s, std::string_view repl, bool literal) const;
  std::vector<std::string> split(std::string_view s, int n) const;  // Regexp.Split

  const std::string& expr() const { return expr_; }
  // The ECMAScript pattern actually compiled (for tests and error reports).
  const std::string& translated() const { return translated_; }

 private:
  GoRegex() = default;
  // The leftmost-first match at or after `pos` (searching with the text before `pos` as context).
  bool search_at(std::string_view s, std::size_t pos, Match& out) const;
  // Regexp.Expand for one match.
  void expand(std::string& out, std::string_view tmpl, std::string_view src, const Match& m) const;

  std::string expr_;
  std::string translated_;
  std::shared_ptr<const std::regex> re_;
  std::map<std::string, int, std::less<>> names_;
};

// regexp.QuoteMeta.
std::string go_quote_meta(std::string_view s);

}  // namespace sidecarctl::gotemplate
