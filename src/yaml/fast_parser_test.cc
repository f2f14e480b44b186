// The fast parser must agree with yaml-cpp: same values, same positions, on every input it accepts;
// and given a memo of parsed blocks, with itself without one.
#include "yaml/fast_parser.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "base/file_io.h"
#include "yaml/block_memo.h"
#include "yaml/document.h"

namespace sidecarctl::yaml {
namespace {

// Loads `text` with and without the fast path; both must succeed or fail alike with equal values.
void check_same(const std::string& text, const std::string& name) {
  LoadOptions slow;
  slow.fast_path = false;
  Result<std::vector<Document>> a = load_stream(text, name);
  Result<std::vector<Document>> b = load_stream(text, name, slow);
  REQUIRE_MESSAGE(a.has_value() == b.has_value(), name);
  if (!a.has_value()) return;
  REQUIRE(a.value().size() == b.value().size());
  for (std::size_t i = 0; i < a.value().size(); ++i) {
    CHECK_MESSAGE(a.value()[i].value == b.value()[i].value, name << " document " << i);
  }
}

TEST_CASE("fast parser agrees with yaml-cpp on small cases") {
  const char* cases[] = {
      "a: 1\nb:\n  c: [1, 2, \"x\"]\n  d: {e: f, 'g': \"h\"}\n",
      "- a\n- - b\n  - c\n- d: 1\n  e: 2\n-\n- \"q\" # comment\n",
      "key:\n- a\n- b\nother: 'it''s'\n",
      "lit: |\n  line1\n\n  line2\n    indented\nnext: x\n",
      "keep: |+\n  a\n\n\nstrip: |-\n  b\n\nclip: |\n  c\n\n",
      "esc: \"tab\\there \\u00e9 \\x41 \\\\ \\\"\"\n",
      "empty:\nnull1: ~\nnull2: null\nb: yes\nn: 012\nf: 1.5e3\n",
      "  indented: root\n  second: 2\n",
      "# only comment\n\n",
      "a: b # trailing comment\nc: \"d\"   # another\n",
      "- -1\n- -x\n- a,b\n- 'x: y'\n",
      "a: [ ]\nb: {}\nc: [[1, [2]], {x: [y]}]\n",
      "seq:\n  - a\n  - b:\n      c: d\n",
      "a: {b: c, }\n",
      "m:\n  annotations: {\n    x.io/a: \"1\",\n    b: 'two',\n  }\n  next: [\n    1, [2,\n    3]]\n",
      "- {a: [1,\n\n    2], b: {}}\n- x\n",
      "{\n  top: level\n}\n",
  };
  for (const char* c : cases) check_same(c, c);
}

// Counts events; parse_fast's verdict is what these tests look at.
struct NullHandler : YAML::EventHandler {
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { ++scalars; }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  int scalars = 0;
};

FastParse fast_verdict(const std::string& text) {
  NullHandler h;
  FastError e;
  return parse_fast(text, h, &e);
}

TEST_CASE("fast parser takes flow collections over several lines, without scalars spanning lines") {
  // The shape of Istio's rendered sidecar template (annotations as a multi-line flow mapping with
  // a trailing comma), which is parsed once per injected workload.
  CHECK(fast_verdict("metadata:\n  annotations: {\n    istio.io/rev: \"default\",\n    a.b/c: \"x\",\n  }\nspec: {}\n") ==
        FastParse::kDone);
  CHECK(fast_verdict("a: [\n  1,\n  2\n]\n") == FastParse::kDone);
  // One-line flow mappings, as people write labels, ports and env entries: their ": " are inside.
  for (const char* text : {"labels: {app: web, version: \"v1\"}  # canonical\n",
                           "ports: [{containerPort: 8080, name: http}, {containerPort: 9090}]\n",
                           "env:\n- {name: LOG_LEVEL, value: 'info'}\n- name: B\n  valueFrom: {fieldRef: {fieldPath: x}}\n",
                           "a:\n  b: {c: d}\n  e: [f]\n", "- {a: b}\n- [c, {d: e}]\n"}) {
    CAPTURE(text);
    CHECK(fast_verdict(text) == FastParse::kDone);
    check_same(text, text);
  }
  // Folded block scalars whose lines start at the content indentation, with empty lines between
  // and clip or strip chomping; a more-indented line (kept unfolded), an empty line before the
  // first, a tab, an explicit indentation or keep chomping is yaml-cpp's.
  for (const char* text : {"command: >\n  run the\n  server\n", "a: >-\n  x\n  y\n\n  z\n\n\nb: 1\n",
                           "- >\n  one\n  two\n- x\n", "a: > # note\n  x\n\n\n  y\n"}) {
    CAPTURE(text);
    CHECK(fast_verdict(text) == FastParse::kDone);
    check_same(text, text);
  }
  for (const char* text : {"a: >\n  x\n    more\n  y\n", "a: >\n\n  x\n", "a: >\n  x\n  \ty\n", "a: >2\n   x\n",
                           "a: >+\n  x\n\n\n"}) {
    CAPTURE(text);
    CHECK(fast_verdict(text) == FastParse::kUnsupported);
    check_same(text, text);
  }
  // A flow collection as a key is yaml-cpp's (and an error for go-yaml).
  CHECK(fast_verdict("{a: b}: c\n") == FastParse::kUnsupported);
  CHECK(fast_verdict("x:\n  {a: b}: c\n") == FastParse::kUnsupported);
  CHECK(fast_verdict("x: {a: b}: c\n") == FastParse::kUnsupported);
  // Left to yaml-cpp: scalars folded over a line break, comments and under-indented lines inside.
  CHECK(fast_verdict("a: [multi\n  line]\n") == FastParse::kUnsupported);
  CHECK(fast_verdict("a: [\"multi\n  line\"]\n") == FastParse::kUnsupported);
  CHECK(fast_verdict("a: [1, # one\n  2]\n") == FastParse::kUnsupported);
  CHECK(fast_verdict("a:\n  b: [1,\n  2]\n") == FastParse::kUnsupported);
  CHECK(fast_verdict("a: [1, ]\n") == FastParse::kUnsupported);
}

TEST_CASE("fast parser hands unsupported constructs to yaml-cpp") {
  const char* cases[] = {
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: multi\n  line plain\n",
      "a: \"multi\n  line quoted\"\n",
      "a: 'multi\n\n  ''line'' quoted'\n",
      "a: >\n  folded\n  text\n",
      "? complex\n: value\n",
      "a: [1,\n  2]\n",
      "a:\tb\n",
      "a: |2\n    two\n",
  };
  for (const char* c : cases) {
    check_same(c, c);
  }
}

TEST_CASE("fast parser agrees with yaml-cpp on mutated documents") {
  // Deterministic mutations of a typical manifest: both parsers must accept with the same value
  // or both refuse (except an unterminated quoted scalar, which only the fast path detects).
  const std::string base =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web # the name\n  labels: {app: web, 'v': \"1\"}\n"
      "spec:\n  template:\n    spec:\n      containers:\n      - name: app\n        args: [\"--a\", b]\n"
      "        command:\n        - sh\n        - -c\n        - |\n          echo hi\n\n          exit 0\n"
      "        env:\n        - name: X\n          value: 'it''s'\n      volumes: []\n"
      "  selector: {\n    app: web,\n    'tier': [a,\n      \"b\"],\n  }\n";
  const char pool[] = " :-#'\"\n[]{},|>ab01\t";
  unsigned seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) & 0xFFFFFFu;
  };
  int agreed = 0;
  for (int run = 0; run < 400; ++run) {
    std::string t = base;
    for (unsigned e = 0, n = 1 + next() % 3; e < n; ++e) {
      std::size_t p = next() % t.size();
      char c = pool[next() % (sizeof pool - 1)];
      switch (next() % 3) {
        case 0: t.erase(p, 1); break;
        case 1: t.insert(p, 1, c); break;
        default: t[p] = c;
      }
    }
    LoadOptions slow;
    slow.fast_path = false;
    Result<std::vector<Document>> a = load_stream(t, "m");
    Result<std::vector<Document>> b = load_stream(t, "m", slow);
    if (!a.has_value() && a.error().message.find("unexpected end of stream") != std::string::npos) continue;
    REQUIRE_MESSAGE(a.has_value() == b.has_value(), t);
    if (a.has_value()) {
      REQUIRE(a.value().size() == b.value().size());
      for (std::size_t i = 0; i < a.value().size(); ++i) CHECK_MESSAGE(a.value()[i].value == b.value()[i].value, t);
    }
    ++agreed;
  }
  CHECK(agreed > 300);
}

