// Pod and workload helpers the analyzers share: pod specs, containers, mesh membership (pod_util.h).
#include "analyze/pod_util.h"

#include <optional>

#include "analyze/kinds.h"
#include "yaml/object_key.h"

namespace sidecarctl::analyze {

const Json& pod_spec(const Resource& r) {
  if (r.kind == kind::kDeployment) return field(field(r.spec(), "template"), "spec");
  return r.spec();
}

Labels template_labels(const Resource& deployment) {
  return string_map(field(field(field(deployment.spec(), "template"), "metadata"), "labels"));
}

std::vector<const Json*> all_containers(const Json& spec) {
  std::vector<const Json*> out;
  for (const Json& c : array(spec, "containers")) out.push_back(&c);
  for (const Json& c : array(spec, "initContainers")) out.push_back(&c);
  return out;
}

std::string proxy_image(const Json& spec) {
  for (const Json* c : all_containers(spec))
    if (str(*c, "name") == kIstioProxy) return str(*c, "image");
  return "";
}

bool is_control_plane(const Resource& r) {
  if (r.labels.count("istio")) return true;
  auto it = r.labels.find("release");
  return it != r.labels.end() && it->second == "istio";
}

namespace {

// A label's or annotation's value: from a resource's string map, or from a metadata object's
// member read as string_map reads it (without copying the whole map).
std::optional<std::string> value_of(const Labels& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? std::nullopt : std::optional<std::string>(it->second);
}
std::optional<std::string> value_of(const Json& object, const std::string& key) {
  const Json* value = yaml::member_of(object, key);
  return value == nullptr ? std::nullopt : std::optional<std::string>(scalar_string(*value));
}

// A workload with an istio-proxy container that has an image is in the mesh; else its
// sidecar.istio.io/inject label decides, else that annotation, else its namespace's label.
bool in_mesh(const Context& ctx, const std::optional<std::string>& inject_annotation,
             const std::optional<std::string>& inject_label, const std::string& ns,
             const std::vector<const Json*>& containers) {
  for (const Json* c : containers)
    if (str(*c, "name") == kIstioProxy) {
      if (!str(*c, "image").empty()) return true;
      break;
    }
  if (inject_label) return *inject_label == "true";
  if (inject_annotation) return *inject_annotation == "true";
  if (const Resource* n = ctx.find(kind::kNamespace, "", ns)) {
    auto it = n->labels.find(std::string(kInjectionLabel));
    return it != n->labels.end() && it->second == "enabled";
  }
  return false;
}
}  // namespace

bool pod_in_mesh(const Context& ctx, const Resource& pod) {
  const std::string key(kSidecarInject);
  return in_mesh(ctx, value_of(pod.annotations, key), value_of(pod.labels, key), pod.ns,
                 all_containers(pod.spec()));
}

bool deployment_in_mesh(const Context& ctx, const Resource& d) {
  const Json& tmpl_meta = field(field(d.spec(), "template"), "metadata");
  std::vector<const Json*> containers;
  for (const Json& c : array(pod_spec(d), "containers")) containers.push_back(&c);
  const std::string key(kSidecarInject);
  return in_mesh(ctx, value_of(field(tmpl_meta, "annotations"), key),
                 value_of(field(tmpl_meta, "labels"), key), d.ns, containers);
}

bool pod_in_ambient(const Resource* pod) {
  if (pod == nullptr) return false;
  auto it = pod->annotations.find("ambient.istio.io/redirection");
  return it != pod->annotations.end() && it->second == "enabled";
}

bool namespace_in_ambient(const Resource* ns) {
  if (ns == nullptr) return false;
  auto get = [&](std::string_view k) {
    auto it = ns->labels.find(std::string(k));
    return it == ns->labels.end() ? std::string() : it->second;
  };
  if (get(kInjectionLabel) == "enabled") return false;
  if (!get(kRevLabel).empty()) return false;
  return get(kDataplaneModeLabel) == "ambient";
}

Labels labels_at(const Json& j, std::string_view key) { return string_map(field(j, key)); }

}  // namespace sidecarctl::analyze
