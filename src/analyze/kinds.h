// The kinds analyze understands: apiVersion/kind of a manifest -> canonical kind id, with Istio's
// version aliases (networking.istio.io v1alpha3/v1beta1/v1 are one kind) and scope.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sidecarctl::analyze {

// Canonical ids. Kubernetes Gateway API's Gateway is "KubernetesGateway" (shown as "Gateway").
namespace kind {
inline const std::string kNamespace = "Namespace", kService = "Service", kPod = "Pod", kNode = "Node",
                         kSecret = "Secret", kConfigMap = "ConfigMap", kDeployment = "Deployment",
                         kMutatingWebhook = "MutatingWebhookConfiguration",
                         kValidatingWebhook = "ValidatingWebhookConfiguration",
                         kCrd = "CustomResourceDefinition", kVirtualService = "VirtualService",
                         kDestinationRule = "DestinationRule", kGateway = "Gateway",
                         kServiceEntry = "ServiceEntry", kSidecar = "Sidecar", kEnvoyFilter = "EnvoyFilter",
                         kWorkloadEntry = "WorkloadEntry", kWorkloadGroup = "WorkloadGroup",
                         kProxyConfig = "ProxyConfig", kAuthorizationPolicy = "AuthorizationPolicy",
                         kPeerAuthentication = "PeerAuthentication",
                         kRequestAuthentication = "RequestAuthentication", kTelemetry = "Telemetry",
                         kWasmPlugin = "WasmPlugin", kTrafficExtension = "TrafficExtension",
                         kKubernetesGateway = "KubernetesGateway", kHttpRoute = "HTTPRoute",
                         kGrpcRoute = "GRPCRoute", kMeshConfig = "MeshConfig", kMeshNetworks = "MeshNetworks";
}  // namespace kind

struct KindInfo {
  std::string id;       // canonical id (kind:: constants)
  std::string display;  // Kind shown in origins
  bool cluster_scoped = false;
};

// Classifies a manifest by apiVersion and kind; nullopt for kinds analyze does not know.
std::optional<KindInfo> classify(std::string_view api_version, std::string_view kind);

// Namespaces whose resources are dropped (kube-system, kube-public, ...).
bool is_system_namespace(std::string_view ns);

}  // namespace sidecarctl::analyze
