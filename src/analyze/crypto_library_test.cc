// Tests for loading libcrypto at run time: every function resolves, the load happens once, and the
// loaded functions read a certificate's validity.
#include "analyze/crypto_library.h"

#include <doctest/doctest.h>

#include <string>

namespace sidecarctl::analyze {
namespace {

TEST_CASE("libcrypto loads once, with every function the certificate check calls") {
  auto first = crypto_library();
  REQUIRE(first.has_value());
  const CryptoLibrary* lib = *first;
  CHECK(static_cast<bool>(lib->bio_new_mem_buf));
  CHECK(static_cast<bool>(lib->bio_free));
  CHECK(static_cast<bool>(lib->pem_read_bio_x509));
  CHECK(static_cast<bool>(lib->x509_get0_not_before));
  CHECK(static_cast<bool>(lib->x509_get0_not_after));
  CHECK(static_cast<bool>(lib->x509_cmp_current_time));
  CHECK(static_cast<bool>(lib->x509_free));
  auto again = crypto_library();
  REQUIRE(again.has_value());
  CHECK(*again == lib);
  // Text that is not PEM reads as no certificate.
  std::string text = "not a certificate";
  BIO* bio = lib->bio_new_mem_buf(text.data(), static_cast<int>(text.size()));
  REQUIRE(bio != nullptr);
  CHECK(lib->pem_read_bio_x509(bio, nullptr, nullptr, nullptr) == nullptr);
  CHECK(lib->bio_free(bio) == 1);
}

}  // namespace
}  // namespace sidecarctl::analyze
