// Result<void>: success, failure, and copies that own their own Error.
#include "base/result.h"

#include <doctest/doctest.h>

namespace sidecarctl {
namespace {

Result<void> fail_with(const std::string& message) { return make_error(ErrorKind::kInvalidInput, message); }

Result<void> passes_on(const std::string& message) {
  TRY(fail_with(message));
  return {};
}

TEST_CASE("Result<void> is a success by default and carries an error otherwise") {
  Result<void> ok;
  CHECK(ok.has_value());
  CHECK(static_cast<bool>(ok));

  Result<void> failed = fail_with("bad");
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().kind == ErrorKind::kInvalidInput);
  CHECK(failed.error().message == "bad");
}

TEST_CASE("TRY passes a Result<void>'s error on unchanged") {
  Result<void> r = passes_on("deep");
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "deep");
}

TEST_CASE("a copied Result<void> owns its error; a moved-from one is left alone by the copy") {
  Result<void> failed = fail_with("first");
  Result<void> copy = failed;
  copy.error().message = "changed";
  CHECK(failed.error().message == "first");

  Result<void> assigned;
  assigned = failed;
  REQUIRE_FALSE(assigned);
  CHECK(assigned.error().message == "first");
  assigned = Result<void>();
  CHECK(assigned.has_value());

  Result<void> moved = std::move(failed);
  REQUIRE_FALSE(moved);
  CHECK(moved.error().message == "first");

  const Result<void>& self = moved;
  moved = self;
  REQUIRE_FALSE(moved);
  CHECK(moved.error().message == "first");
}

}  // namespace
}  // namespace sidecarctl
