#include "kube/strategic_merge.h"

namespace sidecarctl::kube {

MergeSchema pod_schema() { return MergeSchema(schema::find_struct("Pod")); }
MergeSchema pod_spec_schema() { return MergeSchema(schema::find_struct("PodSpec")); }
MergeSchema schema_for(std::string_view go_type_name) { return MergeSchema(schema::find_struct(go_type_name)); }

Result<Json> strategic_merge_patch(const Json& original, const Json& patch, const MergeSchema& schema) {
  Json target = original;
  TRY(strategic_merge_patch_in_place(target, patch, schema));
  return target;
}

Result<void> strategic_merge_patch_in_place(Json&, const Json&, const MergeSchema&) {
  return make_error(ErrorKind::kInternal, "strategic merge: not implemented yet");
}

}  // namespace sidecarctl::kube
