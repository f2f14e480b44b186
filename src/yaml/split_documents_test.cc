#include "yaml/split_documents.h"

#include <doctest/doctest.h>

#include <random>

namespace sidecarctl::yaml {
namespace {

std::vector<DocumentText> split(std::string_view text) {
  Result<std::vector<DocumentText>> r = split_documents(text, "s.yaml");
  REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
  return r.value();
}

TEST_CASE("documents are cut at separator lines and keep their text") {
  auto docs = split("a: 1\n---\nb: 2\n--- # comment\nc: 3\n---   \nd: 4");
  REQUIRE(docs.size() == 4);
  CHECK(docs[0].text == "a: 1\n");
  CHECK(docs[0].first_line == 1);
  CHECK(docs[1].text == "b: 2\n");
  CHECK(docs[1].first_line == 3);
  CHECK(docs[2].text == "c: 3\n");
  CHECK(docs[2].first_line == 5);
  CHECK(docs[3].text == "d: 4\n");  // a final newline is added, as YAMLReader does
  CHECK(docs[3].first_line == 7);
}

TEST_CASE("each document keeps the span of its original bytes") {
  std::string_view stream = "a: 1\r\nb: 2\r\n---\r\nc: 3";
  auto docs = split(stream);
  REQUIRE(docs.size() == 2);
  CHECK(stream.substr(docs[0].offset, docs[0].size) == "a: 1\r\nb: 2\r\n");
  CHECK(docs[0].text == "a: 1\nb: 2\n");
  CHECK(stream.substr(docs[1].offset, docs[1].size) == "c: 3");
}

TEST_CASE("a separator that opens a document is its first line, as YAMLReader keeps it") {
  auto docs = split("---\n---\na: 1\n---\n---\n");
  REQUIRE(docs.size() == 3);
  CHECK(docs[0].text == "---\n");
  CHECK(docs[0].first_line == 1);
  CHECK(docs[1].text == "a: 1\n");
  CHECK(docs[1].first_line == 3);
  CHECK(docs[2].text == "---\n");
  CHECK(docs[2].first_line == 5);
  auto opened = split("---\nkind: Service\n");
  REQUIRE(opened.size() == 1);
  CHECK(opened[0].text == "---\nkind: Service\n");
  CHECK(opened[0].first_line == 1);
  CHECK(opened[0].offset == 0);
  CHECK(split("").empty());
  CHECK(split("---\n").size() == 1);
}

TEST_CASE("comment-only and blank documents are kept") {
  auto docs = split("# header\n---\n\n---\na: 1\n");
  REQUIRE(docs.size() == 3);
  CHECK(docs[0].text == "# header\n");
  CHECK(docs[1].text == "\n");
  CHECK(docs[2].text == "a: 1\n");
}

TEST_CASE("CRLF line ends become LF; a lone CR at the end stays") {
  auto docs = split("a: 1\r\n---\r\nb: 2\r");
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].text == "a: 1\n");
  CHECK(docs[1].text == "b: 2\r\n");
}

TEST_CASE("lines that only start with --- are content or errors") {
  auto docs = split("a: |\n  ----\n...\n");
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].text == "a: |\n  ----\n...\n");
  Result<std::vector<DocumentText>> bad = split_documents("a: 1\n--- b: 2\n", "s.yaml");
  REQUIRE(!bad.has_value());
  CHECK(bad.error().to_string() == "s.yaml:2:1: invalid Yaml document separator: b: 2");
  CHECK(!split_documents("----\n", "s").has_value());
}

// The same stream fed in pieces of `piece` bytes.
Result<std::vector<DocumentText>> split_in_pieces(std::string_view text, std::size_t piece, bool keep_text) {
  std::vector<DocumentText> docs;
  DocumentSplitter splitter("s.yaml", keep_text);
  auto keep = [&](DocumentText&& doc) -> Result<void> {
    docs.push_back(std::move(doc));
    return {};
  };
  for (std::size_t pos = 0; pos < text.size(); pos += piece) TRY(splitter.feed(text.substr(pos, piece), keep));
  TRY(splitter.finish(keep));
  return docs;
}

