#include "yaml/line_breaks.h"

#include <doctest/doctest.h>

#include "yaml/document.h"
#include "yaml/emit.h"

namespace sidecarctl::yaml {
namespace {

const std::string kLs = "\xE2\x80\xA8";
const std::string kPs = "\xE2\x80\xA9";
const std::string kNel = "\xC2\x85";

Json value_of(const std::string& text) {
  Result<std::vector<Document>> docs = load_stream(text, "u.yaml");
  REQUIRE_MESSAGE(docs.has_value(), docs.error().to_string());
  REQUIRE(docs->size() == 1);
  return (*docs)[0].value;
}

TEST_CASE("text without such line breaks is left alone") {
  std::string out = "untouched";
  CHECK_FALSE(rewrite_line_breaks("a: caf\xC3\xA9 \xE2\x82\xAC\n", &out));
  CHECK_FALSE(rewrite_line_breaks("a: b\r\nc: d\r\n", &out));  // CR LF is read as one break already
  CHECK(out == "untouched");
}

TEST_CASE("a lone CR becomes a line feed; CR LF stays") {
  std::string out;
  REQUIRE(rewrite_line_breaks("a: b\rc: d\r\ne: \r\r\n", &out));
  CHECK(out == "a: b\nc: d\r\ne: \n\r\n");
  REQUIRE(rewrite_line_breaks("x\r", &out));
  CHECK(out == "x\n");
}

TEST_CASE("a lone CR, NEL, LS or PS is found wherever it falls in a run of ASCII") {
  for (std::size_t at = 0; at < 20; ++at) {
    for (const std::string& brk : {std::string("\r"), kNel, kLs}) {
      std::string text = std::string(24, 'x') + "\n";
      text.replace(at, 1, brk);
      std::string out;
      REQUIRE(rewrite_line_breaks(text, &out));
      CHECK(out.find(brk == "\r" || brk == kNel ? "\n" : brk) == at);
    }
  }
}

TEST_CASE("a lone CR is a line break, as go-yaml reads it") {
  CHECK(value_of("a: b\rc: d\n") == Json{{"a", "b"}, {"c", "d"}});
  CHECK(value_of("a: 'x\ry'\n") == Json{{"a", "x y"}});  // folded inside a quoted scalar
  CHECK(value_of("a: |\r  x\r  y\n") == Json{{"a", "x\ny\n"}});
  CHECK(value_of("# note\ra: 1\n") == Json{{"a", 1}});  // a comment ends at the CR
}

TEST_CASE("an anchor with no name before lone CRs is an error, as it is after a line feed") {
  // The fuzzer's finding (testdata/fuzz/inject_fuzz/): yaml-cpp took "&\r\r" for an anchor named
  // "\r\r" on an empty document, so kube-inject printed a document it could not read back.
  for (const std::string text : {"&\r\r", "&\r\r\n", "&\n"}) {
    Result<std::vector<Document>> docs = load_stream(text, "a.yaml");
    REQUIRE_FALSE(docs.has_value());
    CHECK(docs.error().to_string() == "a.yaml:1:2: anchor not found after &");
  }
}

TEST_CASE("NEL becomes a line feed; blanks around LS and PS are dropped") {
  std::string out;
  REQUIRE(rewrite_line_breaks("a: x" + kNel + "  y\n", &out));
  CHECK(out == "a: x\n  y\n");
  REQUIRE(rewrite_line_breaks("a: 'x \t" + kLs + "   y" + kPs + " z'\n", &out));
  CHECK(out == "a: 'x" + kLs + "y" + kPs + "z'\n");
}

TEST_CASE("values are read as go-yaml reads them") {
  CHECK(value_of("a: 'x" + kLs + "  y'\n") == Json{{"a", "x" + kLs + "y"}});
  CHECK(value_of("a: \"x " + kPs + " y\"\n") == Json{{"a", "x" + kPs + "y"}});
  CHECK(value_of("a: x" + kNel + "  y\n") == Json{{"a", "x y"}});  // a folded plain scalar
  // An escape is not a line break: the blanks after it stay.
  CHECK(value_of("a: \"x\\L  y\"\n") == Json{{"a", "x" + kLs + "  y"}});
}

TEST_CASE("a string with LS is written single-quoted and read back unchanged") {
  // The fuzzer's finding (testdata/fuzz/load_fuzz/): "12<LS>." was written as '12<LS>  .' and
  // read back with the indentation inside the string.
  Json value = value_of("12" + kLs + ".\n");
  CHECK(value == "12" + kLs + ".");
  std::string emitted = to_yaml(value);
  CHECK(emitted == "'12" + kLs + "  .'\n");
  CHECK(value_of(emitted) == value);
  Json nested = Json{{"a", Json::array({"p" + kLs + "q"})}};
  CHECK(value_of(to_yaml(nested)) == nested);
}

}  // namespace
}  // namespace sidecarctl::yaml
