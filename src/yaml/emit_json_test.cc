// to_json against Go's encoding/json output for the same map[string]interface{} data.
#include <doctest/doctest.h>

#include <limits>

#include "yaml/emit.h"
#include "yaml/go_format.h"

namespace sidecarctl::yaml {
namespace {

TEST_CASE("compact form: sorted keys, Go's escapes") {
  Json v = Json::parse(R"({"b":[1,"x",null,true],"a":{},"c":[]})");
  CHECK(to_json(v) == R"({"a":{},"b":[1,"x",null,true],"c":[]})");
  CHECK(to_json("<a&b>") == R"("\u003ca\u0026b\u003e")");
  CHECK(to_json("q\"\\\b\f\n\r\t\x01\x1f\x7f") == R"("q\"\\\b\f\n\r\t\u0001\u001f)" "\x7f\"");
  CHECK(to_json("\xE2\x80\xA8\xE2\x80\xA9 \xC3\xA9") == R"("\u2028\u2029 )" "\xC3\xA9\"");
  CHECK(to_json("bad\xFF\xC3") == R"("bad\ufffd\ufffd")");
  CHECK(to_json("\xF0\x9F\x98\x80") == "\"\xF0\x9F\x98\x80\"");
}

TEST_CASE("numbers as Go prints float64 and integers") {
  CHECK(to_json(1.5) == "1.5");
  CHECK(to_json(1e6) == "1000000");
  CHECK(to_json(1e20) == "100000000000000000000");
  CHECK(to_json(1e21) == "1e+21");
  CHECK(to_json(1.5e300) == "1.5e+300");
  CHECK(to_json(0.000001) == "0.000001");
  CHECK(to_json(1e-7) == "1e-7");
  CHECK(to_json(1.234e-10) == "1.234e-10");
  CHECK(to_json(-0.0) == "-0");
  CHECK(to_json(0.1) == "0.1");
  CHECK(to_json(std::numeric_limits<std::int64_t>::min()) == "-9223372036854775808");
  CHECK(to_json(std::numeric_limits<std::uint64_t>::max()) == "18446744073709551615");
  CHECK(to_json(std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("MarshalIndent form") {
  Json v = Json::parse(R"({"a":[1,{"b":{}}],"c":[]})");
  CHECK(to_json(v, 2) == "{\n  \"a\": [\n    1,\n    {\n      \"b\": {}\n    }\n  ],\n  \"c\": []\n}");
  CHECK(to_json(Json{{"a", 1}}, 0) == "{\n\t\"a\": 1\n}");
  CHECK(to_json(Json::object(), 2) == "{}");
}

TEST_CASE("Go's strconv 'g' formatting") {
  CHECK(format_float_g(1e6) == "1e+06");
  CHECK(format_float_g(123456) == "123456");
  CHECK(format_float_g(1234567) == "1.234567e+06");
  CHECK(format_float_g(0.0001) == "0.0001");
  CHECK(format_float_g(0.00001) == "1e-05");
  CHECK(format_float_g(-2.5) == "-2.5");
  CHECK(format_float_g(0) == "0");
  CHECK(format_float_g(1e100) == "1e+100");
  CHECK(format_float32_g(0.1f) == "0.1");
  CHECK(format_float32_g(3.14159265358979f) == "3.1415927");
  CHECK(format_float_g(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(format_float_g(-std::numeric_limits<double>::infinity()) == "-Inf");
}

}  // namespace
}  // namespace sidecarctl::yaml
