// Go's regexp engine for sidecarctl: a parsed pattern compiled to a Thompson program (Go's
// compile.go, with its simplifications) and run as a Pike VM, leftmost-first like Go. Every
// thread advances in step over the input, so time is linear in input x program size: no pattern
// backtracks. Each search also counts its steps against a budget and stops with an error when it
// runs out.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "gotemplate/regex_syntax.h"

namespace sidecarctl::gotemplate {

// Larger programs are Go's "expression too large" (Go's own limit is higher; no real pattern
// comes near this one).
inline constexpr std::size_t kMaxRegexProgram = 200000;

class RegexProgram {
 public:
  struct Inst {
    enum class Op : std::uint8_t { kFail, kRune1, kRunes, kAny, kAnyNotNL, kSplit, kNop, kSave, kAssert, kMatch };
    Op op = Op::kFail;
    std::uint32_t out = 0;
    // kRune1: the rune; kRunes: index into classes(); kSplit: the lower-priority branch;
    // kSave: the capture slot; kAssert: the RegexNode::Kind asserted.
    std::uint32_t arg = 0;
  };

  // `pattern` is only quoted in errors.
  static Result<RegexProgram> compile(const ParsedRegex& parsed, std::string_view pattern);

  const std::vector<Inst>& insts() const { return insts_; }
  const std::vector<RuneRanges>& classes() const { return classes_; }
  std::uint32_t start() const { return start_; }
  int groups() const { return groups_; }

 private:
  friend class RegexCompiler;
  std::vector<Inst> insts_;
  std::vector<RuneRanges> classes_;
  std::uint32_t start_ = 0;
  int groups_ = 0;
};

// Runs the searches of one regexp call on one program, reusing its thread lists; all of them
// share one budget of steps.
class RegexMatcher {
 public:
  // `ncap` capture slots are tracked: 0 only asks whether there is a match, 2 where the match
  // is, 2 * (groups + 1) every group.
  RegexMatcher(const RegexProgram& program, std::size_t ncap, std::uint64_t max_steps);

  // The leftmost-first match starting at or after `pos` in `s` (assertions see all of `s`).
  // Fills `caps` (ncap slots, -1 for a group that did not take part) and returns true, or
  // returns false; an error when the budget runs out.
  Result<bool> search(std::string_view s, std::size_t pos, std::vector<long>& caps);
  // The steps the searches have taken so far.
  std::uint64_t steps_taken() const { return max_steps_ - steps_left_; }

 private:
  struct Queue {
    std::vector<std::uint32_t> sparse;  // pc -> index in dense (valid when dense agrees)
    std::vector<std::uint32_t> dense;   // pcs in priority order
    std::vector<long> caps;             // ncap slots per dense index, for consuming insts
    std::uint32_t size = 0;
    bool contains(std::uint32_t pc) const { return sparse[pc] < size && dense[sparse[pc]] == pc; }
  };
  struct StackEntry {
    std::uint32_t pc_or_slot;
    bool restore;  // put `value` back into slot `pc_or_slot` instead of following pc
    long value;
  };

  // Adds pc and everything reachable from it without consuming input, at `pos`, in priority
  // order; `cap` is the adding thread's capture slots (changed and restored).
  bool add(Queue& q, std::uint32_t pc, std::size_t pos, long* cap, std::string_view s);
  bool charge(std::uint64_t steps);

  const RegexProgram& program_;
  std::size_t ncap_;
  std::uint64_t steps_left_;
  std::uint64_t max_steps_;
  Queue run_;
  Queue next_;
  std::vector<StackEntry> stack_;
  std::vector<long> start_cap_;
};

}  // namespace sidecarctl::gotemplate
