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

// Which Go decoder the value goes through before it is re-marshalled.
struct DecodeOptions {
  // sigs.k8s.io/yaml (istioctl reading manifests): a YAML number or boolean aimed at a string
  // field becomes a string (floats as strconv 'g' of a float32: `1.10` -> "1.1"). Off for
  // encoding/json (the merged pod), where that is a type error.
  bool scalars_to_strings = true;
  // encoding/json matches keys case-insensitively; apimachinery's JSON serializer does not.
  bool case_insensitive_keys = true;
  // Errors start with `decoding <Kind> at <pointer>: ` before Go's message; off, they are Go's
  // message alone (what istiod's webhook answers with).
  bool locate_errors = true;
};

// How istioctl decodes a manifest document (sigs.k8s.io/yaml).
inline constexpr DecodeOptions kYamlDecode{};
// How Istio decodes with encoding/json, and words the errors (Go's message alone): the pod of an
// AdmissionReview in istiod's webhook, the strategic-merge result of a rendered template in
// applyOverlay (a YAML number aimed at a string field is an error there).
inline constexpr DecodeOptions kJsonDecode{
    .scalars_to_strings = false, .case_insensitive_keys = true, .locate_errors = false};

// Normalizes an object of an injectable kind (see workload.h; by `kind`, as istioctl) or a
// `kind: List` (whose non-injectable items are kept as data, injectable ones normalized).
// `source`, when given, is the document the object came from: errors then carry its file and
// the line:col of the offending node. Errors (kInvalidInput) use Go's wording, e.g.
// `json: cannot unmarshal string into Go struct field ContainerPort of type int32`
// (the field path is given in Go's form: `Deployment.spec.template.spec.containers.ports.containerPort`).
Result<Json> normalize_typed(const Json& obj, const yaml::Document* source = nullptr);

// In-place variant of normalize_typed (no copy of the input).
Result<void> normalize_typed_in_place(Json& obj, const yaml::Document* source = nullptr);

// The error normalize_typed would give, or none: whether istioctl decodes the object, without the
// normalized copy.
Result<void> check_typed(const Json& obj, const yaml::Document* source = nullptr);

// The Go struct name a typed kind decodes into ("Deployment"; "List" for lists), or "" when
// the object is not of a kind istioctl decodes.
std::string_view typed_root_name(const Json& obj);

// Normalizes a value decoded as the named Go struct ("Pod", "PodSpec", "Container", ...; see
// schema::find_struct). Used for the rendered sidecar template (a Pod) and merge results.
// An unknown type name is a kInternal error.
// `options` picks the decoder: kYamlDecode for manifests, kJsonDecode for merge results.
Result<Json> normalize_as(const Json& value, std::string_view go_type_name, const yaml::Document* source = nullptr,
                          const DecodeOptions& options = kYamlDecode);
Result<void> normalize_as_in_place(Json& value, std::string_view go_type_name,
                                   const yaml::Document* source = nullptr, const DecodeOptions& options = kYamlDecode);

}  // namespace sidecarctl::kube
