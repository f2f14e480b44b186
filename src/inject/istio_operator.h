// --operatorFileName: an IstioOperator file merged over Istio's installation profile the way
// istioctl's render.MergeInputs does, reduced to what kube-inject reads from it (spec.values and
// spec.meshConfig).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sidecarctl::inject {

struct OperatorSettings {
  nlohmann::json values = nlohmann::json::object();  // spec.values after the merge (never absent)
  std::optional<nlohmann::json> mesh;                 // spec.meshConfig, when the file sets it
};

// values.Map.MergeFrom: maps merge key by key, anything else in `overlay` replaces.
void merge_values(nlohmann::json& base, const nlohmann::json& overlay);

// Merges the IstioOperator `text` (one document) over the profile it names (spec.profile, default
// "default"; sidecarctl knows the profiles' values and component switches, not their manifests),
// with `hub`/`tag` as the release's compiled-in image coordinates, then translates spec.hub,
// spec.tag, spec.revision, spec.meshConfig and spec.compatibilityVersion into values and sets
// values.pilot.enabled / values.pilot.cni.enabled from the components, as istioctl does. The
// file's own spec.values win over all of that. Errors name `source`.
Result<OperatorSettings> merge_istio_operator(std::string_view text, const std::string& source, const std::string& hub,
                                              const std::string& tag);

}  // namespace sidecarctl::inject
