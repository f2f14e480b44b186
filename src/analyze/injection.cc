// injection.Analyzer, injection.ImageAnalyzer and injection.ImageAutoAnalyzer: sidecar injection
// state of namespaces and pods, proxy image drift, and `image: auto` workloads no webhook injects.
#include <algorithm>
#include <map>

#include "analyze/analyzer.h"
#include "analyze/kinds.h"
#include "analyze/labels.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

std::string label_or(const Labels& l, std::string_view key, bool& present) {
  auto it = l.find(std::string(key));
  present = it != l.end();
  return present ? it->second : "";
}

std::string injector_configmap_name(const std::string& revision) {
  if (revision.empty() || revision == "default") return "istio-sidecar-injector";
  return "istio-sidecar-injector-" + revision;
}

Json configmap_values(const Resource& cm) {
  Json values = Json::parse(str(field(cm.value, "data"), "values"), nullptr, false);
  return values.is_discarded() ? Json() : values;
}

void analyze_injection(Context& ctx) {
  bool enable_by_default = false;
  std::map<std::string, bool> injected;
  for (const Resource* ns : ctx.of(kind::kNamespace)) {
    if (ns->name == "istio-system") continue;
    bool has_injection = false, has_rev = false, present = false;
    std::string injection = label_or(ns->labels, kInjectionLabel, has_injection);
    std::string revision = label_or(ns->labels, kRevLabel, has_rev);
    std::vector<std::string> istio_labels;
    if (has_injection) istio_labels.push_back(std::string(kInjectionLabel) + "=" + injection);
    for (std::string_view l : {kRevLabel, kDataplaneModeLabel}) {
      std::string v = label_or(ns->labels, l, present);
      if (present && (!has_injection || injection == "enabled")) istio_labels.push_back(std::string(l) + "=" + v);
    }
    if (istio_labels.size() > 1) ctx.report("IST0123", *ns, {Arg(istio_labels)});
    if (label_or(ns->labels, kDataplaneModeLabel, present) == "ambient") continue;
    std::string cm_name = injector_configmap_name(revision);
    for (const Resource* cm : ctx.of(kind::kConfigMap)) {
      if (cm->name != cm_name) continue;
      Json values = configmap_values(*cm);
      const Json& v = field(field(values, "sidecarInjectorWebhook"), "enableNamespacesByDefault");
      enable_by_default = v.is_boolean() && v.get<bool>();
      break;
    }
    if (injection.empty() && !has_rev) {
      if (enable_by_default) {
        ctx.report("IST0148", *ns, {});
      } else {
        ctx.report("IST0102", *ns, {Arg(ns->name), Arg(ns->name)}, "/metadata/name");
      }
      continue;
    }
    if (injection == "enabled") injected[ns->name] = true;
  }
  for (const Resource* pod : ctx.of(kind::kPod)) {
    if (!injected.count(pod->ns)) continue;
    std::string inj;
    if (auto it = pod->annotations.find(std::string(kSidecarInject)); it != pod->annotations.end()) inj = it->second;
    if (auto it = pod->labels.find(std::string(kSidecarInject)); it != pod->labels.end()) inj = it->second;
    std::string lower = inj;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "false") continue;
    if (boolean(pod->spec(), "hostNetwork")) continue;
    if (proxy_image(pod->spec()).empty()) ctx.report("IST0103", *pod, {Arg(pod->full_name())});
  }
}

std::string configured_proxy_image(const Resource& cm) {
  Json values = configmap_values(cm);
  const Json& global = field(values, "global");
  std::string image = str(field(global, "proxy"), "image");
  if (image.find('/') != std::string::npos) return image;
  if (!values.is_object()) return "";
  return str(global, "hub") + "/" + image + ":" + str(global, "tag");
}

std::string image_type(const Json& proxy_config) { return str(field(proxy_config, "image"), "imageType"); }

// util.EffectiveProxyConfigResolver.ImageType: mesh default, root, namespace, workload, annotation.
std::string image_variant(const Context& ctx, const Resource& pod) {
  std::string variant;
  const Json& mesh = ctx.mesh();
  std::string root_ns = str(mesh, "rootNamespace");
  if (root_ns.empty()) root_ns = "istio-system";
  if (auto t = image_type(field(mesh, "defaultConfig")); !t.empty()) variant = t;
  const Json* root = nullptr;
  std::map<std::string, const Json*> per_namespace;
  std::vector<const Resource*> per_workload;
  for (const Resource* pc : ctx.of(kind::kProxyConfig)) {
    if (pc->ns == root_ns) root = &pc->spec();
    else if (field(pc->spec(), "selector").is_null()) per_namespace[pc->ns] = &pc->spec();
    else per_workload.push_back(pc);
  }
  if (root != nullptr)
    if (auto t = image_type(*root); !t.empty()) variant = t;
  if (auto it = per_namespace.find(pod.ns); it != per_namespace.end())
    if (auto t = image_type(*it->second); !t.empty()) variant = t;
  for (const Resource* pc : per_workload) {
    if (pc->full_name().rfind(pod.ns, 0) != 0) continue;
    if (set_matches(labels_at(field(pc->spec(), "selector"), "matchLabels"), pod.labels))
      if (auto t = image_type(pc->spec()); !t.empty()) variant = t;
  }
  if (auto it = pod.annotations.find("proxy.istio.io/config"); it != pod.annotations.end()) {
    auto parsed = yaml::parse_value(it->second, "proxy.istio.io/config");
    if (parsed.has_value())
      if (auto t = image_type(*parsed); !t.empty()) variant = t;
  }
  return variant == "default" ? "" : variant;
}

