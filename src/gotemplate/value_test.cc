// Value: JSON views, Go type names, truth, maps shared by reference, and the bounds on walking
// and releasing nested values.
#include "gotemplate/value.h"

#include <doctest/doctest.h>

#include "gotemplate/function.h"
#include "gotemplate/step_budget.h"

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
  CHECK(m.map_set("b", Value::from_string("x")));
  CHECK(alias.map_keys() == std::vector<std::string>{"a", "b"});
  alias.map_erase("a");
  CHECK(m.map_keys() == std::vector<std::string>{"b"});
  Value j = Value::from_json(Json::parse(R"({"o":{"k":1}})"));
  Value o = *j.map_find("o");
  CHECK(o.map_set("n", Value::from_bool(true)));
  CHECK(j.to_json().dump() == R"({"o":{"k":1,"n":true}})");
}

TEST_CASE("map_set refuses a value that holds the map, which would make the map contain itself") {
  Value m = Value::from_map({});
  CHECK_FALSE(m.map_set("self", m));
  Value wrapper = Value::from_list({Value::from_int(1), Value::from_map({{"inner", m}})});
  CHECK_FALSE(m.map_set("nested", wrapper));
  CHECK(m.map_size() == 0);
  // Another map holding the same contents, or this map's JSON copy, is fine.
  CHECK(m.map_set("other", Value::from_map({})));
  CHECK(m.map_set("list", Value::from_list({Value::from_map({{"x", Value::from_int(1)}})})));
  CHECK(m.map_size() == 2);
}

TEST_CASE("releasing a value nested a million levels deep does not recurse") {
  Value chain = Value::from_list({});
  for (int i = 0; i < 1'000'000; ++i) chain = Value::from_list({chain});
  Value maps = Value::from_map({});
  for (int i = 0; i < 1'000'000; ++i) maps = Value::from_map({{"a", maps}});
  chain = Value();  // the old code overflowed the stack here
  maps = Value();
  CHECK(chain.is_missing());
}

TEST_CASE("to_json stops past kMaxValueDepth levels and charges the active step budget") {
  Value v = Value::from_int(1);
  for (int i = 0; i < kMaxValueDepth; ++i) v = Value::from_list({v});
  CHECK(v.to_json().is_array());  // kMaxValueDepth levels of lists around a scalar
  Value deeper = Value::from_list({v});
  CHECK_THROWS_WITH_AS(deeper.to_json(), "value nested too deeply (more than 2000 levels)", FunctionError);

  // A list that shares itself: 2^40 leaves, but the budget stops the walk.
  Value shared = Value::from_list({Value::from_int(1)});
  for (int i = 0; i < 40; ++i) shared = Value::from_list({shared, shared});
  StepBudget budget(100'000);
  {
    ActiveStepBudget active(budget);
    CHECK_THROWS_WITH_AS(shared.to_json(), "exceeded maximum execution steps (100000)", FunctionError);
  }
  // Outside an execution nothing is charged.
  CHECK(Value::from_list({Value::from_int(1), Value::from_int(2)}).to_json().size() == 2);

  StepBudget copies(1000);
  ActiveStepBudget active(copies);
  Value doc = Value::from_json(Json::parse(R"({"a":[1,2,3],"b":"x"})"));
  (void)doc.to_json();
  CHECK(copies.charge(0));
  CHECK_FALSE(copies.charge(1000 - 6 * kCopyStepsPerElement + 1));  // the copy above: 6 JSON nodes
}

}  // namespace sidecarctl::gotemplate
