// The output of `sidecarctl version`: our build and, when the cluster was read, its control plane and
// data plane versions. Text in istioctl's `version` layout ("client version: ...", "control plane
// version: ...", "data plane version: ..."), the short form exactly as istioctl prints it, and a
// JSON value with istioctl's field names (clientVersion, meshVersion, dataPlaneVersion) plus ours.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kube/mesh_versions.h"
#include "version/build_info.h"

namespace sidecarctl::version {

using Json = nlohmann::json;

struct VersionReport {
  BuildInfo client;
  std::optional<kube::MeshVersions> mesh;  // absent without --remote
};

// Every detail: our git state, the Istio version reproduced, the build; per control plane its
// revision, Deployment, image and injector ConfigMap; proxies counted per version and revision; the
// proxies that differ from their revision's control plane and the restarts that update them.
std::string format_text(const VersionReport& report);

// istioctl's `version --short`: "client version: V", "control plane version: V" when every istiod
// runs the same version (else "<component> version: V" each), "data plane version: V (N proxies), ...".
std::string format_short(const VersionReport& report);

// {"clientVersion": {...}, "meshVersion": [...], "dataPlaneVersion": [...], "restarts": [...]}; the
// cluster's keys only with a mesh.
Json to_json(const VersionReport& report);

}  // namespace sidecarctl::version
