// Which Istio versions run in a cluster, read from the objects themselves (istioctl asks the running
// istiod pods instead, which needs a port-forward): the istiod Deployments of each revision and the
// tag of their image, the revisions that have an injector ConfigMap, and the istio-proxy image of
// every injected pod. Also which proxies run another version than their revision's control plane,
// and the `kubectl rollout restart` commands that update them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "kube/api_client.h"

namespace sidecarctl::kube {

using Json = nlohmann::json;

// One control plane revision: an istiod Deployment, or an injector ConfigMap without one.
struct ControlPlaneVersion {
  std::string revision;    // the Deployment's (else the ConfigMap's) istio.io/rev; "default" without one
  std::string component;   // the `istio` label of its pods ("pilot", "istiod"), as istioctl names it
  std::string version;     // image_version() of its discovery container; "" without a Deployment
  std::string deployment;  // "istio-system/istiod"; "" for a revision known only from its ConfigMap
  std::string image;
  std::string injector;  // "istio-system/istio-sidecar-injector-canary"; "" when the revision has none
};

// One pod with an istio-proxy container.
struct ProxyVersion {
  std::string ns;
  std::string pod;
  std::string type;      // "gateway" when the proxy runs as a router (`proxy router`), else "sidecar"
  std::string revision;  // the sidecar status annotation's, else the istio.io/rev label, else "default"
  std::string version;   // image_version() of the istio-proxy container
  std::string image;
  std::string owner;  // restartable_owner(): "deployment/web", "" when nothing can be restarted
  // The versions of its revision's istiod Deployments, ", "-joined; "" when the revision has none.
  std::string control_plane_version;
  // Its version is known and matches none of its revision's control plane versions.
  bool outdated = false;
};

struct MeshVersions {
  std::string istio_namespace;
  std::vector<ControlPlaneVersion> control_planes;  // by revision, then Deployment
  std::vector<ProxyVersion> proxies;                // by namespace, then pod
};

// The version an image reference runs: its tag without Istio's image variant suffix (-distroless,
// -debug): "docker.io/istio/proxyv2:1.27.1-distroless" -> "1.27.1", "reg:5000/pilot:1.27.1@sha256:..."
// -> "1.27.1"; "unknown" for an image without a tag (named by digest only, or by name only).
std::string image_version(std::string_view image);

// The versions found in these objects: Deployments labelled app=istiod, ConfigMaps of the Istio
// namespace (istio-sidecar-injector[-REV] are injectors) and pods (those without istio-proxy, and
// finished or terminating ones, are left out).
MeshVersions mesh_versions(const std::string& istio_namespace, const std::vector<Json>& deployments,
                           const std::vector<Json>& config_maps, const std::vector<Json>& pods);

// Reads those objects through the API server (istiod Deployments and ConfigMaps of
// `istio_namespace`, pods of every namespace) and returns mesh_versions() of them.
Result<MeshVersions> read_mesh_versions(ApiClient& client, const std::string& istio_namespace);

// Proxies counted per version and revision, sorted by version, then revision.
struct ProxyCount {
  std::string version;
  std::string revision;
  int proxies = 0;
  bool has_control_plane = true;  // the revision has an istiod Deployment
};
std::vector<ProxyCount> count_proxies(const MeshVersions& mesh);

// For the outdated proxies, label-namespace's restart lines per namespace (namespaces sorted):
// "kubectl rollout restart deployment/web -n shop   # 2 pods to move from proxy 1.26.2 to 1.27.1".
std::vector<std::string> outdated_proxy_restarts(const MeshVersions& mesh);

}  // namespace sidecarctl::kube
