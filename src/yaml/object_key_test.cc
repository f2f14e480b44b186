// ObjectKey against std::string's own order: every pair of a set of keys that differ in their
// first byte, in a later byte, in length only, or by bytes above 0x7F, and lookups in an object.
#include "yaml/object_key.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace sidecarctl::yaml {
namespace {

const std::vector<std::string>& keys() {
  static const std::vector<std::string> all = {
      "", "a", "b", "ab", "abc", "abd", "abcd", "B", "Z", "zz", "\x7F", "\x80", "\xC3\xA9t\xC3\xA9",
      "\xFF", std::string("a\0b", 3), std::string("a\0", 2), "name", "namespace", "names", "annotations"};
  return all;
}

TEST_CASE("ObjectKey orders as std::string does") {
  for (const std::string& a : keys()) {
    for (const std::string& b : keys()) {
      CAPTURE(a);
      CAPTURE(b);
      CHECK((a < ObjectKey{b}) == (a < b));
      CHECK((ObjectKey{a} < b) == (a < b));
      const int sign = compare_object_keys(a, b);
      CHECK((sign < 0) == (a < b));
      CHECK((sign == 0) == (a == b));
    }
  }
}

TEST_CASE("find_member finds what find with a std::string finds") {
  nlohmann::json object = nlohmann::json::object();
  for (std::size_t i = 0; i < keys().size(); i += 2) object[keys()[i]] = i;
  const auto& members = object.get_ref<const nlohmann::json::object_t&>();
  for (const std::string& k : keys()) {
    CAPTURE(k);
    auto expected = members.find(k);
    auto found = find_member(members, k);
    CHECK(found == expected);
  }
  // The overload for a mutable object gives an iterator to write through.
  auto& writable = object.get_ref<nlohmann::json::object_t&>();
  auto member = find_member(writable, "abc");
  REQUIRE(member != writable.end());
  member->second = "written";
  CHECK(object["abc"] == "written");
  CHECK(find_member(writable, "abd") == writable.end());
}

TEST_CASE("member_of gives an object's member, or nullptr") {
  const nlohmann::json object = {{"image", "proxyv2"}, {"ports", nlohmann::json::array()}};
  const nlohmann::json* image = member_of(object, "image");
  REQUIRE(image != nullptr);
  CHECK(*image == "proxyv2");
  CHECK(member_of(object, "ports") == &object["ports"]);
  CHECK(member_of(object, "imag") == nullptr);
  CHECK(member_of(object, "") == nullptr);
  // Not an object: an array, a string or null has no members.
  CHECK(member_of(nlohmann::json::array({"image"}), "image") == nullptr);
  CHECK(member_of(nlohmann::json("image"), "image") == nullptr);
  CHECK(member_of(nlohmann::json(), "image") == nullptr);
}

}  // namespace
}  // namespace sidecarctl::yaml
