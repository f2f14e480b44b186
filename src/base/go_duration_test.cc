// Tests of Go's duration syntax: the forms legacy jsonpb and sprig accept, and their printed forms.
#include "base/go_duration.h"

#include <doctest/doctest.h>

namespace sidecarctl {

TEST_CASE("parse_go_duration: units, fractions, signs and what Go refuses") {
  CHECK(parse_go_duration("1m30s") == 90'000'000'000);
  CHECK(parse_go_duration("1.5s") == 1'500'000'000);
  CHECK(parse_go_duration("1h") == 3'600'000'000'000);
  CHECK(parse_go_duration("1500ms") == 1'500'000'000);
  CHECK(parse_go_duration("2us") == 2'000);
  CHECK(parse_go_duration("2\u00b5s") == 2'000);
  CHECK(parse_go_duration("2\u03bcs") == 2'000);
  CHECK(parse_go_duration("-1.5h") == -5'400'000'000'000);
  CHECK(parse_go_duration("+3ns") == 3);
  CHECK(parse_go_duration(".5s") == 500'000'000);
  CHECK(parse_go_duration("5.s") == 5'000'000'000);
  CHECK(parse_go_duration("0") == 0);
  CHECK(parse_go_duration("-0") == 0);
  CHECK(parse_go_duration("0.000000001s") == 1);
  CHECK(parse_go_duration("0.0000000001s") == 0);  // below a nanosecond: truncated
  CHECK(parse_go_duration("2562047h47m16.854775807s") == INT64_MAX);
  CHECK(parse_go_duration("-2562047h47m16.854775808s") == INT64_MIN);
  CHECK_FALSE(parse_go_duration("2562047h47m16.854775808s").has_value());  // one past the range
  CHECK_FALSE(parse_go_duration("9223372036854775808ns").has_value());
  CHECK_FALSE(parse_go_duration("5").has_value());  // missing unit
  CHECK_FALSE(parse_go_duration("").has_value());
  CHECK_FALSE(parse_go_duration("-").has_value());
  CHECK_FALSE(parse_go_duration(".s").has_value());
  CHECK_FALSE(parse_go_duration("1d").has_value());
  CHECK_FALSE(parse_go_duration("1S").has_value());
  CHECK_FALSE(parse_go_duration(" 1s").has_value());
  CHECK_FALSE(parse_go_duration("1s ").has_value());
}

TEST_CASE("go_duration_string: time.Duration.String") {
  CHECK(go_duration_string(45'000'000'000) == "45s");
  CHECK(go_duration_string(90'000'000'000) == "1m30s");
  CHECK(go_duration_string(500'000'000) == "500ms");
  CHECK(go_duration_string(3'600'000'000'000) == "1h0m0s");
  CHECK(go_duration_string(1'500'000'000) == "1.5s");
  CHECK(go_duration_string(1'500) == "1.5\u00b5s");
  CHECK(go_duration_string(-2) == "-2ns");
  CHECK(go_duration_string(0) == "0s");
}

TEST_CASE("proto_duration_string: 0, 3, 6 or 9 fractional digits") {
  CHECK(proto_duration_string(3'600'000'000'000) == "3600s");
  CHECK(proto_duration_string(1'500'000'000) == "1.500s");
  CHECK(proto_duration_string(1'000'500'000) == "1.000500s");
  CHECK(proto_duration_string(1) == "0.000000001s");
  CHECK(proto_duration_string(-1) == "-0.000000001s");
  CHECK(proto_duration_string(0) == "0s");
}

}  // namespace sidecarctl
