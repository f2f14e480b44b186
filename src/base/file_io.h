// Reading inputs and writing outputs safely: whole-file reads with size limits, directory walks,
// and atomic replacement of output files (temp file + rename, keeping the old file's mode).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace sidecarctl {

// Largest input file read into memory (beyond it, a clear error rather than exhausting memory:
// a parsed document takes several times its text). Real manifests are far smaller.
inline constexpr std::uint64_t kMaxInputBytes = 128ull * 1024 * 1024;

// Reads a whole regular file. Errors name the path.
Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes = kMaxInputBytes);

// Lists the files to read for a path: the path itself for a file; for a directory its files with
// extensions in `extensions` (e.g. {".yaml", ".yml", ".json"}), sorted, descending into
// subdirectories only when `recursive`.
Result<std::vector<std::string>> list_input_files(const std::string& path, bool recursive,
                                                  const std::vector<std::string>& extensions);

// Writes `content` to `path` through a temporary file in the same directory and a rename, so the
// target is either the old or the complete new content. An existing target keeps its mode.
Result<void> write_file_atomically(const std::string& path, const std::string& content);

}  // namespace sidecarctl
