// Removing an injected sidecar (see injector.h): what the status annotation lists, the metadata
// injection adds, and the original probes and prometheus annotations the sidecar kept.
#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "inject/injector.h"
#include "inject/pod_edit.h"
#include "kube/workload.h"
#include "yaml/json_fields.h"

namespace sidecarctl::inject {
namespace {

constexpr const char* kStatusAnnotation = "sidecar.istio.io/status";

constexpr const char* kOverridesAnnotation = "proxy.istio.io/overrides";

// Annotations and labels the injection templates and post-processing always set.
constexpr std::string_view kInjectedAnnotations[] = {
    "sidecar.istio.io/status", kOverridesAnnotation, "istio.io/rev", "prometheus.istio.io/secure-port",
};
constexpr std::string_view kInjectedLabels[] = {"topology.istio.io/network"};

std::vector<std::string> listed(const Json& status, const char* key) {
  std::vector<std::string> out;
  if (!status.is_object() || !status.contains(key) || !status[key].is_array()) return out;
  for (const Json& n : status[key]) {
    if (n.is_string()) out.push_back(n.get<std::string>());
  }
  return out;
}

void remove_named(Json& spec, const char* key, const std::vector<std::string>& names) {
  if (!spec.contains(key) || !spec[key].is_array()) return;
  Json& list = spec[key];
  Json kept = Json::array();
  for (Json& e : list) {
    const std::string name = e.is_object() ? yaml::string_field_or(e, "name") : "";
    if (std::find(names.begin(), names.end(), name) == names.end()) kept.push_back(std::move(e));
  }
  if (kept.empty()) spec.erase(key);
  else list = std::move(kept);
}

std::string env_value(const Json* container, const char* name) {
  if (container == nullptr || !container->contains("env") || !(*container)["env"].is_array()) return "";
  for (const Json& e : (*container)["env"]) {
    if (e.is_object() && yaml::string_field_or(e, "name") == name) return yaml::string_field_or(e, "value");
  }
  return "";
}

// The probe or lifecycle handler `probe` gets back the action the agent was forwarding to.
void restore_probe(Json& probe, const Json& prober, const Json& container, bool lifecycle) {
  probe.erase("httpGet");
  for (const char* action : {"httpGet", "tcpSocket", "grpc"}) {
    if (!prober.contains(action)) continue;
    Json a = prober[action];
    if (action != std::string_view("grpc") && a.contains("port") && a["port"].is_number() && container.contains("ports")) {
      for (const Json& p : container["ports"]) {  // named ports were resolved to numbers
        if (p.is_object() && p.contains("name") && p.contains("containerPort") && p["containerPort"] == a["port"]) {
          a["port"] = p["name"];
          break;
        }
      }
    }
    if (action == std::string_view("grpc") && a.contains("service") && a["service"].is_null()) a.erase("service");
    probe[action] = std::move(a);
  }
  if (!lifecycle && prober.contains("timeoutSeconds")) probe["timeoutSeconds"] = prober["timeoutSeconds"];
}

void restore_probes(Json& pod, const Json& probers) {
  for (const char* list : {"initContainers", "containers"}) {
    if (!pod["spec"].contains(list) || !pod["spec"][list].is_array()) continue;
    for (Json& c : pod["spec"][list]) {
      const std::string name = yaml::string_field_or(c, "name");
      struct Slot {
        std::string url;
        const char* parent;
        const char* field;
      };
      const Slot slots[] = {{"/app-health/" + name + "/readyz", nullptr, "readinessProbe"},
                            {"/app-health/" + name + "/livez", nullptr, "livenessProbe"},
                            {"/app-health/" + name + "/startupz", nullptr, "startupProbe"},
                            {"/app-lifecycle/" + name + "/prestopz", "lifecycle", "preStop"},
                            {"/app-lifecycle/" + name + "/poststartz", "lifecycle", "postStart"}};
      for (const Slot& slot : slots) {
        if (!probers.contains(slot.url)) continue;
        Json* holder = &c;
        if (slot.parent != nullptr) {
          if (!c.contains(slot.parent)) continue;
          holder = &c[slot.parent];
        }
        if (!holder->contains(slot.field)) continue;
        restore_probe((*holder)[slot.field], probers[slot.url], c, slot.parent != nullptr);
      }
    }
  }
}

// The containers of a list in proxy.istio.io/overrides: the user's own definitions of containers
// that injection modified (Istio's reapplyOverwrittenContainers saves them there).
const Json* overridden(const Json& overrides, const char* key, const std::string& name) {
  if (!overrides.is_object() || !overrides.contains(key) || !overrides[key].is_array()) return nullptr;
  return find_container(overrides[key], name);
}

// Removes the containers of `list` that the status names, except those the overrides hold: they
// were the user's before injection and get their saved definition back in place. Istio saves an
// `image: auto` container without its image (it lets the template pick one); a container needs
// an image, so an override without one had `auto`.
void restore_containers(Json& spec, const char* list, const std::vector<std::string>& injected,
                        const Json& overrides) {
  if (!spec.contains(list) || !spec[list].is_array()) return;
  Json kept = Json::array();
  for (Json& c : spec[list]) {
    const std::string name = c.is_object() ? yaml::string_field_or(c, "name") : "";
    if (std::find(injected.begin(), injected.end(), name) == injected.end()) {
      kept.push_back(std::move(c));
    } else if (const Json* original = overridden(overrides, list, name)) {
      Json restored = *original;
      if (yaml::string_field_or(restored, "image").empty()) restored["image"] = "auto";
      // Native sidecars: injection moved the user's istio-proxy container to the init containers;
      // one the user defined as an init container is a sidecar only with restartPolicy Always.
      if (list == std::string_view("initContainers") && name == kProxyContainer &&
          yaml::string_field_or(restored, "restartPolicy") != "Always") {
        if (!spec.contains("containers") || !spec["containers"].is_array()) spec["containers"] = Json::array();
        spec["containers"].push_back(std::move(restored));
      } else {
        kept.push_back(std::move(restored));
      }
    }
  }
  if (kept.empty()) spec.erase(list);
  else spec[list] = std::move(kept);
}

// Go's strings.Trim(s, "-_.") after sprig's trunc 63, as the templates shape the canonical name.
std::string canonical_name(std::string s) {
  if (s.size() > 63) s.resize(63);
  auto first = s.find_first_not_of("-_.");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of("-_.") - first + 1);
}

std::string first_label(const Json& labels, std::initializer_list<const char*> keys, const std::string& fallback) {
  for (const char* k : keys) {
    std::string v = labels.value(k, "");
    if (!v.empty()) return v;
  }
  return fallback;
}

// Removes `key` when its value is the one injection derives; any other value was the user's
// (the templates never overwrite a value the pod already has).
void erase_if_derived(Json& map, const char* key, const std::string& derived) {
  auto it = map.find(key);
  if (it != map.end() && it->is_string() && it->get<std::string>() == derived) map.erase(it);
}

const Json* json_at(const Json& obj, const char* pointer) {
  Json::json_pointer p{pointer};
  return obj.contains(p) ? &obj[p] : nullptr;
}

}  // namespace

