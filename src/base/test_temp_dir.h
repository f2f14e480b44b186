// For unit tests: a fresh temporary directory, removed with everything in it at the end of the test.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace sidecarctl {

struct TestTempDir {
  std::filesystem::path path;
  TestTempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sidecarctl-test-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  TestTempDir(const TestTempDir&) = delete;
  TestTempDir& operator=(const TestTempDir&) = delete;
  ~TestTempDir() { std::filesystem::remove_all(path); }

  // Writes `content` to `name` in the directory; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    std::filesystem::path file = path / name;
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }
};

}  // namespace sidecarctl
