// What istioctl's typed round trip does to an injectable object: sigs.k8s.io/yaml decodes it into
// the Go struct of its kind (encoding/json: unknown fields dropped, keys matched case-insensitively,
// type mismatches are errors) and marshals it back (omitempty zero values dropped, non-pointer
// structs always present, e.g. `strategy: {}`, `resources: {}`, `status: {}`, status counters
// without omitempty printed as 0, quantities canonical, metav1.Time in RFC 3339 UTC).
//
// Fields the tables do not model (for instance volume source types other than the common ones)
// are kept as given rather than dropped: see typed_schema_*.cc for what is modelled.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "base/result.h"
#include "kube/typed_schema.h"
#include "yaml/document.h"

namespace sidecarctl::kube {

using Json = nlohmann::json;

// Normalizes an object of an injectable kind (see workload.h; by `kind`, as istioctl) or a
// `kind: List` (whose non-injectable items are kept as data, injectable ones normalized).
// `source`, when given, is the document the object came from: errors then carry its file and
// the line:col of the offending node. Errors (kInvalidInput) use Go's wording, e.g.
// `json: cannot unmarshal string into Go struct field ContainerPort of type int32`
// (the field path is given in Go's form: `Deployment.spec.template.spec.containers.ports.containerPort`).
Result<Json> normalize_typed(const Json& obj, const yaml::Document* source = nullptr);

// In-place variant of normalize_typed (no copy of the input).
Result<void> normalize_typed_in_place(Json& obj, const yaml::Document* source = nullptr);

// Normalizes a value decoded as the named Go struct ("Pod", "PodSpec", "Container", ...; see
// schema::find_struct). Used for the rendered sidecar template (a Pod) and merge results.
// An unknown type name is a kInternal error.
Result<Json> normalize_as(const Json& value, std::string_view go_type_name,
                          const yaml::Document* source = nullptr);
Result<void> normalize_as_in_place(Json& value, std::string_view go_type_name,
                                   const yaml::Document* source = nullptr);

}  // namespace sidecarctl::kube
