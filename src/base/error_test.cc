#include "base/error.h"

#include <doctest/doctest.h>

#include "base/result.h"

namespace sidecarctl {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return make_error(ErrorKind::kInvalidInput, "not positive");
  return v;
}

Result<int> doubled(int v) {
  TRY_ASSIGN(int x, parse_positive(v));
  return x * 2;
}

TEST_CASE("error text carries file, document, line and column") {
  Error e = make_error(ErrorKind::kInvalidInput, "bad thing", SourceLoc{"deploy.yaml", 1, 12, 5});
  CHECK(e.to_string() == "deploy.yaml:12:5: (document 2) bad thing");
  CHECK(make_error(ErrorKind::kIo, "x", SourceLoc{"a.yaml", -1, 3, 0}).to_string() == "a.yaml:3: x");
  CHECK(make_error(ErrorKind::kIo, "plain").to_string() == "plain");
  CHECK(e.with_context("loading").message == "loading: bad thing");
}

TEST_CASE("TRY_ASSIGN propagates errors and values") {
  CHECK(doubled(4).value() == 8);
  auto r = doubled(-1);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message == "not positive");
  CHECK(r.value_or(7) == 7);
}

}  // namespace
}  // namespace sidecarctl
