// The Istio versions of a cluster's control planes and proxies, from Deployments, ConfigMaps and pods.
#include "kube/mesh_versions.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "kube/injection_labels.h"
#include "yaml/json_fields.h"

namespace sidecarctl::kube {
namespace {

constexpr std::string_view kInjectorConfigMap = "istio-sidecar-injector";

const Json& metadata_of(const Json& object) { return yaml::object_field_or_empty(object, "metadata"); }

std::string name_of(const Json& object) { return yaml::string_field_or(metadata_of(object), "name"); }

// The container named `name` among a pod spec's containers and init containers (native sidecars).
const Json* find_container(const Json& pod_spec, std::string_view name) {
  for (const char* list : {"containers", "initContainers"}) {
    auto it = pod_spec.find(list);
    if (it == pod_spec.end() || !it->is_array()) continue;
    for (const Json& c : *it) {
      if (c.is_object() && yaml::string_field_or(c, "name") == name) return &c;
    }
  }
  return nullptr;
}

bool runs_as_router(const Json& proxy_container) {
  auto args = proxy_container.find("args");
  if (args == proxy_container.end() || !args->is_array()) return false;
  return std::any_of(args->begin(), args->end(),
                     [](const Json& a) { return a.is_string() && a == "router"; });
}

ControlPlaneVersion from_deployment(const std::string& ns, const Json& deployment) {
  ControlPlaneVersion cp;
  cp.revision = yaml::string_field_or(labels_of(deployment), "istio.io/rev");
  const Json& pod_template =
      yaml::object_field_or_empty(yaml::object_field_or_empty(deployment, "spec"), "template");
  Json pod_labels = labels_of(pod_template);
  if (cp.revision.empty()) cp.revision = yaml::string_field_or(pod_labels, "istio.io/rev");
  if (cp.revision.empty()) cp.revision = "default";
  cp.component = yaml::string_field_or(pod_labels, "istio", "istiod");
  cp.deployment = ns + "/" + name_of(deployment);
  const Json& pod_spec = yaml::object_field_or_empty(pod_template, "spec");
  const Json* discovery = find_container(pod_spec, "discovery");
  if (discovery == nullptr) {
    auto containers = pod_spec.find("containers");
    if (containers != pod_spec.end() && containers->is_array() && !containers->empty())
      discovery = &(*containers)[0];
  }
  if (discovery != nullptr) cp.image = yaml::string_field_or(*discovery, "image");
  cp.version = image_version(cp.image);
  return cp;
}

// The revision of an injector ConfigMap: its istio.io/rev label, else the name's suffix
// (istio-sidecar-injector-canary), else "default"; "" for a ConfigMap that is not an injector's.
std::string injector_revision(const Json& config_map) {
  std::string name = name_of(config_map);
  if (name.rfind(kInjectorConfigMap, 0) != 0) return "";
  std::string suffix = name.substr(kInjectorConfigMap.size());
  if (!suffix.empty() && suffix[0] != '-') return "";
  std::string revision = yaml::string_field_or(labels_of(config_map), "istio.io/rev");
  if (revision.empty()) revision = suffix.empty() ? "default" : suffix.substr(1);
  return revision;
}

bool is_running_pod(const Json& pod) {
  std::string phase = yaml::string_field_or(yaml::object_field_or_empty(pod, "status"), "phase");
  return phase != "Succeeded" && phase != "Failed" && !metadata_of(pod).contains("deletionTimestamp");
}

}  // namespace

std::string image_version(std::string_view image) {
  image = image.substr(0, image.find('@'));  // a digest follows the tag, if any
  std::size_t slash = image.rfind('/');
  std::size_t colon = image.rfind(':');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash) ||
      colon + 1 == image.size()) {
    return "unknown";
  }
  std::string tag(image.substr(colon + 1));
  for (std::string_view variant : {"-distroless", "-debug"}) {
    if (tag.size() > variant.size() &&
        tag.compare(tag.size() - variant.size(), variant.size(), variant) == 0) {
      tag.resize(tag.size() - variant.size());
      break;
    }
  }
  return tag;
}

