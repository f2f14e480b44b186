#include "webhook/check_inject_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "kube/workload.h"
#include "yaml/json_fields.h"

namespace sidecarctl::webhook {
namespace {

struct KindInfo {
  std::string_view kind;
  std::string_view api_prefix;          // "/api/v1" or "/apis/apps/v1"
  std::string_view resource;            // plural
  std::vector<std::string_view> names;  // what `TYPE/` may say
};

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> table = {
      {"Pod", "/api/v1", "pods", {"pod", "pods", "po"}},
      {"Deployment",
       "/apis/apps/v1",
       "deployments",
       {"deployment", "deployments", "deploy", "deployment.apps"}},
      {"StatefulSet",
       "/apis/apps/v1",
       "statefulsets",
       {"statefulset", "statefulsets", "sts", "statefulset.apps"}},
      {"DaemonSet", "/apis/apps/v1", "daemonsets", {"daemonset", "daemonsets", "ds", "daemonset.apps"}},
      {"ReplicaSet", "/apis/apps/v1", "replicasets", {"replicaset", "replicasets", "rs", "replicaset.apps"}},
      {"ReplicationController",
       "/api/v1",
       "replicationcontrollers",
       {"replicationcontroller", "replicationcontrollers", "rc"}},
      {"Job", "/apis/batch/v1", "jobs", {"job", "jobs", "job.batch"}},
      {"CronJob", "/apis/batch/v1", "cronjobs", {"cronjob", "cronjobs", "cj", "cronjob.batch"}},
      {"Namespace", "/api/v1", "namespaces", {}},
      {"ConfigMap", "/api/v1", "configmaps", {}},
  };
  return table;
}

const KindInfo* kind_info(std::string_view kind) {
  for (const KindInfo& k : kinds()) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const Json& metadata(const Json& obj) { return yaml::object_field_or_empty(obj, "metadata"); }

bool is_cluster_scoped(std::string_view kind) {
  return kind == "Namespace" || kind == "MutatingWebhookConfiguration";
}

}  // namespace

FileSource::FileSource(std::vector<Json> objects, std::string default_ns)
    : default_ns_(std::move(default_ns)) {
  for (Json& obj : objects) {
    if (kube::is_list(obj)) {
      if (const Json* items = kube::list_items(obj)) {
        for (const Json& item : *items) objects_.push_back(item);
      }
    } else if (obj.is_object()) {
      objects_.push_back(std::move(obj));
    }
  }
  for (Json& obj : objects_) {
    std::string kind = yaml::string_field_or(obj, "kind");
    if (is_cluster_scoped(kind) || !obj["metadata"].is_object()) continue;
    if (yaml::string_field_or(obj["metadata"], "namespace").empty())
      obj["metadata"]["namespace"] = default_ns_;
  }
}

Result<std::vector<Json>> FileSource::webhook_configurations() {
  std::vector<Json> out;
  for (const Json& obj : objects_) {
    if (yaml::string_field_or(obj, "kind") == "MutatingWebhookConfiguration") out.push_back(obj);
  }
  return out;
}

std::size_t FileSource::webhook_count() const {
  return static_cast<std::size_t>(std::count_if(objects_.begin(), objects_.end(), [](const Json& o) {
    return yaml::string_field_or(o, "kind") == "MutatingWebhookConfiguration";
  }));
}

std::vector<const Json*> FileSource::workloads() const {
  std::vector<const Json*> out;
  for (const Json& obj : objects_) {
    std::string kind = yaml::string_field_or(obj, "kind");
    if (kind != "Namespace" && kind != "ConfigMap" && kind_info(kind) != nullptr) out.push_back(&obj);
  }
  return out;
}

Result<std::optional<Json>> FileSource::get(std::string_view kind, const std::string& ns,
                                            const std::string& name) {
  for (const Json& obj : objects_) {
    if (yaml::string_field_or(obj, "kind") != kind) continue;
    const Json& m = metadata(obj);
    if (yaml::string_field_or(m, "name") != name) continue;
    if (!is_cluster_scoped(kind) && yaml::string_field_or(m, "namespace") != ns) continue;
    return std::optional<Json>(obj);
  }
  return std::optional<Json>();
}

Result<std::vector<Json>> FileSource::pods(const std::string& ns) {
  std::vector<Json> out;
  for (const Json& obj : objects_) {
    if (yaml::string_field_or(obj, "kind") == "Pod" &&
        yaml::string_field_or(metadata(obj), "namespace") == ns) {
      out.push_back(obj);
    }
  }
  return out;
}

Result<std::vector<Json>> ClusterSource::webhook_configurations() { return client_.list_mutating_webhooks(); }

Result<std::optional<Json>> ClusterSource::get(std::string_view kind, const std::string& ns,
                                               const std::string& name) {
  std::string path;
  if (kind == "Namespace") {
    path = "/api/v1/namespaces/" + kube::url_escape(name);
  } else {
    auto p = object_path(kind, ns, name);
    if (!p) return p.error();
    path = *p;
  }
  auto obj = client_.get(path);
  if (!obj) {
    if (obj.error().kind == ErrorKind::kNotFound) return std::optional<Json>();
    return obj.error();
  }
  return std::optional<Json>(std::move(*obj));
}

Result<std::vector<Json>> ClusterSource::pods(const std::string& ns) { return client_.list_pods(ns); }

Result<std::vector<Json>> LayeredSource::webhook_configurations() {
  auto own = files_.webhook_configurations();
  if (own && !own->empty()) return own;
  return cluster_.webhook_configurations();
}

Result<std::optional<Json>> LayeredSource::get(std::string_view kind, const std::string& ns,
                                               const std::string& name) {
  auto own = files_.get(kind, ns, name);
  if (kind != "Namespace" && kind != "ConfigMap") workload_from_files_ = own && own->has_value();
  if (!own || own->has_value()) return own;
  return cluster_.get(kind, ns, name);
}

Result<std::vector<Json>> LayeredSource::pods(const std::string& ns) {
  if (workload_from_files_) return files_.pods(ns);
  return cluster_.pods(ns);
}

Result<Target> parse_target(std::string_view arg, const std::string& default_ns) {
  Target target;
  std::string_view rest = arg;
  auto slash = arg.rfind('/');
  if (slash != std::string_view::npos && slash > 0) {
    std::string type = lower(arg.substr(0, slash));
    const KindInfo* found = nullptr;
    for (const KindInfo& k : kinds()) {
      if (std::find(k.names.begin(), k.names.end(), type) != k.names.end()) found = &k;
    }
    if (found == nullptr) {
      return make_error(
          ErrorKind::kUsage,
          fmt::format("\"{}\": check-inject takes a pod or a workload (pod, deploy, sts, ds, rs, rc, "
                      "job, cj), not \"{}\"",
                      arg, arg.substr(0, slash)));
    }
    target.kind = std::string(found->kind);
    rest = arg.substr(slash + 1);
  }
  // istioctl's inferNsInfo: a namespace follows the last '.' of the name.
  auto dot = rest.rfind('.');
  target.name = std::string(rest.substr(0, dot));
  target.ns = dot == std::string_view::npos ? default_ns : std::string(rest.substr(dot + 1));
  if (target.name.empty() || target.ns.empty()) {
    return make_error(ErrorKind::kUsage, fmt::format("\"{}\" names no [TYPE/]NAME[.NAMESPACE]", arg));
  }
  return target;
}

std::string target_not_found(const Target& target) {
  const KindInfo* k = kind_info(target.kind);
  if (k == nullptr || target.kind == "Pod") return fmt::format("pods \"{}\" not found", target.name);
  std::string_view prefix = k->api_prefix;
  std::string group;
  if (prefix.rfind("/apis/", 0) == 0) {
    prefix.remove_prefix(6);
    group = "." + std::string(prefix.substr(0, prefix.find('/')));
  }
  return fmt::format("failed retrieving: {}{} \"{}\" not found in the \"{}\" namespace", k->resource, group,
                     target.name, target.ns);
}

Result<std::string> object_path(std::string_view kind, const std::string& ns, const std::string& name) {
  const KindInfo* k = kind_info(kind);
  if (k == nullptr) return make_error(ErrorKind::kInternal, fmt::format("no API path for kind {}", kind));
  return fmt::format("{}/namespaces/{}/{}/{}", k->api_prefix, kube::url_escape(ns), k->resource,
                     kube::url_escape(name));
}

}  // namespace sidecarctl::webhook
