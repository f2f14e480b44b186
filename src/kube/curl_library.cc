// Loading libcurl at the first request (see curl_library.h).
#include "kube/curl_library.h"

#include <dlfcn.h>

#include <fmt/format.h>

#include <mutex>
#include <string>

namespace sidecarctl::kube {
namespace {

// The soname of Debian's libcurl4 (the OpenSSL flavour the build's headers come from).
constexpr const char* kSoname = "libcurl.so.4";

template <typename F>
bool resolve(void* handle, const char* name, F* out, std::string* missing) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) {
    if (!missing->empty()) *missing += ", ";
    *missing += name;
    return false;
  }
  *out = reinterpret_cast<F>(symbol);
  return true;
}

Result<const CurlLibrary*> load() {
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return make_error(ErrorKind::kNetwork,
                      fmt::format("cannot load {} ({}): sidecarctl needs libcurl to reach a server (Debian: "
                                  "apt-get install libcurl4)",
                                  kSoname, why != nullptr ? why : "unknown error"));
  }
  static CurlLibrary lib;
  std::string missing;
  CURLcode (*global_init)(long) = nullptr;
  resolve(handle, "curl_global_init", &global_init, &missing);
  resolve(handle, "curl_easy_init", &lib.easy_init, &missing);
  resolve(handle, "curl_easy_setopt", &lib.easy_setopt, &missing);
  resolve(handle, "curl_easy_perform", &lib.easy_perform, &missing);
  resolve(handle, "curl_easy_getinfo", &lib.easy_getinfo, &missing);
  resolve(handle, "curl_easy_cleanup", &lib.easy_cleanup, &missing);
  resolve(handle, "curl_easy_strerror", &lib.easy_strerror, &missing);
  resolve(handle, "curl_slist_append", &lib.slist_append, &missing);
  resolve(handle, "curl_slist_free_all", &lib.slist_free_all, &missing);
  if (!missing.empty()) {
    return make_error(ErrorKind::kNetwork, fmt::format("{} lacks {}: not a usable libcurl", kSoname, missing));
  }
  if (CURLcode code = global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
    return make_error(ErrorKind::kNetwork, fmt::format("cannot initialise libcurl: {}", lib.easy_strerror(code)));
  }
  return &lib;  // the handle stays open for the life of the process
}

}  // namespace

Result<const CurlLibrary*> curl_library() {
  static std::once_flag once;
  static Result<const CurlLibrary*> loaded = make_error(ErrorKind::kInternal, "libcurl not loaded");
  std::call_once(once, [] { loaded = load(); });
  return loaded;
}

}  // namespace sidecarctl::kube
