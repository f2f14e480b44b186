// Unit tests: field access on unchecked JSON never throws and falls back on every wrong shape.
#include "yaml/json_fields.h"

#include <doctest/doctest.h>

namespace sidecarctl::yaml {

TEST_CASE("string_field_or: the string, else the fallback") {
  auto j = nlohmann::json::parse(R"({"name": "web", "port": 5, "list": ["a"], "null": null})");
  CHECK(string_field_or(j, "name") == "web");
  CHECK(string_field_or(j, "port") == "");
  CHECK(string_field_or(j, "list", "x") == "x");
  CHECK(string_field_or(j, "null", "x") == "x");
  CHECK(string_field_or(j, "missing", "x") == "x");
  CHECK(string_field_or(nlohmann::json("text"), "name", "x") == "x");
  CHECK(string_field_or(nlohmann::json::array({1}), "name") == "");
}

TEST_CASE("bool_field_or: the boolean, else the fallback") {
  auto j = nlohmann::json::parse(R"({"yes": true, "no": false, "text": "true", "one": 1})");
  CHECK(bool_field_or(j, "yes", false));
  CHECK_FALSE(bool_field_or(j, "no", true));
  CHECK_FALSE(bool_field_or(j, "text", false));
  CHECK(bool_field_or(j, "one", true));
  CHECK_FALSE(bool_field_or(nlohmann::json(3), "yes", false));
}

TEST_CASE("object_field_or_empty: the object, else an empty object") {
  auto j = nlohmann::json::parse(R"({"metadata": {"name": "a"}, "spec": "x", "status": [1]})");
  CHECK(object_field_or_empty(j, "metadata")["name"] == "a");
  CHECK(object_field_or_empty(j, "spec").empty());
  CHECK(object_field_or_empty(j, "status").is_object());
  CHECK(object_field_or_empty(nlohmann::json(nullptr), "metadata").empty());
}

}  // namespace sidecarctl::yaml
