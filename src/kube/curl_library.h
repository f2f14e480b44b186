// libcurl, loaded (dlopen) by the first request instead of by the dynamic loader at start-up:
// linking it made every run map and relocate some thirty libraries it pulls in (Kerberos, LDAP,
// GnuTLS, SSH, ...), 4.6 ms of CPU time of the 8 ms `sidecarctl version` took, while most commands
// never reach a server. The functions sidecarctl calls, resolved once, with curl_global_init done.
#pragma once

#include <curl/curl.h>

#include "base/result.h"

namespace sidecarctl::kube {

struct CurlLibrary {
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

// The library, loaded and initialised on the first call (thread-safe); later calls give the same
// one, or the same error (kNetwork: no libcurl.so.4, or a symbol missing from it).
Result<const CurlLibrary*> curl_library();

}  // namespace sidecarctl::kube
