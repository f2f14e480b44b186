#include "kube/workload.h"

#include <array>
#include <utility>

namespace sidecarctl::kube {
namespace {

struct KindInfo {
  WorkloadKind kind;
  std::string_view name;
  std::string_view template_pointer;
  std::string_view metadata_pointer;
};

constexpr std::array<KindInfo, 10> kKinds = {{
    {WorkloadKind::kPod, "Pod", "", "/metadata"},
    {WorkloadKind::kDeployment, "Deployment", "/spec/template", "/spec/template/metadata"},
    {WorkloadKind::kDaemonSet, "DaemonSet", "/spec/template", "/spec/template/metadata"},
    {WorkloadKind::kStatefulSet, "StatefulSet", "/spec/template", "/spec/template/metadata"},
    {WorkloadKind::kReplicaSet, "ReplicaSet", "/spec/template", "/spec/template/metadata"},
    {WorkloadKind::kReplicationController, "ReplicationController", "/spec/template",
     "/spec/template/metadata"},
    {WorkloadKind::kJob, "Job", "/spec/template", "/spec/template/metadata"},
    {WorkloadKind::kCronJob, "CronJob", "/spec/jobTemplate/spec/template", "/spec/jobTemplate/metadata"},
    {WorkloadKind::kDeploymentConfig, "DeploymentConfig", "/spec/template", "/spec/template/metadata"},
    {WorkloadKind::kList, "List", "", ""},
}};

const KindInfo& info(WorkloadKind kind) { return kKinds[static_cast<std::size_t>(kind)]; }

// Follows a JSON pointer made of object keys only; nullptr when a step is missing.
template <typename J>
J* follow(J& value, std::string_view pointer) {
  J* at = &value;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);  // '/'
    const std::size_t end = pointer.find('/');
    const std::string_view key = pointer.substr(0, end);
    pointer = end == std::string_view::npos ? std::string_view() : pointer.substr(end);
    if (!at->is_object()) return nullptr;
    auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

}  // namespace

std::string_view kind_name(WorkloadKind kind) { return info(kind).name; }

std::optional<WorkloadKind> workload_kind(const Json& obj) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find("kind");
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  const std::string& name = it->get_ref<const std::string&>();
  for (const KindInfo& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

bool is_injectable(const Json& obj) {
  const auto kind = workload_kind(obj);
  return kind.has_value() && *kind != WorkloadKind::kList;
}

bool is_list(const Json& obj) { return workload_kind(obj) == WorkloadKind::kList; }

std::string_view pod_template_pointer(WorkloadKind kind) { return info(kind).template_pointer; }

std::string_view pod_metadata_pointer(WorkloadKind kind) { return info(kind).metadata_pointer; }

Json* find_pod_template(Json& obj) {
  const auto kind = workload_kind(obj);
  if (!kind || *kind == WorkloadKind::kList) return nullptr;
  Json* found = follow(obj, pod_template_pointer(*kind));
  return found != nullptr && found->is_object() ? found : nullptr;
}

const Json* find_pod_template(const Json& obj) {
  const auto kind = workload_kind(obj);
  if (!kind || *kind == WorkloadKind::kList) return nullptr;
  const Json* found = follow(obj, pod_template_pointer(*kind));
  return found != nullptr && found->is_object() ? found : nullptr;
}

Json* list_items(Json& list) {
  Json* items = follow(list, "/items");
  return items != nullptr && items->is_array() ? items : nullptr;
}

const Json* list_items(const Json& list) {
  const Json* items = follow(list, "/items");
  return items != nullptr && items->is_array() ? items : nullptr;
}

}  // namespace sidecarctl::kube