Json uninject_pod(Json pod, const std::string& workload_name) {
  normalize_pod_shape(pod);
  Json& annotations = pod["metadata"]["annotations"];
  auto it = annotations.find(kStatusAnnotation);
  if (it == annotations.end() || !it->is_string()) return pod;
  Json status = Json::parse(it->get<std::string>(), nullptr, false);
  if (status.is_discarded()) status = Json::object();

  const Json* sidecar = find_container_in_pod(pod, kProxyContainer);
  Json probers = Json::parse(env_value(sidecar, "ISTIO_KUBE_APP_PROBERS"), nullptr, false);
  Json prometheus = Json::parse(env_value(sidecar, "ISTIO_PROMETHEUS_ANNOTATIONS"), nullptr, false);
  std::string status_port = yaml::string_field_or(annotations, "prometheus.io/port");

  Json overrides = Json::parse(annotations.value(kOverridesAnnotation, ""), nullptr, false);
  Json& spec = pod["spec"];
  restore_containers(spec, "initContainers", listed(status, "initContainers"), overrides);
  restore_containers(spec, "containers", listed(status, "containers"), overrides);
  remove_named(spec, "volumes", listed(status, "volumes"));
  remove_named(spec, "imagePullSecrets", listed(status, "imagePullSecrets"));
  if (!spec.contains("containers")) spec["containers"] = Json::array();

  if (probers.is_object()) restore_probes(pod, probers);

  for (std::string_view a : kInjectedAnnotations) annotations.erase(std::string(a));
  // The default container is the first application container, unless the pod named one.
  std::string first_app;
  for (const Json& c : spec["containers"]) {
    if (c.is_object() && yaml::string_field_or(c, "name") != kProxyContainer) {
      first_app = yaml::string_field_or(c, "name");
      break;
    }
  }
  erase_if_derived(annotations, "kubectl.kubernetes.io/default-container", first_app);
  erase_if_derived(annotations, "kubectl.kubernetes.io/default-logs-container", first_app);
  // Our prometheus annotations point at the agent; the originals were kept in the sidecar's env.
  if (yaml::string_field_or(annotations, "prometheus.io/path") == "/stats/prometheus" &&
      yaml::string_field_or(annotations, "prometheus.io/scrape") == "true" && !status_port.empty()) {
    for (const char* a : {"prometheus.io/path", "prometheus.io/port", "prometheus.io/scrape"}) annotations.erase(a);
    if (prometheus.is_object()) {
      for (const char* field : {"scrape", "path", "port"}) {
        std::string v = prometheus.value(field, "");
        if (!v.empty()) annotations[std::string("prometheus.io/") + field] = v;
      }
    }
  }
  Json& labels = pod["metadata"]["labels"];
  for (std::string_view l : kInjectedLabels) labels.erase(std::string(l));
  erase_if_derived(labels, "security.istio.io/tlsMode", "istio");
  const std::string workload = workload_name.empty() ? yaml::string_field_or(pod["metadata"], "name") : workload_name;
  erase_if_derived(labels, "service.istio.io/canonical-name",
                   canonical_name(first_label(labels, {"app.kubernetes.io/name", "app"}, workload)));
  // A pod's workload name comes from its controller (GetDeployMetaFromPod), trimmed of hashes.
  if (const Json* owners = json_at(pod, "/metadata/ownerReferences"); owners != nullptr && owners->is_array()) {
    for (const Json& o : *owners) {
      if (!o.is_object() || !first_label(labels, {"app.kubernetes.io/name", "app"}, "").empty()) continue;
      std::string owner = canonical_name(yaml::string_field_or(o, "name"));
      auto label = labels.find("service.istio.io/canonical-name");
      if (label != labels.end() && label->is_string() && !owner.empty() && owner.rfind(label->get<std::string>(), 0) == 0) {
        labels.erase(label);
      }
    }
  }
  erase_if_derived(labels, "service.istio.io/canonical-revision",
                   first_label(labels, {"app.kubernetes.io/version", "version"}, "latest"));
  if (annotations.empty()) pod["metadata"].erase("annotations");
  if (labels.empty()) pod["metadata"].erase("labels");
  return pod;
}

Json uninject_object(Json obj) {
  auto kind = kube::workload_kind(obj);
  if (!kind) return obj;
  if (*kind == kube::WorkloadKind::kList) {
    if (Json* items = kube::list_items(obj)) {
      for (Json& item : *items) item = uninject_object(std::move(item));
    }
    return obj;
  }
  std::string meta_ptr(kube::pod_metadata_pointer(*kind));
  std::string tmpl_ptr(kube::pod_template_pointer(*kind));
  Json::json_pointer mp{meta_ptr}, sp{tmpl_ptr + "/spec"};
  if (!obj.contains(sp)) return obj;
  Json pod{{"metadata", obj.contains(mp) ? obj[mp] : Json::object()}, {"spec", obj[sp]}};
  std::string name;
  if (const Json* n = json_at(obj, "/metadata/name"); n != nullptr && n->is_string()) name = n->get<std::string>();
  pod = uninject_pod(std::move(pod), name);
  if (pod["metadata"].empty() && !obj.contains(mp)) {
    // nothing to write back
  } else {
    obj[mp] = pod["metadata"];
  }
  obj[sp] = pod["spec"];
  return obj;
}

}  // namespace sidecarctl::inject
