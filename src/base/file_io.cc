// File reading, directory listing, atomic writes and the output spool on POSIX (see file_io.h,
// output.h).
#include "base/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "base/output.h"

namespace sidecarctl {
namespace {

Error io_error(const std::string& path, const std::string& what) {
  return make_error(ErrorKind::kIo, what, SourceLoc{path, -1, 0, 0});
}

std::string errno_text() { return std::strerror(errno); }

// The directory for temporary files: $TMPDIR when set, else /tmp (tmpfile(3) ignores TMPDIR).
std::string temp_directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

}  // namespace

Result<void> read_file_chunks(const std::string& path, std::uint64_t max_bytes, const ChunkConsumer& consume,
                              std::optional<std::uint64_t>* regular_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(path, "cannot open: " + errno_text());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    std::string why = errno_text();
    ::close(fd);
    return io_error(path, "cannot stat: " + why);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return io_error(path, "is a directory");
  }
  if (regular_size != nullptr && S_ISREG(st.st_mode)) *regular_size = static_cast<std::uint64_t>(st.st_size);
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return io_error(path, "file too large (" + std::to_string(st.st_size) + " bytes, limit " +
                              std::to_string(max_bytes) + ")");
  }
  std::uint64_t total = 0;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = errno_text();
      ::close(fd);
      return io_error(path, "read failed: " + why);
    }
    if (n == 0) break;
    total += static_cast<std::uint64_t>(n);
    if (total > max_bytes) {
      ::close(fd);
      return io_error(path, "input too large (limit " + std::to_string(max_bytes) + " bytes)");
    }
    if (auto consumed = consume(std::string_view(buf, static_cast<std::size_t>(n))); !consumed) {
      ::close(fd);
      return consumed;
    }
  }
  ::close(fd);
  return {};
}

Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) {
  std::string data;
  std::optional<std::uint64_t> size;
  TRY(read_file_chunks(
      path, max_bytes,
      [&](std::string_view chunk) -> Result<void> {
        if (data.empty() && size) data.reserve(static_cast<std::size_t>(*size));
        data.append(chunk);
        return {};
      },
      &size));
  return data;
}

Result<std::string> FileRangeReader::read(const std::string& path, std::uint64_t offset, std::size_t size) {
  if (fd_ < 0 || path != path_) {
    close();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error(path, "cannot open: " + errno_text());
    struct stat st {};
    const bool stated = ::fstat(fd, &st) == 0;
    if (!stated || !S_ISREG(st.st_mode)) {
      std::string why = stated ? "not a regular file" : "cannot stat: " + errno_text();
      ::close(fd);
      return io_error(path, why);
    }
    fd_ = fd;
    path_ = path;
  }
  std::string data(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd_, data.data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return io_error(path, n < 0 ? "read failed: " + errno_text()
                                  : "shorter than expected (changed since it was read?)");
    done += static_cast<std::size_t>(n);
  }
  return data;
}

void FileRangeReader::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  path_.clear();
}

Result<std::vector<std::string>> list_input_files(const std::string& path, bool recursive,
                                                  const std::vector<std::string>& extensions) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec) return io_error(path, "cannot access: " + ec.message());
  if (!fs::is_directory(status)) return std::vector<std::string>{path};

  auto wanted = [&](const fs::path& p) {
    std::string ext = p.extension().string();
    return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
  };
  std::vector<std::string> files;
  auto visit = [&](const fs::directory_entry& entry) -> Result<void> {
    std::error_code type_ec;
    if (entry.is_regular_file(type_ec) && wanted(entry.path())) files.push_back(entry.path().string());
    return {};
  };
  if (recursive) {
    fs::recursive_directory_iterator it(path, fs::directory_options::none, ec), end;
    if (ec) return io_error(path, "cannot list directory: " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) return io_error(path, "cannot list directory: " + ec.message());
      TRY(visit(*it));
    }
    if (ec) return io_error(path, "cannot list directory: " + ec.message());
  } else {
    fs::directory_iterator it(path, ec), end;
    if (ec) return io_error(path, "cannot list directory: " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) return io_error(path, "cannot list directory: " + ec.message());
      TRY(visit(*it));
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

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
    std::string dir = temp_directory();
    std::string name = dir + "/sidecarctl-spool-XXXXXX";
    int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0)
      return io_error("standard output", "cannot create a temporary file in " + dir + ": " + errno_text());
    ::unlink(name.c_str());  // gone when closed, also on a crash
    file_.reset(::fdopen(fd, "w+"));
    if (!file_) {
      std::string why = errno_text();
      ::close(fd);
      return io_error("standard output", "cannot open a temporary file in " + dir + ": " + why);
    }
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
  if (std::ferror(file_.get()))
    return io_error("standard output", "cannot read back a temporary file: " + errno_text());
  return {};
}

Result<void> write_file_atomically(const std::string& path, const std::string& content) {
  TRY_ASSIGN(AtomicFile file, AtomicFile::create(path));
  TRY(file.write(content));
  return file.commit();
}

}  // namespace sidecarctl
