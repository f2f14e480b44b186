// to_yaml against hand-derived go-yaml v2 output (sigs.k8s.io/yaml.Marshal of the same data).
#include <doctest/doctest.h>

#include <string>

#include "yaml/document.h"
#include "yaml/emit.h"

namespace sidecarctl::yaml {
namespace {

std::string value_yaml(const Json& v) { return to_yaml(Json{{"k", v}}); }

TEST_CASE("layout: sorted keys, two-space indent, sequences at the key's indentation") {
  Json v = Json::parse(R"({"b":1,"a":[1,{"x":"z","w":[true]}],"c":{"d":null},"e":[],"f":{},"g":[[1,2],[]]})");
  CHECK(to_yaml(v) ==
        "a:\n- 1\n- w:\n  - true\n  x: z\nb: 1\nc:\n  d: null\ne: []\nf: {}\ng:\n- - 1\n  - 2\n- []\n");
}

TEST_CASE("roots") {
  CHECK(to_yaml(nullptr) == "null\n");
  CHECK(to_yaml(Json::object()) == "{}\n");
  CHECK(to_yaml(Json::array()) == "[]\n");
  CHECK(to_yaml("abc") == "abc\n");
  CHECK(to_yaml("") == "\"\"\n");
  CHECK(to_yaml(Json::array({"a", Json::array({"b"})})) == "- a\n- - b\n");
}

TEST_CASE("strings that would read back as another type are double-quoted") {
  for (const char* s : {"yes", "Off", "y", "true", "null", "~", "1", "012", "0x1F", "1e3", "1_000", ".5", ".inf",
                        "08", "1:20", "2001-12-14", "2001-12-14T21:59:43.10Z", "-1", "+.5"}) {
    CHECK_MESSAGE(value_yaml(s) == "k: \"" + std::string(s) + "\"\n", s);
  }
  CHECK(value_yaml("") == "k: \"\"\n");
  CHECK(value_yaml("<<") == "k: <<\n");
  CHECK(value_yaml("8080:80") == "k: 8080:80\n");
  CHECK(value_yaml("yess") == "k: yess\n");
  CHECK(value_yaml("1.2.3") == "k: 1.2.3\n");
}

TEST_CASE("indicators, spaces and quotes choose single quotes") {
  CHECK(value_yaml("-") == "k: '-'\n");
  CHECK(value_yaml("- a") == "k: '- a'\n");
  CHECK(value_yaml("-a") == "k: -a\n");
  CHECK(value_yaml(" lead") == "k: ' lead'\n");
  CHECK(value_yaml("trail ") == "k: 'trail '\n");
  CHECK(value_yaml("a: b") == "k: 'a: b'\n");
  CHECK(value_yaml("a:b") == "k: a:b\n");
  CHECK(value_yaml("a:") == "k: 'a:'\n");
  CHECK(value_yaml("a #b") == "k: 'a #b'\n");
  CHECK(value_yaml("a#b") == "k: a#b\n");
  CHECK(value_yaml("#a") == "k: '#a'\n");
  CHECK(value_yaml("'q'") == "k: '''q'''\n");
  CHECK(value_yaml("it's") == "k: it's\n");
  CHECK(value_yaml("\"q\"") == "k: '\"q\"'\n");
  CHECK(value_yaml("*") == "k: '*'\n");
  CHECK(value_yaml("&a") == "k: '&a'\n");
  CHECK(value_yaml("!a") == "k: '!a'\n");
  CHECK(value_yaml("@x") == "k: '@x'\n");
  CHECK(value_yaml("%x") == "k: '%x'\n");
  CHECK(value_yaml("`x") == "k: '`x'\n");
  CHECK(value_yaml("[a]") == "k: '[a]'\n");
  CHECK(value_yaml("{a}") == "k: '{a}'\n");
  CHECK(value_yaml("|") == "k: '|'\n");
  CHECK(value_yaml(">x") == "k: '>x'\n");
  CHECK(value_yaml("a,b") == "k: a,b\n");
  CHECK(value_yaml("a[0]") == "k: a[0]\n");
  CHECK(value_yaml("?x") == "k: ?x\n");
  CHECK(value_yaml("? x") == "k: '? x'\n");
  CHECK(value_yaml(":x") == "k: :x\n");
  CHECK(value_yaml("---") == "k: '---'\n");
  CHECK(value_yaml("...x") == "k: '...x'\n");
  CHECK(value_yaml("é ü") == "k: é ü\n");
}

TEST_CASE("non-printable characters force double quotes with escapes") {
  CHECK(value_yaml("a\tb") == "k: \"a\\tb\"\n");
  CHECK(value_yaml(std::string("a\0b", 3)) == "k: \"a\\0b\"\n");
  CHECK(value_yaml("\x01\x1b\x7f") == "k: \"\\x01\\e\\x7F\"\n");
  CHECK(value_yaml("smile \xF0\x9F\x98\x80") == "k: \"smile \\U0001F600\"\n");
  CHECK(value_yaml("\xEF\xBB\xBF" "a") == "k: \"\\uFEFF\\x61\"\n");  // libyaml escapes every character after a BOM
  CHECK(value_yaml("a\x01\xC2\x85") == "k: \"a\\x01 \"\n");  // NEL folded by the JSON round trip (below)
  CHECK(value_yaml("bad \xFF byte") == "k: bad \xEF\xBF\xBD byte\n");  // JSON round trip: U+FFFD
  CHECK(value_yaml("\"yes\tno\"") == "k: \"\\\"yes\\tno\\\"\"\n");
}

TEST_CASE("a raw NEL (U+0085) folds as go-yaml reads it inside sigs.k8s.io/yaml's JSON string") {
  CHECK(value_yaml("a\xC2\x85") == "k: 'a '\n");
  CHECK(value_yaml("x\xC2\x85y") == "k: x y\n");
  CHECK(value_yaml("x \xC2\x85 y") == "k: x y\n");
  CHECK(value_yaml("\xC2\x85y") == "k: ' y'\n");
  CHECK(value_yaml("x\xC2\x85\xC2\x85y") == "k: |-\n  x\n  y\n");
  CHECK(value_yaml("a\xC2\x85\xC2\x85\xC2\x85" "b") == "k: |-\n  a\n\n  b\n");
  CHECK(value_yaml("a  b") == "k: a  b\n");
}

TEST_CASE("the escape \\N loads as a raw NEL, which is written folded (load_fuzz's finding)") {
  auto docs = load_stream("\"\\Namep\"", "t.yaml", LoadOptions{});
  REQUIRE(docs);
  CHECK((*docs)[0].value ==
        "\xC2\x85"
        "amep");
  CHECK(to_yaml((*docs)[0].value) == "' amep'\n");
}

TEST_CASE("multi-line strings are literal blocks with chomping and indentation indicators") {
  CHECK(value_yaml("a\nb") == "k: |-\n  a\n  b\n");
  CHECK(value_yaml("a\nb\n") == "k: |\n  a\n  b\n");
  CHECK(value_yaml("a\n\n") == "k: |+\n  a\n\n");
  CHECK(value_yaml(" a\nb") == "k: |2-\n   a\n  b\n");
  CHECK(value_yaml("\nb") == "k: |2-\n\n  b\n");
  CHECK(value_yaml("a\n\nb\n") == "k: |\n  a\n\n  b\n");
  CHECK(value_yaml("a\n b") == "k: |-\n  a\n   b\n");
  CHECK(value_yaml("a \nb") == "k: \"a \\nb\"\n");  // a space before a break rules out the block
  CHECK(value_yaml("trailing\nspace ") == "k: \"trailing\\nspace \"\n");
  CHECK(to_yaml(Json{{"a", Json::array({"x\ny"})}, {"b", 1}}) == "a:\n- |-\n  x\n  y\nb: 1\n");
  CHECK(to_yaml(Json{{"a", Json{{"b", "x\n"}}}}) == "a:\n  b: |\n    x\n");
  CHECK(to_yaml("x\ny") == "|-\n  x\n  y\n");
}

TEST_CASE("keys: quoting, long keys and multi-line keys") {
  CHECK(to_yaml(Json{{"yes", 1}}) == "\"yes\": 1\n");
  CHECK(to_yaml(Json{{"", 1}}) == "\"\": 1\n");
  CHECK(to_yaml(Json{{"a b", 1}}) == "a b: 1\n");
  CHECK(to_yaml(Json{{"a:", 1}}) == "'a:': 1\n");
  // A plain "<<" key would read back as a merge key (go-yaml writes it plain; the load fuzzer's finding).
  CHECK(to_yaml(Json{{"<<", 1}}) == "\"<<\": 1\n");
  CHECK(to_yaml(Json{{"a", "<<"}}) == "a: <<\n");
  std::string long_key(129, 'k');
  CHECK(to_yaml(Json{{long_key, 1}}) == "? " + long_key + "\n: 1\n");
  CHECK(to_yaml(Json{{std::string(128, 'k'), 1}}) == std::string(128, 'k') + ": 1\n");
  CHECK(to_yaml(Json{{"a\nb", 1}}) == "? |-\n  a\n  b\n: 1\n");
}

TEST_CASE("long scalars are folded at spaces past column 80") {
  std::string words;
  for (int i = 0; i < 20; ++i) words += (i ? " " : "") + std::string("word") + std::to_string(i);
  CHECK(value_yaml(words) ==
        "k: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12\n"
        "  word13 word14 word15 word16 word17 word18 word19\n");
  // No space to break at: one long line.
  std::string solid(200, 'x');
  CHECK(value_yaml(solid) == "k: " + solid + "\n");
  // Single-quoted text folds the same way.
  CHECK(value_yaml("'" + words) ==
        "k: '''word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12\n"
        "  word13 word14 word15 word16 word17 word18 word19'\n");
  // Double-quoted text escapes a space that starts a continuation line.
  CHECK(value_yaml("\t" + std::string(78, 'a') + "  b") == "k: \"\\t" + std::string(78, 'a') + "\n  \\ b\"\n");
  // Simple keys (up to 128 bytes) are never folded.
  std::string key = words.substr(0, 120);
  CHECK(to_yaml(Json{{key, 1}}) == key + ": 1\n");
}

TEST_CASE("a quote doubled inside single quotes counts two columns towards folding") {
  std::string value = "#" + std::string(40, '\'') + " tail";
  CHECK(value_yaml(value) == "k: '#" + std::string(80, '\'') + "\n  tail'\n");
  CHECK(value_yaml("#" + std::string(30, '\'') + " tail") == "k: '#" + std::string(60, '\'') + " tail'\n");
}

// 'q' and 'é' play the same part everywhere in the emitter (an ordinary printable character, one
// column), but values of ASCII bytes only are analysed and copied by a shortcut of their own.
std::string q_to_e_acute(std::string s) {
  for (std::size_t at = s.find('q'); at != std::string::npos; at = s.find('q', at + 2))
    s.replace(at, 1, "\xC3\xA9");
  return s;
}

TEST_CASE("ASCII values are written as values with multi-byte characters in the same places") {
  std::string words;
  for (int i = 0; i < 30; ++i) words += "q'q ";
  const std::string cases[] = {"q",
                               "q: q",
                               "q:q",
                               "q:",
                               ":q",
                               ": q",
                               "q:\tq",
                               "q #q",
                               "q#q",
                               "#q",
                               "q\t#q",
                               "- q",
                               "-q",
                               "? q",
                               "?q",
                               "---q",
                               "...q",
                               " q",
                               "q ",
                               "q\nq",
                               "q\n q",
                               "q \nq",
                               "\nq",
                               "q\n",
                               "\rq",
                               "q\rq",
                               "q\r",
                               "q\tq",
                               "q\x01q",
                               "q\x7Fq",
                               "\x7Fq",
                               std::string("q\0#q", 4),
                               "q\n#q",
                               "q\n\nq",
                               "'q'",
                               "q'q",
                               words,
                               "#" + words,
                               words + "\n" + words,
                               "\t" + words};
  for (const std::string& ascii : cases) {
    std::string wide = q_to_e_acute(ascii);
    CHECK_MESSAGE(value_yaml(wide) == q_to_e_acute(value_yaml(ascii)), ascii);
    if (wide.size() <= 128) {  // longer keys (in bytes) are written as complex keys
      CHECK_MESSAGE(to_yaml(Json{{wide, 1}}) == q_to_e_acute(to_yaml(Json{{ascii, 1}})), ascii);
    }
    Json nested{{"a", Json{{"b", Json::array({ascii})}}}};
    Json nested_wide{{"a", Json{{"b", Json::array({wide})}}}};
    CHECK_MESSAGE(to_yaml(nested_wide) == q_to_e_acute(to_yaml(nested)), ascii);
  }
}

TEST_CASE("numbers as the JSON round trip leaves them") {
  CHECK(value_yaml(1.5) == "k: 1.5\n");
  CHECK(value_yaml(1e6) == "k: 1000000\n");
  CHECK(value_yaml(100.0) == "k: 100\n");
  CHECK(value_yaml(-0.0) == "k: 0\n");
  CHECK(value_yaml(1e21) == "k: 1e+21\n");
  CHECK(value_yaml(1e20) == "k: 1e+20\n");
  CHECK(value_yaml(1e-7) == "k: 1e-07\n");
  CHECK(value_yaml(0.000001) == "k: 1e-06\n");
  CHECK(value_yaml(0.0001) == "k: 0.0001\n");
  CHECK(value_yaml(123456789.5) == "k: 1.234567895e+08\n");
  CHECK(value_yaml(9223372036854775808.0) == "k: 9223372036854776000\n");  // json: shortest digits, 'f'
  CHECK(value_yaml(1e19) == "k: 10000000000000000000\n");                   // read back as a uint64
  CHECK(value_yaml(std::numeric_limits<double>::infinity()) == "k: .inf\n");
  CHECK(value_yaml(std::numeric_limits<double>::quiet_NaN()) == "k: .nan\n");
  CHECK(value_yaml(-5) == "k: -5\n");
  CHECK(value_yaml(std::numeric_limits<std::uint64_t>::max()) == "k: 18446744073709551615\n");
  CHECK(value_yaml(true) == "k: true\n");
}

TEST_CASE("keys are in go-yaml's natural order") {
  Json v = Json::object();
  for (const char* k : {"a10", "a9", "a1", "b", "B", "_x", "1", "10", "2", "a", "a01"}) v[k] = 0;
  CHECK(to_yaml(v) == "_x: 0\n\"1\": 0\n\"2\": 0\n\"10\": 0\nB: 0\na: 0\na1: 0\na01: 0\na9: 0\na10: 0\nb: 0\n");
}

TEST_CASE("load then emit is the identity on Marshal output") {
  std::string text =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    note: |-\n      two\n      lines\n"
      "  labels:\n    app: \"123\"\n  name: x\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n"
      "      - args:\n        - --flag=1\n        - \"yes\"\n        image: 'a: b'\n        name: c\n";
  Result<Json> v = parse_value(text, "t");
  REQUIRE(v.has_value());
  CHECK(to_yaml(v.value()) == text);
}

}  // namespace
}  // namespace sidecarctl::yaml
