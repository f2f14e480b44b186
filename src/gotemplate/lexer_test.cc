// Lexer: item streams and lexical errors, as Go's lexer produces them.
#include "gotemplate/lexer.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

namespace sidecarctl::gotemplate {

namespace {

// Items as "type:val" joined by spaces (type abbreviated).
std::string items(std::string_view input) {
  std::string out;
  for (const Item& item : lex(input)) {
    if (!out.empty()) out += ' ';
    switch (item.type) {
      case ItemType::kText: out += "T"; break;
      case ItemType::kLeftDelim: out += "L"; break;
      case ItemType::kRightDelim: out += "R"; break;
      case ItemType::kSpace: out += "S"; break;
      case ItemType::kNumber: out += "N"; break;
      case ItemType::kField: out += "F"; break;
      case ItemType::kVariable: out += "V"; break;
      case ItemType::kIdentifier: out += "I"; break;
      case ItemType::kString: out += "Q"; break;
      case ItemType::kRawString: out += "RQ"; break;
      case ItemType::kCharConstant: out += "C"; break;
      case ItemType::kComplex: out += "X"; break;
      case ItemType::kEof: out += "EOF"; continue;
      case ItemType::kError: out += "ERR"; break;
      default: out += "K"; break;
    }
    out += ":" + item.val;
  }
  return out;
}

}  // namespace

TEST_CASE("lexer items") {
  struct Case {
    const char* input;
    const char* want;
  } cases[] = {
      {"a{{.x}}b", "T:a L:{{ F:.x R:}} T:b EOF"},
      {"a  {{- .x -}}  b", "T:a L:{{ F:.x R:}} T:b EOF"},
      {"{{-3}}", "L:{{ N:-3 R:}} EOF"},
      {"{{3 -}} x", "L:{{ N:3 R:}} T:x EOF"},
      {"{{/* c */}}x", "T:x EOF"},
      {"a \n{{- /* c */ -}}\n b", "T:a T:b EOF"},
      {"{{$x := .a.b}}", "L:{{ V:$x S:  K::= S:  F:.a F:.b R:}} EOF"},
      {"{{\"a\\\"b\" `r` 'c' 1+2i 0x1p4}}", "L:{{ Q:\"a\\\"b\" S:  RQ:`r` S:  C:'c' S:  X:1+2i S:  N:0x1p4 R:}} EOF"},
      {"{{if .a}}{{else}}{{end}}", "L:{{ K:if S:  F:.a R:}} L:{{ K:else R:}} L:{{ K:end R:}} EOF"},
      {"{{.a | f}}", "L:{{ F:.a S:  K:| S:  I:f R:}} EOF"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(items(c.input) == c.want);
  }
}

TEST_CASE("lexer errors") {
  struct Case {
    const char* input;
    const char* want;
  } cases[] = {
      {"{{.a", "unclosed action"},
      {"{{/* x", "unclosed comment"},
      {"{{/* x */ }}", "comment ends before closing delimiter"},
      {"{{\"abc}}", "unterminated quoted string"},
      {"{{`abc}}", "unterminated raw quoted string"},
      {"{{'a}}", "unterminated character constant"},
      {"{{3k}}", "bad number syntax: \"3k\""},
      {"{{(1}}", "unclosed left paren"},
      {"{{1)}}", "unexpected right paren U+0029 ')'"},
      {"{{.a#}}", "bad character U+0023 '#'"},
      {"{{a :b}}", "expected :="},
      {"{{\x01}}", "unrecognized character in action: U+0001"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    auto all = lex(c.input);
    REQUIRE(all.back().type == ItemType::kError);
    CHECK(all.back().val == c.want);
  }
}

TEST_CASE("item descriptions follow Go's item.String") {
  CHECK(Item{ItemType::kEof, 0, 1, ""}.describe() == "EOF");
  CHECK(Item{ItemType::kIf, 0, 1, "if"}.describe() == "<if>");
  CHECK(Item{ItemType::kChar, 0, 1, "#"}.describe() == "\"#\"");
  CHECK(Item{ItemType::kText, 0, 1, "0123456789abc"}.describe() == "\"0123456789\"...");
}

TEST_CASE("every item carries the line it starts on, also after raw strings and trimmed text") {
  std::vector<Item> got = lex("a\nb {{- `x\ny` }}\n\n{{ .f\n}}c\n{{ 1 }}");
  std::vector<std::pair<std::string, int>> lines;
  for (const Item& item : got) lines.emplace_back(item.val, item.line);
  std::vector<std::pair<std::string, int>> expected = {
      {"a\nb", 1}, {"{{", 2}, {"`x\ny`", 2}, {" ", 3}, {"}}", 3},  {"\n\n", 3}, {"{{", 5},
      {" ", 5},     {".f", 5}, {"\n", 5},      {"}}", 6}, {"c\n", 6}, {"{{", 7},     {" ", 7},
      {"1", 7},     {" ", 7},  {"}}", 7},      {"", 7}};
  CHECK(lines == expected);
}

}  // namespace sidecarctl::gotemplate
