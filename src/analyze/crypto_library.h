// libcrypto (OpenSSL), loaded (dlopen) the first time an analyzer reads a certificate instead of by
// the dynamic loader at start-up: linking it cost every run, `sidecarctl version` included, about
// 2.6 M instructions of relocation and initialisation, while only the Gateway credential check
// (IST0161) parses a certificate. The functions that check calls, resolved once.
#pragma once

#include <openssl/bio.h>
#include <openssl/x509.h>

#include "base/result.h"

namespace sidecarctl::analyze {

struct CryptoLibrary {
  BIO* (*bio_new_mem_buf)(const void*, int);
  int (*bio_free)(BIO*);
  X509* (*pem_read_bio_x509)(BIO*, X509**, pem_password_cb*, void*);
  const ASN1_TIME* (*x509_get0_not_before)(const X509*);
  const ASN1_TIME* (*x509_get0_not_after)(const X509*);
  int (*x509_cmp_current_time)(const ASN1_TIME*);
  void (*x509_free)(X509*);
};

// The library, loaded on the first call (thread-safe); later calls give the same one, or the same
// error (no libcrypto.so.3, or a function missing from it).
Result<const CryptoLibrary*> crypto_library();

}  // namespace sidecarctl::analyze
