// A small model of the Go types istioctl decodes workloads into (k8s.io/api core/v1, apps/v1,
// batch/v1, openshift apps/v1 at the versions Istio pins): for each struct, its JSON fields with
// their shape, `omitempty`, and strategic-merge tags (patchStrategy / patchMergeKey).
// The tables are written by hand in typed_schema_*.cc; the normalizer and the strategic merge
// both walk them.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace sidecarctl::kube::schema {

// The Go type of a field's value (or of a list/map element).
enum class Shape : std::uint8_t {
  kString,       // string (and string-based enums)
  kBool,         // bool
  kInt32,        // int32 / int
  kInt64,        // int64
  kFloat64,      // float64 (rare in these APIs)
  kQuantity,     // resource.Quantity: canonical string
  kIntOrString,  // intstr.IntOrString: number or string kept by type
  kTime,         // metav1.Time: RFC 3339 UTC, null when zero
  kBytes,        // []byte: base64 string
  kAny,          // kept as given (RawExtension, FieldsV1, fields not modelled)
  kStruct,       // a struct: see Field::type
  kList,         // []elem
  kMap,          // map[string]elem
};

// How strategic merge treats a list or map field (patchStrategy tag).
enum class PatchStrategy : std::uint8_t {
  kDefault,     // maps merge, lists are replaced (atomic)
  kMerge,       // lists merged by merge_key (or as a set of primitives when merge_key is empty)
  kReplace,     // replaced wholesale
  kRetainKeys,  // struct: keys absent from the patch are cleared ($retainKeys)
  kMergeRetainKeys,  // "merge,retainKeys"
};

struct Struct;

struct Field {
  std::string_view json;           // JSON name
  Shape shape = Shape::kString;    // the field's own shape
  Shape elem = Shape::kString;     // element shape for kList / kMap
  const Struct* type = nullptr;    // struct of a kStruct field, or of kList/kMap elements
  bool omitempty = false;          // `json:",omitempty"` (encoding/json ignores it on structs)
  bool omitzero = false;           // `json:",omitzero"`: a zero struct (metav1.Time) is omitted
  bool pointer = false;            // *T (a pointer struct is omitted / null when absent)
  PatchStrategy strategy = PatchStrategy::kDefault;
  std::string_view merge_key;      // patchMergeKey

  // The struct of the field's value (kStruct) or of its elements (kList/kMap of kStruct).
  const Struct* struct_type() const { return type; }
  // The shape of one value: `shape` for scalars/structs, `elem` for list/map elements.
  Shape value_shape() const { return shape == Shape::kList || shape == Shape::kMap ? elem : shape; }
};

struct Struct {
  std::string_view name;           // Go type name, for messages ("Container")
  std::span<const Field> fields;   // embedded (inline) structs are flattened in

  // The field named `json` (exact match first, then ASCII case-insensitive as encoding/json
  // does); nullptr when unknown.
  const Field* find(std::string_view json) const;
  // The field whose name equals `json` but for ASCII case; nullptr when none.
  const Field* find_folded(std::string_view json) const;
  // The field named exactly `json`; nullptr when unknown.
  const Field* find_exact(std::string_view json) const;
};

// Named structs by Go type name: "Pod", "PodSpec", "PodTemplateSpec", "Container",
// "ObjectMeta", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet",
// "ReplicationController", "Job", "CronJob", "DeploymentConfig", "List", ... nullptr if unknown.
const Struct* find_struct(std::string_view go_name);

}  // namespace sidecarctl::kube::schema
