#include "base/file_io.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "base/output.h"
#include "base/test_temp_dir.h"

namespace sidecarctl {
namespace {

namespace fs = std::filesystem;

using TempDir = TestTempDir;

void write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }

TEST_CASE("read_file reads whole files and names the path on failure") {
  TempDir dir;
  write(dir.path / "a.yaml", "kind: Pod\n");
  CHECK(read_file((dir.path / "a.yaml").string()).value() == "kind: Pod\n");
  auto missing = read_file((dir.path / "nope.yaml").string());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().loc.file == (dir.path / "nope.yaml").string());
  CHECK(missing.error().message.find("cannot open") == 0);
  auto too_big = read_file((dir.path / "a.yaml").string(), 3);
  REQUIRE_FALSE(too_big);
  CHECK(too_big.error().message.find("too large") != std::string::npos);
  CHECK_FALSE(read_file(dir.path.string()));
}

TEST_CASE("read_file refuses a file over the limit before reading it") {
  TempDir dir;
  fs::path big = dir.path / "big.yaml";
  write(big, "");
  fs::resize_file(big, kMaxInputBytes + 1);  // sparse: no disk used, nothing read
  auto result = read_file(big.string());
  REQUIRE_FALSE(result);
  CHECK(result.error().message == "file too large (" + std::to_string(kMaxInputBytes + 1) + " bytes, limit " +
                                      std::to_string(kMaxInputBytes) + ")");
}

TEST_CASE("read_file_chunks hands the bytes on in order, with read_file's errors") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + "\n";  // over two 64 KiB chunks
  write(dir.path / "a.yaml", text);
  std::string got;
  int chunks = 0;
  std::optional<std::uint64_t> size;
  auto read = read_file_chunks(
      (dir.path / "a.yaml").string(), kMaxInputBytes,
      [&](std::string_view chunk) -> Result<void> {
        CHECK(size.has_value());  // known before the first chunk
        ++chunks;
        got.append(chunk);
        return {};
      },
      &size);
  REQUIRE(read.has_value());
  CHECK(got == text);
  CHECK(chunks > 2);
  CHECK(size == text.size());
  // The consumer's error stops the reading.
  chunks = 0;
  auto stopped = read_file_chunks((dir.path / "a.yaml").string(), kMaxInputBytes, [&](std::string_view) -> Result<void> {
    ++chunks;
    return make_error(ErrorKind::kInvalidInput, "enough");
  });
  REQUIRE_FALSE(stopped);
  CHECK(stopped.error().message == "enough");
  CHECK(chunks == 1);
  auto too_big = read_file_chunks((dir.path / "a.yaml").string(), 10, [](std::string_view) -> Result<void> { return {}; });
  REQUIRE_FALSE(too_big);
  CHECK(too_big.error().message.find("file too large") == 0);
  // A FIFO is not a regular file: no size.
  REQUIRE(::mkfifo((dir.path / "fifo").c_str(), 0600) == 0);
  std::optional<std::uint64_t> fifo_size;
  std::thread writer([&] { std::ofstream(dir.path / "fifo") << "x: 1\n"; });
  got.clear();
  auto piped = read_file_chunks(
      (dir.path / "fifo").string(), kMaxInputBytes,
      [&](std::string_view chunk) -> Result<void> {
        got.append(chunk);
        return {};
      },
      &fifo_size);
  writer.join();
  REQUIRE(piped.has_value());
  CHECK(got == "x: 1\n");
  CHECK_FALSE(fifo_size.has_value());
}

TEST_CASE("FileRangeReader reads spans of regular files and refuses a short one") {
  TempDir dir;
  write(dir.path / "a.yaml", "0123456789");
  write(dir.path / "b.yaml", "abcdef");
  const std::string a = (dir.path / "a.yaml").string();
  const std::string b = (dir.path / "b.yaml").string();
  FileRangeReader reader;
  auto middle = reader.read(a, 3, 4);
  REQUIRE(middle.has_value());
  CHECK(*middle == "3456");
  CHECK(reader.read(a, 10, 0).value() == "");
  auto past_end = reader.read(a, 8, 4);
  REQUIRE_FALSE(past_end.has_value());
  CHECK(past_end.error().message.find("shorter than expected") != std::string::npos);
  CHECK(past_end.error().loc.file == a);
  // Another file, a failure between, then the first again: each read is of the path it names.
  CHECK(reader.read(b, 1, 2).value() == "bc");
  auto directory = reader.read(dir.path.string(), 0, 1);
  REQUIRE_FALSE(directory.has_value());
  CHECK(directory.error().message == "not a regular file");
  CHECK_FALSE(reader.read((dir.path / "missing").string(), 0, 1).has_value());
  CHECK(reader.read(a, 0, 2).value() == "01");
  CHECK(reader.read(b, 4, 2).value() == "ef");
}

TEST_CASE("FileRangeReader keeps reading the file it opened when the path is replaced") {
  TempDir dir;
  write(dir.path / "a.yaml", "first text");
  const std::string a = (dir.path / "a.yaml").string();
  FileRangeReader reader;
  CHECK(reader.read(a, 0, 5).value() == "first");
  write(dir.path / "new.yaml", "other word");
  fs::rename(dir.path / "new.yaml", dir.path / "a.yaml");
  CHECK(reader.read(a, 6, 4).value() == "text");
  CHECK(FileRangeReader().read(a, 0, 5).value() == "other");
}

