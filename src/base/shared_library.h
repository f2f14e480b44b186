// A shared library loaded at run time (dlopen) rather than by the dynamic loader at start-up, and
// the functions resolved from it by name: for libraries only some commands need (libcurl,
// libcrypto), so that every other run skips their loading, relocation and initialisation.
#pragma once

#include <string>

#include "base/result.h"

namespace sidecarctl {

class SharedLibrary {
 public:
  // Opens `soname` (resolving all its symbols now, keeping them local); the error is dlerror()'s
  // text. The library stays loaded for the life of the process.
  static Result<SharedLibrary> open(const char* soname);

  // Sets *out to the function `name`; a name the library lacks is added to missing() instead.
  template <typename F>
  void resolve(const char* name, F* out) {
    if (void* symbol = find(name)) *out = reinterpret_cast<F>(symbol);
  }

  // The names resolve() did not find, comma-separated (empty when every one was found).
  const std::string& missing() const { return missing_; }

 private:
  explicit SharedLibrary(void* handle) : handle_(handle) {}
  void* find(const char* name);

  void* handle_;
  std::string missing_;
};

}  // namespace sidecarctl
