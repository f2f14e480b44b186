// sprig functions called directly (arguments already converted as the executor would).
#include "gotemplate/sprig.h"

#include <doctest/doctest.h>

#include "gotemplate/go_fmt.h"
#include "gotemplate/sprig_regex.h"
#include "gotemplate/sprig_semver.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/step_budget.h"

namespace sidecarctl::gotemplate {
namespace {

const FunctionMap& sprig() {
  static const FunctionMap map = [] {
    FunctionMap m;
    register_sprig(m);
    return m;
  }();
  return map;
}

Value call(const std::string& name, std::vector<Value> args) {
  const Function* f = sprig().find(name);
  REQUIRE_MESSAGE(f != nullptr, name);
  CallContext ctx;
  ctx.name = name;
  return f->impl(ctx, args);
}

std::string show(const std::string& name, std::vector<Value> args) { return to_go_string(call(name, std::move(args))); }

std::string error_of(const std::string& name, std::vector<Value> args) {
  try {
    call(name, std::move(args));
  } catch (const FunctionError& e) {
    return e.what();
  }
  return "<no error>";
}

Value S(const char* s) { return Value::from_string(s); }
Value I(std::int64_t i) { return Value::from_int(i); }
Value I64(std::int64_t i) { return Value::from_int64(i); }
Value F(double f) { return Value::from_float(f); }
Value L(List items) { return Value::from_list(std::move(items)); }
Value J(const char* json) { return Value::from_json(Json::parse(json)); }

TEST_CASE("string functions") {
  CHECK(show("trunc", {I(-3), S("abcdefgh")}) == "fgh");
  CHECK(show("trunc", {I(20), S("short")}) == "short");
  CHECK(show("substr", {I(1), I(3), S("abcdef")}) == "bc");
  CHECK(error_of("substr", {I(4), I(2), S("abcdef")}) == "runtime error: slice bounds out of range [4:2]");
  CHECK(show("repeat", {I(3), S("ab")}) == "ababab");
  CHECK(error_of("repeat", {I(-1), S("ab")}) == "strings: negative Repeat count");
  CHECK(show("trimAll", {S("-_."), S("--name--.")}) == "name");
  CHECK(show("quote", {S("a"), Value::nil(), S("say \"hi\"")}) == "\"a\" \"say \\\"hi\\\"\"");
  CHECK(show("quote", {F(1.5), J("[1,\"a\"]")}) == "\"1.5\" \"[1 a]\"");
  CHECK(show("squote", {S("it's"), I(2)}) == "'it's' '2'");
  CHECK(show("cat", {S("a"), I(1), Value::nil(), S("b")}) == "a 1 b");
  CHECK(show("nindent", {I(4), S("a\n\nb\n")}) == "\n    a\n    \n    b\n    ");
  CHECK(show("indent", {I(2), S("a\nb")}) == "  a\n  b");
  CHECK(show("split", {S("/"), S("a/b/c")}) == "map[_0:a _1:b _2:c]");
  CHECK(show("splitn", {S(":"), I(2), S("a:b:c")}) == "map[_0:a _1:b:c]");
  CHECK(call("splitList", {S(","), S("a,b")}).go_type_name() == "[]string");
  CHECK(show("join", {S(","), J("[1, \"a\", true, 2.5, null]")}) == "1,a,true,2.5");
  CHECK(show("join", {S(","), S("abc")}) == "abc");
  CHECK(show("plural", {S("one"), S("many"), I(2)}) == "many");
  CHECK(show("toString", {Value::nil()}) == "<nil>");
  CHECK(show("toStrings", {J("[1, \"a\", 2.5]")}) == "[1 a 2.5]");
  CHECK(show("wrapWith", {I(5), S("<br>"), S("averylongword")}) == "avery<br>longw<br>ord");
  CHECK(show("abbrevboth", {I(5), I(10), S("1234567890abcdefghij")}) == "...6789...");
  CHECK(show("swapcase", {S("Hello World")}) == "hELLO wORLD");
}

TEST_CASE("defaults, truthiness and reflection") {
  CHECK(show("default", {S("d"), S("")}) == "d");
  CHECK(show("default", {S("d")}) == "d");
  CHECK(show("default", {I(5), I64(7)}) == "7");
  CHECK(show("default", {S("d"), J("[]")}) == "d");
  CHECK(call("empty", {F(0.0)}).as_bool());
  CHECK_FALSE(call("empty", {S("x")}).as_bool());
  CHECK(call("coalesce", {S(""), I(0)}).is_nil());
  CHECK(show("coalesce", {Value::nil(), I(0), S(""), S("first")}) == "first");
  CHECK(call("all", {I(1), S("a"), Value::from_bool(true)}).as_bool());
  CHECK_FALSE(call("any", {I(0), Value::from_bool(false)}).as_bool());
  CHECK(show("ternary", {S("yes"), S("no"), Value::from_bool(false)}) == "no");
  CHECK(show("kindOf", {J("{}")}) == "map");
  CHECK(show("kindOf", {J("[]")}) == "slice");
  CHECK(show("kindOf", {Value::nil()}) == "invalid");
  CHECK(show("typeOf", {F(1.5)}) == "float64");
  CHECK(call("typeIs", {S("int64"), I64(1)}).as_bool());
  CHECK(call("deepEqual", {J("{\"x\":[1]}"), J("{\"x\":[1]}")}).as_bool());
  CHECK_FALSE(call("deepEqual", {J("{\"x\":[1]}"), J("{\"x\":[2]}")}).as_bool());
  CHECK(error_of("fail", {S("bad input")}) == "bad input");
}

TEST_CASE("JSON functions") {
  CHECK(show("toJson", {J("{\"b\":[1,2.5,\"s\",null,true],\"a\":{\"z\":1,\"y\":{}}}")}) ==
        "{\"a\":{\"y\":{},\"z\":1},\"b\":[1,2.5,\"s\",null,true]}");
  CHECK(show("toJson", {S("<a & b>")}) == "\"\\u003ca \\u0026 b\\u003e\"");
  CHECK(show("toRawJson", {S("<a & b>")}) == "\"<a & b>\"");
  CHECK(show("toJson", {J("{\"big\":1e21,\"mid\":1e20,\"small\":1e-7,\"g\":2.0}")}) ==
        "{\"big\":1e+21,\"g\":2,\"mid\":100000000000000000000,\"small\":1e-7}");
  CHECK(show("toPrettyJson", {J("{\"b\":[1,{\"c\":2}],\"e\":[]}")}) ==
        "{\n  \"b\": [\n    1,\n    {\n      \"c\": 2\n    }\n  ],\n  \"e\": []\n}");
  CHECK(show("toJson", {Value::nil()}) == "null");
  CHECK(call("fromJson", {S("{\"a\": 1}")}).map_find("a")->go_type_name() == "float64");
  CHECK(call("fromJson", {S("{bad")}).is_nil());
}

TEST_CASE("lists") {
  CHECK(show("list", {I(1), S("a"), F(2.5), Value::nil()}) == "[1 a 2.5 <nil>]");
  CHECK(show("append", {J("[\"a\"]"), S("c")}) == "[a c]");
  CHECK(show("prepend", {L({I(1)}), I(0)}) == "[0 1]");
  CHECK(error_of("append", {Value::nil(), I(1)}) ==
        "runtime error: invalid memory address or nil pointer dereference");
  CHECK(error_of("first", {S("abc")}) == "Cannot find first on type string");
  CHECK(call("first", {J("[]")}).is_nil());
  CHECK(show("rest", {J("[1,2,3]")}) == "[2 3]");
  CHECK(show("initial", {J("[1,2,3]")}) == "[1 2]");
  CHECK(show("uniq", {L({I(1), I(2), I(1), S("a"), S("a")})}) == "[1 2 a]");
  CHECK_FALSE(call("has", {I(2), J("[1, 2]")}).as_bool());
  CHECK(call("has", {I(2), L({I(1), I(2)})}).as_bool());
  CHECK_FALSE(call("has", {I(2), Value::nil()}).as_bool());
  CHECK(show("without", {L({I(1), I(2), I(3), I(2)}), I(2)}) == "[1 3]");
  CHECK(show("sortAlpha", {L({S("b"), S("a"), I(10), I(9), S("B")})}) == "[10 9 B a b]");
  CHECK(show("reverse", {J("[1,2,3]")}) == "[3 2 1]");
  CHECK(show("compact", {L({I(1), I(0), S(""), S("a"), Value::nil(), Value::from_bool(true)})}) == "[1 a true]");
  CHECK(show("concat", {L({I(1)}), J("[2,\"x\"]")}) == "[1 2 x]");
  CHECK(show("until", {I(3)}) == "[0 1 2]");
  CHECK(call("until", {I(3)}).go_type_name() == "[]int");
  CHECK(show("untilStep", {I(0), I(10), I(3)}) == "[0 3 6 9]");
  CHECK(show("seq", {I(5), I(-1), I(3)}) == "5 4 3");
  CHECK(show("seq", {I(2), I(5)}) == "2 3 4 5");
  CHECK(show("seq", {I(0)}) == "1 0");
  CHECK(show("chunk", {I(2), L({I(1), I(2), I(3), I(4), I(5)})}) == "[[1 2] [3 4] [5]]");
  CHECK(show("slice", {L({I(1), I(2), I(3)}), I(1)}) == "[2 3]");
  CHECK(call("slice", {L({})}).is_nil());
}

TEST_CASE("dicts") {
  CHECK(show("dict", {S("b"), I(2), S("a"), I(1)}) == "map[a:1 b:2]");
  CHECK(show("dict", {I(1), S("one"), S("b")}) == "map[1:one b:]");
  CHECK(show("get", {J("{\"a\":1}"), S("zz")}).empty());
  CHECK(show("set", {J("{\"a\":1}"), S("b"), I(2)}) == "map[a:1 b:2]");
  CHECK(show("unset", {J("{\"a\":1,\"b\":2}"), S("a")}) == "map[b:2]");
  Value d = call("dict", {S("a"), I(1)});
  call("set", {d, S("b"), I(2)});
  CHECK(to_go_string(d) == "map[a:1 b:2]");
  Value data = J("{\"m\":{\"old\":0}}");
  Value copy = call("deepCopy", {*data.map_find("m")});
  call("set", {*data.map_find("m"), S("new"), I(1)});
  CHECK(to_go_string(data) == "map[m:map[new:1 old:0]]");
  CHECK(to_go_string(copy) == "map[old:0]");
  CHECK(show("pick", {J("{\"a\":1,\"b\":2,\"c\":3}"), S("a"), S("c"), S("zz")}) == "map[a:1 c:3]");
  CHECK(show("pluck", {S("name"), J("{\"name\":\"x\"}"), J("{}"), J("{\"name\":\"y\"}")}) == "[x y]");
  CHECK(show("keys", {J("{\"b\":1}"), J("{\"a\":2}")}) == "[b a]");
  CHECK(show("dig", {S("a"), S("b"), S("dflt"), J("{\"a\":{\"b\":\"found\"}}")}) == "found");
  CHECK(show("dig", {S("a"), S("x"), S("dflt"), J("{\"a\":{\"b\":\"found\"}}")}) == "dflt");
  CHECK(show("merge", {J("{\"a\":1,\"n\":{\"x\":1}}"), J("{\"a\":2,\"b\":3,\"n\":{\"y\":2}}")}) ==
        "map[a:1 b:3 n:map[x:1 y:2]]");
  CHECK(show("mergeOverwrite", {J("{\"a\":1,\"n\":{\"x\":1}}"), J("{\"a\":2,\"b\":3,\"n\":{\"y\":2}}")}) ==
        "map[a:2 b:3 n:map[x:1 y:2]]");
}

TEST_CASE("math and conversions") {
  CHECK(show("int", {S("42")}) == "42");
  CHECK(show("int", {F(-2.5)}) == "-2");
  CHECK(show("int64", {S("0x10")}) == "16");
  CHECK(show("float64", {S("1.5")}) == "1.5");
  CHECK(show("atoi", {S("x")}) == "0");
  CHECK(show("add", {I(1), I64(2), F(2.9)}) == "5");
  CHECK(show("add1", {S("4")}) == "5");
  CHECK(show("div", {I(-7), I(2)}) == "-3");
  CHECK(show("mod", {I(-7), I(3)}) == "-1");
  CHECK(error_of("div", {I(1), I64(0)}) == "runtime error: integer divide by zero");
  CHECK(show("max", {I(1), I(5), I(3)}) == "5");
  CHECK(show("addf", {F(1.5), F(2.25)}) == "3.75");
  CHECK(show("addf", {F(0.1), F(0.2)}) == "0.3");
  CHECK(show("mulf", {F(1.1), F(3)}) == "3.3");
  CHECK(show("subf", {I(5), F(0.5)}) == "4.5");
  CHECK(show("divf", {I(1), I(4)}) == "0.25");
  CHECK(show("divf", {I(1), I(3)}) == "0.3333333333333333");
  CHECK(show("round", {F(2.456), I(2)}) == "2.46");
  CHECK(show("round", {F(2.5), I(0)}) == "3");
  CHECK(show("toDecimal", {S("0777")}) == "511");
  CHECK(call("add", {I(1)}).go_type_name() == "int64");
}

TEST_CASE("encodings, paths and URLs") {
  CHECK(show("b64dec", {S("!!")}) == "illegal base64 data at input byte 0");
  CHECK(show("b32enc", {S("hi")}) == "NBUQ====");
  CHECK(show("adler32sum", {S("abc")}) == "38600999");
  CHECK(show("ext", {S("c.tar.gz")}) == ".gz");
  CHECK(show("osBase", {S("/a/b")}) == "b");
  Value u = call("urlParse", {S("https://user:pw@h:8080/p?q=1#frag")});
  CHECK(show("get", {u, S("host")}) == "h:8080");
  CHECK(show("get", {u, S("hostname")}) == "h");
  CHECK(show("get", {u, S("userinfo")}) == "user:pw");
  CHECK(show("get", {u, S("fragment")}) == "frag");
  CHECK(show("urlJoin", {u}) == "https://user:pw@h:8080/p?q=1#frag");
  CHECK(error_of("urlParse", {S("::x")}) == "unable to parse url: parse \"::x\": missing protocol scheme");
}

TEST_CASE("regular expressions with Go's semantics") {
  CHECK(call("regexMatch", {S("^[a-z]+[0-9]$"), S("abc1")}).as_bool());
  CHECK_FALSE(call("regexMatch", {S("("), S("abc")}).as_bool());
  CHECK(error_of("mustRegexMatch", {S("("), S("x")}) == "error parsing regexp: missing closing ): `(`");
  CHECK(error_of("regexFind", {S("a)"), S("x")}) ==
        "regexp: Compile(`a)`): error parsing regexp: unexpected ): `a)`");
  CHECK(show("regexFindAll", {S("[0-9]"), S("a1b2c3"), I(-1)}) == "[1 2 3]");
  CHECK(show("regexFindAll", {S("a*"), S("baaab"), I(-1)}) == "[ aaa ]");
  CHECK(show("regexReplaceAll", {S("a(x*)b"), S("-ab-axxb-"), S("${1}W")}) == "-W-xxW-");
  CHECK(show("regexReplaceAll", {S("a(x*)b"), S("-ab-axxb-"), S("$1W")}) == "---");
  CHECK(show("regexReplaceAll", {S("(?P<x>b+)"), S("abbc"), S("<$x>")}) == "a<bb>c");
  CHECK(show("regexReplaceAll", {S("x*"), S("abc"), S("-")}) == "-a-b-c-");
  CHECK(show("regexReplaceAllLiteral", {S("a(x*)b"), S("-ab-"), S("${1}")}) == "-${1}-");
  CHECK(show("regexSplit", {S("[,;]"), S("a,b;c"), I(-1)}) == "[a b c]");
  CHECK(show("regexSplit", {S("a"), S("banana"), I(2)}) == "[b nana]");
  CHECK(show("regexFind", {S("(?i)HELLO"), S("say hello")}) == "hello");
  CHECK(show("regexFind", {S("\\d+\\.\\d"), S("v1.25")}) == "1.2");
  CHECK(show("regexFind", {S("h.llo"), S("h\xc3\xa9llo")}) == "h\xc3\xa9llo");
  CHECK(show("regexFind", {S("[]a]+"), S("x]a]y")}) == "]a]");
  CHECK(show("regexFind", {S("a{2}"), S("caaat")}) == "aa");
  CHECK(show("regexFind", {S("a{,2}"), S("a{,2}")}) == "a{,2}");
  CHECK(error_of("mustRegexFind", {S("a**"), S("")}) == "error parsing regexp: invalid nested repetition operator: `**`");
  CHECK(error_of("mustRegexFind", {S("*a"), S("")}) == "error parsing regexp: missing argument to repetition operator: `*`");
  CHECK(error_of("mustRegexFind", {S("[z-a]"), S("")}) == "error parsing regexp: invalid character class range: `z-a`");
  CHECK(error_of("mustRegexFind", {S("\\q"), S("")}) == "error parsing regexp: invalid escape sequence: `\\q`");
  CHECK(error_of("mustRegexFind", {S("(?=x)"), S("")}) == "error parsing regexp: invalid or unsupported Perl syntax: `(?=`");
  CHECK(error_of("mustRegexFind", {S("[a"), S("")}) == "error parsing regexp: missing closing ]: `[a`");
  CHECK(error_of("mustRegexFind", {S("a{1001}"), S("")}) == "error parsing regexp: invalid repeat count: `{1001}`");
  CHECK(show("regexQuoteMeta", {S("1.5*[x]")}) == "1\\.5\\*\\[x\\]");
}

TEST_CASE("semantic versions") {
  auto check = [](const char* c, const char* v) {
    return call("semverCompare", {S(c), S(v)}).as_bool();
  };
  CHECK(check(">=1.2.0", "1.3.0"));
  CHECK_FALSE(check("~1.2", "1.3.0"));
  CHECK(check("~1.2", "1.2.9"));
  CHECK_FALSE(check("^1.2.0", "1.2.9-beta.1"));
  CHECK(check("^1.2.0-0", "1.2.9-beta.1"));
  CHECK(check("^1.2.0", "1.9.0"));
  CHECK_FALSE(check("^0.2.0", "0.3.0"));
  CHECK(check("1.2 - 1.4", "1.3.5"));
  CHECK(check(">1.0, <2.0 || >=3", "3.1.0"));
  CHECK_FALSE(check(">1.0, <2.0", "2.1.0"));
  CHECK(check("1.x", "1.9.9"));
  CHECK(check("!=1.2.3", "1.2.4"));
  CHECK(check("*", "5.0.0"));
  CHECK(error_of("semverCompare", {S(">=1.0"), S("not-a-version")}) == "Invalid Semantic Version");
  CHECK(error_of("semverCompare", {S(">>1.0"), S("1.0.0")}) == "improper constraint: >>1.0");
  CHECK(check("1 - 2 || 3.1 - 4", "3.5.0"));
  CHECK_FALSE(check("1 - 2 || 3.1 - 4", "3.0.0"));
  CHECK(check(" >= 1.2 ,<2", "1.9.9"));
  CHECK(error_of("semverCompare", {S("1.2 ,, 3"), S("1.0.0")}) == "improper constraint: 1.2 ,, 3");
  // A range inside a token is rewritten where Go's regexp finds it, breaking the constraint.
  CHECK(error_of("semverCompare", {S("1.2.3.4 - 5"), S("1.0.0")}) == "improper constraint: 1.>= 2.3.4, <= 5");
  // Matched in one pass: std::regex backtracked exponentially on runs of blanks and overflowed
  // the stack on long input (the template fuzzer's finding).
  std::string blanks = "^1";
  for (int i = 0; i < 2000; ++i) blanks += std::string(14, '\t') + "2";
  CHECK(error_of("semverCompare", {Value::from_string(blanks + "!"), S("1.0.0")}) == "improper constraint: " + blanks + "!");
  CHECK(error_of("semverCompare", {Value::from_string(std::string(200000, '1')), S("1.0.0")}) == "constraint Parser Error");
  CHECK(error_of("semver", {Value::from_string(std::string(200000, '1'))}).find("value out of range") != std::string::npos);
  Value v = call("semver", {S("v1.22.3-rc.1+b7")});
  CHECK(to_go_string(*v.object().field("Major")) == "1");
  CHECK(to_go_string(*v.object().field("Prerelease")) == "rc.1");
  CHECK(to_go_string(v) == "1.22.3-rc.1+b7");
  CHECK(parse_sem_version("1.2").value().to_string() == "1.2.0");
  CHECK(parse_sem_version("1.02.3").has_value());
  CHECK_FALSE(parse_sem_version("1.2.3-01").has_value());
}

TEST_CASE("functions that would build huge results fail before allocating") {
  const std::string limit = "limit " + std::to_string(kMaxFunctionResult) + ")";
  CHECK(error_of("repeat", {I(2'000'000'000), S("0123456789")}) ==
        "result too large (20000000000 bytes or elements, " + limit);
  CHECK(error_of("until", {I(2'000'000'000)}).starts_with("result too large (2000000000 "));
  CHECK(error_of("untilStep", {I(-2'000'000'000), I(2'000'000'000), I(1)}).starts_with("result too large"));
  CHECK(error_of("seq", {I(1), I(2'000'000'000)}).starts_with("result too large"));
  {  // Within the size limit, the elements are charged to the execution's steps before building.
    StepBudget budget(1'000'000);
    ActiveStepBudget active(budget);
    CHECK(error_of("seq", {I(35'650'928)}) == "exceeded maximum execution steps (1000000)");
  }
  {
    StepBudget budget(1'000'000);
    ActiveStepBudget active(budget);
    CHECK(error_of("until", {I(1'000'001)}) == "exceeded maximum execution steps (1000000)");
  }
  CHECK(error_of("indent", {I(2'000'000'000), S("a\nb")}).starts_with("result too large"));
  CHECK(error_of("nindent", {I(70'000'000), S("a")}).starts_with("result too large"));
  std::string many(1 << 20, 'a');
  CHECK(error_of("replace", {S("a"), S("0123456789012345678901234567890123456789012345678901234567890123456789"),
                             Value::from_string(many)})
            .starts_with("result too large"));
  CHECK(error_of("regexReplaceAll", {S("a"), Value::from_string(std::string(5000, 'a')),
                                     Value::from_string(std::string(20000, 'x'))})
            .starts_with("result too large"));
  // Each match found costs 16 matcher steps: two million empty matches are over the 20 million.
  CHECK(error_of("regexFindAll", {S(""), Value::from_string(std::string(2'000'000, 'a')), I(-1)}) ==
        "regexp matching took more than sidecarctl's limit of 20000000 steps");
  // Near the int range, the loop stops instead of wrapping around.
  CHECK(show("untilStep", {I(0), I(9'223'372'036'854'775'807), I(5'000'000'000'000'000'000)}) ==
        "[0 5000000000000000000]");
  CHECK(show("until", {I(-3)}) == "[0 -1 -2]");
  CHECK(show("repeat", {I(0), S("x")}) == "");
  CHECK(show("replace", {S(""), S("-"), S("ab")}) == "-a-b-");
}

}  // namespace
}  // namespace sidecarctl::gotemplate
