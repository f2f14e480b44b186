#include "version/report.h"

#include <doctest/doctest.h>

namespace sidecarctl::version {
namespace {

BuildInfo client() {
  BuildInfo info;
  info.project_version = "0.1.0";
  info.git = {true, "v0.1.0", 3, "0123456789abcdef0123456789abcdef01234567", true};
  info.istio_version = "1.27.1";
  info.istio_reference = "istio.io/istio v0.0.0-20260827124520-eed52ebb66ad";
  info.build_type = "RelWithDebInfo";
  info.compiler = "GNU 12.2.0";
  return info;
}

kube::ProxyVersion proxy(const std::string& ns, const std::string& pod, const std::string& version,
                         const std::string& revision, const std::string& cp_version,
                         const std::string& owner) {
  kube::ProxyVersion p;
  p.ns = ns;
  p.pod = pod;
  p.type = "sidecar";
  p.revision = revision;
  p.version = version;
  p.image = "docker.io/istio/proxyv2:" + version;
  p.owner = owner;
  p.control_plane_version = cp_version;
  p.outdated = !cp_version.empty() && cp_version != version;
  return p;
}

// Two revisions at different versions, one revision known only from its ConfigMap, proxies of each.
kube::MeshVersions upgraded_mesh() {
  kube::MeshVersions mesh;
  mesh.istio_namespace = "istio-system";
  mesh.control_planes = {
      {"1-27", "istiod", "1.27.1", "istio-system/istiod-1-27", "docker.io/istio/pilot:1.27.1",
       "istio-system/istio-sidecar-injector-1-27"},
      {"default", "pilot", "1.26.2", "istio-system/istiod", "docker.io/istio/pilot:1.26.2", ""},
      {"old", "", "", "", "", "istio-system/istio-sidecar-injector-old"},
  };
  mesh.proxies = {proxy("legacy", "x", "1.25.0", "old", "", ""),
                  proxy("pay", "api-abc12-a", "1.26.2", "1-27", "1.27.1", "deployment/api"),
                  proxy("pay", "api-abc12-b", "1.26.2", "1-27", "1.27.1", "deployment/api"),
                  proxy("pay", "web-abc12-a", "1.27.1", "1-27", "1.27.1", "deployment/web"),
                  proxy("shop", "db-0", "1.26.2", "default", "1.26.2", "statefulset/db")};
  return mesh;
}

TEST_CASE("text without a cluster: our build, the Istio version reproduced, the reference") {
  VersionReport report{client(), std::nullopt};
  CHECK(format_text(report) ==
        "client version: 0.1.0-3-g0123456789ab-dirty\n"
        "  git: tag v0.1.0, 3 commits since, commit 0123456789abcdef0123456789abcdef01234567, dirty\n"
        "  istio: 1.27.1 (the sidecar of the embedded injection templates and settings)\n"
        "  checked against: istioctl of Istio commit eed52ebb66ad of 2026-08-27 "
        "(istio.io/istio v0.0.0-20260827124520-eed52ebb66ad)\n"
        "  build: RelWithDebInfo, GNU 12.2.0\n");
  CHECK(format_short(report) == "client version: 0.1.0-3-g0123456789ab-dirty\n");
  report.client.sanitizers = "ASan+UBSan";
  report.client.istio_reference = "";
  std::string text = format_text(report);
  CHECK(text.find("  checked against: istioctl of unknown\n") != std::string::npos);
  CHECK(text.find("  build: RelWithDebInfo, ASan+UBSan, GNU 12.2.0\n") != std::string::npos);
}

TEST_CASE("text with a cluster: control planes, proxies per version and revision, restarts") {
  VersionReport report{client(), upgraded_mesh()};
  std::string text = format_text(report);
  CHECK(text.substr(text.find("control plane")) ==
        "control plane version: 1.27.1 (revision 1-27: Deployment istio-system/istiod-1-27, image "
        "docker.io/istio/pilot:1.27.1; injector ConfigMap istio-system/istio-sidecar-injector-1-27)\n"
        "control plane version: 1.26.2 (revision default: Deployment istio-system/istiod, image "
        "docker.io/istio/pilot:1.26.2; no injector ConfigMap)\n"
        "control plane version: none (revision old: no istiod Deployment; injector ConfigMap "
        "istio-system/istio-sidecar-injector-old)\n"
        "data plane version: 1.25.0 (revision old, which has no istiod Deployment: 1 proxy)\n"
        "data plane version: 1.26.2 (revision 1-27: 2 proxies)\n"
        "data plane version: 1.26.2 (revision default: 1 proxy)\n"
        "data plane version: 1.27.1 (revision 1-27: 1 proxy)\n"
        "2 of 5 proxies run another version than their revision's control plane; restarting updates them:\n"
        "  kubectl rollout restart deployment/api -n pay   # 2 pods to move from proxy 1.26.2 to 1.27.1\n");
  CHECK(format_short(report) ==
        "client version: 0.1.0-3-g0123456789ab-dirty\n"
        "istiod version: 1.27.1\n"
        "pilot version: 1.26.2\n"
        "data plane version: 1.25.0 (1 proxies), 1.26.2 (3 proxies), 1.27.1 (1 proxies)\n");
}

TEST_CASE("text with a cluster: one version everywhere, or nothing installed") {
  kube::MeshVersions mesh;
  mesh.istio_namespace = "istio-system";
  mesh.control_planes = {{"default", "pilot", "1.27.1", "istio-system/istiod", "pilot:1.27.1", ""},
                         {"canary", "istiod", "1.27.1", "istio-system/istiod-canary", "pilot:1.27.1", ""}};
  mesh.proxies = {proxy("a", "p", "1.27.1", "default", "1.27.1", "deployment/p")};
  VersionReport report{client(), mesh};
  CHECK(format_short(report) ==
        "client version: 0.1.0-3-g0123456789ab-dirty\n"
        "control plane version: 1.27.1\n"
        "data plane version: 1.27.1 (1 proxies)\n");
  std::string text = format_text(report);
  CHECK(text.substr(text.find("data plane")) ==
        "data plane version: 1.27.1 (revision default: 1 proxy)\n"
        "every proxy runs its revision's control plane version (or one it cannot be compared with)\n");

  VersionReport empty{client(), kube::MeshVersions{"istio-system", {}, {}}};
  text = format_text(empty);
  CHECK(text.substr(text.find("control plane")) ==
        "control plane version: none (no istiod Deployment labelled app=istiod and no injector ConfigMap in "
        "namespace istio-system)\n"
        "data plane version: none (no pod with an istio-proxy container)\n");
  CHECK(format_short(empty) == "client version: 0.1.0-3-g0123456789ab-dirty\ndata plane version: none\n");
}

TEST_CASE("JSON: istioctl's fields and ours") {
  VersionReport offline{client(), std::nullopt};
  CHECK(to_json(offline) == Json::parse(R"({"clientVersion": {
      "version": "0.1.0-3-g0123456789ab-dirty", "revision": "0123456789abcdef0123456789abcdef01234567",
      "status": "Modified", "tag": "v0.1.0", "commitsSinceTag": 3, "istioVersion": "1.27.1",
      "istioReference": "istio.io/istio v0.0.0-20260827124520-eed52ebb66ad", "buildType": "RelWithDebInfo",
      "sanitizers": "", "compiler": "GNU 12.2.0"}})"));
  offline.client.git = {};
  Json outside = to_json(offline)["clientVersion"];
  CHECK(outside["version"] == "0.1.0");
  CHECK(outside["revision"] == "unknown");
  CHECK(outside["status"] == "unknown");
  CHECK(outside["tag"] == "unknown");
  CHECK(outside["commitsSinceTag"].is_null());

  Json j = to_json(VersionReport{client(), upgraded_mesh()});
  REQUIRE(j["meshVersion"].size() == 3);
  CHECK(j["meshVersion"][1] ==
        Json::parse(R"({"Component": "pilot", "Revision": "default", "Info": {"version": "1.26.2"},
      "Deployment": "istio-system/istiod", "Image": "docker.io/istio/pilot:1.26.2", "Injector": ""})"));
  REQUIRE(j["dataPlaneVersion"].size() == 5);
  CHECK(j["dataPlaneVersion"][1] ==
        Json::parse(R"({"ID": "api-abc12-a.pay", "IstioVersion": "1.26.2", "Type": "sidecar",
      "Revision": "1-27", "Image": "docker.io/istio/proxyv2:1.26.2", "Owner": "deployment/api",
      "ControlPlaneVersion": "1.27.1", "Outdated": true})"));
  CHECK(
      j["restarts"] ==
      Json::array(
          {"kubectl rollout restart deployment/api -n pay   # 2 pods to move from proxy 1.26.2 to 1.27.1"}));
}

}  // namespace
}  // namespace sidecarctl::version
