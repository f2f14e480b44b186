// The step budget of the template execution running on this thread. The executor counts each node
// it evaluates; work done inside functions is charged to the same budget (the elements a walk over
// a value visits, the size of large arguments and results, regexp matcher steps), so a template
// that would run for hours, such as one printing a list that shares itself 2^40 times, stops with
// "exceeded maximum execution steps" instead. Walks over values also stop past kMaxValueDepth
// levels, long before the native stack would run out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gotemplate/value.h"

namespace sidecarctl::gotemplate {

// How deep a walk over a value may go: data documents nest at most 1000 levels (yaml
// LoadOptions::max_depth), and a template may wrap them in as many levels again.
inline constexpr int kMaxValueDepth = 2000;

class StepBudget {
 public:
  explicit StepBudget(std::uint64_t limit) : limit_(limit) {}

  // Adds `steps`; false once the total exceeds the limit.
  [[nodiscard]] bool charge(std::uint64_t steps) {
    exceeded_ = exceeded_ || steps > limit_ - used_;
    if (!exceeded_) used_ += steps;
    return !exceeded_;
  }
  // "exceeded maximum execution steps (LIMIT)".
  std::string exceeded_message() const;

 private:
  std::uint64_t limit_;
  std::uint64_t used_ = 0;  // at most limit_
  bool exceeded_ = false;
};

// Makes `budget` the one charge_steps() charges on this thread while this object lives.
class ActiveStepBudget {
 public:
  explicit ActiveStepBudget(StepBudget& budget);
  ~ActiveStepBudget();
  ActiveStepBudget(const ActiveStepBudget&) = delete;
  ActiveStepBudget& operator=(const ActiveStepBudget&) = delete;

 private:
  StepBudget* previous_;
};

// Charges `steps` to the active budget and throws FunctionError with its message once the limit
// is passed. Outside an execution it does nothing.
void charge_steps(std::uint64_t steps);

// What a walk that builds a copy (toJson, deepCopy, merge) is charged per element: the copy's
// memory, not only the visit. 10 million steps then allocate at most some hundreds of MB.
inline constexpr std::uint64_t kCopyStepsPerElement = 8;

// One level of a recursive walk over a value, `depth` levels below the value walked: charges
// `steps`, and throws FunctionError("value nested too deeply ...") past kMaxValueDepth.
void enter_value_level(int depth, std::uint64_t steps = 1);

// What a function call is charged for an argument it reads: a step per KiB of a string and per
// 16 elements of a list or map (0 for scalars).
std::uint64_t argument_cost(const Value& v);
// What a function call is charged for the value it returns, which holds memory: a step per 16
// bytes of a string and per element of a list or map. With the step limit this bounds what an
// execution can allocate, not only its time. Nested values are charged by the walks over them.
std::uint64_t result_cost(const Value& v);
// A step per 16 bytes of a string a walk copies.
inline std::uint64_t copy_cost(std::string_view s) { return s.size() / 16; }

}  // namespace sidecarctl::gotemplate
