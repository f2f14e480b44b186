// Reading inputs and writing outputs safely: whole-file reads with size limits, directory walks,
// and atomic replacement of output files (temp file + rename, keeping the old file's mode).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sidecarctl {

// Largest input file read into memory (beyond it, a clear error rather than exhausting memory:
// a parsed document takes several times its text). Real manifests are far smaller.
inline constexpr std::uint64_t kMaxInputBytes = 128ull * 1024 * 1024;

// Reads a whole regular file. Errors name the path.
Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes = kMaxInputBytes);

// Receives a file's bytes a chunk at a time (at most 64 KiB each, in order).
using ChunkConsumer = std::function<Result<void>(std::string_view chunk)>;

// read_file without holding the file: `consume` gets its bytes a chunk at a time, with the same
// errors and limit (an error from `consume` stops the reading and is returned). `*regular_size`
// (when given) is set, before the first chunk, to the file's size when it is a regular file (one
// that can be read again); it is left empty for a pipe or a device.
Result<void> read_file_chunks(const std::string& path, std::uint64_t max_bytes, const ChunkConsumer& consume,
                              std::optional<std::uint64_t>* regular_size = nullptr);

// Reads byte ranges of regular files, keeping the file it read last open for the next range of
// it: reading back thousands of documents of one file opens it once, not thousands of times.
class FileRangeReader {
 public:
  FileRangeReader() = default;
  FileRangeReader(const FileRangeReader&) = delete;
  FileRangeReader& operator=(const FileRangeReader&) = delete;
  ~FileRangeReader() { close(); }

  // Bytes [offset, offset + size) of the regular file at `path`: fewer than size bytes there (a
  // file that shrank) is an error, as is anything but a regular file. Errors name the path.
  Result<std::string> read(const std::string& path, std::uint64_t offset, std::size_t size);

 private:
  void close();

  std::string path_;  // of the file open as fd_
  int fd_ = -1;
};

// Lists the files to read for a path: the path itself for a file; for a directory its files with
// extensions in `extensions` (e.g. {".yaml", ".yml", ".json"}), sorted, descending into
// subdirectories only when `recursive`.
Result<std::vector<std::string>> list_input_files(const std::string& path, bool recursive,
                                                  const std::vector<std::string>& extensions);

// Writes `content` to `path` through a temporary file in the same directory and a rename, so the
// target is either the old or the complete new content. An existing target keeps its mode.
Result<void> write_file_atomically(const std::string& path, const std::string& content);

}  // namespace sidecarctl
