// Go's regexp API (RE2 syntax, leftmost-first semantics) on sidecarctl's linear-time engine:
// compile errors in Go's words, and the matching loops of FindAll, ReplaceAll and Split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace sidecarctl::gotemplate {

class RegexProgram;

class GoRegex {
 public:
  // Each call (one match, or all of a FindAll or ReplaceAll) may take this many steps of the
  // matcher, about a tenth of a second: a 20 KB input through a 1000-instruction pattern.
  static constexpr std::uint64_t kMaxSteps = 20'000'000;

  // regexp.Compile: errors read as Go's ("error parsing regexp: missing closing ): `(`").
  static Result<GoRegex> compile(std::string_view pattern);

  // [start, end) byte offsets of a match and of its groups (-1 for a group that did not take part).
  using Match = std::vector<std::pair<long, long>>;

  // The calls fail only when they run out of steps.
  Result<bool> match(std::string_view s) const;  // MatchString
  // FindAllStringSubmatchIndex with `ncap` slots tracked (2: only where each match is).
  Result<std::vector<Match>> find_all(std::string_view s, int n, std::size_t ncap = 2) const;
  Result<std::string> replace_all(std::string_view s, std::string_view repl, bool literal) const;
  Result<std::vector<std::string>> split(std::string_view s, int n) const;  // Regexp.Split

  const std::string& expr() const { return expr_; }
  // Matcher steps taken by this regexp's calls so far (which the caller may charge elsewhere).
  std::uint64_t steps_taken() const { return steps_taken_; }
  // Slots for every group and the whole match.
  std::size_t slots_for_groups() const;

 private:
  GoRegex() = default;
  // Regexp.Expand for one match.
  void expand(std::string& out, std::string_view tmpl, std::string_view src, const Match& m) const;

  std::string expr_;
  std::shared_ptr<const RegexProgram> program_;
  std::map<std::string, int, std::less<>> names_;
  mutable std::uint64_t steps_taken_ = 0;
};

// regexp.QuoteMeta.
std::string go_quote_meta(std::string_view s);

}  // namespace sidecarctl::gotemplate
