// Go fmt: verbs, flags, widths, argument indexes and error forms, as Go prints them.
#include "gotemplate/go_fmt.h"

#include <doctest/doctest.h>

#include <vector>

namespace sidecarctl::gotemplate {

namespace {

Value J(const char* json) { return Value::from_json(Json::parse(json)); }

std::string f(const char* format, std::vector<Value> args) { return format_go(format, args); }

}  // namespace

TEST_CASE("printf verbs") {
  CHECK(f("%d|%5d|%-5d|%05d|%+d|%x|%X|%o|%O|%b|%#x|%#o", {Value::from_int(42), Value::from_int(42), Value::from_int(42),
                                                        Value::from_int(-42), Value::from_int(42), Value::from_int(255),
                                                        Value::from_int(255), Value::from_int(8), Value::from_int(8),
                                                        Value::from_int(5), Value::from_int(255), Value::from_int(8)}) ==
        "42|   42|42   |-0042|+42|ff|FF|10|0o10|101|0xff|010");
  CHECK(f("%c|%q|%U|%#U", {Value::from_int(65), Value::from_int(65), Value::from_int(0x1F600), Value::from_int(65)}) ==
        "A|'A'|U+1F600|U+0041 'A'");
  CHECK(f("%s|%q|%x|% x|%10s|%-4s|%.2s|%#q", {Value::from_string("hi"), Value::from_string("a\"b\n"),
                                              Value::from_string("hi"), Value::from_string("hi"), Value::from_string("r"),
                                              Value::from_string("l"), Value::from_string("héllo"),
                                              Value::from_string("bq")}) ==
        "hi|\"a\\\"b\\n\"|6869|68 69|         r|l   |hé|`bq`");
  CHECK(f("%t|%v", {Value::from_bool(true), Value::from_bool(false)}) == "true|false");
  CHECK(f("%f|%.2f|%8.3f|%e|%E|%g|%G|%v|%v|%v|%v",
          {Value::from_float(3.14159), Value::from_float(3.14159), Value::from_float(3.14159),
           Value::from_float(1234.5678), Value::from_float(1234.5678), Value::from_float(0.00001234),
           Value::from_float(1e21), Value::from_float(1e6), Value::from_float(123456.0), Value::from_float(0.0001),
           Value::from_float(-0.5)}) ==
        "3.141590|3.14|   3.142|1.234568e+03|1.234568E+03|1.234e-05|1E+21|1e+06|123456|0.0001|-0.5");
  CHECK(f("%.3g|%g|%.0f|%+.1e|%06.2f", {Value::from_float(100), Value::from_float(100000000), Value::from_float(2.5),
                                        Value::from_float(12345), Value::from_float(-1.5)}) ==
        "100|1e+08|2|+1.2e+04|-01.50");
  CHECK(f("%T|%T|%T|%T|%T", {Value::from_int(1), J("1"), J("1.5"), J("[1]"), J("{}")}) ==
        "int|int64|float64|[]interface {}|map[string]interface {}");
}

TEST_CASE("printf composite values") {
  CHECK(f("%v|%+v|%#v", {J(R"({"b":[1,"x"],"a":null})"), J(R"({"a":1})"), J(R"({"a":"s","b":[1,null]})")}) ==
        "map[a:<nil> b:[1 x]]|map[a:1]|map[string]interface {}{\"a\":\"s\", \"b\":[]interface {}{1, interface {}(nil)}}");
  CHECK(f("%d|%q|%s", {J("[1,2]"), J(R"(["a","b"])"), J("[1]")}) == "[1 2]|[\"a\" \"b\"]|[%!s(int64=1)]");
  CHECK(f("%v %s %d", {Value::nil(), Value::nil(), Value::nil()}) == "<nil> %!s(<nil>) %!d(<nil>)");
}

TEST_CASE("printf argument handling") {
  CHECK(f("%*d|%-*d|%.*f", {Value::from_int(4), Value::from_int(7), Value::from_int(3), Value::from_int(1),
                           Value::from_int(2), Value::from_float(3.14159)}) == "   7|1  |3.14");
  CHECK(f("%[2]s %[1]s", {Value::from_string("a"), Value::from_string("b")}) == "b a");
  CHECK(f("%d %d", {Value::from_int(1)}) == "1 %!d(MISSING)");
  CHECK(f("%d", {Value::from_int(1), Value::from_string("x")}) == "1%!(EXTRA string=x)");
  CHECK(f("%z", {Value::from_int(1)}) == "%!z(int=1)");
  CHECK(f("%d", {Value::from_string("s")}) == "%!d(string=s)");
  CHECK(f("100%%", {}) == "100%");
  CHECK(f("%", {}) == "%!(NOVERB)");
  CHECK(f("%[3]d", {Value::from_int(1)}) == "%!d(BADINDEX)");
  CHECK(f("%*d", {Value::from_string("x"), Value::from_int(1)}) == "%!(BADWIDTH)1");
}

TEST_CASE("sprint and sprintln spacing") {
  std::vector<Value> args{Value::from_int(1), Value::from_int(2), Value::from_string("a"), Value::from_int(3),
                          Value::from_string("b"), Value::from_string("c")};
  CHECK(sprint(args) == "1 2a3bc");
  CHECK(sprintln(args) == "1 2 a 3 b c\n");
}

TEST_CASE("float formatting") {
  // Precisions past a double's 17 digits print its exact decimal expansion, as Go does (the
  // template fuzzer's finding: %.315e overflowed a fixed buffer, and %.400f of 1e308 printed 0).
  std::string e315 = format_float(2.9, 'e', 315);
  CHECK(e315.size() == 321);
  CHECK(e315.starts_with("2.89999999999999991118215802998747"));
  CHECK(e315.ends_with("00e+00"));
  std::string f400 = format_float(1e308, 'f', 400);
  CHECK(f400.size() == 710);
  CHECK(f400.starts_with("100000000000000001097906"));
  CHECK(f("%.100x", {Value::from_float(1.5)}) == "0x1.8" + std::string(99, '0') + "p+00");
  // Subnormals as Go writes them: %b from the stored bits, %x normalized.
  CHECK(f("%b|%x|%.13x", {Value::from_float(5e-324), Value::from_float(5e-324), Value::from_float(5e-324)}) ==
        "1p-1074|0x1p-1074|0x1.0000000000000p-1074");
  // A rounding carry into the leading digit is renormalized, as Go does.
  CHECK(f("%.0x|%.3X", {Value::from_float(-0.1), Value::from_float(-1.7976931348623157e308)}) ==
        "-0x1p-03|-0X1.000P+1024");
  CHECK(f("%#x|%#X", {Value::from_float(1.5), Value::from_float(1.5)}) == "0x1.8000p+00|0X1.8P+00");
  CHECK(format_float(1e20, 'g', -1) == "1e+20");
  CHECK(format_float(100000, 'g', -1) == "100000");
  CHECK(format_float(1e-5, 'g', -1) == "1e-05");
  CHECK(format_float(0.1 + 0.2, 'g', -1) == "0.30000000000000004");
  CHECK(format_float(-0.0, 'g', -1) == "-0");
  CHECK(format_float(2.5, 'f', -1) == "2.5");
  CHECK(format_float(1e21, 'f', 0) == "1000000000000000000000");
}

TEST_CASE("quoting") {
  CHECK(go_quote("a\tb\x01\xff é\u2028") == "\"a\\tb\\x01\\xff é\\u2028\"");
  CHECK(go_quote_rune('\n') == "'\\n'");
  CHECK(format_rune_u(')') == "U+0029 ')'");
}

}  // namespace sidecarctl::gotemplate
