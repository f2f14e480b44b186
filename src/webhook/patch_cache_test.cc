// Tests for the webhook's patch cache: equal pod and path find the patch, anything else misses,
// and the entry and byte bounds evict the least recently used first.
#include "webhook/patch_cache.h"

#include <doctest/doctest.h>

#include <string>

namespace sidecarctl::webhook {
namespace {

Json pod(const std::string& app) {
  return Json{{"metadata", {{"generateName", app + "-"}, {"labels", {{"app", app}}}}},
              {"spec", {{"containers", Json::array({{{"name", app}, {"image", "nginx"}}})}}}};
}

TEST_CASE("an equal pod on the same path finds the patch; another pod or path does not") {
  PatchCache cache(8, 1 << 20);
  CHECK(!cache.find("/inject", pod("web")));
  cache.insert("/inject", pod("web"), "[web]", 100);
  CHECK(cache.find("/inject", pod("web")) == std::optional<std::string>("[web]"));
  CHECK(!cache.find("/inject/cluster/east/net/n1", pod("web")));
  CHECK(!cache.find("/inject", pod("api")));
  Json relabelled = pod("web");
  relabelled["metadata"]["labels"]["version"] = "v2";
  CHECK(!cache.find("/inject", relabelled));
  // Inserting an entry it already has keeps one.
  cache.insert("/inject", pod("web"), "[web again]", 100);
  CHECK(cache.size() == 1);
  CHECK(cache.find("/inject", pod("web")) == std::optional<std::string>("[web]"));
}

TEST_CASE("the least recently used entry goes first when entries or bytes run out") {
  PatchCache cache(2, 1 << 20);
  cache.insert("/inject", pod("a"), "[a]", 10);
  cache.insert("/inject", pod("b"), "[b]", 10);
  CHECK(cache.find("/inject", pod("a")));  // a is now the most recent
  cache.insert("/inject", pod("c"), "[c]", 10);
  CHECK(cache.size() == 2);
  CHECK(cache.find("/inject", pod("a")));
  CHECK(!cache.find("/inject", pod("b")));
  CHECK(cache.find("/inject", pod("c")));

  PatchCache small(100, 100);
  small.insert("/inject", pod("a"), std::string(40, 'a'), 10);  // 57 bytes with the path
  CHECK(small.bytes() == 57);
  small.insert("/inject", pod("b"), std::string(20, 'b'), 10);  // 37 more: 94
  CHECK(small.size() == 2);
  small.insert("/inject", pod("c"), std::string(20, 'c'), 10);  // a goes
  CHECK(small.size() == 2);
  CHECK(!small.find("/inject", pod("a")));
  CHECK(small.bytes() == 74);
  small.insert("/inject", pod("d"), std::string(200, 'd'), 10);  // over the whole budget: not kept
  CHECK(!small.find("/inject", pod("d")));
  CHECK(small.size() == 2);
}

TEST_CASE("no entries: nothing is kept") {
  PatchCache off(0, 1 << 20);
  off.insert("/inject", pod("a"), "[a]", 10);
  CHECK(off.size() == 0);
  CHECK(!off.find("/inject", pod("a")));
}

}  // namespace
}  // namespace sidecarctl::webhook
