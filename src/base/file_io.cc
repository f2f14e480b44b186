// File reading, directory listing and atomic writes on POSIX.
#include "base/file_io.h"

#include "base/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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

Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) {
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
  std::string data;
  if (S_ISREG(st.st_mode)) {
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
      ::close(fd);
      return io_error(path, "file too large (" + std::to_string(st.st_size) + " bytes, limit " +
                                std::to_string(max_bytes) + ")");
    }
    data.reserve(static_cast<std::size_t>(st.st_size));
  }
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
    if (data.size() + static_cast<std::size_t>(n) > max_bytes) {
      ::close(fd);
      return io_error(path, "input too large (limit " + std::to_string(max_bytes) + " bytes)");
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return data;
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

Result<void> write_file_atomically(const std::string& path, const std::string& content) {
  TRY_ASSIGN(AtomicFile file, AtomicFile::create(path));
  TRY(file.write(content));
  return file.commit();
}

}  // namespace sidecarctl
