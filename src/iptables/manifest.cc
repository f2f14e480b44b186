// Finding istio-iptables' invocation in a manifest's workloads.
#include "iptables/manifest.h"

#include <algorithm>

#include "iptables/args.h"
#include "kube/typed_object.h"
#include "kube/workload.h"

namespace sidecarctl::iptables {
namespace {

using Json = yaml::Json;

// JSON pointer escaping of one key ("traffic.sidecar.istio.io/x" -> "traffic.sidecar.istio.io~1x").
std::string escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

const Json* member(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string string_member(const Json& obj, const char* key) {
  const Json* v = member(obj, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

// Injection defaults used when an annotation is absent (Istio's values.yaml and mesh defaults).
struct Default {
  const char* annotation;
  const char* value;
  const char* source;
};
constexpr Default kInterceptionMode{"sidecar.istio.io/interceptionMode", "REDIRECT", "meshConfig.defaultConfig.interceptionMode"};
constexpr Default kIncludeRanges{"traffic.sidecar.istio.io/includeOutboundIPRanges", "*", "values.global.proxy.includeIPRanges"};
constexpr Default kExcludeRanges{"traffic.sidecar.istio.io/excludeOutboundIPRanges", "", "values.global.proxy.excludeIPRanges"};
constexpr Default kIncludeInbound{"traffic.sidecar.istio.io/includeInboundPorts", "*", "values.global.proxy.includeInboundPorts"};
constexpr Default kExcludeInbound{"traffic.sidecar.istio.io/excludeInboundPorts", "", "values.global.proxy.excludeInboundPorts"};
constexpr Default kStatusPort{"status.sidecar.istio.io/port", "15020", "values.global.proxy.statusPort"};
constexpr const char* kIncludeOutboundPorts = "traffic.sidecar.istio.io/includeOutboundPorts";
constexpr const char* kExcludeOutboundPorts = "traffic.sidecar.istio.io/excludeOutboundPorts";
constexpr const char* kRerouteVirtual = "istio.io/reroute-virtual-interfaces";
constexpr const char* kKubevirt = "traffic.sidecar.istio.io/kubevirtInterfaces";
constexpr const char* kExcludeInterfaces = "traffic.sidecar.istio.io/excludeInterfaces";

class Derivation {
 public:
  Derivation(const yaml::Document& doc, const Json& meta, std::string meta_pointer)
      : doc_(doc), meta_(meta), meta_pointer_(std::move(meta_pointer)) {}

  bool has(const char* annotation) const {
    const Json* a = member(meta_, "annotations");
    return a != nullptr && member(*a, annotation) != nullptr;
  }
  std::string value(const char* annotation) const {
    const Json* a = member(meta_, "annotations");
    const Json* v = a != nullptr ? member(*a, annotation) : nullptr;
    if (v == nullptr) return "";
    return v->is_string() ? v->get<std::string>() : v->dump();
  }
  Origin annotation_origin(const char* annotation) const {
    return Origin{OriginKind::kAnnotation, annotation, doc_.loc(meta_pointer_ + "/annotations/" + escape(annotation))};
  }
  // The annotation's value or the default, as the template's `annotation` function picks it.
  std::pair<std::string, Origin> pick(const Default& d) const {
    if (has(d.annotation)) return {value(d.annotation), annotation_origin(d.annotation)};
    return {d.value, Origin{OriginKind::kInjectionDefault, d.source, {}}};
  }
  void flag(std::vector<FlagValue>& out, const char* name, std::pair<std::string, Origin> v) const {
    out.push_back(FlagValue{name, std::move(v.first), std::move(v.second)});
  }

 private:
  const yaml::Document& doc_;
  const Json& meta_;
  std::string meta_pointer_;
};

// Istio's excludeInboundPort: adds the status port to the excluded list unless present or 0.
std::string exclude_inbound_port(const std::string& status_port, const std::string& excluded) {
  auto trim = [](std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    return s;
  };
  std::string port = trim(status_port);
  if (port.empty() || port == "0") return excluded;
  std::vector<std::string> kept;
  std::size_t start = 0;
  while (start <= excluded.size() && !excluded.empty()) {
    std::size_t comma = excluded.find(',', start);
    if (comma == std::string::npos) comma = excluded.size();
    std::string item = excluded.substr(start, comma - start);
    if (item == port) return excluded;
    if (!trim(item).empty()) kept.push_back(trim(item));
    start = comma + 1;
  }
  kept.push_back(port);
  std::string out;
  for (const std::string& k : kept) out += (out.empty() ? "" : ",") + k;
  return out;
}

constexpr const char* kProxyConfig = "proxy.istio.io/config";

// The pod's proxy.istio.io/config annotation (a ProxyConfig as YAML): its interceptionMode is
// the mode's default, its proxyMetadata becomes istio-init's env, as in the injection template.
Result<void> read_proxy_config(const Derivation& d, std::pair<std::string, Origin>* mode, EnvSource* env) {
  if (!d.has(kProxyConfig)) return {};
  Origin origin = d.annotation_origin(kProxyConfig);
  auto value = yaml::parse_value(d.value(kProxyConfig), kProxyConfig);
  if (!value) return make_error(ErrorKind::kInvalidInput, std::string(kProxyConfig) + ": " + value.error().message, origin.loc);
  if (!value->is_object()) return {};
  if (const Json* m = member(*value, "interceptionMode"); m != nullptr && m->is_string()) {
    *mode = {m->get<std::string>(), Origin{OriginKind::kAnnotation, std::string(kProxyConfig) + " interceptionMode", origin.loc}};
  }
  if (const Json* meta = member(*value, "proxyMetadata"); meta != nullptr && meta->is_object()) {
    env->kind = OriginKind::kAnnotation;
    for (const auto& [key, v] : meta->items()) {
      env->vars.set(key, v.is_string() ? v.get<std::string>() : v.dump());
      env->locs[key] = origin.loc;
    }
  }
  return {};
}

// The flags the injection template writes for istio-init, from annotations and defaults.
std::vector<FlagValue> derive_flags(const Derivation& d, const std::pair<std::string, Origin>& mode) {
  std::vector<FlagValue> out;
  bool tproxy = mode.first == "TPROXY";
  Origin mesh{OriginKind::kInjectionDefault, "meshConfig.proxyListenPort", {}};
  d.flag(out, "envoy-port", {"15001", mesh});
  d.flag(out, "inbound-capture-port", {"15006", Origin{OriginKind::kInjectionDefault, "meshConfig.proxyInboundListenPort", {}}});
  d.flag(out, "proxy-uid", {"1337", Origin{OriginKind::kInjectionDefault, tproxy ? "TPROXY runs the proxy as 1337" : "proxy uid", {}}});
  d.flag(out, "istio-inbound-interception-mode", mode);
  d.flag(out, "istio-service-cidr", d.pick(kIncludeRanges));
  d.flag(out, "istio-service-exclude-cidr", d.pick(kExcludeRanges));
  d.flag(out, "istio-inbound-ports", d.pick(kIncludeInbound));
  auto status = d.pick(kStatusPort);
  auto excluded = d.pick(kExcludeInbound);
  std::string extra = exclude_inbound_port(status.first, excluded.first);
  Origin exclude_origin = d.has(kExcludeInbound.annotation) ? excluded.second : status.second;
  d.flag(out, "istio-local-exclude-ports", {extra.empty() ? "15090,15021" : "15090,15021," + extra, exclude_origin});
  if (d.has(kIncludeOutboundPorts)) d.flag(out, "istio-outbound-ports", {d.value(kIncludeOutboundPorts), d.annotation_origin(kIncludeOutboundPorts)});
  if (d.has(kExcludeOutboundPorts)) d.flag(out, "istio-local-outbound-ports-exclude", {d.value(kExcludeOutboundPorts), d.annotation_origin(kExcludeOutboundPorts)});
  if (d.has(kRerouteVirtual)) {
    d.flag(out, "kube-virt-interfaces", {d.value(kRerouteVirtual), d.annotation_origin(kRerouteVirtual)});
  } else if (d.has(kKubevirt)) {
    d.flag(out, "kube-virt-interfaces", {d.value(kKubevirt), d.annotation_origin(kKubevirt)});
  }
  if (d.has(kExcludeInterfaces)) d.flag(out, "istio-exclude-interfaces", {d.value(kExcludeInterfaces), d.annotation_origin(kExcludeInterfaces)});
  return out;
}

const Json* find_container(const Json& spec, const char* list, const char* name, std::size_t* index) {
  const Json* containers = member(spec, list);
  if (containers == nullptr || !containers->is_array()) return nullptr;
  for (std::size_t i = 0; i < containers->size(); ++i) {
    if (string_member((*containers)[i], "name") == name) {
      *index = i;
      return &(*containers)[i];
    }
  }
  return nullptr;
}

Result<void> read_container(const yaml::Document& doc, const Json& container, const std::string& pointer,
                            WorkloadCapture& w) {
  std::vector<std::string> args;
  std::vector<SourceLoc> locs;
  if (const Json* a = member(container, "args"); a != nullptr) {
    if (!a->is_array()) return make_error(ErrorKind::kInvalidInput, "args must be a list of strings", doc.loc(pointer + "/args"));
    for (std::size_t i = 0; i < a->size(); ++i) {
      std::string p = pointer + "/args/" + std::to_string(i);
      if (!(*a)[i].is_string()) return make_error(ErrorKind::kInvalidInput, "args must be strings", doc.loc(p));
      args.push_back((*a)[i].get<std::string>());
      locs.push_back(doc.loc(p));
    }
  }
  if (!args.empty() && (args[0] == "istio-iptables" || args[0].ends_with("/istio-iptables"))) {
    args.erase(args.begin());
    locs.erase(locs.begin());
  }
  Origin origin{OriginKind::kInitArgs, "", doc.loc(pointer)};
  TRY_ASSIGN(w.flags, parse_istio_iptables_args(args, locs, origin, &w.notes));
  w.env.kind = OriginKind::kContainerEnv;
  if (const Json* env = member(container, "env"); env != nullptr && env->is_array()) {
    for (std::size_t i = 0; i < env->size(); ++i) {
      const Json& e = (*env)[i];
      std::string name = string_member(e, "name");
      if (name.empty()) continue;
      if (member(e, "valueFrom") != nullptr) {
        w.notes.push_back("env " + name + " uses valueFrom, which a manifest cannot resolve: ignored");
        continue;
      }
      w.env.vars.set(name, string_member(e, "value"));
      w.env.locs[name] = doc.loc(pointer + "/env/" + std::to_string(i));
    }
  }
  return {};
}

void app_ports(const Json& spec, WorkloadCapture& w) {
  const Json* containers = member(spec, "containers");
  if (containers == nullptr || !containers->is_array()) return;
  for (const Json& c : *containers) {
    if (string_member(c, "name") == "istio-proxy") continue;
    const Json* ports = member(c, "ports");
    if (ports == nullptr || !ports->is_array()) continue;
    for (const Json& p : *ports) {
      std::string proto = string_member(p, "protocol");
      const Json* port = member(p, "containerPort");
      if (port == nullptr || !port->is_number_integer() || proto == "UDP" || proto == "SCTP") continue;
      w.app_ports.push_back(std::to_string(port->get<long long>()));
    }
  }
}

Result<void> add_workload(const yaml::Document& doc, const Json& obj, const std::string& pointer,
                          std::vector<WorkloadCapture>& out) {
  auto kind = kube::workload_kind(obj);
  if (!kind || *kind == kube::WorkloadKind::kList) return {};
  const Json* pod = kube::find_pod_template(obj);
  std::string pod_pointer = pointer + std::string(kube::pod_template_pointer(*kind));
  WorkloadCapture w;
  w.kind = std::string(kube::kind_name(*kind));
  if (const Json* meta = member(obj, "metadata"); meta != nullptr) {
    w.name = string_member(*meta, "name");
    w.namespace_ = string_member(*meta, "namespace");
  }
  w.loc = doc.loc(pointer);
  if (pod == nullptr) return make_error(ErrorKind::kInvalidInput, w.kind + " " + w.name + ": no pod template", w.loc);
  static const Json kEmpty = Json::object();
  const Json* spec = member(*pod, "spec");
  if (spec == nullptr) spec = &kEmpty;
  const Json* meta = member(*pod, "metadata");
  if (meta == nullptr) meta = &kEmpty;
  app_ports(*spec, w);
  std::size_t index = 0;
  if (const Json* init = find_container(*spec, "initContainers", "istio-init", &index); init != nullptr) {
    w.source = CaptureSource::kInitContainer;
    auto read = read_container(doc, *init, pod_pointer + "/spec/initContainers/" + std::to_string(index), w);
    if (!read) return read.error().with_context(w.title());
  } else if (const Json* cni = find_container(*spec, "initContainers", "istio-validation", &index); cni != nullptr) {
    w.source = CaptureSource::kCniValidation;
    auto read = read_container(doc, *cni, pod_pointer + "/spec/initContainers/" + std::to_string(index), w);
    if (!read) return read.error().with_context(w.title());
    w.notes.insert(w.notes.begin(), "Istio CNI: the istio-cni node agent installs these rules in the pod's network namespace; "
                                    "the istio-validation init container only checks them (--run-validation --skip-rule-apply)");
    // The CNI plugin applies the rules that istio-validation only validates.
    w.flags.erase(std::remove_if(w.flags.begin(), w.flags.end(),
                                 [](const FlagValue& f) { return f.name == "skip-rule-apply" || f.name == "run-validation"; }),
                  w.flags.end());
  } else {
    w.source = CaptureSource::kAnnotations;
    Derivation d(doc, *meta, pod_pointer + "/metadata");
    std::pair<std::string, Origin> mode{kInterceptionMode.value, Origin{OriginKind::kInjectionDefault, kInterceptionMode.source, {}}};
    auto proxy_config = read_proxy_config(d, &mode, &w.env);
    if (!proxy_config) return proxy_config.error().with_context(w.title());
    if (d.has(kInterceptionMode.annotation)) mode = d.pick(kInterceptionMode);
    w.flags = derive_flags(d, mode);
    w.notes.push_back("not injected yet: istio-init args derived from the pod's annotations and Istio's default injection values");
    if (mode.first == "NONE") {
      w.flags = {FlagValue{"skip-rule-apply", "true", mode.second}};
      w.notes.push_back("interceptionMode NONE: the injection adds no istio-init container and no rules");
    }
  }
  out.push_back(std::move(w));
  return {};
}

}  // namespace

std::string WorkloadCapture::title() const {
  return kind + " " + (namespace_.empty() ? name : namespace_ + "/" + name);
}

Result<std::vector<WorkloadCapture>> workloads_from_documents(const std::vector<yaml::Document>& documents) {
  std::vector<WorkloadCapture> out;
  for (const yaml::Document& doc : documents) {
    // As kube-inject: a workload that does not decode into its Kubernetes type is bad input.
    if (!kube::typed_root_name(doc.value).empty()) TRY(kube::check_typed(doc.value, &doc));
    if (kube::is_list(doc.value)) {
      const Json* items = kube::list_items(doc.value);
      if (items == nullptr) continue;
      for (std::size_t i = 0; i < items->size(); ++i) {
        TRY(add_workload(doc, (*items)[i], "/items/" + std::to_string(i), out));
      }
      continue;
    }
    TRY(add_workload(doc, doc.value, "", out));
  }
  return out;
}

bool workload_matches(const WorkloadCapture& w, const std::string& selector) {
  return selector == w.name || selector == w.kind + "/" + w.name ||
         (!w.namespace_.empty() && (selector == w.namespace_ + "/" + w.name || selector == w.kind + "/" + w.namespace_ + "/" + w.name));
}

}  // namespace sidecarctl::iptables
