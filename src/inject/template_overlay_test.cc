// Unit tests of the template pod: merging names only must give the names, and the errors, that
// merging whole templates gives.
#include "inject/template_overlay.h"

#include <doctest/doctest.h>

#include <string>

namespace sidecarctl::inject {
namespace {

// The names of a spec list, as the status annotation reads them.
std::string names(const Json& spec, const char* key) {
  if (!spec.contains(key) || !spec[key].is_array()) return "-";
  std::string out;
  for (const Json& item : spec[key]) {
    out += item.is_object() && item.contains("name") && item["name"].is_string() ? item["name"].get<std::string>() : "?";
    out += ',';
  }
  return out;
}

// Adds `patches` to a shortcut and a whole-merge template pod; both must agree on names and errors.
void check_agree(const std::vector<Json>& patches) {
  TemplatePod shortcut, full(true);
  for (const Json& patch : patches) {
    CAPTURE(patch.dump());
    auto a = shortcut.add(patch);
    auto b = full.add(patch);
    REQUIRE(a.has_value() == b.has_value());
    if (!a) {
      CHECK(a.error().message == b.error().message);
      return;
    }
    for (const char* key : {"containers", "initContainers", "volumes", "imagePullSecrets"}) {
      CHECK(names(shortcut.spec(), key) == names(full.spec(), key));
    }
    CHECK(shortcut.check_in_full().has_value());
  }
}

const Json kSidecar = Json::parse(R"({
  "metadata": {"labels": {"security.istio.io/tlsMode": "istio"}, "annotations": {"a": "b"}},
  "spec": {
    "initContainers": [{"name": "istio-init", "image": "proxyv2", "args": ["-p", "15001"]}],
    "containers": [{"name": "istio-proxy", "image": "proxyv2", "ports": [{"containerPort": 15090}]},
                   {"name": "app"}],
    "volumes": [{"name": "istio-envoy", "emptyDir": {"medium": "Memory"}}, {"name": "istio-data", "emptyDir": {}}],
    "imagePullSecrets": [{"name": "regcred"}],
    "securityContext": {"fsGroup": 1337}
  }})");

TEST_CASE("the template pod's names merged alone are those of whole templates") {
  check_agree({kSidecar});
  check_agree({kSidecar, kSidecar});
  // A second template renaming nothing but adding containers and volumes.
  check_agree({kSidecar, Json::parse(R"({"spec": {"containers": [{"name": "extra", "image": "x"}],
                                                  "volumes": [{"name": "v2", "secret": {"secretName": "s"}}]}})")});
  // Templates rendering nothing, or no spec.
  check_agree({Json(), kSidecar, Json()});
  check_agree({Json::parse(R"({"metadata": {"labels": {"a": "b"}}})"), kSidecar});
}

TEST_CASE("a template with a strategic-merge directive merges whole") {
  // $patch: delete removes a container the name-only merge would keep.
  check_agree({kSidecar, Json::parse(R"({"spec": {"containers": [{"name": "app", "$patch": "delete"}]}})")});
  check_agree({kSidecar, Json::parse(R"({"spec": {"$patch": "replace", "containers": [{"name": "only"}]}})")});
  check_agree({kSidecar, Json::parse(R"({"spec": {"$setElementOrder/containers": [{"name": "app"}, {"name": "istio-proxy"}],
                                                  "containers": [{"name": "app", "image": "y"}]}})")});
}

TEST_CASE("errors of the template pod are those of whole templates") {
  // In the named lists: a missing merge key, an item that is not an object, a list that is not one,
  // a name that is not a string.
  check_agree({Json::parse(R"({"spec": {"containers": [{"image": "no-name"}]}})")});
  check_agree({Json::parse(R"({"spec": {"containers": ["istio-proxy"]}})")});
  check_agree({Json::parse(R"({"spec": {"volumes": "none"}})")});
  check_agree({Json::parse(R"({"spec": {"containers": [{"name": 5}]}})")});
  check_agree({Json::parse(R"({"spec": 7})")});
  check_agree({Json::parse(R"([1, 2])")});
}

TEST_CASE("errors outside the names are found when the workload's merge fails") {
  // Merging names alone cannot see a wrong type elsewhere in a template; check_in_full, called
  // when the same template failed on the workload's pod, reports the whole merge's error.
  const Json bad = Json::parse(R"({"spec": {"containers": [{"name": "istio-proxy", "ports": "many"}]}})");
  TemplatePod shortcut, full(true);
  REQUIRE(shortcut.add(bad).has_value());
  auto whole = full.add(bad);
  REQUIRE_FALSE(whole.has_value());
  auto checked = shortcut.check_in_full();
  REQUIRE_FALSE(checked.has_value());
  CHECK(checked.error().message == whole.error().message);
}

}  // namespace
}  // namespace sidecarctl::inject
