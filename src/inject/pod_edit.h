// Edits of a pod ({metadata, spec} JSON) that injection makes around the template merge:
// container lookup and ordering, stripping a previous injection, re-applying user overrides of
// injected containers, cluster env vars (Istio's webhook.go helpers).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "base/result.h"

namespace sidecarctl::inject {

using Json = nlohmann::json;

inline constexpr const char* kProxyContainer = "istio-proxy";

// Makes sure metadata, metadata.annotations, metadata.labels and spec are objects.
void normalize_pod_shape(Json& pod);

// The container named `name` in a container list, or nullptr.
Json* find_container(Json& list, const std::string& name);
const Json* find_container(const Json& list, const std::string& name);

// In spec.containers, else spec.initContainers (FindContainerFromPod).
Json* find_container_in_pod(Json& pod, const std::string& name);
const Json* find_container_in_pod(const Json& pod, const std::string& name);

// Moves container `name` from `from` to the end of `to`.
void move_container(Json& from, Json& to, const std::string& name);

// Istio's stripPod + reinsertOverrides: the pod with a previous injection's containers (as its
// status annotation lists them) removed, our prometheus annotations cleared, the status annotation
// dropped, and containers saved in proxy.istio.io/overrides put back.
Result<Json> strip_pod(const Json& pod, int status_port);

// Istio's reapplyOverwrittenContainers and adjustInitContainerUser: containers the user defined
// with the name of an injected one (istio-proxy, istio-init...) are merged back over the injected
// ones and remembered in proxy.istio.io/overrides.
Result<void> reapply_overwritten_containers(Json& merged, const Json& original, const Json& template_pod,
                                            const Json& proxy_config);

// Istio's updateClusterEnvs: env vars of `envs` replace same-named ones, appended in name order.
void update_cluster_envs(Json& container, const std::map<std::string, std::string>& envs);

// Istio's reorderPod: istio-proxy last in containers (first when `hold`); init containers ordered
// for native sidecars (istio-init, istio-validation, istio-proxy, enable-core-dump first) or not
// (istio-validation first, istio-init and enable-core-dump last).
void reorder_containers(Json& pod, bool hold);

}  // namespace sidecarctl::inject
