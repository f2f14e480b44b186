// annotations.K8sAnalyzer and annotations.AlphaAnalyzer: Istio annotations on Kubernetes
// resources that are unknown, misplaced, invalid, deprecated, or part of alpha features.
#include <algorithm>
#include <cstdint>

#include "analyze/analyzer.h"
#include "analyze/kinds.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

enum class Maturity { kAlpha, kBeta, kStable };

// Istio's annotation catalogue (istio.io/api annotation facts): name, maturity, deprecation,
// resource types it applies to.
struct AnnotationInfo {
  std::string_view name;
  Maturity maturity;
  bool deprecated;
  std::vector<std::string_view> resources;
};

const std::vector<AnnotationInfo>& annotation_table() {
  static const std::vector<AnnotationInfo> kTable = {
    {"prometheus.istio.io/merge-metrics", Maturity::kAlpha, false, {"Pod"}},
    {"alpha.istio.io/kubernetes-serviceaccounts", Maturity::kAlpha, true, {"Service"}},
    {"alpha.istio.io/canonical-serviceaccounts", Maturity::kAlpha, true, {"Service"}},
    {"networking.istio.io/exportTo", Maturity::kAlpha, false, {"Service"}},
    {"sidecar.istio.io/inject", Maturity::kBeta, true, {"Pod"}},
    {"sidecar.istio.io/status", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/rewriteAppHTTPProbers", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/discoveryAddress", Maturity::kAlpha, true, {"Pod"}},
    {"sidecar.istio.io/proxyImage", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/proxyImageType", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/proxyCPU", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/proxyCPULimit", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/proxyMemory", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/proxyMemoryLimit", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/interceptionMode", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/bootstrapOverride", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/statsInclusionPrefixes", Maturity::kAlpha, true, {"Pod"}},
    {"sidecar.istio.io/statsInclusionSuffixes", Maturity::kAlpha, true, {"Pod"}},
    {"sidecar.istio.io/statsInclusionRegexps", Maturity::kAlpha, true, {"Pod"}},
    {"sidecar.istio.io/statsHistogramBuckets", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/statsFlushInterval", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/statsEvictionInterval", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/statsHistogramBins", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/userVolume", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/userVolumeMount", Maturity::kAlpha, false, {"Pod"}},
    {"status.sidecar.istio.io/port", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/logLevel", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/componentLogLevel", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/agentLogLevel", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/nativeSidecar", Maturity::kAlpha, false, {"Pod"}},
    {"readiness.status.sidecar.istio.io/initialDelaySeconds", Maturity::kAlpha, false, {"Pod"}},
    {"readiness.status.sidecar.istio.io/periodSeconds", Maturity::kAlpha, false, {"Pod"}},
    {"readiness.status.sidecar.istio.io/failureThreshold", Maturity::kAlpha, false, {"Pod"}},
    {"readiness.status.sidecar.istio.io/applicationPorts", Maturity::kAlpha, false, {"Pod"}},
    {"traffic.istio.io/nodeSelector", Maturity::kStable, false, {"Service"}},
    {"traffic.sidecar.istio.io/includeOutboundIPRanges", Maturity::kAlpha, false, {"Pod"}},
    {"traffic.sidecar.istio.io/excludeOutboundIPRanges", Maturity::kAlpha, false, {"Pod"}},
    {"traffic.sidecar.istio.io/includeInboundPorts", Maturity::kAlpha, false, {"Pod"}},
    {"traffic.sidecar.istio.io/excludeInboundPorts", Maturity::kAlpha, false, {"Pod"}},
    {"traffic.sidecar.istio.io/excludeInterfaces", Maturity::kAlpha, false, {"Pod"}},
    {"traffic.sidecar.istio.io/includeOutboundPorts", Maturity::kAlpha, false, {"Pod"}},
    {"traffic.sidecar.istio.io/excludeOutboundPorts", Maturity::kAlpha, false, {"Pod"}},
    {"traffic.sidecar.istio.io/kubevirtInterfaces", Maturity::kAlpha, true, {"Pod"}},
    {"kubernetes.io/ingress.class", Maturity::kStable, false, {"Ingress"}},
    {"galley.istio.io/analyze-suppress", Maturity::kAlpha, false, {"Any"}},
    {"proxy.istio.io/config", Maturity::kBeta, false, {"Pod"}},
    {"istio.io/dry-run", Maturity::kAlpha, false, {"AuthorizationPolicy"}},
    {"istio.io/rev", Maturity::kAlpha, false, {"Pod"}},
    {"proxy.istio.io/overrides", Maturity::kAlpha, false, {"Pod"}},
    {"inject.istio.io/templates", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/extraStatTags", Maturity::kAlpha, true, {"Pod"}},
    {"istio.io/autoRegistrationGroup", Maturity::kAlpha, false, {"WorkloadEntry"}},
    {"istio.io/workloadController", Maturity::kAlpha, false, {"WorkloadEntry"}},
    {"istio.io/connectedAt", Maturity::kAlpha, false, {"WorkloadEntry"}},
    {"istio.io/disconnectedAt", Maturity::kAlpha, false, {"WorkloadEntry"}},
    {"topology.istio.io/controlPlaneClusters", Maturity::kAlpha, false, {"Namespace"}},
    {"gateway.istio.io/controller-version", Maturity::kAlpha, false, {"Any"}},
    {"ambient.istio.io/redirection", Maturity::kBeta, false, {"Pod"}},
    {"ambient.istio.io/waypoint-inbound-binding", Maturity::kAlpha, false, {"GatewayClass", "Gateway"}},
    {"gateway.istio.io/service-account", Maturity::kAlpha, false, {"Gateway"}},
    {"gateway.istio.io/name-override", Maturity::kAlpha, false, {"Gateway"}},
    {"networking.istio.io/service-type", Maturity::kAlpha, false, {"Gateway"}},
    {"networking.istio.io/traffic-distribution", Maturity::kAlpha, false, {"Namespace", "Service", "ServiceEntry"}},
    {"istio.io/use-waypoint-canary-weight", Maturity::kAlpha, false, {"Service", "ServiceEntry", "Namespace"}},
    {"ambient.istio.io/bypass-inbound-capture", Maturity::kAlpha, false, {"Pod"}},
    {"istio.io/reroute-virtual-interfaces", Maturity::kAlpha, false, {"Pod"}},
    {"ambient.istio.io/dns-capture", Maturity::kAlpha, false, {"Pod"}},
    {"sidecar.istio.io/statsCompression", Maturity::kAlpha, true, {"Pod"}},
  };
  return kTable;
}

const AnnotationInfo* lookup(std::string_view name) {
  for (const AnnotationInfo& a : annotation_table())
    if (a.name == name) return &a;
  return nullptr;
}

bool is_istio_annotation(std::string_view ann) {
  if (ann == "kubernetes.io/ingress.class") return true;
  std::string_view prefix = ann.substr(0, ann.find('/'));
  return prefix.size() >= 8 && prefix.substr(prefix.size() - 8) == "istio.io";
}

bool always_ignored(std::string_view ann) {
  return ann == "sidecar.istio.io/status" || ann == "gateway.istio.io/controller-version" || ann == "istio.io/rev";
}

// Value checks of the annotations the injector validates; "" when valid, else the reason.
std::string parse_uint(std::string_view v, std::uint64_t max) {
  std::string text(v);
  if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return "strconv.ParseUint: parsing " + go_quote(text) + ": invalid syntax";
  if (v.size() > 20 || std::stoull(text) > max)
    return "strconv.ParseUint: parsing " + go_quote(text) + ": value out of range";
  return "";
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string check_ports(std::string_view what, std::string_view ports) {
  std::string all = trim(ports);
  if (all.empty()) return "";
  std::string_view rest = all;
  while (true) {
    auto comma = rest.find(',');
    std::string item(rest.substr(0, comma));
    std::string err = parse_uint(trim(item), 65535);
    if (!err.empty())
      return std::string(what) + " invalid: failed parsing port '" + item + "': failed parsing port '" + item +
             "': " + err;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return "";
}

bool valid_cidr(std::string_view cidr) {
  auto slash = cidr.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view addr = cidr.substr(0, slash), bits = cidr.substr(slash + 1);
  bool v6 = addr.find(':') != std::string_view::npos;
  if (!parse_uint(bits, v6 ? 128 : 32).empty()) return false;
  if (v6) return true;
  int parts = 0;
  std::string_view rest = addr;
  while (true) {
    auto dot = rest.find('.');
    if (!parse_uint(rest.substr(0, dot), 255).empty()) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return parts == 4;
}

std::string check_cidrs(std::string_view what, std::string_view v) {
  if (v.empty()) return "";
  std::string_view rest = v;
  while (true) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    if (!valid_cidr(item))
      return std::string(what) + " invalid: failed parsing cidr '" + std::string(item) + "': netip.ParsePrefix(" +
             go_quote(item) + "): invalid prefix";
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return "";
}

std::string validate(std::string_view ann, const std::string& v) {
  if (ann == "sidecar.istio.io/interceptionMode") {
    if (v == "REDIRECT" || v == "TPROXY" || v == "NONE") return "";
    return "interceptionMode invalid, use REDIRECT,TPROXY,NONE: " + v;
  }
  if (ann == "status.sidecar.istio.io/port") {
    std::string err = parse_uint(trim(v), 65535);
    return err.empty() ? "" : "excludeInboundPorts invalid: failed parsing port '" + v + "': " + err;
  }
  if (ann == "readiness.status.sidecar.istio.io/initialDelaySeconds" ||
      ann == "readiness.status.sidecar.istio.io/periodSeconds" ||
      ann == "readiness.status.sidecar.istio.io/failureThreshold")
    return parse_uint(v, 0xffffffffULL);
  if (ann == "traffic.sidecar.istio.io/includeOutboundIPRanges")
    return v == "*" ? "" : check_cidrs("includeIPRanges", v);
  if (ann == "traffic.sidecar.istio.io/excludeOutboundIPRanges") return check_cidrs("excludeIPRanges", v);
  if (ann == "traffic.sidecar.istio.io/includeInboundPorts")
    return v == "*" ? "" : check_ports("includeInboundPorts", v);
  if (ann == "traffic.sidecar.istio.io/excludeInboundPorts") return check_ports("excludeInboundPorts", v);
  if (ann == "traffic.sidecar.istio.io/excludeOutboundPorts") return check_ports("excludeOutboundPorts", v);
  if (ann == "prometheus.istio.io/merge-metrics") {
    static const char* kBools[] = {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"};
    for (const char* b : kBools)
      if (v == b) return "";
    return "strconv.ParseBool: parsing " + go_quote(v) + ": invalid syntax";
  }
  if (ann == "proxy.istio.io/config") {
    auto parsed = yaml::parse_value(v, "proxy.istio.io/config");
    if (!parsed.has_value()) return "failed to convert to apply proxy config: " + parsed.error().message;
    if (!parsed->is_null() && !parsed->is_object())
      return "failed to convert to apply proxy config: not a ProxyConfig object";
  }
  return "";
}

std::string annotation_field(std::string_view ann) { return pointer({"metadata", "annotations", ann}); }

void check_k8s(Context& ctx, const Resource& r, const std::string& kind_name) {
  for (const auto& [ann, value] : r.annotations) {
    if (!is_istio_annotation(ann) || always_ignored(ann)) continue;
    const AnnotationInfo* info = lookup(ann);
    if (info == nullptr) {
      ctx.report("IST0108", r, {Arg(ann)}, annotation_field(ann));
      continue;
    }
    if (info->deprecated && !(ann == kSidecarInject && r.labels.count(std::string(kSidecarInject)))) {
      std::string extra = ann == kSidecarInject ? " in favor of the \"sidecar.istio.io/inject\" label" : "";
      ctx.report("IST0135", r, {Arg(ann), Arg(extra)}, annotation_field(ann));
    }
    if (std::find(info->resources.begin(), info->resources.end(), "Any") != info->resources.end()) continue;
    if (std::find(info->resources.begin(), info->resources.end(), kind_name) == info->resources.end()) {
      std::string places;
      for (std::string_view p : info->resources) places += (places.empty() ? "" : ", ") + std::string(p);
      ctx.report("IST0107", r, {Arg(ann), Arg(places)}, annotation_field(ann));
      continue;
    }
    if (std::string err = validate(ann, value); !err.empty())
      ctx.report("IST0125", r, {Arg(ann), Arg(err)}, annotation_field(ann));
  }
}

const std::vector<std::string>& annotated_kinds() {
  static const std::vector<std::string> kKinds = {kind::kNamespace, kind::kService, kind::kPod, kind::kDeployment};
  return kKinds;
}

void analyze_k8s(Context& ctx) {
  for (const std::string& k : annotated_kinds())
    for (const Resource* r : ctx.of(k)) check_k8s(ctx, *r, k);
}

void analyze_alpha(Context& ctx) {
  for (const std::string& k : annotated_kinds())
    for (const Resource* r : ctx.of(k)) {
      bool cni = false;
      if (k == kind::kPod) {
        cni = true;
        for (const Json& c : array(r->spec(), "initContainers"))
          if (str(c, "name") == "istio-init") cni = false;
      }
      for (const auto& [ann, value] : r->annotations) {
        if (!is_istio_annotation(ann)) continue;
        const AnnotationInfo* info = lookup(ann);
        if (info == nullptr || info->maturity != Maturity::kAlpha || always_ignored(ann)) continue;
        if (cni && (ann == "sidecar.istio.io/interceptionMode" || ann == "traffic.sidecar.istio.io/includeInboundPorts" ||
                    ann == "traffic.sidecar.istio.io/excludeInboundPorts" ||
                    ann == "traffic.sidecar.istio.io/includeOutboundIPRanges"))
          continue;
        ctx.report("IST0136", *r, {Arg(ann)}, annotation_field(ann));
      }
    }
}

}  // namespace

std::unique_ptr<Analyzer> make_annotations_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "annotations.K8sAnalyzer", "Checks for misplaced and invalid Istio annotations in Kubernetes resources",
      annotated_kinds(), analyze_k8s);
}

std::unique_ptr<Analyzer> make_alpha_annotations_analyzer() {
  return std::make_unique<FunctionAnalyzer>("annotations.AlphaAnalyzer",
                                            "Checks for alpha Istio annotations in Kubernetes resources",
                                            annotated_kinds(), analyze_alpha);
}

}  // namespace sidecarctl::analyze
