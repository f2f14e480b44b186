// Tests for JSON Patch creation: applying the patch (nlohmann's RFC 6902 implementation, written
// independently of ours) to the source must give the target.
#include "webhook/json_patch.h"

#include <doctest/doctest.h>

#include <random>

namespace sidecarctl::webhook {
namespace {

void check_round_trip(const Json& from, const Json& to) {
  Json patch = create_patch(from, to);
  CAPTURE(patch.dump());
  CHECK(from.patch(patch) == to);
}

TEST_CASE("equal documents give an empty patch") {
  Json doc = Json::parse(R"({"a":[1,2,{"b":null}],"c":"x"})");
  CHECK(create_patch(doc, doc) == Json::array());
}

TEST_CASE("object keys are added, removed and replaced; pointer tokens are escaped") {
  Json from = Json::parse(R"({"metadata":{"annotations":{"a~b":"1","gone":"x"}}})");
  Json to = Json::parse(R"({"metadata":{"annotations":{"a~b":"2","sidecar.istio.io/status":"{}"}}})");
  Json patch = create_patch(from, to);
  CHECK(patch == Json::parse(R"([
    {"op":"replace","path":"/metadata/annotations/a~0b","value":"2"},
    {"op":"remove","path":"/metadata/annotations/gone"},
    {"op":"add","path":"/metadata/annotations/sidecar.istio.io~1status","value":"{}"}])"));
  check_round_trip(from, to);
}

TEST_CASE("arrays: an insertion at the front or the end is one add; removals go last first") {
  Json from = Json::parse(R"({"c":[{"name":"app"}]})");
  Json front = Json::parse(R"({"c":[{"name":"istio-init"},{"name":"app"}]})");
  CHECK(create_patch(from, front) ==
        Json::parse(R"([{"op":"add","path":"/c/0","value":{"name":"istio-init"}}])"));
  Json back = Json::parse(R"({"c":[{"name":"app"},{"name":"istio-proxy"}]})");
  CHECK(create_patch(from, back) ==
        Json::parse(R"([{"op":"add","path":"/c/1","value":{"name":"istio-proxy"}}])"));
  check_round_trip(Json::parse("[1,2,3,4,5]"), Json::parse("[1,5]"));
  check_round_trip(Json::parse("[1,2,3]"), Json::parse("[9,1,8,3,7]"));
}

TEST_CASE("a changed type is one replace, also at the root") {
  check_round_trip(Json::parse(R"({"a":{"b":1}})"), Json::parse(R"({"a":[1]})"));
  check_round_trip(Json::parse("[1]"), Json::parse(R"({"a":1})"));
  check_round_trip(Json::parse(R"({"a":1})"), Json::parse(R"({"a":"1"})"));
}

// Random documents of small depth: every pair must round-trip.
Json random_value(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> pick(0, depth > 2 ? 3 : 5);
  std::uniform_int_distribution<int> small(0, 3);
  switch (pick(rng)) {
    case 0: return small(rng);
    case 1: return std::string(static_cast<std::size_t>(small(rng)), "a/~"[small(rng) % 3]);
    case 2: return nullptr;
    case 3: return small(rng) == 0;
    case 4: {
      Json a = Json::array();
      for (int i = small(rng); i > 0; --i) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      Json o = Json::object();
      for (int i = small(rng); i > 0; --i) o[std::string(1, "ab/~"[small(rng)])] = random_value(rng, depth + 1);
      return o;
    }
  }
}

TEST_CASE("random documents round-trip") {
  std::mt19937 rng(24);
  for (int i = 0; i < 3000; ++i) check_round_trip(random_value(rng, 0), random_value(rng, 0));
}

}  // namespace
}  // namespace sidecarctl::webhook
