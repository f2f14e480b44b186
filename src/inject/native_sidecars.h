// Native sidecars `auto`: whether the cluster's kubelets run sidecars as init containers with
// `restartPolicy: Always` (Istio's DetectNativeSidecar: Kubernetes 1.33 or later on every node).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sidecarctl::inject {

// The first Kubernetes minor version whose kubelets Istio trusts with native sidecars (1.33).
inline constexpr int kNativeSidecarMinMinor = 33;

// Whether a kubelet of `version` (a Node's status.nodeInfo.kubeletVersion, "v1.33.2-eks-1") runs
// native sidecars: its minor version is at least 33 (the major is not looked at, as in Istio).
// nullopt when the version does not parse as hashicorp/go-version would parse it.
std::optional<bool> kubelet_supports_native_sidecars(std::string_view version);

struct NativeSidecarSupport {
  bool all_nodes = true;               // every node qualifies (true when there are no nodes, as Istio)
  std::map<std::string, bool> by_node;  // node name -> it qualifies (for pods with spec.nodeName)
  std::vector<std::string> warnings;    // nodes whose version does not parse (they do not qualify)
};

// Evaluates the Nodes of a cluster (as listed by the API).
NativeSidecarSupport native_sidecar_support(const std::vector<nlohmann::json>& nodes);

}  // namespace sidecarctl::inject