MeshVersions mesh_versions(const std::string& istio_namespace, const std::vector<Json>& deployments,
                           const std::vector<Json>& config_maps, const std::vector<Json>& pods) {
  MeshVersions mesh;
  mesh.istio_namespace = istio_namespace;
  std::map<std::string, std::string> injectors;  // revision -> ConfigMap
  for (const Json& cm : config_maps) {
    std::string revision = injector_revision(cm);
    if (!revision.empty() && injectors.count(revision) == 0)
      injectors[revision] = istio_namespace + "/" + name_of(cm);
  }
  for (const Json& deployment : deployments)
    mesh.control_planes.push_back(from_deployment(istio_namespace, deployment));
  for (ControlPlaneVersion& cp : mesh.control_planes) {
    auto injector = injectors.find(cp.revision);
    if (injector != injectors.end()) cp.injector = injector->second;
  }
  for (const auto& injector : injectors) {
    const std::string& revision = injector.first;
    bool has_deployment = std::any_of(mesh.control_planes.begin(), mesh.control_planes.end(),
                                      [&](const ControlPlaneVersion& cp) { return cp.revision == revision; });
    if (!has_deployment) mesh.control_planes.push_back({revision, "", "", "", "", injector.second});
  }
  std::sort(mesh.control_planes.begin(), mesh.control_planes.end(), [](const auto& a, const auto& b) {
    return std::tie(a.revision, a.deployment) < std::tie(b.revision, b.deployment);
  });

  std::map<std::string, std::vector<std::string>> versions_of_revision;
  for (const ControlPlaneVersion& cp : mesh.control_planes) {
    if (cp.deployment.empty()) continue;
    auto& versions = versions_of_revision[cp.revision];
    if (std::find(versions.begin(), versions.end(), cp.version) == versions.end())
      versions.push_back(cp.version);
  }
  for (const Json& pod : pods) {
    if (!pod.is_object() || !is_running_pod(pod)) continue;
    const Json* proxy = find_container(yaml::object_field_or_empty(pod, "spec"), "istio-proxy");
    if (proxy == nullptr) continue;
    ProxyVersion p;
    p.ns = yaml::string_field_or(metadata_of(pod), "namespace");
    p.pod = name_of(pod);
    p.type = runs_as_router(*proxy) ? "gateway" : "sidecar";
    p.revision = current_sidecar(pod).revision;
    if (p.revision.empty()) p.revision = "default";
    p.image = yaml::string_field_or(*proxy, "image");
    p.version = image_version(p.image);
    p.owner = restartable_owner(pod);
    auto cp = versions_of_revision.find(p.revision);
    if (cp != versions_of_revision.end()) {
      for (const std::string& v : cp->second)
        p.control_plane_version += (p.control_plane_version.empty() ? "" : ", ") + v;
      bool comparable = p.version != "unknown" &&
                        std::find(cp->second.begin(), cp->second.end(), "unknown") == cp->second.end();
      p.outdated =
          comparable && std::find(cp->second.begin(), cp->second.end(), p.version) == cp->second.end();
    }
    mesh.proxies.push_back(std::move(p));
  }
  std::sort(mesh.proxies.begin(), mesh.proxies.end(),
            [](const auto& a, const auto& b) { return std::tie(a.ns, a.pod) < std::tie(b.ns, b.pod); });
  return mesh;
}

Result<MeshVersions> read_mesh_versions(ApiClient& client, const std::string& istio_namespace) {
  const std::string ns_path = "/namespaces/" + url_escape(istio_namespace);
  TRY_ASSIGN(auto deployments,
             client.list("/apis/apps/v1" + ns_path + "/deployments", {{"labelSelector", "app=istiod"}}));
  TRY_ASSIGN(auto config_maps, client.list("/api/v1" + ns_path + "/configmaps"));
  TRY_ASSIGN(auto pods, client.list("/api/v1/pods",
                                    {{"fieldSelector", "status.phase!=Succeeded,status.phase!=Failed"}}));
  return mesh_versions(istio_namespace, deployments, config_maps, pods);
}

std::vector<ProxyCount> count_proxies(const MeshVersions& mesh) {
  std::map<std::pair<std::string, std::string>, ProxyCount> counts;
  for (const ProxyVersion& p : mesh.proxies) {
    ProxyCount& c = counts[{p.version, p.revision}];
    c.version = p.version;
    c.revision = p.revision;
    c.proxies++;
    c.has_control_plane = !p.control_plane_version.empty();
  }
  std::vector<ProxyCount> out;
  for (auto& [_, c] : counts) out.push_back(std::move(c));
  return out;
}

std::vector<std::string> outdated_proxy_restarts(const MeshVersions& mesh) {
  std::map<std::string, std::vector<PodRestart>> by_namespace;
  for (const ProxyVersion& p : mesh.proxies) {
    if (!p.outdated) continue;
    by_namespace[p.ns].push_back(
        {p.pod, p.owner, "move from proxy " + p.version + " to " + p.control_plane_version});
  }
  std::vector<std::string> lines;
  for (const auto& [ns, restarts] : by_namespace) {
    for (std::string& line : restart_lines(restarts, ns)) lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace sidecarctl::kube
