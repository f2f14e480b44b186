// Tests of loading a library at run time: found and missing functions, and a missing library.
#include "base/shared_library.h"

#include <doctest/doctest.h>

#include <string>

namespace sidecarctl {

TEST_CASE("SharedLibrary: resolves the functions it has and lists the ones it lacks") {
  auto libm = SharedLibrary::open("libm.so.6");
  REQUIRE(libm.has_value());
  double (*cosine)(double) = nullptr;
  double (*nothing)(double) = nullptr;
  libm->resolve("cos", &cosine);
  libm->resolve("no_such_function", &nothing);
  libm->resolve("not_this_either", &nothing);
  REQUIRE(static_cast<bool>(cosine));
  CHECK(cosine(0.0) == 1.0);
  CHECK_FALSE(static_cast<bool>(nothing));
  CHECK(libm->missing() == "no_such_function, not_this_either");
}

TEST_CASE("SharedLibrary: a library that is not there is an error with the loader's reason") {
  auto none = SharedLibrary::open("libsidecarctl-no-such-library.so.1");
  REQUIRE_FALSE(none.has_value());
  CHECK(none.error().message.find("libsidecarctl-no-such-library.so.1") != std::string::npos);
}

}  // namespace sidecarctl
