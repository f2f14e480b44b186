// Loading streams: values, positions, merge keys, anchors, key conversion, errors and limits.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "yaml/build_value.h"
#include "yaml/document.h"
#include "yaml/emit.h"
#include "yaml/json_fields.h"

namespace sidecarctl::yaml {
namespace {

Json load_one(const std::string& text) {
  Result<Json> r = parse_value(text, "t.yaml");
  REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
  return r.value();
}

std::string load_error(const std::string& text, const LoadOptions& options = {}) {
  Result<std::vector<Document>> r = load_stream(text, "t.yaml", options);
  REQUIRE_MESSAGE(!r.has_value(), text);
  return r.error().to_string();
}

// Both parsers (fast path and yaml-cpp alone) must refuse `text`.
void check_refused_by_both(const std::string& text, const LoadOptions& options = {}) {
  LoadOptions slow = options;
  slow.fast_path = false;
  auto start = std::chrono::steady_clock::now();
  CHECK(!load_stream(text, "t.yaml", options).has_value());
  CHECK(!load_stream(text, "t.yaml", slow).has_value());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
}

TEST_CASE("a stream keeps source, index, first line and text of each document") {
  Result<std::vector<Document>> r = load_stream("a: 1\n---\n# only a comment\n---\nkind: Pod\n", "in.yaml");
  REQUIRE(r.has_value());
  const auto& docs = r.value();
  REQUIRE(docs.size() == 3);
  CHECK(docs[0].value == Json{{"a", 1}});
  CHECK(docs[1].value.is_null());
  CHECK(docs[1].text == "# only a comment\n");
  CHECK(docs[2].index == 2);
  CHECK(docs[2].first_line == 5);
  CHECK(docs[2].source == "in.yaml");
  CHECK(docs[2].value == Json{{"kind", "Pod"}});
  CHECK(docs[2].stream_documents == 3);
  CHECK(docs[2].offset == 30);  // the span of "kind: Pod\n" in the stream
  CHECK(docs[2].size == 10);
}

TEST_CASE("positions by JSON pointer, shifted to the document's place in the stream") {
  std::string text =
      "a: 1\n---\napiVersion: v1\nspec:\n  containers:\n  - name: app\n    image: x\n  a/b~c: 1\n";
  for (bool fast : {true, false}) {
    LoadOptions options;
    options.fast_path = fast;
    Result<std::vector<Document>> r = load_stream(text, "p.yaml", options);
    REQUIRE(r.has_value());
    const Document& d = r.value()[1];
    CHECK(d.loc().to_string() == "p.yaml:3:1");
    CHECK(d.loc("/spec").to_string() == "p.yaml:4:1");
    CHECK(d.loc("/spec/containers").to_string() == "p.yaml:5:3");
    CHECK(d.loc("/spec/containers/0").to_string() == "p.yaml:6:5");
    CHECK(d.loc("/spec/containers/0/image").to_string() == "p.yaml:7:5");
    CHECK(d.loc("/spec/containers/0/missing/deeper").to_string() == "p.yaml:6:5");
    CHECK(d.loc("/spec/a~1b~0c").to_string() == "p.yaml:8:3");
    CHECK(d.loc("/spec").document == 1);
  }
  LoadOptions none;
  none.positions = false;
  Result<std::vector<Document>> r = load_stream(text, "p.yaml", none);
  REQUIRE(r.has_value());
  CHECK(r.value()[1].positions.empty());
  CHECK(r.value()[1].loc("/spec").to_string() == "p.yaml:3");
}

TEST_CASE("non-string keys become strings as sigs.k8s.io/yaml converts them") {
  Json v = load_one("1: a\nyes: c\n1.5: d\n0.1: e\n3.14159265358979: f\n.inf: g\n0x10: h\n2001-12-14: i\n1e6: j\n");
  CHECK(v == Json{{"1", "a"}, {"true", "c"}, {"1.5", "d"}, {"0.1", "e"}, {"3.1415927", "f"}, {".inf", "g"},
                  {"16", "h"}, {"2001-12-14", "i"}, {"1e+06", "j"}});
}

TEST_CASE("keys that JSON cannot hold are errors") {
  CHECK(load_error("~: a\n") == "t.yaml:1:1: unsupported map key: null");
  CHECK(load_error("18446744073709551615: a\n") ==
        "t.yaml:1:1: unsupported map key of type: uint64, key: 0xffffffffffffffff");
  CHECK(load_error("? [a]\n: b\n").find("invalid map key") != std::string::npos);
  CHECK(load_error("{[a]: b}\n").find("invalid map key") != std::string::npos);
}

TEST_CASE("duplicate keys are errors naming the second occurrence") {
  CHECK(load_error("a: 1\nb: 2\na: 3\n") == "t.yaml:3:1: mapping key \"a\" already defined");
  CHECK(load_error("x:\n  1: a\n  '1': b\n") == "t.yaml:3:3: mapping key \"1\" already defined");
  CHECK(load_error("{a: 1, a: 2}\n").find("already defined") != std::string::npos);
}

TEST_CASE("with duplicate_keys_last_wins the last value wins and a warning names each repeat") {
  LoadOptions lenient;
  lenient.duplicate_keys_last_wins = true;
  for (bool fast : {true, false}) {
    CAPTURE(fast);
    lenient.fast_path = fast;
    auto docs = load_stream("k: 0\n---\na: 1\nb: {c: 2, c: 3}\na: 4\n", "t.yaml", lenient);
    REQUIRE(docs.has_value());
    REQUIRE(docs->size() == 2);
    CHECK(docs->at(0).warnings.empty());
    CHECK((*docs)[1].value == Json{{"a", 4}, {"b", {{"c", 3}}}});
    CHECK((*docs)[1].warnings ==
          std::vector<std::string>{"t.yaml:4:11: (document 2) mapping key \"c\" is repeated: the last value is used, as istioctl does",
                                   "t.yaml:5:1: (document 2) mapping key \"a\" is repeated: the last value is used, as istioctl does"});
  }
  std::vector<std::string> warnings;
  auto value = parse_value("x: 1\nx: 2\n", "v.yaml", lenient, &warnings);
  REQUIRE(value.has_value());
  CHECK(*value == Json{{"x", 2}});
  CHECK(warnings.size() == 1);
}

TEST_CASE("anchors, aliases and merge keys as go-yaml v2 applies them") {
  Json v = load_one(
      "base: &base {a: 1, b: 2}\n"
      "other: &other {a: 9, c: 3}\n"
      "after:\n  <<: *base\n  b: 5\n"
      "before:\n  b: 5\n  <<: *base\n"
      "list:\n  <<: [*base, *other]\n"
      "copy: *base\n"
      "seq: &s [1, 2]\n"
      "seqcopy: *s\n");
  CHECK(v["after"] == Json{{"a", 1}, {"b", 5}});
  CHECK(v["before"] == Json{{"a", 1}, {"b", 2}});  // a merge after a key overrides it in v2
  CHECK(v["list"] == Json{{"a", 1}, {"b", 2}, {"c", 3}});
  CHECK(v["copy"] == v["base"]);
  CHECK(v["seqcopy"] == Json::array({1, 2}));
  CHECK(load_error("a: &a 1\nb:\n  <<: *a\n").find("map merge requires map or sequence of maps") !=
        std::string::npos);
  CHECK(load_error("a: *nowhere\n").find("t.yaml:1:4:") == 0);
  CHECK(load_error("&a [*a]\n") == "t.yaml:1:5: anchor 'a' value contains itself");
  CHECK(load_one("'<<': {a: 1}\n") == Json{{"<<", {{"a", 1}}}});
}

TEST_CASE("block, flow, quoted and multi-line scalars") {
  Json v = load_one(
      "plain: multi\n  line\nfolded: >\n  a\n  b\n\n  c\nliteral: |\n  x\n   y\nsq: 'a''b'\n"
      "dq: \"a\\u00e9\\n\"\nflow: {a: [1, two, \"3\"], b: {}}\nempty: []\n");
  CHECK(v["plain"] == "multi line");
  CHECK(v["folded"] == "a b\nc\n");
  CHECK(v["literal"] == "x\n y\n");
  CHECK(v["sq"] == "a'b");
  CHECK(v["dq"] == "a\u00e9\n");
  CHECK(v["flow"] == Json{{"a", {1, "two", "3"}}, {"b", Json::object()}});
  CHECK(v["empty"] == Json::array());
}

TEST_CASE("the escapes \\N and \\_ are characters in UTF-8 on both parsers") {
  // yaml-cpp gives them as the lone bytes 0x85 and 0xA0, which no JSON or YAML writer accepts (the
  // load fuzzer's finding: the emitter wrote U+FFFD for them). "\\L" and "\\P" it gets right.
  LoadOptions slow;
  slow.fast_path = false;
  for (const LoadOptions& options : {LoadOptions{}, slow}) {
    for (const std::string text : {"a: \"x\\_y\\N\\L\\P\"\n", "{a: \"x\\_y\\N\\L\\P\"}\n"}) {
      CAPTURE(text);
      Result<std::vector<Document>> r = load_stream(text, "t.yaml", options);
      REQUIRE(r.has_value());
      CHECK(r.value()[0].value == Json{{"a", "x\u00a0y\u0085\u2028\u2029"}});
    }
    // A character that ends in one of those bytes (U+00E0, U+0145) is left as it is.
    Result<std::vector<Document>> r = load_stream("{a: \"\u00e0\\_\u0145\"}\n", "t.yaml", options);
    REQUIRE(r.has_value());
    CHECK(r.value()[0].value == Json{{"a", "\u00e0\u00a0\u0145"}});
  }
}

TEST_CASE("JSON input goes through the same path") {
  Json v = load_one("{\"apiVersion\": \"v1\", \"n\": 1.0, \"list\": [true, null, \"yes\"],\n \"big\": 12345678901234567890}\n");
  CHECK(v["apiVersion"] == "v1");
  CHECK(v["n"].is_number_float());
  CHECK(v["list"] == Json::array({true, nullptr, "yes"}));
  CHECK(v["big"].is_number_unsigned());
}

TEST_CASE("documents that are scalars or lists load as such") {
  CHECK(load_one("hello\n") == "hello");
  CHECK(load_one("- a\n- b\n") == Json::array({"a", "b"}));
  CHECK(load_one("...\n").is_null());
}

TEST_CASE("parse_value refuses more than one document") {
  Result<Json> r = parse_value("a: 1\n---\nb: 2\n", "v.yaml");
  REQUIRE(!r.has_value());
  CHECK(r.error().to_string() == "v.yaml:3: expected a single YAML document, found 2");
}

TEST_CASE("syntax errors carry file, document and line:column") {
  std::string e = load_error("a: 1\n---\nb: [1, 2\n");
  CHECK(e.rfind("t.yaml:", 0) == 0);
  CHECK(e.find("(document 2)") != std::string::npos);
  // The document is named only when the stream has several.
  CHECK(load_error("a: 1\na: 2\n---\nb: 1\n") == "t.yaml:2:1: (document 1) mapping key \"a\" already defined");
  CHECK(load_error("---\na: 1\na: 2\n") == "t.yaml:3:1: mapping key \"a\" already defined");
  CHECK(load_error("a: 1\n\tb: 2\n").rfind("t.yaml:2:", 0) == 0);
}

TEST_CASE("hostile input is refused cleanly and quickly") {
  SUBCASE("deep flow nesting") { check_refused_by_both(std::string(100000, '[')); }
  SUBCASE("deep balanced flow nesting") {
    check_refused_by_both("a: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  }
  SUBCASE("deep block nesting") {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "- ";
    check_refused_by_both(text + "a\n");
  }
  SUBCASE("deep nesting over many lines") {
    std::string text;
    for (int i = 0; i < 1500; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
    check_refused_by_both(text);
  }
  SUBCASE("configured depth limit") {
    LoadOptions o;
    o.max_depth = 3;
    CHECK(load_error("a:\n  b:\n    c:\n      d: 1\n", o) ==
          "t.yaml:4:7: document nesting exceeds the maximum depth of 3");
    CHECK(load_stream("a:\n  b:\n    c: 1\n", "t", o).has_value());
  }
  SUBCASE("billion laughs") {
    std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
      std::string prev = "*a" + std::to_string(i - 1);
      text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
      for (int k = 0; k < 9; ++k) text += (k ? ", " : "") + prev;
      text += "]\n";
    }
    check_refused_by_both(text);
    CHECK(load_error(text).find("excessive aliasing") != std::string::npos);
  }
  SUBCASE("node budget") {
    LoadOptions o;
    o.max_nodes = 10;
    CHECK(load_error("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n", o).find("more than 10 nodes") != std::string::npos);
  }
  SUBCASE("huge scalar") {
    LoadOptions o;
    o.max_scalar_bytes = 1000;
    check_refused_by_both("a: " + std::string(5000, 'x') + "\n", o);
    check_refused_by_both("a: \"" + std::string(5000, 'x') + "\"\n", o);
  }
  SUBCASE("invalid UTF-8") {
    CHECK(load_error("a: 1\nb: \xC3\x28\n") == "t.yaml:2:4: invalid UTF-8 byte sequence");
  }
  SUBCASE("NUL and control bytes") {
    CHECK(load_error(std::string("a: x\0y\n", 7)) == "t.yaml:1:5: invalid NUL byte in input");
    CHECK(load_error("a: \x07\n") == "t.yaml:1:4: control characters are not allowed");
    // columns count characters: a 2-, 3- and 4-byte character each take one
    CHECK(load_error("x: 1\n\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80: \x07\n") ==
          "t.yaml:2:6: control characters are not allowed");
    CHECK(load_error("x: 1\r\ny: \xC2\x80\n") == "t.yaml:2:4: control characters are not allowed");
    // found inside a run of printable bytes checked eight at a time, wherever it falls in the word
    for (std::size_t at = 0; at < 9; ++at) {
      for (char bad : {'\x7F', '\x1F', '\x01'}) {
        std::string text = "key: " + std::string(16, 'x') + "\n";
        text[5 + at] = bad;
        CHECK(load_error(text) == "t.yaml:1:" + std::to_string(6 + at) + ": control characters are not allowed");
      }
    }
  }
  SUBCASE("tab indentation") { check_refused_by_both("a:\n\tb: 1\n"); }
  SUBCASE("a block mapping entry without ':'") {
    // yaml-cpp reads a block mapping's last entry without ':' as a key with a null value; go-yaml
    // refuses it. A typo like this must not turn into a field named after the line.
    CHECK(load_error("a: 1\nx\n") == "t.yaml:2:1: could not find expected ':'");
    CHECK(load_error("spec:\n  containers:\n  - name: app\n    image\n") ==
          "t.yaml:4:5: could not find expected ':'");
    CHECK(load_error("- a: 1\n  b\n- c\n") == "t.yaml:2:3: could not find expected ':'");
    CHECK(load_error("a:\n  b: 1\n  c\n") == "t.yaml:3:3: could not find expected ':'");
    CHECK(load_error("a: 1\n! x\n") == "t.yaml:2:1: could not find expected ':'");
    check_refused_by_both("a: 1\nx\n---\nb: 1\n");
    // An empty value, an explicit key and a flow mapping's lone key stay valid.
    CHECK(load_one("a: 1\nx:\n") == Json{{"a", 1}, {"x", nullptr}});
    CHECK(load_one("a: 1\n? x\n") == Json{{"a", 1}, {"x", nullptr}});
    CHECK(load_one("{a, b: 1}\n") == Json{{"a", nullptr}, {"b", 1}});
  }
  SUBCASE("unterminated quotes") {
    // yaml-cpp accepts a quoted scalar left open at the end of the stream; go-yaml does not.
    CHECK(load_error("a: \"abc\nb: 1\n") ==
          "t.yaml:1:4: found unexpected end of stream while scanning a quoted scalar");
    CHECK(load_error("a: 'abc''\n") ==
          "t.yaml:1:4: found unexpected end of stream while scanning a quoted scalar");
    check_refused_by_both("a: [1, 2\n");
    // Also where the fast parser gives way to yaml-cpp: a CR (the injector fuzzer's finding, kept
    // in testdata/fuzz/inject_fuzz/: kube-inject passed such a document through and could not read
    // its own output), a tab, a flow collection, a tag or an anchor before the quote.
    for (const std::string text : {"a: 'x\r", "a: \"x\r\n", "a:\t'x\n", "a: {b: 1}\nc: 'x\n  y: 2\n",
                                   "a: !!str 'x\n", "a: &x \"y\n", "- 'x\r\n- y\r\n"}) {
      CAPTURE(text);
      CHECK(load_error(text).find(": found unexpected end of stream while scanning a quoted scalar") !=
            std::string::npos);
    }
    CHECK(load_error("a: {b: 1}\nc: 'x\n") ==
          "t.yaml:2:4: found unexpected end of stream while scanning a quoted scalar");
    check_refused_by_both("a: \"abc\nb: 1\n");  // yaml-cpp alone refuses it too
    // Closed quotes stay valid, also with a quote in a comment after them.
    CHECK(load_one("a: 'x'\r\nb: \"y\" # it's\r\nc: !!str 'z' # \"\r\n") ==
          Json{{"a", "x"}, {"b", "y"}, {"c", "z"}});
  }
}

TEST_CASE("load_inputs reads files, directories and standard input, naming files in errors") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("sidecarctl-yaml-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  auto write = [](const fs::path& p, const std::string& s) { std::ofstream(p) << s; };
  write(dir / "a.yaml", "a: 1\n---\nb: 2\n");
  write(dir / "b.json", "{\"c\": 3}\n");
  write(dir / "notes.txt", "not: yaml: at all\n");
  write(dir / "sub" / "d.yml", "d: 4\n");

  Result<std::vector<Document>> flat = load_inputs({dir.string()}, false, "");
  REQUIRE(flat.has_value());
  REQUIRE(flat.value().size() == 3);
  CHECK(flat.value()[0].source == (dir / "a.yaml").string());
  CHECK(flat.value()[1].index == 1);
  CHECK(flat.value()[2].value == Json{{"c", 3}});

  Result<std::vector<Document>> deep = load_inputs({dir.string(), "-"}, true, "e: 5\n");
  REQUIRE(deep.has_value());
  REQUIRE(deep.value().size() == 5);
  CHECK(deep.value()[3].value == Json{{"d", 4}});
  CHECK(deep.value()[4].source == "-");
  CHECK(deep.value()[4].value == Json{{"e", 5}});

  Result<std::vector<Document>> missing = load_inputs({(dir / "none.yaml").string()}, false, "");
  REQUIRE(!missing.has_value());
  CHECK(missing.error().loc.file == (dir / "none.yaml").string());

  Result<std::vector<Document>> bad = load_inputs({(dir / "notes.txt").string()}, false, "");
  REQUIRE(!bad.has_value());
  CHECK(bad.error().to_string().rfind((dir / "notes.txt").string() + ":1:", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("load_inputs takes named in-memory texts (URLs) and names them in errors") {
  InputTexts texts{{"https://example.test/app.yaml", "a: 1\n---\nb: [\n"}, {"-", "c: 3\n"}};
  auto bad = load_inputs({"-", "https://example.test/app.yaml"}, false, texts);
  REQUIRE(!bad.has_value());
  CHECK(bad.error().loc.file == "https://example.test/app.yaml");
  CHECK(bad.error().loc.document == 1);
  texts["https://example.test/app.yaml"] = "a: 1\n";
  auto good = load_inputs({"https://example.test/app.yaml", "-"}, false, texts);
  REQUIRE(good.has_value());
  REQUIRE(good->size() == 2);
  CHECK(good.value()[0].source == "https://example.test/app.yaml");
  CHECK(good.value()[1].value == Json{{"c", 3}});
}

}  // namespace
}  // namespace sidecarctl::yaml

namespace sidecarctl::yaml {
namespace {

// Every node's JSON pointer in `value`, and one under each that does not exist.
void all_pointers(const Json& value, const std::string& at, std::vector<std::string>& out) {
  out.push_back(at);
  out.push_back(at + "/missing~1key");
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) all_pointers(value[i], at + "/" + std::to_string(i), out);
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it)
      all_pointers(it.value(), at + "/" + json_pointer_token(it.key()), out);
  }
}

// record_positions for a few pointers (found by position_locator.h where it follows the text,
// by a full parse where it does not) finds for them what every node's positions find.
TEST_CASE("record_positions for some pointers finds for them what a full positions parse finds") {
  const char* const texts[] = {
      // followed by the locator: block and flow style, quoted keys, comments, block scalars
      "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n"
      "        ports: [{containerPort: 80}, 81]   # ports\n        args:\n        - |\n          x\n",
      "{kind: List, items: [{kind: Service, spec: {ports: [{port: 80}]}}, {kind: Pod}, []]}\n",
      "\"a/b~c\": {'q': [1, [2, {x: ~}]]}\nempty:\nlist:\n- \n- - 2\n  - k: v\n    j: w\n",
      "- 1\n- - 2\n  - {}\n",
      "just a scalar\n",
      "\xEF\xBB\xBF"
      "a:\r\n  b: 1\r\n",
      // left to a full parse: merge keys, anchors, aliases, tags, keys that do not stay strings
      "base: &b {x: 1, y: [2, 3]}\nderived:\n  <<: *b\n  y: 4\n",
      "ports:\n  80: http\n  true: yes\n  1.5: x\n",
      "a: !!str 1\nb: [!!int '2']\n",
  };
  LoadOptions without;
  without.positions = false;
  for (const char* text : texts) {
    CAPTURE(text);
    auto full = load_stream(text, "x.yaml", LoadOptions{});
    REQUIRE(full.has_value());
    std::vector<std::string> pointers;
    all_pointers((*full)[0].value, "", pointers);
    for (const std::string& pointer : pointers) {
      CAPTURE(pointer);
      auto docs = load_stream(text, "x.yaml", without);
      REQUIRE(docs.has_value());
      Document& doc = (*docs)[0];
      const std::vector<std::string> only = {pointer};
      record_positions(doc, without, &only);
      const Mark want = (*full)[0].positions.find(pointer);
      const Mark got = doc.positions.find(pointer);
      CHECK(got.line == want.line);
      CHECK(got.column == want.column);
    }
  }
}

}  // namespace
}  // namespace sidecarctl::yaml
