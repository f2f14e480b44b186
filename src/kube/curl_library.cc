// Loading libcurl at the first request (see curl_library.h).
#include "kube/curl_library.h"

#include <fmt/format.h>

#include <mutex>

#include "base/shared_library.h"

namespace sidecarctl::kube {
namespace {

// The soname of Debian's libcurl4 (the OpenSSL flavour the build's headers come from).
constexpr const char* kSoname = "libcurl.so.4";

Result<const CurlLibrary*> load() {
  auto library = SharedLibrary::open(kSoname);
  if (!library) {
    return make_error(ErrorKind::kNetwork,
                      fmt::format("cannot load {} ({}): sidecarctl needs libcurl to reach a server (Debian: "
                                  "apt-get install libcurl4)",
                                  kSoname, library.error().message));
  }
  static CurlLibrary lib;
  CURLcode (*global_init)(long) = nullptr;
  library->resolve("curl_global_init", &global_init);
  library->resolve("curl_easy_init", &lib.easy_init);
  library->resolve("curl_easy_setopt", &lib.easy_setopt);
  library->resolve("curl_easy_perform", &lib.easy_perform);
  library->resolve("curl_easy_getinfo", &lib.easy_getinfo);
  library->resolve("curl_easy_cleanup", &lib.easy_cleanup);
  library->resolve("curl_easy_strerror", &lib.easy_strerror);
  library->resolve("curl_slist_append", &lib.slist_append);
  library->resolve("curl_slist_free_all", &lib.slist_free_all);
  if (!library->missing().empty()) {
    return make_error(ErrorKind::kNetwork,
                      fmt::format("{} lacks {}: not a usable libcurl", kSoname, library->missing()));
  }
  if (CURLcode code = global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
    return make_error(ErrorKind::kNetwork, fmt::format("cannot initialise libcurl: {}", lib.easy_strerror(code)));
  }
  return &lib;
}

}  // namespace

Result<const CurlLibrary*> curl_library() {
  static std::once_flag once;
  static Result<const CurlLibrary*> loaded = make_error(ErrorKind::kInternal, "libcurl not loaded");
  std::call_once(once, [] { loaded = load(); });
  return loaded;
}

}  // namespace sidecarctl::kube
