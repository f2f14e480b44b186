#include "inject/native_sidecars.h"

#include <doctest/doctest.h>

namespace sidecarctl::inject {
namespace {

nlohmann::json node(const std::string& name, const std::string& version) {
  return {{"metadata", {{"name", name}}}, {"status", {{"nodeInfo", {{"kubeletVersion", version}}}}}};
}

TEST_CASE("kubelet versions: minor 33 or later, as hashicorp/go-version parses them") {
  CHECK(kubelet_supports_native_sidecars("v1.33.0") == true);
  CHECK(kubelet_supports_native_sidecars("v1.34.1-eks-3025e55") == true);
  CHECK(kubelet_supports_native_sidecars("1.33") == true);
  CHECK(kubelet_supports_native_sidecars("v1.35.0+k3s1") == true);
  CHECK(kubelet_supports_native_sidecars("v1.32.9") == false);
  CHECK(kubelet_supports_native_sidecars("v1.29.3-gke.1093000") == false);
  CHECK(kubelet_supports_native_sidecars("v1") == false);
  CHECK(kubelet_supports_native_sidecars("v2.0.0") == false);  // Istio looks at the minor only
  CHECK_FALSE(kubelet_supports_native_sidecars("").has_value());
  CHECK_FALSE(kubelet_supports_native_sidecars("latest").has_value());
  CHECK_FALSE(kubelet_supports_native_sidecars("v1.33.0 ").has_value());
  CHECK_FALSE(kubelet_supports_native_sidecars("1..33").has_value());
}

TEST_CASE("native sidecar support needs every node, remembers each node, and warns on bad versions") {
  CHECK(native_sidecar_support({}).all_nodes);
  auto mixed = native_sidecar_support({node("new", "v1.33.1"), node("old", "v1.31.4")});
  CHECK_FALSE(mixed.all_nodes);
  CHECK(mixed.by_node.at("new"));
  CHECK_FALSE(mixed.by_node.at("old"));
  CHECK(mixed.warnings.empty());
  auto bad = native_sidecar_support({node("n1", "v1.34.0"), node("weird", "unknown")});
  CHECK_FALSE(bad.all_nodes);
  REQUIRE(bad.warnings.size() == 1);
  CHECK(bad.warnings[0] == "could not read the kubelet version of node weird (\"unknown\"): native sidecars off");
  CHECK(native_sidecar_support({node("a", "v1.33.0"), node("b", "v1.35.2")}).all_nodes);
}

}  // namespace
}  // namespace sidecarctl::inject
