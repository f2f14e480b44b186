// Executor: table tests per feature with Go's exact output and error text.
#include <doctest/doctest.h>

#include "gotemplate/sprig.h"
#include "gotemplate/test_support.h"

namespace sidecarctl::gotemplate {

using testing::render;

namespace {

struct Case {
  const char* tmpl;
  const char* json;
  const char* want;
};

void run_cases(std::initializer_list<Case> cases) {
  for (const auto& c : cases) {
    CAPTURE(c.tmpl);
    CHECK(render(c.tmpl, c.json) == c.want);
  }
}

}  // namespace

TEST_CASE("fields, missing keys and nulls") {
  run_cases({
      {"{{.a.b}}", R"({"a":{"b":"x"}})", "x"},
      {"{{.nope}} {{.a.nope}} {{.nope.deeper}}", R"({"a":{}})", "<no value> <no value> <no value>"},
      {"{{.n}}", R"({"n":null})", "<no value>"},
      {"{{.n.x}}", R"({"n":null})", "ERROR: template: t:1:4: executing \"t\" at <.n.x>: nil pointer evaluating interface {}.x"},
      {"{{.s.x}}", R"({"s":"str"})", "ERROR: template: t:1:4: executing \"t\" at <.s.x>: can't evaluate field x in type interface {}"},
      {"{{$v := .s}}{{$v.x}}", R"({"s":"str"})", "ERROR: template: t:1:16: executing \"t\" at <$v.x>: can't evaluate field x in type string"},
      {"{{.a 1}}", R"({"a":1})", "ERROR: template: t:1:2: executing \"t\" at <.a>: a is not a method but has arguments"},
      {"line1\n{{.a}}\n  {{.s.x}}", R"({"a":1,"s":"v"})", "ERROR: template: t:3:6: executing \"t\" at <.s.x>: can't evaluate field x in type interface {}"},
      {"{{(.a).b}}", R"({})", "<no value>"},
      {"{{.}}", R"({"b":2,"a":[1,"x",null]})", "map[a:[1 x <nil>] b:2]"},
  });
}

TEST_CASE("if, with, else, truth") {
  run_cases({
      {"{{if .a}}T{{else}}F{{end}}", R"({"a":0})", "F"},
      {"{{if .a}}T{{else}}F{{end}}", R"({"a":"0"})", "T"},
      {"{{if .a}}T{{else if .b}}B{{else}}F{{end}}", R"({"b":[1]})", "B"},
      {"{{if .a}}T{{else}}F{{end}}", R"({"a":{}})", "F"},
      {"{{with .a}}{{.}}{{else}}none{{end}}", R"({"a":"x"})", "x"},
      {"{{with .a}}{{.}}{{else}}none{{end}}", R"({"a":0.0})", "none"},
      {"{{if nil}}T{{end}}", "{}", "ERROR: template: t:1:5: executing \"t\" at <nil>: nil is not a command"},
  });
}

TEST_CASE("range") {
  run_cases({
      {"{{range .l}}[{{.}}]{{end}}", R"({"l":[1,"a",2.5]})", "[1][a][2.5]"},
      {"{{range $i, $v := .l}}{{$i}}={{$v}};{{end}}", R"({"l":["a","b"]})", "0=a;1=b;"},
      {"{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}", R"({"m":{"b":1,"a":2,"B":3}})", "B=3;a=2;b=1;"},
      {"{{range .l}}x{{else}}empty{{end}}", R"({"l":[]})", "empty"},
      {"{{range .nope}}x{{else}}empty{{end}}", R"({})", "empty"},
      {"{{range .l}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}", R"({"l":[1,2,3,4,5]})", "13"},
      {"{{range .l}}{{$.x}}{{end}}", R"({"l":[1,2],"x":"y"})", "yy"},
      {"{{range .s}}x{{end}}", R"({"s":"abc"})", "ERROR: template: t:1:8: executing \"t\" at <.s>: range can't iterate over abc"},
      {"{{$x := 0}}{{range .l}}{{$x = .}}{{end}}{{$x}}", R"({"l":[1,2,3]})", "3"},
  });
}

TEST_CASE("variables and scope") {
  run_cases({
      {"{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "{}", "21"},
      {"{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "{}", "2"},
      {"{{$}}", R"({"a":1})", "map[a:1]"},
      {"{{$c := list}}", "{}", "ERROR: template: t:1: function \"list\" not defined"},
  });
}

TEST_CASE("define, template, block") {
  run_cases({
      {"{{define \"T\"}}<{{.}}>{{end}}{{template \"T\" .a}}", R"({"a":1})", "<1>"},
      {"{{template \"T\"}}{{define \"T\"}}[{{.}}]{{end}}", "{}", "[<no value>]"},
      {"{{block \"B\" .}}b{{.a}}{{end}}", R"({"a":1})", "b1"},
      {"{{template \"nope\"}}", "{}", "ERROR: template: t:1:11: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined"},
      {"{{define \"R\"}}{{template \"R\" .}}{{end}}{{template \"R\" .}}", "{}",
       "ERROR: template: t:1:25: executing \"R\" at <{{template \"R\" .}}>: exceeded maximum template depth (1000)"},
  });
}

TEST_CASE("pipelines and function calls") {
  run_cases({
      {"{{\"a\" | printf \"%s-%s\" \"b\"}}", "{}", "b-a"},
      {"{{printf \"%d\" (len .l)}}", R"({"l":[1,2]})", "2"},
      {"{{.a | .b}}", R"({"a":1,"b":2})", "ERROR: template: t:1:7: executing \"t\" at <.b>: b is not a method but has arguments"},
      {"{{$v := 1}}{{.a | $v}}", R"({"a":1})", "ERROR: template: t:1:18: executing \"t\" at <$v>: can't give argument to non-function $v"},
      {"{{not 1 2}}", "{}", "ERROR: template: t:1:2: executing \"t\" at <not>: wrong number of args for not: want 1 got 2"},
      {"{{and}}", "{}", "ERROR: template: t:1:2: executing \"t\" at <and>: wrong number of args for and: want at least 1 got 0"},
      {"{{printf 1 2}}", "{}", "ERROR: template: t:1:9: executing \"t\" at <1>: expected string; found 1"},
      {"{{printf .n}}", R"({"n":1})", "ERROR: template: t:1:9: executing \"t\" at <.n>: wrong type for value; expected string; got int64"},
      {"{{printf .nope}}", "{}", "ERROR: template: t:1:9: executing \"t\" at <.nope>: invalid value; expected string"},
      {"{{printf .n}}", R"({"n":null})", "ERROR: template: t:1:9: executing \"t\" at <.n>: wrong type for value; expected string; got interface {}"},
      {"{{call .f}}", R"({"f":1})", "ERROR: template: t:1:2: executing \"t\" at <call .f>: error calling call: non-function of type int64"},
  });
}

TEST_CASE("and, or, not") {
  run_cases({
      {"{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" 3}} {{or 0 \"\"}}", "{}", "0 2 3 "},
      {"{{or 1 (index .l 10)}}", R"({"l":[]})", "1"},
      {"{{and true (index .l 10)}}", R"({"l":[]})", "ERROR: template: t:1:12: executing \"t\" at <index .l 10>: error calling index: index out of range: 10"},
      {"{{not .nope}} {{not 1}}", "{}", "true false"},
  });
}

TEST_CASE("len, index, slice") {
  run_cases({
      {"{{len .l}} {{len .m}} {{len .s}}", R"({"l":[1,2],"m":{"a":1},"s":"héllo"})", "2 1 6"},
      {"{{len 3}}", "{}", "ERROR: template: t:1:2: executing \"t\" at <len 3>: error calling len: len of type int"},
      {"{{len .n}}", R"({"n":null})", "ERROR: template: t:1:2: executing \"t\" at <len .n>: error calling len: len of nil pointer"},
      {"{{index .l 1}} {{index .m \"a\"}} {{index .m \"x\"}} {{index .n 0 \"k\"}}", R"({"l":[1,2],"m":{"a":3},"n":[{"k":"v"}]})", "2 3 <no value> v"},
      {"{{index .l -1}}", R"({"l":[1]})", "ERROR: template: t:1:2: executing \"t\" at <index .l -1>: error calling index: index out of range: -1"},
      {"{{index .nope 0}}", "{}", "ERROR: template: t:1:2: executing \"t\" at <index .nope 0>: error calling index: index of untyped nil"},
      {"{{index .l \"a\"}}", R"({"l":[1]})", "ERROR: template: t:1:2: executing \"t\" at <index .l \"a\">: error calling index: cannot index slice/array with type string"},
      {"{{index .m 1}}", R"({"m":{}})", "ERROR: template: t:1:2: executing \"t\" at <index .m 1>: error calling index: value has type int; should be string"},
      {"{{index .i 0}}", R"({"i":1})", "ERROR: template: t:1:2: executing \"t\" at <index .i 0>: error calling index: can't index item of type int64"},
      {"{{slice .l 1}} {{slice \"abcdef\" 1 3}}", R"({"l":[1,2,3]})", "[2 3] bc"},
  });
}

TEST_CASE("comparisons") {
  run_cases({
      {"{{eq 1 1}} {{eq .i 2}} {{eq .s \"a\" \"b\"}} {{eq .nope .nope2}} {{eq .nope 1}}", R"({"i":2,"s":"b"})", "true true true true false"},
      {"{{eq 1 1.0}}", "{}", "ERROR: template: t:1:2: executing \"t\" at <eq 1 1.0>: error calling eq: incompatible types for comparison"},
      {"{{eq .l .l}}", R"({"l":[1]})", "ERROR: template: t:1:2: executing \"t\" at <eq .l .l>: error calling eq: non-comparable type [1]: []interface {}"},
      {"{{eq 1}}", "{}", "ERROR: template: t:1:2: executing \"t\" at <eq 1>: error calling eq: missing argument for comparison"},
      {"{{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1.5 2.5}} {{ne 1 2}}", "{}", "true true true false true"},
      {"{{lt true false}}", "{}", "ERROR: template: t:1:2: executing \"t\" at <lt true false>: error calling lt: invalid type for comparison"},
      {"{{lt .nope 1}}", "{}", "ERROR: template: t:1:2: executing \"t\" at <lt .nope 1>: error calling lt: invalid type for comparison"},
      {"{{gt 1}}", "{}", "ERROR: template: t:1:2: executing \"t\" at <gt>: wrong number of args for gt: want 2 got 1"},
  });
}

TEST_CASE("escapers") {
  run_cases({
      {"{{html \"<a href='x'>&\\\"\"}}", "{}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"},
      {"{{js \"a'b\\\"c<d>=&\\n\"}}", "{}", "a\\'b\\\"c\\u003Cd\\u003E\\u003D\\u0026\\u000A"},
      {"{{urlquery \"a b&c=d/é\"}}", "{}", "a+b%26c%3Dd%2F%C3%A9"},
      {"{{html .nope}}", "{}", "&lt;no value&gt;"},
  });
}

TEST_CASE("literals") {
  run_cases({
      {"{{42}} {{-7}} {{0x1F}} {{017}} {{0o17}} {{0b101}} {{1_000}}", "{}", "42 -7 31 15 15 5 1000"},
      {"{{1.5}} {{1.0}} {{1e3}} {{1e21}} {{0x1p4}} {{'a'}} {{1i}}", "{}", "1.5 1 1000 1e+21 16 97 (0+1i)"},
      {"{{printf \"%T %T %T %T\" 1 1.0 'a' .i}}", R"({"i":1})", "int float64 int int64"},
      {"{{\"tab\\there\"}} {{`raw\\n`}}", "{}", "tab\there raw\\n"},
  });
}

TEST_CASE("missingkey option") {
  ExecOptions zero;
  zero.missingkey = MissingKey::kZero;
  CHECK(render("{{.nope}}", "{}", {}, zero) == "<no value>");
  ExecOptions error;
  error.missingkey = MissingKey::kError;
  CHECK(render("{{.nope}}", "{}", {}, error) ==
        "ERROR: template: t:1:2: executing \"t\" at <.nope>: map has no entry for key \"nope\"");
}

TEST_CASE("limits end hostile templates with an error") {
  ExecOptions small;
  small.max_output_bytes = 100;
  CHECK(render("{{range .l}}0123456789{{end}}", R"({"l":[1,2,3,4,5,6,7,8,9,10,11]})", {}, small).starts_with("ERROR: "));
  ExecOptions steps;
  steps.max_steps = 50;
  CHECK(render("{{range .l}}{{.}}{{end}}", R"({"l":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26]})",
               {}, steps)
            .find("exceeded maximum execution steps (50)") != std::string::npos);
  // Every execution is bounded by default; a loop of sprig's until and a template printing far more
  // than the limit both stop (small limits here: the defaults run 10M steps, too slow under ASan;
  // tests/test_hostile_inputs.py runs the defaults end to end).
  CHECK(ExecOptions().max_steps == 10'000'000);
  CHECK(ExecOptions().max_output_bytes == 64u << 20);
  FunctionMap sprig;
  register_builtins(sprig);
  register_sprig(sprig);
  ExecOptions bounded;
  bounded.max_steps = 5000;
  bounded.max_output_bytes = 1 << 20;
  CHECK(render("{{range until 100000}}{{range until 100000}}{{end}}{{end}}", "{}", sprig, bounded)
            .find("exceeded maximum execution steps (5000)") != std::string::npos);
  bounded.max_steps = 10'000'000;
  CHECK(render("{{range until 1000000}}{{repeat 100 \"x\"}}{{end}}", "{}", sprig, bounded)
            .find("output exceeds the maximum size (1048576 bytes)") != std::string::npos);
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "(";
  CHECK(render("{{" + deep + "}}") == "ERROR: template: t:1: max expression depth exceeded");
}

TEST_CASE("work done inside functions counts against max_steps") {
  FunctionMap sprig;
  register_builtins(sprig);
  register_sprig(sprig);
  ExecOptions bounded;
  bounded.max_steps = 100'000;
  // A result holds memory: a list costs a step per element (until pays once more, before building).
  CHECK(render("{{len (until 30000)}}", "{}", sprig, bounded) == "30000");
  CHECK(render("{{len (until 200000)}}", "{}", sprig, bounded) ==
        "ERROR: template: t:1:7: executing \"t\" at <until 200000>: error calling until: exceeded maximum execution "
        "steps (100000)");
  // 2^40 paths through shared elements: each walk stops at the budget, where it went on for days.
  const std::string shared = "{{$x := list 1}}{{range until 40}}{{$x = list $x $x}}{{end}}";
  for (const char* use : {"{{toJson $x}}", "{{deepEqual $x $x}}", "{{deepCopy $x | len}}", "{{printf \"%v\" $x}}"}) {
    CAPTURE(use);
    CHECK(render(shared + use, "{}", sprig, bounded).find("exceeded maximum execution steps (100000)") !=
          std::string::npos);
  }
  CHECK(render(shared + "{{$x}}", "{}", sprig, bounded) ==
        "ERROR: template: t:1:62: executing \"t\" at <{{$x}}>: exceeded maximum execution steps (100000)");
  // A regexp call pays for its matcher steps: a slow match in a loop stops.
  CHECK(render("{{$s := repeat 2000 \"a\"}}{{range until 5000}}{{regexMatch \"(a|aa)*c\" $s}}{{end}}", "{}",
               sprig, bounded)
            .find("error calling regexMatch: exceeded maximum execution steps (100000)") != std::string::npos);
  // A map that would contain itself.
  CHECK(render("{{$d := dict}}{{$_ := set $d \"k\" (list $d)}}", "{}", sprig) ==
        "ERROR: template: t:1:22: executing \"t\" at <set $d \"k\" (list $d)>: error calling set: a map cannot "
        "contain itself (key \"k\")");
}

TEST_CASE("functions from the map") {
  FunctionMap funcs;
  funcs.add("upper", {Param::kString}, false, [](CallContext&, std::span<const Value> a) {
    std::string s(a[0].as_string());
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Value::from_string(s);
  });
  funcs.add("fail", {Param::kString}, false,
            [](CallContext&, std::span<const Value> a) -> Value { throw FunctionError(std::string(a[0].as_string())); });
  CHECK(render("{{upper \"a\"}} {{\"b\" | upper}}", "{}", funcs) == "A B");
  CHECK(render("{{upper}}", "{}", funcs) ==
        "ERROR: template: t:1:2: executing \"t\" at <upper>: wrong number of args for upper: want 1 got 0");
  CHECK(render("{{fail \"boom\"}}", "{}", funcs) ==
        "ERROR: template: t:1:2: executing \"t\" at <fail \"boom\">: error calling fail: boom");
  CHECK(render("{{if false}}{{nosuch}}{{end}}", "{}", funcs) == "ERROR: template: t:1: function \"nosuch\" not defined");
}

}  // namespace sidecarctl::gotemplate

namespace sidecarctl::gotemplate {

TEST_CASE("a nil returned by a function is no value in a pipeline, a nil argument to print") {
  FunctionMap funcs;
  funcs.add("nothing", {}, false, [](CallContext&, std::span<const Value>) { return Value::nil(); });
  CHECK(testing::render("[{{nothing}}] {{print (nothing)}} {{printf \"%v\" nothing}}", "{}", funcs) ==
        "[<no value>] <nil> <nil>");
}

}  // namespace sidecarctl::gotemplate
