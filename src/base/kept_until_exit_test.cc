// Tests of keep_until_exit: the object outlives every other owner.
#include "base/kept_until_exit.h"

#include <doctest/doctest.h>

namespace sidecarctl {
namespace {

struct Counted {
  explicit Counted(int& destroyed) : destroyed_(destroyed) {}
  ~Counted() { ++destroyed_; }
  int& destroyed_;
};

TEST_CASE("keep_until_exit: the object is not destroyed when its last other owner lets go") {
  static int destroyed = 0;  // static: the kept object refers to it until the process exits
  auto object = std::make_shared<Counted>(destroyed);
  std::weak_ptr<Counted> watch = object;
  keep_until_exit(object);
  object.reset();
  CHECK(destroyed == 0);
  CHECK_FALSE(watch.expired());
}

}  // namespace
}  // namespace sidecarctl
