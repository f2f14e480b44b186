// The golden table testdata/yaml/scalars.txt drives scalar resolution through load_stream.
#include "yaml/scalar_resolution.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "base/file_io.h"
#include "yaml/document.h"
#include "yaml/emit.h"
#include "yaml/go_format.h"

namespace sidecarctl::yaml {
namespace {

std::string describe(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return v.get<bool>() ? "bool true" : "bool false";
    case Json::value_t::number_integer: return "int " + std::to_string(v.get<std::int64_t>());
    case Json::value_t::number_unsigned: return "uint " + std::to_string(v.get<std::uint64_t>());
    case Json::value_t::number_float: return "float " + format_float_g(v.get<double>());
    case Json::value_t::string: return "str " + v.dump();
    default: return "collection " + to_json(v);
  }
}

TEST_CASE("scalar golden table") {
  std::string path = std::string(SIDECARCTL_SOURCE_DIR) + "/testdata/yaml/scalars.txt";
  Result<std::string> table = read_file(path);
  REQUIRE_MESSAGE(table.has_value(), path);
  std::istringstream lines(table.value());
  std::string line;
  int cases = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t sep = line.find("  =>  ");
    REQUIRE_MESSAGE(sep != std::string::npos, line);
    std::string input = line.substr(0, sep);
    std::string expected = line.substr(sep + 6);
    Result<Json> value = parse_value("v: " + input + "\n", "scalars.txt");
    ++cases;
    if (expected == "error") {
      CHECK_MESSAGE(!value.has_value(), input);
      continue;
    }
    REQUIRE_MESSAGE(value.has_value(), input << ": " << value.error().to_string());
    CHECK_MESSAGE(describe(value.value()["v"]) == expected, "input: " << input);
  }
  CHECK(cases > 100);
}

TEST_CASE("an empty value is null and an empty stream has no documents") {
  CHECK(parse_value("v:\n", "x").value()["v"].is_null());
  CHECK(parse_value("", "x").value().is_null());
}

TEST_CASE("explicit tags that do not fit their value are errors") {
  Result<Json> r = parse_value("v: !!int abc\n", "f.yaml");
  REQUIRE(!r.has_value());
  CHECK(r.error().to_string() == "f.yaml:1:4: cannot decode !!str `abc` as a !!int");
  CHECK(!parse_value("v: !!bool 1\n", "f").has_value());
  CHECK(!parse_value("v: !!float 18446744073709551615\n", "f").has_value());
  CHECK(!parse_value("v: !!binary '!!'\n", "f").has_value());
}

TEST_CASE("timestamps as go-yaml v2 recognises them") {
  CHECK(is_timestamp("2001-12-14"));
  CHECK(is_timestamp("2001-1-2"));
  CHECK(is_timestamp("2001-12-14t21:59:43.10+05:30"));
  CHECK(is_timestamp("2001-12-14   1:2:3"));
  CHECK_FALSE(is_timestamp("2001-12-14T21:59:43"));  // 'T' layouts need a zone
  CHECK_FALSE(is_timestamp("2001-13-01"));
  CHECK_FALSE(is_timestamp("2001-02-29"));
  CHECK(is_timestamp("2000-02-29"));
  CHECK_FALSE(is_timestamp("01-12-14"));
  CHECK_FALSE(is_timestamp("2001-12-14x"));
  CHECK_FALSE(is_timestamp("2001-12-14 25:00:00"));
}

TEST_CASE("sexagesimal-looking strings") {
  CHECK(is_base60_float("1:20"));
  CHECK(is_base60_float("-1:20.5"));
  CHECK(is_base60_float("190:20:30"));
  CHECK(is_base60_float("1_0:59"));
  CHECK_FALSE(is_base60_float("8080:80"));
  CHECK_FALSE(is_base60_float("1:60"));
  CHECK_FALSE(is_base60_float("a:1"));
  CHECK_FALSE(is_base60_float("1:"));
  CHECK_FALSE(is_base60_float("12"));
}

TEST_CASE("a first byte that cannot start anything but a string") {
  // Texts whose resolution is not a string start with a byte may_resolve_to_non_string admits.
  for (const char* typed :
       {"y",    "Yes",   "n",     "NO",    "true", "False", "on",         "OFF", "~",  "null",
        "Null", ".inf",  "-.Inf", "+.INF", ".nan", "0",     "12",         "-1",  "+1", "0x1F",
        "0o17", "0b101", "-0b1",  "1_000", "1e3",  ".5",    "2001-12-14", ""}) {
    CAPTURE(typed);
    REQUIRE(resolve_scalar("", typed).kind != ScalarKind::kString);
    CHECK(may_resolve_to_non_string(std::string_view(typed).empty() ? 'N' : typed[0]));
  }
  // Every other first byte, followed by what could make a number or a word: a string.
  const char* rests[] = {"", "es", "rue", "ull", "ff", "1", "0", "x1F", ".5", "e3", "_0", "nf", "an", "<"};
  for (int b = 0; b < 256; ++b) {
    const char first = static_cast<char>(b);
    if (may_resolve_to_non_string(first)) continue;
    for (const char* rest : rests) {
      const std::string text = std::string(1, first) + rest;
      CAPTURE(text);
      CHECK(resolve_scalar("", text).kind == ScalarKind::kString);
    }
  }
}

}  // namespace
}  // namespace sidecarctl::yaml
