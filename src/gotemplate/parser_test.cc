// Parser: trees rendered back through Node.String(), and Go's parse errors word for word.
#include "gotemplate/parser.h"

#include <doctest/doctest.h>

namespace sidecarctl::gotemplate {

namespace {

FunctionMap funcs() {
  FunctionMap map;
  register_builtins(map);
  return map;
}

std::string parsed(const std::string& text) {
  auto trees = parse_trees("t", text, funcs());
  if (!trees) return "ERROR: " + trees.error().message;
  std::string out;
  for (const auto& [name, tree] : *trees) {
    if (!out.empty()) out += " | ";
    out += name + "=" + node_string(tree.root);
  }
  return out;
}

}  // namespace

TEST_CASE("parse trees render as Go prints them") {
  struct Case {
    const char* input;
    const char* want;
  } cases[] = {
      {"a{{.x.y}}b", "t=a{{.x.y}}b"},
      {"{{$x := 1}}{{$x}}", "t={{$x := 1}}{{$x}}"},
      {"{{(.a).b | printf \"%d\" 1}}", "t={{(.a).b | printf \"%d\" 1}}"},
      {"{{if .a}}A{{else if .b}}B{{else}}C{{end}}", "t={{if .a}}A{{else}}{{if .b}}B{{else}}C{{end}}{{end}}"},
      {"{{range $i, $v := .l}}{{$i}}{{end}}", "t={{range $i, $v := .l}}{{$i}}{{end}}"},
      {"{{define \"x\"}}X{{end}}{{template \"x\" .}}", "t={{template \"x\" .}} | x=X"},
      {"{{block \"b\" .}}B{{end}}", "b=B | t={{template \"b\" .}}"},
      {"{{with $v := .a}}{{$v}}{{end}}", "t={{with $v := .a}}{{$v}}{{end}}"},
      {"{{0x1F}} {{'a'}} {{1e3}} {{`raw`}}", "t={{0x1F}} {{'a'}} {{1e3}} {{`raw`}}"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(parsed(c.input) == c.want);
  }
}

TEST_CASE("parse errors carry the template name and line") {
  struct Case {
    const char* input;
    const char* want;
  } cases[] = {
      {"{{if .a}}x", "template: t:1: unexpected EOF"},
      {"x\n{{end}}", "template: t:2: unexpected {{end}}"},
      {"{{else}}", "template: t:1: unexpected {{else}}"},
      {"{{if .a}}x{{else}}y{{else}}z{{end}}", "template: t:1: expected end; found {{else}}"},
      {"{{break}}", "template: t:1: {{break}} outside {{range}}"},
      {"{{range $a, $b, $c := .l}}{{end}}", "template: t:1: too many declarations in range"},
      {"{{with .a}}{{else if .b}}{{end}}", "template: t:1: unexpected <if> in input"},
      {"{{$nope}}", "template: t:1: undefined variable \"$nope\""},
      {"{{range $i, $e := .l}}{{end}}{{$i}}", "template: t:1: undefined variable \"$i\""},
      {"{{.a | 2}}", "template: t:1: non executable command in pipeline stage 2"},
      {"{{}}", "template: t:1: missing value for command"},
      {"{{nosuch 1}}", "template: t:1: function \"nosuch\" not defined"},
      {"{{99999999999999999999}}", "template: t:1: integer overflow: \"99999999999999999999\""},
      {"{{'ab'}}", "template: t:1: malformed character constant: 'ab'"},
      {"{{-/* c */}}", "template: t:1: illegal number syntax: \"-\""},
      {"{{define \"T\"}}a{{end}}{{define \"T\"}}b{{end}}", "template: t:1: template: multiple definition of template \"T\""},
      {"{{template .x}}", "template: t:1: unexpected \".x\" in template clause"},
      {"{{if true}}{{define \"T\"}}x{{end}}{{end}}", "template: t:1: unexpected <define> in command"},
      {"{{.a =}}", "template: t:1: unexpected \"=\" in operand"},
      {"{{1.a}}", "template: t:1: bad number syntax: \"1.a\""},
      {"{{\"a\".b}}", "template: t:1: unexpected . after term \"\\\"a\\\"\""},
      {"a\n{{.a\n", "template: t:3: unclosed action started at t:2"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(parsed(c.input) == std::string("ERROR: ") + c.want);
  }
}

TEST_CASE("empty definitions do not count as redefinitions") {
  CHECK(parsed("{{define \"T\"}} {{end}}{{define \"T\"}}b{{end}}") == "T=b | t=");
}

}  // namespace sidecarctl::gotemplate
