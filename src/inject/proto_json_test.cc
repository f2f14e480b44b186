// Unit tests of the proto-JSON helpers: durations given as data, including values no int64 holds.
#include "inject/proto_json.h"

#include <doctest/doctest.h>

namespace sidecarctl::inject {
namespace {

using gotemplate::Json;

TEST_CASE("duration_nanos reads strings and {seconds, nanos} objects; malformed ones are nullopt") {
  CHECK(duration_nanos(Json(nullptr)) == 0);
  CHECK(duration_nanos(Json("1m30s")) == 90'000'000'000);
  CHECK(duration_nanos(Json{{"Seconds", 2}, {"Nanos", 500}}) == 2'000'000'500);
  CHECK(duration_nanos(Json{{"seconds", 1.0}}) == 1'000'000'000);
  CHECK(duration_nanos(Json{{"seconds", "3"}}) == 3'000'000'000);
  CHECK_FALSE(duration_nanos(Json{{"seconds", "soon"}}));
  CHECK_FALSE(duration_nanos(Json{{"seconds", 1.5}}));
  CHECK_FALSE(duration_nanos(Json(5)));
  // Found by analyze_fuzz's sibling bug: casting 1e300 to an integer, or multiplying a large
  // seconds value into nanoseconds, was undefined behaviour.
  CHECK_FALSE(duration_nanos(Json{{"seconds", 1e300}}));
  CHECK_FALSE(duration_nanos(Json{{"seconds", 10'000'000'000'000}}));
  CHECK_FALSE(duration_nanos(Json{{"seconds", 9'223'372'036}, {"nanos", 999'999'999}}));
}

}  // namespace
}  // namespace sidecarctl::inject
