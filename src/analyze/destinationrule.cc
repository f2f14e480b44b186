// DestinationRule analyzers: destinationrule.CaCertificateAnalyzer (TLS without caCertificates)
// and destinationrule.SubsetSelectPodAnalyzer (unknown hosts, subsets that select no pod).
#include <map>

#include "analyze/analyzer.h"
#include "analyze/hosts.h"
#include "analyze/kinds.h"
#include "analyze/labels.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

bool needs_ca(const Json& tls, bool has_selector) {
  std::string mode = str(tls, "mode");
  if (mode != "SIMPLE" && mode != "MUTUAL") return false;
  if (!str(tls, "caCertificates").empty()) return false;
  return !(!str(tls, "credentialName").empty() && has_selector);
}

// Go's proto String() of a PortSelector: `number:9443`.
std::string port_selector_string(const Json& port) {
  long long number = integer(port, "number");
  return number == 0 ? "" : "number:" + std::to_string(number);
}

void analyze_ca_certificates(Context& ctx) {
  for (const Resource* dr : ctx.of(kind::kDestinationRule)) {
    const Json& policy = field(dr->spec(), "trafficPolicy");
    bool has_selector = !field(dr->spec(), "workloadSelector").is_null();
    std::string host = str(dr->spec(), "host");
    const Json& tls = field(policy, "tls");
    if (needs_ca(tls, has_selector))
      ctx.report("IST0128", *dr, {Arg(dr->full_name()), Arg(dr->ns), Arg(str(tls, "mode")), Arg(host)},
                 "/spec/trafficPolicy/tls/caCertificates");
    const Json& ports = array(policy, "portLevelSettings");
    for (std::size_t i = 0; i < ports.size(); ++i) {
      const Json& ptls = field(ports[i], "tls");
      if (!needs_ca(ptls, has_selector)) continue;
      ctx.report("IST0129", *dr,
                 {Arg(dr->full_name()), Arg(dr->ns), Arg(str(ptls, "mode")), Arg(host),
                  Arg(port_selector_string(field(ports[i], "port")))},
                 pointer({"spec", "trafficPolicy", "portLevelSettings", std::to_string(i), "tls", "caCertificates"}));
    }
  }
}

void analyze_subsets(Context& ctx) {
  ServiceHostMap hosts(ctx);
  std::map<std::string, Labels> node_labels;
  for (const Resource* node : ctx.of(kind::kNode)) node_labels[node->name] = node->labels;
  struct Subset {
    const Resource* dr;
    std::string name;
    Labels selector;
    bool matched = false;
  };
  std::vector<Subset> subsets;
  for (const Resource* dr : ctx.of(kind::kDestinationRule)) {
    std::string host = str(dr->spec(), "host");
    const HostTarget* target = hosts.lookup(dr->ns, field(dr->spec(), "exportTo"), host);
    if (target == nullptr) {
      ctx.report("IST0174", *dr, {Arg(host)});
      continue;
    }
    for (const Json& s : array(dr->spec(), "subsets")) {
      Labels sel = target->workload_selector;
      for (const auto& [k, v] : labels_at(s, "labels")) sel[k] = v;
      subsets.push_back({dr, str(s, "name"), sel});
    }
  }
  for (const Resource* pod : ctx.of(kind::kPod)) {
    Labels labels = pod->labels;
    std::string node = str(pod->spec(), "nodeName");
    if (auto it = node_labels.find(node); it != node_labels.end()) {
      auto get = [&](const char* k) {
        auto l = it->second.find(k);
        return l == it->second.end() ? std::string() : l->second;
      };
      if (std::string r = get("topology.kubernetes.io/region"); !r.empty()) labels["topology.kubernetes.io/region"] = r;
      if (std::string z = get("topology.kubernetes.io/zone"); !z.empty()) labels["topology.kubernetes.io/zone"] = z;
      if (std::string s = get("topology.istio.io/subzone"); !s.empty()) labels["topology.istio.io/subzone"] = s;
    }
    if (!node.empty()) labels["kubernetes.io/hostname"] = node;
    for (Subset& s : subsets)
      if (!s.matched && set_matches(s.selector, labels)) s.matched = true;
  }
  for (const Subset& s : subsets)
    if (!s.matched) ctx.report("IST0173", *s.dr, {Arg(s.name)});
}

}  // namespace

std::unique_ptr<Analyzer> make_ca_certificate_analyzer() {
  return std::make_unique<FunctionAnalyzer>("destinationrule.CaCertificateAnalyzer",
                                            "Checks if caCertificates is set when TLS mode is SIMPLE/MUTUAL",
                                            std::vector<std::string>{kind::kDestinationRule}, analyze_ca_certificates);
}

std::unique_ptr<Analyzer> make_subset_select_pod_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "destinationrule.SubsetSelectPodAnalyzer", "Checks if pods are selected by subsets in destination rules.",
      std::vector<std::string>{kind::kDestinationRule, kind::kPod, kind::kService, kind::kServiceEntry, kind::kNode},
      analyze_subsets);
}

}  // namespace sidecarctl::analyze
