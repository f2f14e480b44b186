// Unit tests: field access on unchecked JSON never throws and falls back on every wrong shape;
// node_at_pointer finds what nlohmann's json_pointer finds.
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

TEST_CASE("node_at_pointer finds what nlohmann's json_pointer finds") {
  const nlohmann::json doc = nlohmann::json::parse(R"({"a": {"b": [10, {"c": null}, [1, 2]], "": 1, "x/y": 2,
      "m~n": 3, "~1": 4}, "list": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], "s": "text"})");
  for (std::string pointer : {"",
                              "/",
                              "/a",
                              "/a/b",
                              "/a/b/0",
                              "/a/b/1/c",
                              "/a/b/2/1",
                              "/a/b/3",
                              "/a/b/-",
                              "/a/b/01",
                              "/a/b/00",
                              "/a/b/1e0",
                              "/a/b/+1",
                              "/a/b/ 1",
                              "/a/b/",
                              "/a/",
                              "/a/x~1y",
                              "/a/m~0n",
                              "/a/~01",
                              "/a/~2",
                              "/a/~",
                              "/a/x/y",
                              "/list/11",
                              "/list/12",
                              "/list/10",
                              "/list/18446744073709551616",
                              "/list/99999999999999999999",
                              "/s/0",
                              "/s",
                              "a",
                              "a/b",
                              "//",
                              "/a/b/1/c/d",
                              "/missing",
                              "/list/1/x"}) {
    CAPTURE(pointer);
    const nlohmann::json* expected = nullptr;
    try {
      nlohmann::json::json_pointer p{pointer};
      if (doc.contains(p)) expected = &doc.at(p);
    } catch (const nlohmann::json::exception&) {
    }
    CHECK(node_at_pointer(doc, pointer) == expected);
  }
}

}  // namespace sidecarctl::yaml
