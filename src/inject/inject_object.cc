// Injection into whole workloads (Istio's IntoObject): the pod template of each kind, the owner
// metadata templates see, istioctl's skip warnings, `kind: List`; and uninjection.
#include <fmt/format.h>

#include <regex>

#include "inject/injector.h"
#include "inject/pod_edit.h"
#include "inject/pod_mesh_config.h"
#include "inject/policy.h"
#include "kube/workload.h"
#include "yaml/json_fields.h"

namespace sidecarctl::inject {
namespace {

std::string str(const Json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

Json* at_pointer(Json& obj, std::string_view pointer) {
  if (pointer.empty()) return &obj;
  Json::json_pointer p{std::string(pointer)};
  if (!obj.contains(p)) return nullptr;
  return &obj[p];
}

// GetDeployMetaFromPod: the controller a pod names in its owner references.
void deploy_meta_from_pod(const Json& meta, PodRequest& req) {
  req.deploy_name = str(meta, "name");
  req.deploy_namespace = str(meta, "namespace");
  req.kind = "Pod";
  req.api_version = "v1";
  if (!str(meta, "generateName").empty() && meta.contains("ownerReferences") && meta["ownerReferences"].is_array()) {
    for (const Json& ref : meta["ownerReferences"]) {
      if (!ref.is_object() || !yaml::bool_field_or(ref, "controller", false)) continue;
      req.api_version = str(ref, "apiVersion");
      req.kind = str(ref, "kind");
      req.deploy_name = str(ref, "name");
      const Json labels = meta.contains("labels") ? meta["labels"] : Json::object();
      auto suffix_of = [&](const char* label) {
        std::string hash = str(labels, label);
        return !hash.empty() && req.deploy_name.size() >= hash.size() &&
               req.deploy_name.compare(req.deploy_name.size() - hash.size(), hash.size(), hash) == 0;
      };
      auto trim_suffix = [&](const std::string& suffix) {
        if (req.deploy_name.size() >= suffix.size() &&
            req.deploy_name.compare(req.deploy_name.size() - suffix.size(), suffix.size(), suffix) == 0) {
          req.deploy_name.resize(req.deploy_name.size() - suffix.size());
        }
      };
      if (req.kind == "ReplicaSet" && suffix_of("pod-template-hash")) {
        trim_suffix("-" + str(labels, "pod-template-hash"));
        req.kind = "Deployment";
      } else if (req.kind == "ReplicaSet" && suffix_of("rollouts-pod-template-hash")) {
        trim_suffix("-" + str(labels, "rollouts-pod-template-hash"));
        req.kind = "Rollout";
        req.api_version = "v1alpha1";
      } else if (req.kind == "ReplicationController" && !str(labels, "deploymentconfig").empty()) {
        req.deploy_name = str(labels, "deploymentconfig");
        req.kind = "DeploymentConfig";
      } else if (req.kind == "Job") {
        static const std::regex kCronJobName("(.+)-\\d{8,10}$");
        std::smatch m;
        if (std::regex_search(req.deploy_name, m, kCronJobName) && m.position(0) == 0) {
          req.deploy_name = m[1].str();
          req.kind = "CronJob";
          req.api_version = "batch/v1";
        }
      }
      break;
    }
  }
  if (req.deploy_name.empty()) req.deploy_name = str(meta, "name");
}

}  // namespace

Result<Json> Injector::inject_object(Json obj, std::vector<std::string>& warnings) const {
  static const std::map<std::string, std::string> kNone;
  return inject_object(std::move(obj), warnings, kNone);
}

Result<Json> Injector::inject_object(Json obj, std::vector<std::string>& warnings,
                                     const std::map<std::string, std::string>& url_envs) const {
  auto kind = kube::workload_kind(obj);
  if (!kind) return obj;
  if (*kind == kube::WorkloadKind::kList) {
    if (Json* items = kube::list_items(obj)) {
      for (Json& item : *items) {
        if (!kube::workload_kind(item)) continue;
        TRY_ASSIGN(item, inject_object(std::move(item), warnings, url_envs));
      }
    }
    return obj;
  }

  Json* meta = at_pointer(obj, kube::pod_metadata_pointer(*kind));
  std::string tmpl_ptr(kube::pod_template_pointer(*kind));
  Json* tmpl = at_pointer(obj, tmpl_ptr);
  if (tmpl == nullptr || !tmpl->is_object()) {
    if (*kind == kube::WorkloadKind::kPod) return obj;
    return make_error(ErrorKind::kInvalidInput, "spec.template is required value");
  }
  const Json empty = Json::object();
  const Json& metadata = meta != nullptr && meta->is_object() ? *meta : empty;
  const Json& spec = tmpl->contains("spec") && (*tmpl)["spec"].is_object() ? (*tmpl)["spec"] : empty;

  PodRequest req;
  if (*kind == kube::WorkloadKind::kPod) {
    deploy_meta_from_pod(metadata, req);
  } else {
    req.kind = str(obj, "kind");
    req.api_version = str(obj, "apiVersion");
    const Json& om = obj.contains("metadata") ? obj["metadata"] : empty;
    req.deploy_name = str(om, "name");
    req.deploy_namespace = str(om, "namespace");
  }
  std::string name = str(metadata, "name").empty() ? req.deploy_name : str(metadata, "name");
  std::string full_name = req.deploy_namespace.empty() ? name : req.deploy_namespace + "/" + name;
  std::string kind_text = str(obj, "kind");
  auto skip = [&](const char* why) {
    std::string quoted = fmt::format("{:?}", full_name);
    warnings.push_back(kind_text.empty()
                           ? fmt::format("===> Skipping injection because {} {}\n", quoted, why)
                           : fmt::format("===> Skipping injection because {} {} {}\n", kind_text, quoted, why));
  };
  if (yaml::bool_field_or(spec, "hostNetwork", false)) {
    skip("has host networking enabled");
    return obj;
  }
  InjectConfig policy;
  policy.policy = "enabled";
  const InjectConfig& config = options_.webhook_policy ? settings_->config : policy;
  if (!injection_required(metadata, spec, config)) {
    // istioctl applies proxy.istio.io/config to the mesh config before it asks whether the pod is
    // injected (IntoObject), so an annotation that does not parse fails the object even then.
    if (!options_.webhook_policy) TRY(pod_mesh_config(mesh_config(), metadata));
    skip("has sidecar injection disabled");
    return obj;
  }

  // The pod moves into the request: the injected pod replaces it below, and an error drops `obj`.
  req.pod = Json::object();
  req.pod["metadata"] = &metadata == &empty ? Json::object() : std::move(*meta);
  req.pod["spec"] = &spec == &empty ? Json::object() : std::move((*tmpl)["spec"]);
  req.warnings = &warnings;
  req.url_envs = url_envs;
  TRY_ASSIGN(Json injected, inject_pod(std::move(req)));
  if (meta != nullptr) {
    *meta = std::move(injected["metadata"]);
  } else {
    obj[Json::json_pointer(std::string(kube::pod_metadata_pointer(*kind)))] = std::move(injected["metadata"]);
  }
  (*tmpl)["spec"] = std::move(injected["spec"]);
  return obj;
}

}  // namespace sidecarctl::inject
