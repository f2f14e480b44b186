// Atomic output files and the standard-output spool (see output.h).
#include "base/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace sidecarctl {
namespace {

Error io_error(const std::string& path, const std::string& what) {
  return make_error(ErrorKind::kIo, what, SourceLoc{path, -1, 0, 0});
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

Result<AtomicFile> AtomicFile::create(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string temp_name = ".";
  temp_name += target.filename().string();
  temp_name += ".tmp-XXXXXX";  // built by appends: GCC 12 -O3 warns falsely (-Wrestrict) on "." + s
  std::string temp = (dir / temp_name).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return io_error(path, "cannot create temporary file: " + errno_text());
  AtomicFile file(path, std::move(temp), fd);
  struct stat st {};
  mode_t mode = 0644;
  if (::stat(path.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd, mode) != 0) return file.fail("cannot set mode");
  return Result<AtomicFile>(std::move(file));
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)), temp_(std::move(other.temp_)), fd_(other.fd_) {
  other.fd_ = -1;
  other.temp_.clear();
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

Error AtomicFile::fail(const std::string& what) {
  std::string why = errno_text();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  return io_error(path_, what + ": " + why);
}

Result<void> AtomicFile::write(std::string_view data) {
  if (fd_ < 0) return io_error(path_, "write after close");
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("write failed");
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return {};
}

Result<void> AtomicFile::commit() {
  if (fd_ < 0) return io_error(path_, "commit after close");
  if (::fsync(fd_) != 0) return fail("sync failed");
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return fail("close failed");
  if (::rename(temp_.c_str(), path_.c_str()) != 0) return fail("cannot replace file");
  temp_.clear();
  return {};
}

Result<void> OutputSpool::write(std::string_view data) {
  if (!file_ && memory_.size() + data.size() > memory_limit_) {
    file_.reset(std::tmpfile());
    if (!file_) return io_error("standard output", "cannot create a temporary file: " + errno_text());
    if (!memory_.empty() && std::fwrite(memory_.data(), 1, memory_.size(), file_.get()) != memory_.size()) {
      return io_error("standard output", "cannot write a temporary file: " + errno_text());
    }
    std::string().swap(memory_);
  }
  if (!file_) {
    if (memory_.capacity() < memory_limit_) memory_.reserve(memory_limit_);
    memory_ += data;
    return {};
  }
  if (std::fwrite(data.data(), 1, data.size(), file_.get()) != data.size()) {
    return io_error("standard output", "cannot write a temporary file: " + errno_text());
  }
  return {};
}

Result<void> OutputSpool::copy_to(std::ostream& out) {
  if (!file_) {
    out << memory_;
    return {};
  }
  if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0) {
    return io_error("standard output", "cannot read back a temporary file: " + errno_text());
  }
  std::string buffer(1u << 16, '\0');
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file_.get())) > 0) {
    out.write(buffer.data(), static_cast<std::streamsize>(n));
  }
  if (std::ferror(file_.get())) return io_error("standard output", "cannot read back a temporary file: " + errno_text());
  return {};
}

}  // namespace sidecarctl
