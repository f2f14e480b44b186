// The step budget of the execution running on this thread, and what functions charge to it.
#include "gotemplate/step_budget.h"

#include "gotemplate/function.h"

namespace sidecarctl::gotemplate {
namespace {

thread_local StepBudget* active_budget = nullptr;

}  // namespace

std::string StepBudget::exceeded_message() const {
  return "exceeded maximum execution steps (" + std::to_string(limit_) + ")";
}

ActiveStepBudget::ActiveStepBudget(StepBudget& budget) : previous_(active_budget) { active_budget = &budget; }

ActiveStepBudget::~ActiveStepBudget() { active_budget = previous_; }

void charge_steps(std::uint64_t steps) {
  if (active_budget && !active_budget->charge(steps)) throw FunctionError(active_budget->exceeded_message());
}

void enter_value_level(int depth, std::uint64_t steps) {
  if (depth > kMaxValueDepth) {
    throw FunctionError("value nested too deeply (more than " + std::to_string(kMaxValueDepth) + " levels)");
  }
  charge_steps(steps);
}

std::uint64_t argument_cost(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString: return v.as_string().size() / 1024;
    case Value::Kind::kList: return v.list_size() / 16;
    case Value::Kind::kMap:
    case Value::Kind::kStringMap: return v.map_size() / 16;
    default: return 0;
  }
}

std::uint64_t result_cost(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString: return copy_cost(v.as_string());
    case Value::Kind::kList: return v.list_size();
    case Value::Kind::kMap:
    case Value::Kind::kStringMap: return v.map_size();
    default: return 0;
  }
}

}  // namespace sidecarctl::gotemplate
