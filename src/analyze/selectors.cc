// Workload-selector analyzers: sidecar.SelectorAnalyzer, telemetry.SelectorAnalyzer,
// telemetry.DefaultSelectorAnalyzer and k8sgateway.SelectorAnalyzer.
#include <algorithm>
#include <map>
#include <set>

#include "analyze/analyzer.h"
#include "analyze/kinds.h"
#include "analyze/labels.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

std::vector<std::string> sorted_names(const std::vector<const Resource*>& list) {
  std::vector<std::string> names;
  for (const Resource* r : list) names.push_back(r->name);
  std::sort(names.begin(), names.end());
  return names;
}

std::string selector_label_field(const char* a, const char* b, const std::string& sel, bool match_labels) {
  std::string label = sel.find('=') == std::string::npos ? "" : sel.substr(0, sel.find('='));
  return match_labels ? pointer({"spec", a, "matchLabels", label}) : pointer({"spec", a, b, label});
}

void analyze_sidecars(Context& ctx) {
  std::map<std::pair<std::string, std::string>, std::vector<const Resource*>> pod_sidecars;
  std::map<std::pair<std::string, std::string>, const Resource*> pods;
  std::map<std::string, std::vector<const Resource*>> ns_sidecars;
  for (const Resource* sc : ctx.of(kind::kSidecar)) {
    Labels sel = labels_at(field(sc->spec(), "workloadSelector"), "labels");
    if (sel.empty()) {
      ns_sidecars[sc->ns].push_back(sc);
      continue;
    }
    bool found = false;
    for (const Resource* pod : ctx.in_namespace(kind::kPod, sc->ns)) {
      if (!set_matches(sel, pod->labels)) continue;
      found = true;
      pod_sidecars[{pod->ns, pod->name}].push_back(sc);
      pods[{pod->ns, pod->name}] = pod;
    }
    if (!found) {
      std::string s = selector_string(sel);
      ctx.report("IST0101", *sc, {Arg("selector"), Arg(s)}, selector_label_field("workloadSelector", "labels", s, false));
    }
  }
  std::set<std::string> reported;
  for (const auto& [key, list] : pod_sidecars) {
    const Resource* pod = pods[key];
    bool ambient = pod_in_ambient(pod);
    if (list.size() == 1 && !ambient) continue;
    std::vector<std::string> names = sorted_names(list);
    for (const Resource* sc : list) {
      if (ambient) {
        if (reported.insert(sc->full_name()).second)
          ctx.report("IST0167", *sc, {Arg("selected workload is in ambient mode, the policy has no impact")});
        continue;
      }
      ctx.report("IST0110", *sc, {Arg(names), Arg(key.first), Arg(key.second)}, "/metadata/name");
    }
  }
  for (const auto& [ns, list] : ns_sidecars) {
    if (namespace_in_ambient(ctx.find(kind::kNamespace, "", ns))) {
      for (const Resource* sc : list)
        if (reported.insert(sc->full_name()).second)
          ctx.report("IST0167", *sc, {Arg("namespace is in ambient mode, the policy has no impact")});
      continue;
    }
    if (list.size() <= 1) continue;
    std::vector<std::string> names = sorted_names(list);
    for (const Resource* sc : list) ctx.report("IST0111", *sc, {Arg(names), Arg(ns)});
  }
}

void analyze_telemetry_selectors(Context& ctx) {
  std::map<std::pair<std::string, std::string>, std::vector<const Resource*>> pod_telemetries;
  for (const Resource* t : ctx.of(kind::kTelemetry)) {
    Labels sel = labels_at(field(t->spec(), "selector"), "matchLabels");
    if (sel.empty()) continue;
    bool found = false;
    for (const Resource* pod : ctx.in_namespace(kind::kPod, t->ns)) {
      if (!set_matches(sel, pod->labels)) continue;
      found = true;
      pod_telemetries[{pod->ns, pod->name}].push_back(t);
    }
    if (!found) {
      std::string s = selector_string(sel);
      ctx.report("IST0101", *t, {Arg("selector"), Arg(s)}, selector_label_field("selector", "", s, true));
    }
  }
  for (const auto& [key, list] : pod_telemetries) {
    if (list.size() == 1) continue;
    std::vector<std::string> names = sorted_names(list);
    for (const Resource* t : list)
      ctx.report("IST0159", *t, {Arg(names), Arg(key.first), Arg(key.second)}, "/metadata/name");
  }
}

void analyze_telemetry_defaults(Context& ctx) {
  std::map<std::string, std::vector<const Resource*>> by_ns;
  for (const Resource* t : ctx.of(kind::kTelemetry))
    if (field(t->spec(), "selector").is_null()) by_ns[t->ns].push_back(t);
  for (const auto& [ns, list] : by_ns) {
    if (list.size() <= 1) continue;
    std::vector<std::string> names = sorted_names(list);
    for (const Resource* t : list) ctx.report("IST0160", *t, {Arg(names), Arg(ns)});
  }
}

void analyze_k8s_gateway_selectors(Context& ctx) {
  const std::string gateway_label = "gateway.networking.k8s.io/gateway-name";
  std::map<std::string, std::vector<const Resource*>> gateway_pods;
  for (const Resource* pod : ctx.of(kind::kPod))
    if (pod->labels.count(gateway_label)) gateway_pods[pod->ns].push_back(pod);
  for (const std::string& k : {kind::kAuthorizationPolicy, kind::kRequestAuthentication, kind::kTelemetry,
                               kind::kWasmPlugin}) {
    for (const Resource* r : ctx.of(k)) {
      if (!field(r->spec(), "targetRef").is_null()) continue;
      const Json& selector = field(r->spec(), "selector");
      if (selector.is_null()) continue;
      Labels sel = labels_at(selector, "matchLabels");
      for (const Resource* pod : gateway_pods[r->ns])
        if (set_matches(sel, pod->labels)) ctx.report("IST0166", *r, {Arg(pod->labels.at(gateway_label))});
    }
  }
}

}  // namespace

std::unique_ptr<Analyzer> make_sidecar_selector_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "sidecar.SelectorAnalyzer",
      "Validates that sidecars that define a workload selector match at least one pod, and that there aren't "
      "multiple sidecar resources that select overlapping pods",
      std::vector<std::string>{kind::kSidecar, kind::kPod, kind::kNamespace}, analyze_sidecars);
}

std::unique_ptr<Analyzer> make_telemetry_selector_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "telemetry.SelectorAnalyzer",
      "Validates that telemetries that define a selector match at least one pod, and that there aren't multiple "
      "telemetry resources that select overlapping pods",
      std::vector<std::string>{kind::kTelemetry, kind::kPod}, analyze_telemetry_selectors);
}

std::unique_ptr<Analyzer> make_telemetry_default_selector_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "telemetry.DefaultSelectorAnalyzer",
      "Validates that there aren't multiple telemetry resources that have no selector",
      std::vector<std::string>{kind::kTelemetry}, analyze_telemetry_defaults);
}

std::unique_ptr<Analyzer> make_k8sgateway_selector_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "k8sgateway.SelectorAnalyzer", "Check that selectors are effective for Kubernetes gateway",
      std::vector<std::string>{kind::kAuthorizationPolicy, kind::kRequestAuthentication, kind::kTelemetry,
                               kind::kWasmPlugin, kind::kPod},
      analyze_k8s_gateway_selectors);
}

}  // namespace sidecarctl::analyze