void analyze_image(Context& ctx) {
  std::map<std::string, std::string> images;
  for (const Resource* cm : ctx.of(kind::kConfigMap))
    if (cm->name.rfind("istio-sidecar-injector", 0) == 0) images[cm->name] = configured_proxy_image(*cm);
  if (images.empty()) return;
  std::map<std::string, std::string> injected;
  std::map<std::string, const Resource*> namespaces;
  for (const Resource* ns : ctx.of(kind::kNamespace)) {
    namespaces[ns->name] = ns;
    auto rev = ns->labels.find(std::string(kRevLabel));
    auto inj = ns->labels.find(std::string(kInjectionLabel));
    if (rev != ns->labels.end()) injected[ns->name] = rev->second;
    else if (inj != ns->labels.end() && inj->second == "enabled") injected[ns->name] = "default";
  }
  std::map<std::string, std::vector<std::string>> mismatched;
  for (const Resource* pod : ctx.of(kind::kPod)) {
    auto rev = injected.find(pod->ns);
    if (rev == injected.end()) continue;
    if (auto it = pod->annotations.find("sidecar.istio.io/proxyImage"); it != pod->annotations.end() && !it->second.empty())
      continue;
    std::string variant = image_variant(ctx, *pod);
    for (const Json* c : all_containers(pod->spec())) {
      if (str(*c, "name") != kIstioProxy) continue;
      auto want = images.find(injector_configmap_name(rev->second));
      if (want == images.end()) break;
      std::string image = str(*c, "image");
      if (image != want->second && image != want->second + "-" + variant) mismatched[pod->ns].push_back(pod->name);
    }
  }
  for (auto& [ns, pods] : mismatched) {
    std::sort(pods.begin(), pods.end());
    if (const Resource* n = namespaces[ns]) ctx.report("IST0158", *n, {Arg(pods)});
  }
}

bool has_auto_image(const Json& spec) {
  for (const Json& c : array(spec, "containers"))
    if (str(c, "name") == kIstioProxy && str(c, "image") == "auto") return true;
  return false;
}

void analyze_image_auto(Context& ctx) {
  std::vector<const Json*> webhooks;
  for (const Resource* mwc : ctx.of(kind::kMutatingWebhook))
    for (const Json& wh : array(mwc->value, "webhooks")) {
      std::string name = str(wh, "name");
      if (name.size() >= 8 && name.compare(name.size() - 8, 8, "istio.io") == 0) webhooks.push_back(&wh);
    }
  for (const Resource* pod : ctx.of(kind::kPod))
    if (has_auto_image(pod->spec())) ctx.report("IST0147", *pod, {Arg("Pod"), Arg(pod->name)});
  for (const Resource* d : ctx.of(kind::kDeployment)) {
    if (!has_auto_image(pod_spec(*d))) continue;
    const Resource* ns = ctx.find(kind::kNamespace, "", d->ns.empty() ? "default" : d->ns);
    Labels ns_labels = ns ? ns->labels : Labels{};
    Labels pod_labels = template_labels(*d);
    bool matched = false;
    for (const Json* wh : webhooks)
      if (label_selector_matches(field(*wh, "namespaceSelector"), ns_labels) &&
          label_selector_matches(field(*wh, "objectSelector"), pod_labels)) {
        matched = true;
        break;
      }
    if (!matched) ctx.report("IST0146", *d, {Arg("Deployment"), Arg(d->name)});
  }
}

}  // namespace

std::unique_ptr<Analyzer> make_injection_analyzer() {
  return std::make_unique<FunctionAnalyzer>("injection.Analyzer",
                                            "Checks conditions related to Istio sidecar injection",
                                            std::vector<std::string>{kind::kNamespace, kind::kPod, kind::kConfigMap},
                                            analyze_injection);
}

std::unique_ptr<Analyzer> make_injection_image_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "injection.ImageAnalyzer", "Checks the image of auto-injection configured with the running proxies on pods",
      std::vector<std::string>{kind::kNamespace, kind::kPod, kind::kConfigMap, kind::kMeshConfig, kind::kProxyConfig},
      analyze_image);
}

std::unique_ptr<Analyzer> make_image_auto_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "injection.ImageAutoAnalyzer", "Makes sure that Pods and Deployments with `image: auto` are going to be injected",
      std::vector<std::string>{kind::kNamespace, kind::kPod, kind::kDeployment, kind::kMutatingWebhook},
      analyze_image_auto);
}

}  // namespace sidecarctl::analyze
