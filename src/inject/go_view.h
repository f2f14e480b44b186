// Go views of JSON data for the injection templates: Kubernetes structs (corev1.PodSpec,
// metav1.ObjectMeta, ...) seen through their Go field names with Go zero values for absent
// fields, and Istio protobuf messages (ProxyConfig, MeshConfig) with enums printing their names,
// wrapper types with GetValue, Durations, and nil-safe Get<Field> methods. See README.md.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "gotemplate/value.h"
#include "kube/typed_schema.h"

namespace sidecarctl::inject {

using Json = nlohmann::json;

// A Kubernetes struct value of Go type `go_type` (a name known to kube::schema::find_struct, e.g.
// "ObjectMeta", "PodSpec"), viewing `node` inside the shared document `root`.
gotemplate::Value kube_struct_value(std::shared_ptr<const Json> root, const Json* node, std::string_view go_type);

// Same, owning a copy of `value`.
gotemplate::Value kube_struct_value(Json value, std::string_view go_type);

// A view of an Istio message: "ProxyConfig" or "MeshConfig" (proto-JSON form, see kube/mesh_config.h).
gotemplate::Value proto_message_value(Json value, std::string_view message);

// Same, viewing `node` inside the shared `root` (no copy).
gotemplate::Value proto_message_value(std::shared_ptr<const Json> root, const Json* node, std::string_view message);

// Go's encoding/json output for a Kubernetes struct view (fields in Go struct order, as
// json.Marshal prints a typed object). Returns false when `value` is not such a view.
bool marshal_kube_struct(const gotemplate::Value& value, std::string& out);

// Go's encoding/json of `node` typed as `type` (struct field order; maps sorted).
std::string marshal_go_json(const Json& node, const kube::schema::Struct* type);

// The proto-JSON of a message view (ProxyConfig/MeshConfig); nullptr when `value` is not one.
const Json* proto_message_json(const gotemplate::Value& value);

}  // namespace sidecarctl::inject
