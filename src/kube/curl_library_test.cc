// Tests for loading libcurl at run time: every function resolves, and the load happens once.
#include "kube/curl_library.h"

#include <doctest/doctest.h>

#include <string>

namespace sidecarctl::kube {
namespace {

TEST_CASE("libcurl loads once, with every function sidecarctl calls") {
  auto first = curl_library();
  REQUIRE(first.has_value());
  const CurlLibrary* lib = *first;
  CHECK(static_cast<bool>(lib->easy_init));
  CHECK(static_cast<bool>(lib->easy_setopt));
  CHECK(static_cast<bool>(lib->easy_perform));
  CHECK(static_cast<bool>(lib->easy_getinfo));
  CHECK(static_cast<bool>(lib->easy_cleanup));
  CHECK(static_cast<bool>(lib->easy_strerror));
  CHECK(static_cast<bool>(lib->slist_append));
  CHECK(static_cast<bool>(lib->slist_free_all));
  auto again = curl_library();
  REQUIRE(again.has_value());
  CHECK(*again == lib);
  // The loaded library works: a handle, an option, the text of an error code.
  CURL* handle = lib->easy_init();
  REQUIRE(handle != nullptr);
  CHECK(lib->easy_setopt(handle, CURLOPT_NOSIGNAL, 1L) == CURLE_OK);
  lib->easy_cleanup(handle);
  CHECK(std::string(lib->easy_strerror(CURLE_COULDNT_CONNECT)) == "Couldn't connect to server");
}

}  // namespace
}  // namespace sidecarctl::kube
