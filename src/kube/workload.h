// The Kubernetes kinds that carry a pod template and can therefore be injected, and where the
// pod template sits inside each of them.
//
// istioctl decides by kind name alone: its scheme registers every injectable type also as an
// "unversioned" type, so `extensions/v1beta1 Deployment`, `batch/v1beta1 CronJob` or the legacy
// `v1 DeploymentConfig` decode into the same Go types as `apps/v1 Deployment` and friends.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace sidecarctl::kube {

using Json = nlohmann::json;

// A kind istioctl decodes into a typed object. kList is `kind: List` (items handled one by one).
enum class WorkloadKind {
  kPod,
  kDeployment,
  kDaemonSet,
  kStatefulSet,
  kReplicaSet,
  kReplicationController,
  kJob,
  kCronJob,
  kDeploymentConfig,
  kList,
};

// The kind name as written in manifests ("Deployment").
std::string_view kind_name(WorkloadKind kind);

// The WorkloadKind of an object by its `kind` string (apiVersion is not consulted, as in
// istioctl); nullopt when the value is not an object or its kind is not one of the above.
std::optional<WorkloadKind> workload_kind(const Json& obj);

// True for objects istioctl injects into (a WorkloadKind other than kList).
bool is_injectable(const Json& obj);

// True for `kind: List` objects.
bool is_list(const Json& obj);

// JSON pointer of the pod template (an object with metadata and spec) inside a workload:
// "" for Pod (the object itself), "/spec/jobTemplate/spec/template" for CronJob,
// "/spec/template" for the others. kList has none (returns "").
std::string_view pod_template_pointer(WorkloadKind kind);

// The pod template of `obj`, or nullptr when the object is not injectable or the template is
// missing / not an object (istioctl: "spec.template is required value" for a nil pointer).
Json* find_pod_template(Json& obj);
const Json* find_pod_template(const Json& obj);

// JSON pointer of the metadata whose annotations/labels istioctl treats as "the pod's" when
// building the pod to inject: "/metadata" for Pod, "/spec/jobTemplate/metadata" for CronJob
// (istioctl reads the job template's metadata there, a quirk the goldens show),
// "<template>/metadata" otherwise.
std::string_view pod_metadata_pointer(WorkloadKind kind);

// The items of a `kind: List` object (nullptr when absent or not an array). Items are handled
// independently: injectable ones are injected and re-serialised, others are kept as data.
Json* list_items(Json& list);
const Json* list_items(const Json& list);

}  // namespace sidecarctl::kube
