#include "analyze/pod_util.h"

#include "analyze/kinds.h"

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
bool in_mesh(const Context& ctx, const Labels& annotations, const Labels& labels, const std::string& ns,
             const std::vector<const Json*>& containers) {
  for (const Json* c : containers)
    if (str(*c, "name") == kIstioProxy) {
      if (!str(*c, "image").empty()) return true;
      break;
    }
  if (auto it = labels.find(std::string(kSidecarInject)); it != labels.end()) return it->second == "true";
  if (auto it = annotations.find(std::string(kSidecarInject)); it != annotations.end()) return it->second == "true";
  if (const Resource* n = ctx.find(kind::kNamespace, "", ns)) {
    auto it = n->labels.find(std::string(kInjectionLabel));
    return it != n->labels.end() && it->second == "enabled";
  }
  return false;
}
}  // namespace

bool pod_in_mesh(const Context& ctx, const Resource& pod) {
  return in_mesh(ctx, pod.annotations, pod.labels, pod.ns, all_containers(pod.spec()));
}

bool deployment_in_mesh(const Context& ctx, const Resource& d) {
  const Json& tmpl_meta = field(field(d.spec(), "template"), "metadata");
  std::vector<const Json*> containers;
  for (const Json& c : array(pod_spec(d), "containers")) containers.push_back(&c);
  return in_mesh(ctx, string_map(field(tmpl_meta, "annotations")), string_map(field(tmpl_meta, "labels")), d.ns,
                 containers);
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