TEST_CASE("DocumentSplitter: a stream fed in pieces of any size splits as it does whole") {
  const std::string stream =
      "---\n# first\na: 1\r\n---\n---\nb: |\n  ----\n...\n--- # c\n\n\nc: 3\r\n---\nd: 4\r";
  auto whole = split(stream);
  REQUIRE(whole.size() == 4);
  for (std::size_t piece = 1; piece <= stream.size(); ++piece) {
    CAPTURE(piece);
    auto pieces = split_in_pieces(stream, piece, true);
    REQUIRE(pieces.has_value());
    REQUIRE(pieces->size() == whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
      CHECK((*pieces)[i].text == whole[i].text);
      CHECK((*pieces)[i].first_line == whole[i].first_line);
      CHECK((*pieces)[i].offset == whole[i].offset);
      CHECK((*pieces)[i].size == whole[i].size);
    }
    auto counted = split_in_pieces(stream, piece, false);  // no text kept: the same cuts
    REQUIRE(counted.has_value());
    REQUIRE(counted->size() == whole.size());
    CHECK((*counted)[3].text.empty());
    CHECK((*counted)[3].first_line == whole[3].first_line);
  }
  auto bad = split_in_pieces("a: 1\n--- b: 2\n", 3, false);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().to_string() == "s.yaml:2:1: invalid Yaml document separator: b: 2");
}

// YAMLReader's cuts line by line, written plainly: the model the splitter's runs of lines must match.
std::vector<DocumentText> split_line_by_line(std::string_view s) {
  std::vector<DocumentText> docs;
  DocumentText current;
  bool started = false;
  int line_no = 0;
  for (std::size_t off = 0; off < s.size();) {
    const std::size_t nl = s.find('\n', off);
    const std::size_t next = nl == std::string_view::npos ? s.size() : nl + 1;
    std::string_view line = s.substr(off, (nl == std::string_view::npos ? s.size() : nl) - off);
    if (nl != std::string_view::npos && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    if (line.substr(0, 3) == "---" && started) {
      docs.push_back(std::move(current));
      current = DocumentText{};
      started = false;
    } else {
      if (!started) {
        started = true;
        current.first_line = line_no;
        current.offset = off;
      }
      current.size = next - current.offset;
      current.text.append(line);
      current.text.push_back('\n');
    }
    off = next;
  }
  if (started) docs.push_back(std::move(current));
  return docs;
}

TEST_CASE("DocumentSplitter: random streams, in random pieces, cut as YAMLReader cuts them line by line") {
  const std::vector<std::string> pool = {"a: 1\n", "---\n",   "--- # x\n", "---  \n",  "b: ---\n",
                                         "\n",     "  ---\n", "...\n",     "c: 2\r\n", "---\r\n",
                                         "\r\n",   "d\r",     "e",         "-\n"};
  std::mt19937 random(25);
  for (int round = 0; round < 2000; ++round) {
    std::string stream;
    for (int n = std::uniform_int_distribution<int>(0, 30)(random); n > 0; --n)
      stream += pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(random)];
    CAPTURE(stream);
    const std::vector<DocumentText> want = split_line_by_line(stream);
    const std::size_t piece = std::uniform_int_distribution<std::size_t>(1, 40)(random);
    auto got = split_in_pieces(stream, piece, true);
    REQUIRE(got.has_value());
    REQUIRE(got->size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      CHECK((*got)[i].text == want[i].text);
      CHECK((*got)[i].first_line == want[i].first_line);
      CHECK((*got)[i].offset == want[i].offset);
      CHECK((*got)[i].size == want[i].size);
    }
  }
}

}  // namespace
}  // namespace sidecarctl::yaml
