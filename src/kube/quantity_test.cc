#include "kube/quantity.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>

namespace sidecarctl::kube {
namespace {

std::string canon(std::string_view text) {
  auto r = canonical_quantity(text);
  REQUIRE_MESSAGE(r.has_value(), std::string(text));
  return r.value();
}

TEST_CASE("quantities print in apimachinery's canonical form") {
  const std::pair<const char*, const char*> cases[] = {
      {"0", "0"},
      {"0.5", "500m"},
      {"0.1", "100m"},
      {"1.5", "1500m"},
      {"1.0", "1"},
      {"-0.5", "-500m"},
      {"2000m", "2"},
      {"1000", "1k"},
      {"12.000", "12"},
      {"1024Mi", "1Gi"},
      {"2048Ki", "2Mi"},
      {"1.5Gi", "1536Mi"},
      {"1000Gi", "1000Gi"},
      {"1.1Ki", "1126400m"},
      {"0.5Ki", "512"},
      {"0.1n", "1n"},
      {"0.000000001", "1n"},
      {"0.0000000001", "1n"},
      {"1.5e3", "1500"},
      {"5e1", "50"},
      {"0m", "0"},
      {"16Ei", "9223372036854775807"},
      {"1000E", "1"},  // exponent 21 has no SI suffix: apimachinery prints the bare mantissa
      {"123456789012345678901234", "123456789012345678901234"},
  };
  for (const auto& [in, out] : cases) {
    CAPTURE(in);
    CHECK(canon(in) == out);
  }
}

TEST_CASE("quantities already in canonical form keep the text they were written with") {
  for (const char* text : {"100m", "1e3", "1E3", "1e-3", "100M", "-1", "+1", "007", "1.500", "1Ki", "10Gi",
                           "-1Gi", "1n", "1u", "512", "1Ei", "8Ki"}) {
    CAPTURE(text);
    if (std::string(text) == "8Ki") {
      CHECK(canon(text) == "8Ki");  // 8 is a multiple of 8: recomputed, same text
    } else {
      CHECK(canon(text) == text);
    }
  }
}

TEST_CASE("invalid quantities are errors with apimachinery's wording") {
  const std::string wrong =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  const std::string suffix = "unable to parse quantity's suffix";
  const std::pair<const char*, const std::string*> cases[] = {
      {"", &wrong}, {"abc", &wrong}, {"1Mb", &wrong}, {"1.2.3", &wrong}, {"1 ", &wrong},
      {"1kk", &suffix}, {"1e", &suffix}, {"--1", &suffix}, {"1Ki2", &suffix},
  };
  for (const auto& [in, message] : cases) {
    CAPTURE(in);
    auto r = Quantity::parse(in);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == *message);
    CHECK(r.error().kind == ErrorKind::kInvalidInput);
  }
}

TEST_CASE("quantities from JSON values: numbers by their Go JSON text, null is zero") {
  using nlohmann::json;
  CHECK(canonical_quantity(json(0.5)).value() == "500m");
  CHECK(canonical_quantity(json(2)).value() == "2");
  CHECK(canonical_quantity(json(1000)).value() == "1k");
  CHECK(canonical_quantity(json(1e3)).value() == "1k");
  CHECK(canonical_quantity(json(2.5)).value() == "2500m");
  CHECK(canonical_quantity(json(1e21)).value() == "1e+21");
  CHECK(canonical_quantity(json(nullptr)).value() == "0");
  CHECK(canonical_quantity(json(" 1Gi ")).value() == "1Gi");
  CHECK(canonical_quantity(json("100m")).value() == "100m");
  CHECK_FALSE(canonical_quantity(json(true)).has_value());
  CHECK_FALSE(canonical_quantity(json::object()).has_value());
}

TEST_CASE("quantity properties") {
  auto q = Quantity::parse("-1.5Gi");
  REQUIRE(q.has_value());
  CHECK(q->negative());
  CHECK(q->format() == QuantityFormat::kBinarySI);
  CHECK(q->to_string() == "-1536Mi");
  CHECK(Quantity::parse("0Ki")->is_zero());
  CHECK(Quantity::parse("0.5Ki")->format() == QuantityFormat::kBinarySI);
  CHECK(Quantity::parse("0.5e3")->format() == QuantityFormat::kDecimalExponent);
}

TEST_CASE("canonical texts kept per thread answer as a fresh parse does, past the number kept") {
  // 600 distinct texts, twice: the second round meets kept answers and texts dropped when the
  // store filled up; an invalid text stays an error every time.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 600; ++i) {
      const std::string text = std::to_string(i) + "000m";
      auto kept = canonical_quantity(std::string_view(text));
      auto fresh = Quantity::parse(text);
      REQUIRE(kept.has_value());
      REQUIRE(fresh.has_value());
      CHECK(*kept == fresh->to_string());
    }
    CHECK_FALSE(canonical_quantity(std::string_view("12 apples")).has_value());
  }
  CHECK(*canonical_quantity(std::string_view("1500m")) == "1500m");
  CHECK(*canonical_quantity(std::string_view("2000m")) == "2");
}

}  // namespace
}  // namespace sidecarctl::kube
