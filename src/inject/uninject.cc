// Removing an injected sidecar (see injector.h): what the status annotation lists, the metadata
// injection adds, and the original probes and prometheus annotations the sidecar kept.
#include <algorithm>
#include <string_view>

#include "inject/injector.h"
#include "inject/pod_edit.h"
#include "kube/workload.h"

namespace sidecarctl::inject {
namespace {

constexpr const char* kStatusAnnotation = "sidecar.istio.io/status";

// Annotations and labels the injection templates and post-processing add.
constexpr std::string_view kInjectedAnnotations[] = {
    "sidecar.istio.io/status", "proxy.istio.io/overrides", "istio.io/rev",
    "kubectl.kubernetes.io/default-container", "kubectl.kubernetes.io/default-logs-container",
    "prometheus.istio.io/secure-port",
};
constexpr std::string_view kInjectedLabels[] = {
    "security.istio.io/tlsMode", "service.istio.io/canonical-name", "service.istio.io/canonical-revision",
    "topology.istio.io/network",
};

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
    const std::string name = e.is_object() ? e.value("name", "") : "";
    if (std::find(names.begin(), names.end(), name) == names.end()) kept.push_back(std::move(e));
  }
  if (kept.empty()) spec.erase(key);
  else list = std::move(kept);
}

std::string env_value(const Json* container, const char* name) {
  if (container == nullptr || !container->contains("env") || !(*container)["env"].is_array()) return "";
  for (const Json& e : (*container)["env"]) {
    if (e.is_object() && e.value("name", "") == name) return e.value("value", "");
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
        if (p.is_object() && p.contains("name") && p.value("containerPort", -1) == a["port"].get<int>()) {
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
      const std::string name = c.value("name", "");
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

}  // namespace

Json uninject_pod(Json pod) {
  normalize_pod_shape(pod);
  Json& annotations = pod["metadata"]["annotations"];
  auto it = annotations.find(kStatusAnnotation);
  if (it == annotations.end() || !it->is_string()) return pod;
  Json status = Json::parse(it->get<std::string>(), nullptr, false);
  if (status.is_discarded()) status = Json::object();

  const Json* sidecar = find_container_in_pod(pod, kProxyContainer);
  Json probers = Json::parse(env_value(sidecar, "ISTIO_KUBE_APP_PROBERS"), nullptr, false);
  Json prometheus = Json::parse(env_value(sidecar, "ISTIO_PROMETHEUS_ANNOTATIONS"), nullptr, false);
  std::string status_port = annotations.value("prometheus.io/port", "");

  Json& spec = pod["spec"];
  remove_named(spec, "containers", listed(status, "containers"));
  remove_named(spec, "initContainers", listed(status, "initContainers"));
  remove_named(spec, "volumes", listed(status, "volumes"));
  remove_named(spec, "imagePullSecrets", listed(status, "imagePullSecrets"));
  if (!spec.contains("containers")) spec["containers"] = Json::array();

  if (probers.is_object()) restore_probes(pod, probers);

  for (std::string_view a : kInjectedAnnotations) annotations.erase(std::string(a));
  // Our prometheus annotations point at the agent; the originals were kept in the sidecar's env.
  if (annotations.value("prometheus.io/path", "") == "/stats/prometheus" &&
      annotations.value("prometheus.io/scrape", "") == "true" && !status_port.empty()) {
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
  pod = uninject_pod(std::move(pod));
  if (pod["metadata"].empty() && !obj.contains(mp)) {
    // nothing to write back
  } else {
    obj[mp] = pod["metadata"];
  }
  obj[sp] = pod["spec"];
  return obj;
}

}  // namespace sidecarctl::inject
