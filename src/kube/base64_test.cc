// Tests of base64 encoding and decoding (RFC 4648's test vectors, padding, bytes of every value).
#include "kube/base64.h"

#include <doctest/doctest.h>

namespace sidecarctl::kube {
namespace {

TEST_CASE("RFC 4648 test vectors") {
  const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char* encoded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (int i = 0; i < 7; ++i) {
    CHECK(base64_encode(plain[i]) == encoded[i]);
    CHECK(base64_decode(encoded[i]) == std::string(plain[i]));
  }
}

TEST_CASE("every byte value round-trips") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t n = 0; n <= bytes.size(); n += 37) {
    std::string part = bytes.substr(bytes.size() - n);
    CHECK(base64_decode(base64_encode(part)) == part);
  }
  CHECK(base64_encode(std::string("\xff\xfe\x00", 3)) == "//4A");
}

}  // namespace
}  // namespace sidecarctl::kube
