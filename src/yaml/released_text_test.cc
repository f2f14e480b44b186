// Tests of released document texts: read back byte for byte (CRLF, an opening separator, the last
// line without a newline), positions recorded from the file, and a changed file noticed.
#include "yaml/released_text.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "yaml/build_value.h"

namespace sidecarctl::yaml {
namespace {

namespace fs = std::filesystem;

// A stream written to a fresh temporary file, removed at the end of the test.
struct StreamFile {
  fs::path dir;
  std::string path;
  explicit StreamFile(const std::string& content) {
    std::string tmpl = (fs::temp_directory_path() / "sidecarctl-released-XXXXXX").string();
    dir = ::mkdtemp(tmpl.data());
    path = (dir / "stream.yaml").string();
    rewrite(content);
  }
  ~StreamFile() { fs::remove_all(dir); }
  void rewrite(const std::string& content) const { std::ofstream(path, std::ios::binary) << content; }
};

LoadOptions without_positions() {
  LoadOptions options;
  options.positions = false;
  return options;
}

}  // namespace

TEST_CASE("release_text and recall_text: every document's text comes back as it was") {
  const std::string stream = "---\r\na: 1\r\n---\n# only a comment\n--- # next\nb:\n  c: [1, 2]\nd: x";
  StreamFile file(stream);
  auto docs = load_stream(stream, file.path, without_positions());
  REQUIRE(docs.has_value());
  REQUIRE(docs->size() == 3);
  FileRangeReader files;  // one for the three documents of the file
  for (Document& doc : *docs) {
    const std::string original = doc.text;
    release_text(doc);
    CHECK(doc.text.empty());
    CHECK(doc.released_text_hash.has_value());
    REQUIRE(recall_text(doc, files));
    CHECK(doc.text == original);
    CHECK(recall_text(doc, files));  // a text that is there is left alone
    CHECK(doc.text == original);
  }
}

TEST_CASE("record_positions reads a released text back, and lets go of it again") {
  const std::string stream = "a: 1\n---\nkind: Service\nspec:\n  ports:\n  - port: 80\n";
  StreamFile file(stream);
  auto docs = load_stream(stream, file.path, without_positions());
  REQUIRE(docs.has_value());
  Document& service = (*docs)[1];
  release_text(service);
  FileRangeReader files;
  record_positions(service, without_positions(), nullptr, &files);
  CHECK(service.loc("/spec/ports/0/port").line == 6);
  CHECK(service.text.empty());
  CHECK(service.released_text_hash.has_value());
}

TEST_CASE("recall_text: a file changed since it was read gives no text, and no positions") {
  const std::string stream = "a: 1\n---\nkind: Service\nspec:\n  type: ClusterIP\n";
  StreamFile file(stream);
  auto docs = load_stream(stream, file.path, without_positions());
  REQUIRE(docs.has_value());
  Document& service = (*docs)[1];
  release_text(service);
  file.rewrite("a: 1\n---\nkind: Service\nspec:\n  type: NodePort!\n");  // same length, other bytes
  record_positions(service, without_positions());
  CHECK(service.positions.empty());
  CHECK(service.loc("/spec/type").line == service.first_line);  // the document's start, not a wrong line
  CHECK_FALSE(service.released_text_hash.has_value());
  Document& first = (*docs)[0];
  release_text(first);
  file.rewrite("a");  // shorter than the span
  FileRangeReader files;
  CHECK_FALSE(recall_text(first, files));
  CHECK(first.text.empty());
}

}  // namespace sidecarctl::yaml
