// Helpers shared by analyzers that look into pods and workloads.
#pragma once

#include <string>
#include <vector>

#include "analyze/analyzer.h"

namespace sidecarctl::analyze {

inline constexpr std::string_view kIstioProxy = "istio-proxy";
inline constexpr std::string_view kInjectionLabel = "istio-injection";
inline constexpr std::string_view kRevLabel = "istio.io/rev";
inline constexpr std::string_view kDataplaneModeLabel = "istio.io/dataplane-mode";
inline constexpr std::string_view kSidecarInject = "sidecar.istio.io/inject";

// The pod spec of a Pod (spec) or of a Deployment (spec.template.spec).
const Json& pod_spec(const Resource& r);
// Template labels of a Deployment.
Labels template_labels(const Resource& deployment);
// Containers followed by init containers.
std::vector<const Json*> all_containers(const Json& spec);
// The image of the istio-proxy container ("" when none).
std::string proxy_image(const Json& spec);
// Istio's util.IsIstioControlPlane: labelled `istio` or `release: istio`.
bool is_control_plane(const Resource& r);
// util.PodInMesh / DeploymentInMesh.
bool pod_in_mesh(const Context& ctx, const Resource& pod);
bool deployment_in_mesh(const Context& ctx, const Resource& deployment);
bool pod_in_ambient(const Resource* pod);
bool namespace_in_ambient(const Resource* ns);
// A selector map at `spec.<key>` (or nested matchLabels) as Labels.
Labels labels_at(const Json& j, std::string_view key);

}  // namespace sidecarctl::analyze
