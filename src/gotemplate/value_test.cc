// Value: JSON views, Go type names, truth.
#include "gotemplate/value.h"

#include <doctest/doctest.h>

namespace sidecarctl::gotemplate {

TEST_CASE("from_json views numbers as int64 or float64 and keeps maps sorted") {
  auto v = Value::from_json(Json::parse(R"({"b": 1, "a": 1.5, "c": [1, "x", null], "d": 18446744073709551615})"));
  REQUIRE(v.kind() == Value::Kind::kMap);
  CHECK(v.map_keys() == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(v.map_find("a")->go_type_name() == "float64");
  CHECK(v.map_find("b")->go_type_name() == "int64");
  CHECK(v.map_find("d")->go_type_name() == "float64");
  auto c = *v.map_find("c");
  CHECK(c.go_type_name() == "[]interface {}");
  CHECK(c.list_size() == 3);
  CHECK(c.list_at(1).as_string() == "x");
  CHECK(c.list_at(2).is_nil());
  CHECK_FALSE(v.map_find("zz").has_value());
  CHECK(v.map_find("c")->to_json().dump() == R"([1,"x",null])");
}

TEST_CASE("truth follows text/template") {
  CHECK_FALSE(Value().truth());
  CHECK_FALSE(Value::nil().truth());
  CHECK_FALSE(Value::from_int(0).truth());
  CHECK(Value::from_int64(-1).truth());
  CHECK_FALSE(Value::from_float(0.0).truth());
  CHECK(Value::from_string("0").truth());
  CHECK_FALSE(Value::from_string("").truth());
  CHECK_FALSE(Value::from_list({}).truth());
  CHECK_FALSE(Value::from_json(Json::object()).truth());
  CHECK(Value::from_string_map({{"a", "b"}}).truth());
}

}  // namespace sidecarctl::gotemplate

namespace sidecarctl::gotemplate {

TEST_CASE("map_set and map_erase change the map every holder sees, as Go maps do") {
  Value m = Value::from_map({{"a", Value::from_int(1)}});
  Value alias = m;
  m.map_set("b", Value::from_string("x"));
  CHECK(alias.map_keys() == std::vector<std::string>{"a", "b"});
  alias.map_erase("a");
  CHECK(m.map_keys() == std::vector<std::string>{"b"});
  Value j = Value::from_json(Json::parse(R"({"o":{"k":1}})"));
  Value o = *j.map_find("o");
  o.map_set("n", Value::from_bool(true));
  CHECK(j.to_json().dump() == R"({"o":{"k":1,"n":true}})");
}

}  // namespace sidecarctl::gotemplate