TEST_CASE("list_input_files skips what is not a regular file (FIFOs, dangling symlinks)") {
  TempDir dir;
  write(dir.path / "a.yaml", "");
  REQUIRE(::mkfifo((dir.path / "fifo.yaml").c_str(), 0600) == 0);  // reading it would block
  fs::create_symlink(dir.path / "gone.yaml", dir.path / "dangling.yaml");
  auto files = list_input_files(dir.path.string(), true, {".yaml"}).value();
  REQUIRE(files.size() == 1);
  CHECK(fs::path(files[0]).filename() == "a.yaml");
}

TEST_CASE("list_input_files walks directories, recursive on request") {
  TempDir dir;
  fs::create_directories(dir.path / "sub");
  write(dir.path / "b.yaml", "");
  write(dir.path / "a.json", "");
  write(dir.path / "notes.txt", "");
  write(dir.path / "sub" / "c.yml", "");
  std::vector<std::string> exts{".yaml", ".yml", ".json"};
  auto flat = list_input_files(dir.path.string(), false, exts).value();
  REQUIRE(flat.size() == 2);
  CHECK(fs::path(flat[0]).filename() == "a.json");
  CHECK(fs::path(flat[1]).filename() == "b.yaml");
  CHECK(list_input_files(dir.path.string(), true, exts).value().size() == 3);
  CHECK(list_input_files((dir.path / "notes.txt").string(), false, exts).value().size() == 1);
}

TEST_CASE("write_file_atomically replaces content and keeps the mode") {
  TempDir dir;
  fs::path target = dir.path / "out.yaml";
  write(target, "old");
  ::chmod(target.c_str(), 0600);
  REQUIRE(write_file_atomically(target.string(), "new content"));
  CHECK(read_file(target.string()).value() == "new content");
  struct stat st {};
  ::stat(target.c_str(), &st);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_FALSE(write_file_atomically((dir.path / "no-such-dir" / "x").string(), "x"));
  // No temporary files are left behind.
  int entries = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(dir.path)) ++entries;
  CHECK(entries == 1);
}

TEST_CASE("AtomicFile shows nothing until commit and leaves the target alone when dropped") {
  TempDir dir;
  fs::path target = dir.path / "out.yaml";
  write(target, "old");
  {
    Result<AtomicFile> file = AtomicFile::create(target.string());
    REQUIRE(file);
    REQUIRE(file.value().write("part one, "));
    CHECK(read_file(target.string()).value() == "old");
  }  // dropped: the temporary file goes, the target stays
  CHECK(read_file(target.string()).value() == "old");
  int entries = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(dir.path)) ++entries;
  CHECK(entries == 1);

  Result<AtomicFile> file = AtomicFile::create(target.string());
  REQUIRE(file);
  REQUIRE(file.value().write("new "));
  REQUIRE(file.value().write("content"));
  REQUIRE(file.value().commit());
  CHECK(read_file(target.string()).value() == "new content");
  CHECK_FALSE(file.value().write("late"));
}

TEST_CASE("OutputSpool keeps small output in memory and spills large output to a file, in order") {
  OutputSpool small(64);
  REQUIRE(small.write("abc"));
  REQUIRE(small.write("def"));
  CHECK_FALSE(small.spilled());
  std::ostringstream a;
  REQUIRE(small.copy_to(a));
  CHECK(a.str() == "abcdef");

  OutputSpool big(8);
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    std::string piece = std::to_string(i) + ",";
    expected += piece;
    REQUIRE(big.write(piece));
  }
  CHECK(big.spilled());
  std::ostringstream b;
  REQUIRE(big.copy_to(b));
  CHECK(b.str() == expected);
}

// Sets an environment variable for one scope and puts the old value back.
struct ScopedEnv {
  ScopedEnv(const char* variable, const std::string& value) : name(variable) {
    if (const char* old = std::getenv(name)) saved = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (saved)
      ::setenv(name, saved->c_str(), 1);
    else
      ::unsetenv(name);
  }
  const char* name;
  std::optional<std::string> saved;
};

TEST_CASE("OutputSpool spills into $TMPDIR and leaves no file there") {
  TempDir dir;
  {
    ScopedEnv tmpdir("TMPDIR", dir.path.string());
    OutputSpool spool(4);
    REQUIRE(spool.write("0123456789"));
    REQUIRE(spool.spilled());
    CHECK(fs::is_empty(dir.path));  // unlinked at once
    std::ostringstream out;
    REQUIRE(spool.copy_to(out));
    CHECK(out.str() == "0123456789");
  }
  ScopedEnv missing("TMPDIR", (dir.path / "gone").string());
  OutputSpool spool(4);
  REQUIRE(spool.write("abc"));
  auto spilled = spool.write("defgh");
  REQUIRE_FALSE(spilled);
  CHECK(spilled.error().message.find("cannot create a temporary file in " + (dir.path / "gone").string()) !=
        std::string::npos);
}

}  // namespace
}  // namespace sidecarctl
