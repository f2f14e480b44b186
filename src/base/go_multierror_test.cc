// Tests of go-multierror's text.
#include "base/go_multierror.h"

#include <doctest/doctest.h>

namespace sidecarctl {
namespace {

TEST_CASE("go-multierror text") {
  CHECK(go_multierror_text({"a"}) == "1 error occurred:\n\t* a\n\n");
  CHECK(go_multierror_text({"a", "b"}) == "2 errors occurred:\n\t* a\n\t* b\n\n");
}

}  // namespace
}  // namespace sidecarctl
