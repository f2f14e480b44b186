// Tests of Go's strconv number parsing: the cases where Go's rules are easy to get wrong.
#include "base/go_strconv.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

namespace sidecarctl {

TEST_CASE("parse_go_uint: base 0 prefixes, underscores, range") {
  CHECK(parse_go_uint("0", 0) == 0u);
  CHECK(parse_go_uint("017", 0) == 15u);
  CHECK(parse_go_uint("0o17", 0) == 15u);
  CHECK(parse_go_uint("0O17", 0) == 15u);
  CHECK(parse_go_uint("0x1F", 0) == 31u);
  CHECK(parse_go_uint("0b101", 0) == 5u);
  CHECK(parse_go_uint("1_000", 0) == 1000u);
  CHECK(parse_go_uint("0x_1F", 0) == 31u);
  CHECK(parse_go_uint("18446744073709551615", 0) == std::numeric_limits<std::uint64_t>::max());
  CHECK_FALSE(parse_go_uint("18446744073709551616", 0));
  CHECK_FALSE(parse_go_uint("", 0));
  CHECK_FALSE(parse_go_uint("08", 0));
  CHECK_FALSE(parse_go_uint("0x", 0));
  CHECK_FALSE(parse_go_uint("1__0", 0));
  CHECK_FALSE(parse_go_uint("_1", 0));
  CHECK_FALSE(parse_go_uint("1_", 0));
  CHECK_FALSE(parse_go_uint("-1", 0));
  CHECK_FALSE(parse_go_uint("1_000", 10));  // underscores only with base 0
  CHECK(parse_go_uint("zz", 36) == 35u * 36u + 35u);
  CHECK_FALSE(parse_go_uint("12", 1));
  CHECK_FALSE(parse_go_uint("12", 37));
}

TEST_CASE("parse_go_int: signs and the int64 limits") {
  CHECK(parse_go_int("-9223372036854775808", 0) == std::numeric_limits<std::int64_t>::min());
  CHECK(parse_go_int("9223372036854775807", 10) == std::numeric_limits<std::int64_t>::max());
  CHECK_FALSE(parse_go_int("9223372036854775808", 10));
  CHECK_FALSE(parse_go_int("-9223372036854775809", 10));
  CHECK(parse_go_int("+0x10", 0) == 16);
  CHECK(parse_go_int("-0b11", 0) == -3);
  CHECK(parse_go_int("-1_0", 0) == -10);
  CHECK_FALSE(parse_go_int("-", 0));
  CHECK_FALSE(parse_go_int("--1", 0));
  CHECK_FALSE(parse_go_int(" 1", 10));
}

TEST_CASE("parse_go_float: decimal, hexadecimal, specials, range") {
  CHECK(parse_go_float("1.5") == 1.5);
  CHECK(parse_go_float(".5") == 0.5);
  CHECK(parse_go_float("5.") == 5.0);
  CHECK(parse_go_float("1e3") == 1000.0);
  CHECK(parse_go_float("1E-2") == 0.01);
  CHECK(parse_go_float("1_000.5") == 1000.5);
  CHECK(parse_go_float("0x1p-2") == 0.25);
  CHECK(parse_go_float("0x1.8p1") == 3.0);
  CHECK(parse_go_float("-Inf") == -std::numeric_limits<double>::infinity());
  CHECK(parse_go_float("infinity") == std::numeric_limits<double>::infinity());
  CHECK(std::isnan(parse_go_float("NaN").value_or(0)));
  CHECK(parse_go_float("4e-320").value_or(0) > 0);  // subnormal, not an error
  CHECK(parse_go_float("1e-400") == 0.0);            // underflow rounds to zero
  CHECK_FALSE(parse_go_float("1e400"));              // overflow is ErrRange
  CHECK_FALSE(parse_go_float("+nan"));
  CHECK_FALSE(parse_go_float("0x1.8"));              // hex mantissa needs p
  CHECK_FALSE(parse_go_float("1e"));
  CHECK_FALSE(parse_go_float("1e+"));
  CHECK_FALSE(parse_go_float("."));
  CHECK_FALSE(parse_go_float("e5"));
  CHECK_FALSE(parse_go_float("1.2.3"));
  CHECK_FALSE(parse_go_float("1__0.5"));
  CHECK_FALSE(parse_go_float("inf "));
}

TEST_CASE("truncated_int64 and whole_int64: only doubles within int64's range convert") {
  CHECK(truncated_int64(-2.9) == -2);
  CHECK(truncated_int64(-0x1p63) == std::numeric_limits<std::int64_t>::min());
  CHECK(truncated_int64(0x1p63 - 1024) == std::numeric_limits<std::int64_t>::max() - 1023);
  CHECK_FALSE(truncated_int64(0x1p63));
  CHECK_FALSE(truncated_int64(1e300));
  CHECK_FALSE(truncated_int64(std::nan("")));
  CHECK_FALSE(truncated_int64(-std::numeric_limits<double>::infinity()));
  CHECK(whole_int64(42.0) == 42);
  CHECK_FALSE(whole_int64(42.5));
  CHECK_FALSE(whole_int64(-1e19));
}

}  // namespace sidecarctl
