// The mesh config one pod is injected with: the pod's proxy.istio.io/config annotation merged over
// the mesh's defaultConfig, as istioctl's IntoObject does before it asks whether to inject at all.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "base/result.h"

namespace sidecarctl::inject {

// `mesh` with the proxy.istio.io/config annotation of the pod metadata `metadata` merged over its
// defaultConfig (kube::merge_proxy_config: a missing defaultConfig merges over nothing). Without a
// string annotation (or without annotations) `mesh` itself comes back, uncopied. An annotation that
// does not parse, or gives a field a value of the wrong type, is merge_proxy_config's error, unchanged.
Result<std::shared_ptr<const nlohmann::json>> pod_mesh_config(
    const std::shared_ptr<const nlohmann::json>& mesh, const nlohmann::json& metadata);

}  // namespace sidecarctl::inject
