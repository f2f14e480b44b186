#include "kube/mesh_versions.h"

#include <doctest/doctest.h>

namespace sidecarctl::kube {
namespace {

Json istiod(const std::string& name, const std::string& revision, const std::string& component,
            const std::string& image) {
  Json labels = {{"app", "istiod"}};
  if (!revision.empty()) labels["istio.io/rev"] = revision;
  return {{"metadata", {{"name", name}, {"namespace", "istio-system"}, {"labels", labels}}},
          {"spec",
           {{"template",
             {{"metadata", {{"labels", {{"app", "istiod"}, {"istio", component}}}}},
              {"spec", {{"containers", Json::array({{{"name", "discovery"}, {"image", image}}})}}}}}}}};
}

Json config_map(const std::string& name, const std::string& revision_label = "") {
  Json meta = {{"name", name}, {"namespace", "istio-system"}};
  if (!revision_label.empty()) meta["labels"] = {{"istio.io/rev", revision_label}};
  return {{"metadata", meta}, {"data", {{"values", "{}"}}}};
}

// A pod of `owner` (ReplicaSet "<deployment>-abc12" when the owner is a Deployment name) with an
// istio-proxy container of `image` injected by `revision` ("" for no status annotation).
Json proxy_pod(const std::string& ns, const std::string& name, const std::string& image,
               const std::string& revision, const std::string& deployment = "", bool native = false) {
  Json pod = {{"metadata", {{"name", name}, {"namespace", ns}, {"labels", {{"pod-template-hash", "abc12"}}}}},
              {"spec", {{"containers", Json::array({{{"name", "app"}, {"image", "app:1"}}})}}},
              {"status", {{"phase", "Pending"}}}};
  Json proxy = {{"name", "istio-proxy"}, {"image", image}, {"args", Json::array({"proxy", "sidecar"})}};
  pod["spec"][native ? "initContainers" : "containers"].push_back(proxy);
  if (!revision.empty()) {
    pod["metadata"]["annotations"] = {
        {"sidecar.istio.io/status", R"({"containers":["istio-proxy"],"revision":")" + revision + R"("})"}};
  }
  if (!deployment.empty()) {
    pod["metadata"]["ownerReferences"] =
        Json::array({{{"kind", "ReplicaSet"}, {"name", deployment + "-abc12"}, {"controller", true}}});
  }
  return pod;
}

TEST_CASE("image_version: the tag, without Istio's image variants") {
  CHECK(image_version("docker.io/istio/proxyv2:1.27.1") == "1.27.1");
  CHECK(image_version("docker.io/istio/proxyv2:1.27.1-distroless") == "1.27.1");
  CHECK(image_version("gcr.io/istio-release/pilot:1.26.2-debug") == "1.26.2");
  CHECK(image_version("localhost:5000/istio/pilot:1.28.0-alpha.0") == "1.28.0-alpha.0");
  CHECK(image_version("istio/proxyv2:1.27.1@sha256:0123abcd") == "1.27.1");
  CHECK(image_version("proxyv2:latest") == "latest");
  CHECK(image_version("localhost:5000/istio/pilot") == "unknown");
  CHECK(image_version("istio/proxyv2@sha256:0123abcd") == "unknown");
  CHECK(image_version("istio/proxyv2:") == "unknown");
  CHECK(image_version("") == "unknown");
  CHECK(image_version("istio/proxyv2:-distroless") == "-distroless");
}

TEST_CASE("control planes from istiod Deployments and injector ConfigMaps") {
  auto mesh = mesh_versions(
      "istio-system",
      {istiod("istiod-1-27", "1-27", "istiod", "docker.io/istio/pilot:1.27.1-distroless"),
       istiod("istiod", "", "pilot", "docker.io/istio/pilot:1.26.2")},
      {config_map("istio-sidecar-injector", "default"), config_map("istio-sidecar-injector-1-27"),
       config_map("istio-sidecar-injector-old", "gone"), config_map("istio"),
       config_map("istio-sidecar-injectorx")},
      {});
  REQUIRE(mesh.control_planes.size() == 3);
  const ControlPlaneVersion& canary = mesh.control_planes[0];
  CHECK(canary.revision == "1-27");
  CHECK(canary.component == "istiod");
  CHECK(canary.version == "1.27.1");
  CHECK(canary.deployment == "istio-system/istiod-1-27");
  CHECK(canary.image == "docker.io/istio/pilot:1.27.1-distroless");
  CHECK(canary.injector == "istio-system/istio-sidecar-injector-1-27");
  const ControlPlaneVersion& stable = mesh.control_planes[1];
  CHECK(stable.revision == "default");
  CHECK(stable.component == "pilot");
  CHECK(stable.version == "1.26.2");
  CHECK(stable.injector == "istio-system/istio-sidecar-injector");
  // A revision with an injector ConfigMap and no istiod Deployment (its label names it, not the name).
  const ControlPlaneVersion& gone = mesh.control_planes[2];
  CHECK(gone.revision == "gone");
  CHECK(gone.deployment.empty());
  CHECK(gone.version.empty());
  CHECK(gone.injector == "istio-system/istio-sidecar-injector-old");
  CHECK(mesh.proxies.empty());
}

TEST_CASE("proxies: version, revision, type, and which differ from their control plane") {
  Json gateway = proxy_pod("istio-system", "istio-ingressgateway-abc12-x", "docker.io/istio/proxyv2:1.26.2",
                           "default", "istio-ingressgateway");
  gateway["spec"]["containers"][1]["args"] = Json::array({"proxy", "router"});
  Json finished = proxy_pod("shop", "job-1", "docker.io/istio/proxyv2:1.20.0", "default");
  finished["status"]["phase"] = "Succeeded";
  Json terminating = proxy_pod("shop", "web-abc12-old", "docker.io/istio/proxyv2:1.20.0", "default", "web");
  terminating["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z";
  Json plain = {{"metadata", {{"name", "no-sidecar"}, {"namespace", "shop"}}},
                {"spec", {{"containers", Json::array({{{"name", "app"}}})}}}};
  Json labelled = proxy_pod("pay", "labelled", "docker.io/istio/proxyv2:1.27.1", "");
  labelled["metadata"]["labels"]["istio.io/rev"] = "1-27";

  auto mesh = mesh_versions(
      "istio-system",
      {istiod("istiod", "default", "pilot", "docker.io/istio/pilot:1.26.2"),
       istiod("istiod-1-27", "1-27", "istiod", "docker.io/istio/pilot:1.27.1")},
      {config_map("istio-sidecar-injector-gone", "gone")},
      {proxy_pod("shop", "web-abc12-b", "docker.io/istio/proxyv2:1.26.2", "default", "web"),
       proxy_pod("shop", "web-abc12-a", "docker.io/istio/proxyv2:1.26.2", "default", "web"),
       proxy_pod("pay", "api-abc12-a", "docker.io/istio/proxyv2:1.26.2-distroless", "1-27", "api"),
       proxy_pod("pay", "api-abc12-b", "docker.io/istio/proxyv2:1.27.1", "1-27", "api", true),
       proxy_pod("pay", "lonely", "docker.io/istio/proxyv2:1.26.2", "1-27"), labelled,
       proxy_pod("legacy", "old-abc12-a", "docker.io/istio/proxyv2:1.25.0", "gone", "old"),
       proxy_pod("shop", "digest", "docker.io/istio/proxyv2@sha256:0123", "default", "digest"), gateway,
       finished, terminating, plain});

  REQUIRE(mesh.proxies.size() == 9);
  std::vector<std::string> names;
  for (const auto& p : mesh.proxies) names.push_back(p.ns + "/" + p.pod);
  CHECK(names == std::vector<std::string>{"istio-system/istio-ingressgateway-abc12-x", "legacy/old-abc12-a",
                                          "pay/api-abc12-a", "pay/api-abc12-b", "pay/labelled", "pay/lonely",
                                          "shop/digest", "shop/web-abc12-a", "shop/web-abc12-b"});
  const ProxyVersion& gw = mesh.proxies[0];
  CHECK(gw.type == "gateway");
  CHECK(gw.revision == "default");
  CHECK(gw.owner == "deployment/istio-ingressgateway");
  CHECK_FALSE(gw.outdated);
  const ProxyVersion& old = mesh.proxies[1];
  CHECK(old.revision == "gone");
  CHECK(old.control_plane_version.empty());
  CHECK_FALSE(old.outdated);  // no istiod Deployment to compare with
  const ProxyVersion& api_a = mesh.proxies[2];
  CHECK(api_a.type == "sidecar");
  CHECK(api_a.version == "1.26.2");
  CHECK(api_a.control_plane_version == "1.27.1");
  CHECK(api_a.outdated);
  CHECK(api_a.owner == "deployment/api");
  CHECK_FALSE(mesh.proxies[3].outdated);  // a native sidecar (init container) at its revision's version
  CHECK(mesh.proxies[3].version == "1.27.1");
  CHECK(mesh.proxies[4].revision == "1-27");  // from the istio.io/rev label without a status annotation
  CHECK_FALSE(mesh.proxies[4].outdated);
  CHECK(mesh.proxies[5].outdated);
  CHECK(mesh.proxies[5].owner.empty());
  CHECK(mesh.proxies[6].version == "unknown");
  CHECK_FALSE(mesh.proxies[6].outdated);  // a digest says nothing about the version

  auto counts = count_proxies(mesh);
  REQUIRE(counts.size() == 5);
  CHECK((counts[0].version == "1.25.0" && counts[0].revision == "gone" && counts[0].proxies == 1));
  CHECK_FALSE(counts[0].has_control_plane);
  CHECK((counts[1].version == "1.26.2" && counts[1].revision == "1-27" && counts[1].proxies == 2));
  CHECK((counts[2].version == "1.26.2" && counts[2].revision == "default" && counts[2].proxies == 3));
  CHECK(counts[2].has_control_plane);
  CHECK((counts[3].version == "1.27.1" && counts[3].revision == "1-27" && counts[3].proxies == 2));
  CHECK((counts[4].version == "unknown" && counts[4].revision == "default" && counts[4].proxies == 1));

  CHECK(
      outdated_proxy_restarts(mesh) ==
      std::vector<std::string>{
          "kubectl rollout restart deployment/api -n pay   # 1 pod to move from proxy 1.26.2 to 1.27.1",
          "pod/lonely -n pay has no controller to restart: recreate it to move from proxy 1.26.2 to 1.27.1"});
}

TEST_CASE("a revision whose istiod Deployments differ: a proxy matching either is up to date") {
  auto mesh = mesh_versions("istio-system",
                            {istiod("istiod", "default", "pilot", "pilot:1.27.1"),
                             istiod("istiod-next", "default", "pilot", "pilot:1.27.2")},
                            {},
                            {proxy_pod("a", "x", "proxyv2:1.27.2", "default", "x"),
                             proxy_pod("a", "y", "proxyv2:1.27.0", "default", "y")});
  REQUIRE(mesh.proxies.size() == 2);
  CHECK_FALSE(mesh.proxies[0].outdated);
  CHECK(mesh.proxies[1].outdated);
  CHECK(mesh.proxies[1].control_plane_version == "1.27.1, 1.27.2");
  CHECK(
      outdated_proxy_restarts(mesh) ==
      std::vector<std::string>{
          "kubectl rollout restart deployment/y -n a   # 1 pod to move from proxy 1.27.0 to 1.27.1, 1.27.2"});
  // An istiod image without a tag makes its revision's proxies incomparable, not outdated.
  auto untagged = mesh_versions("istio-system", {istiod("istiod", "", "pilot", "pilot@sha256:00")}, {},
                                {proxy_pod("a", "x", "proxyv2:1.27.2", "default", "x")});
  CHECK(untagged.control_planes[0].version == "unknown");
  CHECK_FALSE(untagged.proxies[0].outdated);
}

}  // namespace
}  // namespace sidecarctl::kube
