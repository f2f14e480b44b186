// Unit tests of the field accessors analyzers read resources with.
#include "analyze/resource.h"

#include <doctest/doctest.h>

#include <limits>

namespace sidecarctl::analyze {
namespace {

TEST_CASE("integer reads integers, floats and numeric strings; anything else is the fallback") {
  Json j = Json::parse(R"({"i": 80, "u": 18446744073709551615, "f": 443.0, "s": "8080", "neg": "-1",
                           "word": "http", "huge": 1e300, "big": 9.3e18, "low": -9.3e18})");
  CHECK(integer(j, "i") == 80);
  CHECK(integer(j, "f") == 443);
  CHECK(integer(j, "s") == 8080);
  CHECK(integer(j, "neg", -7) == -7);
  CHECK(integer(j, "word", -7) == -7);
  CHECK(integer(j, "missing", -7) == -7);
  // Floats beyond long long: casting them is undefined behaviour (analyze_fuzz, session 5).
  CHECK(integer(j, "huge", -7) == -7);
  CHECK(integer(j, "big", -7) == -7);
  CHECK(integer(j, "low", -7) == -7);
  Json nan = {{"p", std::numeric_limits<double>::quiet_NaN()}};
  CHECK(integer(nan, "p", -7) == -7);
  Json edge = {{"p", -0x1p63}};
  CHECK(integer(edge, "p") == std::numeric_limits<long long>::min());
}

}  // namespace
}  // namespace sidecarctl::analyze
