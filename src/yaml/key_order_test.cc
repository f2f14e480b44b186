#include "yaml/key_order.h"

#include <doctest/doctest.h>

namespace sidecarctl::yaml {
namespace {

TEST_CASE("go-yaml v2 key order") {
  CHECK(go_yaml_key_less("a", "b"));
  CHECK(go_yaml_key_less("B", "a"));     // letters by code point
  CHECK(go_yaml_key_less("_x", "1"));    // a non-digit run counts as 0
  CHECK(go_yaml_key_less("9", "10"));    // digit runs compare as numbers
  CHECK(go_yaml_key_less("a2", "a10"));
  CHECK(go_yaml_key_less("a1", "a01"));  // equal numbers: the shorter run first
  CHECK_FALSE(go_yaml_key_less("a01", "a1"));
  CHECK(go_yaml_key_less("100", "101"));
  CHECK(go_yaml_key_less("10", "100"));
  CHECK(go_yaml_key_less("105", "10a"));  // non-letters before letters
  CHECK(go_yaml_key_less("a", "ab"));
  CHECK(go_yaml_key_less("z", "\xC3\xA9"));  // both letters: code points
  CHECK(go_yaml_key_less("-", "a"));
  CHECK_FALSE(go_yaml_key_less("a", "a"));
  std::vector<std::string> keys = {"spec", "metadata", "apiVersion", "kind", "status"};
  std::vector<const std::string*> order;
  for (const auto& k : keys) order.push_back(&k);
  sort_by_go_yaml_key(order, [](const std::string* k) -> const std::string& { return *k; });
  CHECK(*order[0] == "apiVersion");
  CHECK(*order[1] == "kind");
  CHECK(*order[2] == "metadata");
  CHECK(*order[3] == "spec");
  CHECK(*order[4] == "status");
}

}  // namespace
}  // namespace sidecarctl::yaml
