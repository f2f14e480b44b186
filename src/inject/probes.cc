// Probe rewriting to the sidecar agent (see probes.h).
#include "inject/probes.h"

#include <climits>
#include <functional>
#include <map>
#include <optional>

#include "base/go_strconv.h"
#include "yaml/emit.h"
#include "yaml/json_fields.h"

namespace sidecarctl::inject {
namespace {

constexpr const char* kProxyName = "istio-proxy";
constexpr const char* kProbersEnv = "ISTIO_KUBE_APP_PROBERS";

struct ProberUrls {
  std::string readyz, livez, startupz, prestopz, poststartz;
};

ProberUrls prober_urls(const std::string& container) {
  return {"/app-health/" + container + "/readyz", "/app-health/" + container + "/livez",
          "/app-health/" + container + "/startupz", "/app-lifecycle/" + container + "/prestopz",
          "/app-lifecycle/" + container + "/poststartz"};
}

Json* child(Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string quoted(const std::string& s) { return yaml::to_json(Json(s)); }

// Go's json.Marshal of the prober types, in struct field order.
std::string marshal_prober(const Json& p) {
  std::string out = "{";
  bool first = true;
  auto key = [&](const char* k) {
    if (!first) out += ',';
    first = false;
    out += quoted(k) + ":";
  };
  auto action = [&](const Json& a, std::initializer_list<const char*> fields) {
    std::string s = "{";
    bool f1 = true;
    for (const char* f : fields) {
      auto it = a.find(f);
      if (it == a.end()) continue;
      if (!f1) s += ',';
      f1 = false;
      s += quoted(f) + ":" + yaml::to_json(*it);
    }
    return s + "}";
  };
  if (auto it = p.find("httpGet"); it != p.end()) {
    key("httpGet");
    out += action(*it, {"path", "port", "host", "scheme", "httpHeaders"});
  }
  if (auto it = p.find("tcpSocket"); it != p.end()) {
    key("tcpSocket");
    out += action(*it, {"port", "host"});
  }
  if (auto it = p.find("grpc"); it != p.end()) {
    key("grpc");
    Json g = *it;
    if (!g.contains("service")) g["service"] = nullptr;
    out += action(g, {"port", "service"});
  }
  if (auto it = p.find("timeoutSeconds"); it != p.end() && it->is_number() && it->get<std::int64_t>() != 0) {
    key("timeoutSeconds");
    out += yaml::to_json(*it);
  }
  return out + "}";
}

// kubeProbeToInternalProber / kubeLifecycleHandlerToInternalProber + updateNamedPort. Returns the
// prober (as JSON with pointers into the pod's action, so named ports are resolved in place).
std::optional<Json> internal_prober(Json* probe, bool lifecycle, const std::map<std::string, std::int64_t>& ports,
                                    int target_port) {
  if (probe == nullptr) return std::nullopt;
  Json prober = Json::object();
  Json* action = nullptr;
  const char* action_name = nullptr;
  for (const char* name : {"httpGet", "tcpSocket", "grpc"}) {
    if (lifecycle && std::string(name) == "grpc") continue;
    if (Json* a = child(*probe, name)) {
      action = a;
      action_name = name;
      break;
    }
  }
  if (action == nullptr) return std::nullopt;
  if (std::string(action_name) != "grpc") {
    Json* port = child(*action, "port");
    if (port != nullptr && port->is_string()) {
      auto it = ports.find(port->get<std::string>());
      if (it == ports.end()) return std::nullopt;
      *port = it->second;
    } else if (port != nullptr && port->is_number() && port->get<std::int64_t>() == target_port) {
      return std::nullopt;
    }
  }
  prober[action_name] = *action;
  if (!lifecycle) {
    if (Json* t = child(*probe, "timeoutSeconds")) prober["timeoutSeconds"] = *t;
  }
  return prober;
}

void for_each_container(Json& pod, const std::function<void(Json&)>& fn) {
  Json* spec = child(pod, "spec");
  if (spec == nullptr) return;
  for (const char* list : {"initContainers", "containers"}) {
    Json* l = child(*spec, list);
    if (l == nullptr || !l->is_array()) continue;
    for (Json& c : *l) {
      if (c.is_object() && yaml::string_field_or(c, "name") != kProxyName) fn(c);
    }
  }
}

// convertAppProber: the probe pointed at the agent, or nullopt when it has no supported action.
void convert_probe(Json* probe, const std::string& url, int port) {
  if (probe == nullptr) return;
  Json* http = child(*probe, "httpGet");
  if (http != nullptr) {
    (*http)["port"] = port;
    (*http)["path"] = url;
    if (yaml::string_field_or(*http, "scheme") == "HTTPS") (*http)["scheme"] = "HTTP";
    return;
  }
  for (const char* other : {"tcpSocket", "grpc"}) {
    if (child(*probe, other) != nullptr) {
      probe->erase(other);
      (*probe)["httpGet"] = Json{{"path", url}, {"port", port}};
      return;
    }
  }
}

void convert_lifecycle(Json* handler, const std::string& url, int port) {
  if (handler == nullptr) return;
  if (Json* http = child(*handler, "httpGet")) {
    (*http)["port"] = port;
    (*http)["path"] = url;
    if (yaml::string_field_or(*http, "scheme") == "HTTPS") (*http)["scheme"] = "HTTP";
  } else if (child(*handler, "tcpSocket") != nullptr) {
    handler->erase("tcpSocket");
    (*handler)["httpGet"] = Json{{"path", url}, {"port", port}};
  }
}

}  // namespace

bool should_rewrite_probes(const Json& annotations, bool spec_setting) {
  if (annotations.is_object()) {
    auto it = annotations.find("sidecar.istio.io/rewriteAppHTTPProbers");
    if (it != annotations.end() && it->is_string()) {
      const std::string v = it->get<std::string>();
      if (v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True") return true;
      if (v == "0" || v == "f" || v == "F" || v == "false" || v == "FALSE" || v == "False") return false;
    }
  }
  return spec_setting;
}

std::string dump_app_probers(Json& pod, int status_port) {
  std::map<std::string, std::string> out;  // url -> marshalled prober (Go sorts map keys)
  for_each_container(pod, [&](Json& c) {
    const std::string name = yaml::string_field_or(c, "name");
    ProberUrls urls = prober_urls(name);
    std::map<std::string, std::int64_t> ports;
    if (Json* ps = child(c, "ports"); ps != nullptr && ps->is_array()) {
      for (const Json& p : *ps) {
        if (p.is_object() && yaml::string_field_or(p, "name") != "" && p.contains("containerPort") && p["containerPort"].is_number()) {
          ports[p["name"].get<std::string>()] = p["containerPort"].get<std::int64_t>();
        }
      }
    }
    auto add = [&](Json* probe, bool lifecycle, const std::string& url) {
      if (auto p = internal_prober(probe, lifecycle, ports, status_port)) out[url] = marshal_prober(*p);
    };
    add(child(c, "readinessProbe"), false, urls.readyz);
    add(child(c, "livenessProbe"), false, urls.livez);
    add(child(c, "startupProbe"), false, urls.startupz);
    if (Json* lc = child(c, "lifecycle")) {
      add(child(*lc, "preStop"), true, urls.prestopz);
      add(child(*lc, "postStart"), true, urls.poststartz);
    }
  });
  if (out.empty()) return "";
  std::string s = "{";
  bool first = true;
  for (const auto& [url, prober] : out) {
    if (!first) s += ',';
    first = false;
    s += quoted(url) + ":" + prober;
  }
  return s + "}";
}

void rewrite_probes(Json& pod, int default_port) {
  int port = default_port;
  if (Json* meta = child(pod, "metadata")) {
    if (Json* ann = child(*meta, "annotations")) {
      auto it = ann->find("status.sidecar.istio.io/port");
      if (it != ann->end() && it->is_string()) {
        // strconv.Atoi: no surrounding spaces; a failure leaves 0, as in Istio. (Validation has
        // already refused values that are not a 16-bit port once trimmed.)
        auto number = parse_go_int(it->get<std::string>(), 10);
        port = number && *number >= INT_MIN && *number <= INT_MAX ? static_cast<int>(*number) : 0;
      }
    }
  }
  for_each_container(pod, [&](Json& c) {
    ProberUrls urls = prober_urls(yaml::string_field_or(c, "name"));
    convert_probe(child(c, "readinessProbe"), urls.readyz, port);
    convert_probe(child(c, "livenessProbe"), urls.livez, port);
    convert_probe(child(c, "startupProbe"), urls.startupz, port);
    if (Json* lc = child(c, "lifecycle")) {
      convert_lifecycle(child(*lc, "preStop"), urls.prestopz, port);
      convert_lifecycle(child(*lc, "postStart"), urls.poststartz, port);
    }
  });
}

void merge_or_append_probers(Json& env, bool previously_injected, const std::string& probers) {
  if (!env.is_array()) env = Json::array();
  if (previously_injected) {
    for (Json& e : env) {
      if (!e.is_object() || yaml::string_field_or(e, "name") != kProbersEnv) continue;
      Json existing = Json::parse(yaml::string_field_or(e, "value"), nullptr, false);
      Json fresh = Json::parse(probers, nullptr, false);
      if (existing.is_discarded() || !existing.is_object() || fresh.is_discarded()) return;
      std::map<std::string, std::string> merged;
      for (auto it = fresh.begin(); it != fresh.end(); ++it) merged[it.key()] = marshal_prober(*it);
      for (auto it = existing.begin(); it != existing.end(); ++it) merged[it.key()] = marshal_prober(*it);
      std::string s = "{";
      bool first = true;
      for (const auto& [url, prober] : merged) {
        if (!first) s += ',';
        first = false;
        s += quoted(url) + ":" + prober;
      }
      e = Json{{"name", kProbersEnv}, {"value", s + "}"}};
      return;
    }
  }
  env.push_back(Json{{"name", kProbersEnv}, {"value", probers}});
}

}  // namespace sidecarctl::inject
