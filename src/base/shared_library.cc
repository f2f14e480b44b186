// dlopen/dlsym behind SharedLibrary (see shared_library.h).
#include "base/shared_library.h"

#include <dlfcn.h>

namespace sidecarctl {

Result<SharedLibrary> SharedLibrary::open(const char* soname) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return make_error(ErrorKind::kInternal, why != nullptr ? why : "unknown error");
  }
  return SharedLibrary(handle);
}

void* SharedLibrary::find(const char* name) {
  void* symbol = dlsym(handle_, name);
  if (symbol == nullptr) {
    if (!missing_.empty()) missing_ += ", ";
    missing_ += name;
  }
  return symbol;
}

}  // namespace sidecarctl