// Loads `text` three times with `memo` (so that its blocks are kept, then found) and once without:
// the same documents, values and warnings, or the same error.
void check_memo_agrees(const std::string& text, const std::string& name, BlockMemo& memo,
                       LoadOptions options) {
  options.positions = false;
  options.block_memo = nullptr;
  Result<std::vector<Document>> plain = load_stream(text, name, options);
  options.block_memo = &memo;
  for (int round = 0; round < 3; ++round) {
    Result<std::vector<Document>> memoized = load_stream(text, name, options);
    REQUIRE_MESSAGE(memoized.has_value() == plain.has_value(), name);
    if (!plain.has_value()) {
      CHECK_MESSAGE(memoized.error().to_string() == plain.error().to_string(), name);
      continue;
    }
    REQUIRE(memoized.value().size() == plain.value().size());
    for (std::size_t i = 0; i < plain.value().size(); ++i) {
      CHECK_MESSAGE(memoized.value()[i].value == plain.value()[i].value, name << " document " << i);
      CHECK_MESSAGE(memoized.value()[i].warnings == plain.value()[i].warnings, name << " document " << i);
    }
  }
}

TEST_CASE("loading with a memo gives what loading without one gives") {
  LoadOptions lenient;
  lenient.duplicate_keys_last_wins = true;
  const std::string container =
      "  - name: istio-proxy\n"
      "    image: \"proxyv2:1.27\"\n"
      "    args:\n"
      "    - proxy\n"
      "    - sidecar\n"
      "    # a comment between entries, left of them\n"
      "    - --domain\n"
      "    env:\n"
      "    - name: PILOT_CERT_PROVIDER\n"
      "      value: istiod\n"
      "    - name: POD_NAME\n"
      "      valueFrom:\n"
      "        fieldRef:\n"
      "          fieldPath: metadata.name\n";
  const std::vector<std::string> texts = {
      // A rendered template twice over, differing in one line.
      "metadata:\n  labels:\n    app: a\nspec:\n  containers:\n" + container +
          "  volumes:\n  - name: data\n    emptyDir: {}\n",
      "metadata:\n  labels:\n    app: b\nspec:\n  containers:\n" + container +
          "  volumes:\n  - name: data\n    emptyDir: {}\n",
      // The same block at another column, and under a sequence at its key's column.
      "spec:\n    containers:\n" + container,
      // Literal scalars keeping their trailing blank lines, followed by content or not.
      "a:\n  script: |+\n    echo one two three four five six\n\n\nb: 1\n",
      "a:\n  script: |+\n    echo one two three four five six\n\n",
      "a:\n  script: |+\n    echo one two three four five six\n",
      // A repeated key: its warning comes every time.
      "spec:\n  template:\n    name: first value of the key\n    name: second value of the key\n",
      // A merge key, and a block that ends where a less indented flow mapping closes.
      "base:\n  x: 1\n  y: two two two two two two two\nother:\n  <<: {x: 3}\n  z: [1, 2, 3, 4, 5, 6, 7, 8, "
      "9]\n",
      "k:\n  f: {a: 1,\n  b: 2}\n  g: the value of g is long enough\n",
      // Errors: an unclosed quote, a key without a value at the end of a block mapping.
      "spec:\n  name: \"never closed at all in this block\n  other: x\n",
      "spec:\n  x: the value of x is long enough here\n  y\n"};
  BlockMemo memo;
  for (std::size_t i = 0; i < texts.size(); ++i)
    check_memo_agrees(texts[i], "case " + std::to_string(i), memo, lenient);
  CHECK(memo.kept_blocks() > 5);

  // Limits: a block found in the memo still counts its nodes and depth.
  LoadOptions tight = lenient;
  tight.max_nodes = 20;
  check_memo_agrees(texts[0], "max_nodes", memo, tight);
  tight = lenient;
  tight.max_depth = 4;
  check_memo_agrees(texts[0], "max_depth", memo, tight);
}

TEST_CASE(
    "fast parser agrees with yaml-cpp, and with itself given a block memo, on every conformance YAML file") {
  namespace fs = std::filesystem;
  fs::path root = fs::path(SIDECARCTL_CONFORMANCE_DIR);
  if (!fs::is_directory(root)) {
    MESSAGE("conformance directory absent, skipping: " << root.string());
    return;
  }
  LoadOptions lenient;
  lenient.duplicate_keys_last_wins = true;
  BlockMemo memo;  // one for all: the files share blocks
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml" && ext != ".json")) continue;
    Result<std::string> text = read_file(entry.path().string());
    REQUIRE(text.has_value());
    check_same(text.value(), entry.path().string());
    check_memo_agrees(text.value(), entry.path().string(), memo, lenient);
    ++files;
  }
  std::cout << "fast parser compared with yaml-cpp on " << files << " files\n";
  CHECK(files > 0);
  CHECK(memo.kept_blocks() > 100);
}

}  // namespace
}  // namespace sidecarctl::yaml
