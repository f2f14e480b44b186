// Loading libcrypto at the first certificate (see crypto_library.h).
#include "analyze/crypto_library.h"

#include <fmt/format.h>

#include <mutex>

#include "base/shared_library.h"

namespace sidecarctl::analyze {
namespace {

// The soname of Debian's libssl3 package (OpenSSL 3), whose headers the build reads.
constexpr const char* kSoname = "libcrypto.so.3";

Result<const CryptoLibrary*> load() {
  auto library = SharedLibrary::open(kSoname);
  if (!library) {
    return make_error(ErrorKind::kInternal,
                      fmt::format("cannot load {} ({}): analyze needs OpenSSL's libcrypto to read the certificates "
                                  "of Gateway credentials (Debian: apt-get install libssl3)",
                                  kSoname, library.error().message));
  }
  static CryptoLibrary lib;
  library->resolve("BIO_new_mem_buf", &lib.bio_new_mem_buf);
  library->resolve("BIO_free", &lib.bio_free);
  library->resolve("PEM_read_bio_X509", &lib.pem_read_bio_x509);
  library->resolve("X509_get0_notBefore", &lib.x509_get0_not_before);
  library->resolve("X509_get0_notAfter", &lib.x509_get0_not_after);
  library->resolve("X509_cmp_current_time", &lib.x509_cmp_current_time);
  library->resolve("X509_free", &lib.x509_free);
  if (!library->missing().empty()) {
    return make_error(ErrorKind::kInternal,
                      fmt::format("{} lacks {}: not a usable libcrypto", kSoname, library->missing()));
  }
  return &lib;
}

}  // namespace

Result<const CryptoLibrary*> crypto_library() {
  static std::once_flag once;
  static Result<const CryptoLibrary*> loaded = make_error(ErrorKind::kInternal, "libcrypto not loaded");
  std::call_once(once, [] { loaded = load(); });
  return loaded;
}

}  // namespace sidecarctl::analyze
