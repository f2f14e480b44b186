// Outputs written piece by piece but delivered all or nothing: a file replaced atomically once
// complete, and a spool that holds a command's standard output until the command has succeeded
// (in memory while small, then in an unlinked temporary file), so large outputs never need to
// sit in memory whole and a failure never leaves partial output behind. Implemented in
// file_io.cc, beside write_file_atomically.
#pragma once

#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sidecarctl {

// A file written through a temporary file in the target's directory and renamed over the target
// by commit(). Dropped without commit(), the temporary file is removed and the target untouched.
// An existing target keeps its mode.
class AtomicFile {
 public:
  static Result<AtomicFile> create(const std::string& path);
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  Result<void> write(std::string_view data);
  // Syncs, closes and renames the temporary file over the target.
  Result<void> commit();

 private:
  AtomicFile(std::string path, std::string temp, int fd)
      : path_(std::move(path)), temp_(std::move(temp)), fd_(fd) {}
  Error fail(const std::string& what);

  std::string path_;
  std::string temp_;
  int fd_ = -1;
};

// Output collected before it is delivered: up to `memory_limit` bytes in memory (one buffer,
// reserved once: growing a large string page-faults on every copy), beyond that in a temporary
// file in $TMPDIR (else /tmp), unlinked as soon as it is created: gone when closed, also on a crash.
class OutputSpool {
 public:
  explicit OutputSpool(std::size_t memory_limit = 1u << 20) : memory_limit_(memory_limit) {}

  Result<void> write(std::string_view data);
  // Writes everything collected to `out`, in order.
  Result<void> copy_to(std::ostream& out);
  bool spilled() const { return file_ != nullptr; }

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::size_t memory_limit_;
  std::string memory_;
  std::unique_ptr<std::FILE, FileCloser> file_;
};

}  // namespace sidecarctl
