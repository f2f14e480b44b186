// Kubernetes strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch), applied to
// JSON values with the merge keys and strategies of the typed schema. See strategic_merge.md.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "base/result.h"
#include "kube/typed_schema.h"

namespace sidecarctl::kube {

using Json = nlohmann::json;

// Where in the Go type tree a merge starts: the struct the original and the patch decode into.
// A default-constructed schema knows no fields: maps are merged and lists replaced throughout.
class MergeSchema {
 public:
  MergeSchema() = default;
  explicit MergeSchema(const schema::Struct* root) : root_(root) {}
  const schema::Struct* root() const { return root_; }

 private:
  const schema::Struct* root_ = nullptr;
};

// corev1.Pod: what Istio patches (it marshals the rendered template as a Pod and
// strategic-merges it into the pod being injected).
MergeSchema pod_schema();
// corev1.PodSpec.
MergeSchema pod_spec_schema();
// Any struct of the schema tables by Go name ("Container", "Deployment"); an empty schema if unknown.
MergeSchema schema_for(std::string_view go_type_name);

// Applies `patch` (a JSON object, typically the rendered sidecar template as a Pod) to
// `original` (a JSON object) with apimachinery's semantics:
//  - maps merge recursively; a null in the patch deletes the key;
//  - lists with patchStrategy merge are merged by patchMergeKey (containers, volumes, env by
//    name, ports by containerPort, volumeMounts by mountPath, ...), patch-only elements appended
//    after the original ones; lists of primitives with merge strategy are merged as sets;
//    other lists are replaced by the patch's;
//  - directives: `$patch: replace|delete|merge` in maps and list elements, `$retainKeys`,
//    `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>`.
// Errors (kInvalidInput) have apimachinery's wording where it has one, e.g. a list element
// without its merge key.
Result<Json> strategic_merge_patch(const Json& original, const Json& patch, const MergeSchema& schema);

// The same, merging into `target` in place (avoids copying the original; on error `target` is
// left in an unspecified but valid state).
Result<void> strategic_merge_patch_in_place(Json& target, const Json& patch, const MergeSchema& schema);

}  // namespace sidecarctl::kube
