#include "analyze/kinds.h"

#include <array>

namespace sidecarctl::analyze {

namespace {
struct Known {
  std::string_view group;
  std::string_view kind;
  const std::string* id;
  bool cluster_scoped;
};

// The versions Istio's schemas serve for its own kinds (the version and its aliases); istioctl
// skips a document of any other version as an unknown kind (EnvoyFilter is v1alpha3 only).
bool istio_version_known(std::string_view group, std::string_view k, std::string_view version) {
  if (group == "networking.istio.io") {
    if (k == "EnvoyFilter") return version == "v1alpha3";
    if (k == "ProxyConfig") return version == "v1beta1";
    return version == "v1" || version == "v1alpha3" || version == "v1beta1";
  }
  if (group == "security.istio.io") return version == "v1" || version == "v1beta1";
  if (group == "telemetry.istio.io") return version == "v1" || version == "v1alpha1";
  if (group == "extensions.istio.io") return version == "v1alpha1";
  return true;
}
}  // namespace

std::optional<KindInfo> classify(std::string_view api_version, std::string_view k) {
  std::string_view group, version = api_version;
  if (auto slash = api_version.find('/'); slash != std::string_view::npos) {
    group = api_version.substr(0, slash);
    version = api_version.substr(slash + 1);
  }
  if (!istio_version_known(group, k, version)) return std::nullopt;
  static const std::array<Known, 31> kKnown = {{
      {"", "Namespace", &kind::kNamespace, true},
      {"", "Service", &kind::kService, false},
      {"", "Pod", &kind::kPod, false},
      {"", "Node", &kind::kNode, true},
      {"", "Secret", &kind::kSecret, false},
      {"", "ConfigMap", &kind::kConfigMap, false},
      {"apps", "Deployment", &kind::kDeployment, false},
      {"extensions", "Deployment", &kind::kDeployment, false},
      {"admissionregistration.k8s.io", "MutatingWebhookConfiguration", &kind::kMutatingWebhook, true},
      {"admissionregistration.k8s.io", "ValidatingWebhookConfiguration", &kind::kValidatingWebhook, true},
      {"apiextensions.k8s.io", "CustomResourceDefinition", &kind::kCrd, true},
      {"networking.istio.io", "VirtualService", &kind::kVirtualService, false},
      {"networking.istio.io", "DestinationRule", &kind::kDestinationRule, false},
      {"networking.istio.io", "Gateway", &kind::kGateway, false},
      {"networking.istio.io", "ServiceEntry", &kind::kServiceEntry, false},
      {"networking.istio.io", "Sidecar", &kind::kSidecar, false},
      {"networking.istio.io", "EnvoyFilter", &kind::kEnvoyFilter, false},
      {"networking.istio.io", "WorkloadEntry", &kind::kWorkloadEntry, false},
      {"networking.istio.io", "WorkloadGroup", &kind::kWorkloadGroup, false},
      {"networking.istio.io", "ProxyConfig", &kind::kProxyConfig, false},
      {"security.istio.io", "AuthorizationPolicy", &kind::kAuthorizationPolicy, false},
      {"security.istio.io", "PeerAuthentication", &kind::kPeerAuthentication, false},
      {"security.istio.io", "RequestAuthentication", &kind::kRequestAuthentication, false},
      {"telemetry.istio.io", "Telemetry", &kind::kTelemetry, false},
      {"extensions.istio.io", "WasmPlugin", &kind::kWasmPlugin, false},
      {"extensions.istio.io", "TrafficExtension", &kind::kTrafficExtension, false},
      {"gateway.networking.k8s.io", "Gateway", &kind::kKubernetesGateway, false},
      {"gateway.networking.k8s.io", "HTTPRoute", &kind::kHttpRoute, false},
      {"gateway.networking.k8s.io", "GRPCRoute", &kind::kGrpcRoute, false},
      {"gateway.networking.x-k8s.io", "Gateway", &kind::kKubernetesGateway, false},
      {"gateway.networking.x-k8s.io", "HTTPRoute", &kind::kHttpRoute, false},
  }};
  for (const Known& known : kKnown) {
    if (known.group == group && known.kind == k) return KindInfo{*known.id, std::string(k), known.cluster_scoped};
  }
  return std::nullopt;
}

bool is_system_namespace(std::string_view ns) {
  return ns == "kube-system" || ns == "kube-public" || ns == "kube-node-lease" || ns == "local-path-storage";
}

}  // namespace sidecarctl::analyze
