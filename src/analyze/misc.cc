// Small analyzers: conditions.ConditionAnalyzer, k8sgateway.CRDVersionAnalyzer,
// externalcontrolplane.ExternalControlPlaneAnalyzer, meshnetworks.MeshNetworksAnalyzer,
// services.MultiClusterServiceAnalyzer, authn.BlockedCIDRsAnalyzer, applicationUID aside.
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <set>

#include "analyze/analyzer.h"
#include "analyze/kinds.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

// ---- conditions.ConditionAnalyzer

std::vector<const Json*> conditions_of(const Resource& r) {
  std::vector<const Json*> out;
  const Json& status = field(r.value, "status");
  if (r.kind == kind::kHttpRoute || r.kind == kind::kGrpcRoute) {
    for (const Json& parent : array(status, "parents"))
      for (const Json& c : array(parent, "conditions")) out.push_back(&c);
  } else {
    for (const Json& c : array(status, "conditions")) out.push_back(&c);
  }
  return out;
}

void analyze_conditions(Context& ctx) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kNegative = {
      {kind::kService, {"istio.io/WaypointBound"}},
      {kind::kServiceEntry, {"istio.io/WaypointBound"}},
      {kind::kWorkloadEntry, {"istio.io/WaypointBound"}},
      {kind::kAuthorizationPolicy, {"ZtunnelAccepted", "WaypointAccepted"}},
      {kind::kKubernetesGateway, {"Accepted", "Programmed", "ResolvedRefs"}},
      {kind::kHttpRoute, {"Accepted", "Programmed", "ResolvedRefs"}},
      {kind::kGrpcRoute, {"Accepted", "Programmed", "ResolvedRefs"}},
  };
  for (const auto& [k, types] : kNegative) {
    for (const Resource* r : ctx.of(k)) {
      for (const Json* c : conditions_of(*r)) {
        std::string type = str(*c, "type"), reason = str(*c, "reason"), message = str(*c, "message");
        bool negative = str(*c, "status") == "False" && std::find(types.begin(), types.end(), type) != types.end();
        if (negative) ctx.report("IST0171", *r, {Arg(type), Arg(reason), Arg(message)});
        if (k == kind::kAuthorizationPolicy && type == "WaypointAccepted" && reason == "PartiallyInvalid")
          ctx.report("IST0171", *r, {Arg(type), Arg(reason), Arg(message)});
      }
    }
  }
}

// ---- k8sgateway.CRDVersionAnalyzer

struct Version {
  long long major = 0, minor = 0, patch = 0;
};

// Parses a semver ("v1.4.1", "1.4", "v1.5.0-rc.1"); false when it is not one.
bool parse_version(std::string_view text, Version& v, std::string& prerelease) {
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  auto dash = text.find_first_of("-+");
  std::string_view core = text.substr(0, dash);
  prerelease = dash == std::string_view::npos || text[dash] != '-' ? "" : std::string(text.substr(dash + 1));
  long long parts[3] = {0, 0, 0};
  int n = 0;
  while (true) {
    auto dot = core.find('.');
    std::string_view num = core.substr(0, dot);
    if (num.empty() || n == 3 || !std::all_of(num.begin(), num.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        num.size() > 15)
      return false;
    parts[n++] = std::stoll(std::string(num));
    if (dot == std::string_view::npos) break;
    core.remove_prefix(dot + 1);
  }
  v = {parts[0], parts[1], parts[2]};
  return true;
}

std::string version_string(const Version& v, const std::string& pre) {
  std::string s = std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
  return pre.empty() ? s : s + "-" + pre;
}

void analyze_crd_versions(Context& ctx) {
  static const std::map<std::string, Version> kMinimum = {
      {"grpcroutes.gateway.networking.k8s.io", {1, 1, 0}},
      {"backendtlspolicies.gateway.networking.k8s.io", {1, 4, 0}},
      {"tlsroutes.gateway.networking.k8s.io", {1, 5, 0}},
      {"tcproutes.gateway.networking.k8s.io", {1, 6, 0}},
  };
  for (const Resource* crd : ctx.of(kind::kCrd)) {
    auto min = kMinimum.find(crd->name);
    if (min == kMinimum.end()) continue;
    auto bundle = crd->annotations.find("gateway.networking.k8s.io/bundle-version");
    if (bundle == crd->annotations.end()) continue;
    Version installed;
    std::string pre;
    if (!parse_version(bundle->second, installed, pre)) continue;
    auto tuple = [](const Version& v) { return std::array<long long, 3>{v.major, v.minor, v.patch}; };
    if (tuple(installed) < tuple(min->second))
      ctx.report("IST0176", *crd,
                 {Arg(crd->name), Arg(version_string(installed, pre)), Arg(version_string(min->second, ""))});
  }
}

// ---- externalcontrolplane.ExternalControlPlaneAnalyzer

// The host part of a URL ("" when there is none); IPv6 brackets removed.
std::string url_host(const std::string& url, bool& ok) {
  ok = true;
  std::string rest = url;
  auto scheme = rest.find("://");
  if (scheme != std::string::npos) rest = rest.substr(scheme + 3);
  else if (!rest.empty() && rest[0] != '/') return "";
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos) {
      ok = false;
      return "";
    }
    return rest.substr(1, close - 1);
  }
  return rest.substr(0, rest.find(':'));
}

bool is_ip(const std::string& host) {
  if (host.find(':') != std::string::npos) return true;  // IPv6 literal
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    auto dot = host.find('.', start);
    std::string part = host.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(part) > 255)
      return false;
    ++parts;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

void check_webhook_client(Context& ctx, const Resource& r, const Json& hook) {
  std::string hook_name = str(hook, "name");
  const Json& client = field(hook, "clientConfig");
  const Json& url = field(client, "url");
  if (url.is_string()) {
    bool ok = true;
    std::string host = url_host(url.get<std::string>(), ok);
    if (!ok) {
      ctx.report("IST0163", r, {Arg(url.get<std::string>()), Arg(hook_name), Arg("was provided in an invalid format")});
      return;
    }
    if (is_ip(host)) ctx.report("IST0164", r, {Arg(url.get<std::string>()), Arg(hook_name)});
  } else if (field(client, "service").is_null()) {
    ctx.report("IST0163", r, {Arg(""), Arg(hook_name), Arg("is blank")});
  }
}

void analyze_external_control_plane(Context& ctx) {
  for (const Resource* vwc : ctx.of(kind::kValidatingWebhook))
    if (!vwc->name.empty() && (vwc->name == "istiod-default-validator" || vwc->name.rfind("istio-validator", 0) == 0))
      for (const Json& hook : array(vwc->value, "webhooks")) check_webhook_client(ctx, *vwc, hook);
  for (const Resource* mwc : ctx.of(kind::kMutatingWebhook))
    if (mwc->name.rfind("istio-sidecar-injector", 0) == 0)
      for (const Json& hook : array(mwc->value, "webhooks")) check_webhook_client(ctx, *mwc, hook);
}

// ---- meshnetworks.MeshNetworksAnalyzer

void analyze_mesh_networks(Context& ctx) {
  std::set<std::string> registries = {"Mock", "Kubernetes", "External"};
  for (const Resource* s : ctx.of(kind::kSecret)) {
    auto it = s->labels.find("istio/multiCluster");
    if (it == s->labels.end() || it->second != "true") continue;
    const Json& data = field(s->value, "data");
    if (data.is_object())
      for (auto d = data.begin(); d != data.end(); ++d) registries.insert(d.key());
  }
  for (const Resource* mn : ctx.of(kind::kMeshNetworks)) {
    const Json& networks = field(mn->value, "networks");
    if (!networks.is_object()) continue;
    for (auto n = networks.begin(); n != networks.end(); ++n) {
      const Json& endpoints = array(n.value(), "endpoints");
      for (std::size_t j = 0; j < endpoints.size(); ++j) {
        const Json& reg = field(endpoints[j], "fromRegistry");
        if (!reg.is_string() || registries.count(reg.get<std::string>())) continue;
        ctx.report("IST0126", *mn, {Arg(reg.get<std::string>()), Arg(n.key())},
                   pointer({"networks", n.key(), "endpoints", std::to_string(j)}));
      }
    }
  }
}

// ---- authn.BlockedCIDRsAnalyzer

void analyze_blocked_cidrs(Context& ctx) {
  std::vector<std::string> names;
  for (const Resource* ra : ctx.of(kind::kRequestAuthentication)) names.push_back(ra->full_name());
  if (names.empty()) return;
  std::string shown;
  for (std::size_t i = 0; i < names.size() && i < 5; ++i) shown += (i ? ", " : "") + names[i];
  if (names.size() > 5) shown += ", and " + std::to_string(names.size() - 5) + " more";
  for (const Resource* d : ctx.of(kind::kDeployment)) {
    auto app = d->labels.find("app");
    if (app == d->labels.end() || app->second != "istiod") continue;
    bool configured = false;
    for (const Json& c : array(pod_spec(*d), "containers"))
      for (const Json& e : array(c, "env"))
        if (str(e, "name") == "BLOCKED_CIDRS_IN_JWKS_URIS" && !str(e, "value").empty()) configured = true;
    if (!configured) ctx.report("IST0175", *d, {Arg(static_cast<long long>(names.size())), Arg(shown)});
  }
}

void analyze_nothing(Context&) {}

}  // namespace

std::unique_ptr<Analyzer> make_condition_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "conditions.ConditionAnalyzer", "Checks for negative status conditions on resources",
      std::vector<std::string>{kind::kService, kind::kServiceEntry, kind::kWorkloadEntry, kind::kAuthorizationPolicy,
                               kind::kKubernetesGateway, kind::kHttpRoute, kind::kGrpcRoute},
      analyze_conditions);
}

std::unique_ptr<Analyzer> make_crd_version_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "k8sgateway.CRDVersionAnalyzer",
      "Checks Gateway API CRDs are at the minimum version required by this Istio version",
      std::vector<std::string>{kind::kCrd}, analyze_crd_versions);
}

std::unique_ptr<Analyzer> make_external_control_plane_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "externalcontrolplane.ExternalControlPlaneAnalyzer",
      "Checks that the remote IstioOperator resources reference an external control plane",
      std::vector<std::string>{kind::kValidatingWebhook, kind::kMutatingWebhook}, analyze_external_control_plane);
}

std::unique_ptr<Analyzer> make_mesh_networks_analyzer() {
  return std::make_unique<FunctionAnalyzer>("meshnetworks.MeshNetworksAnalyzer",
                                            "Check the validity of MeshNetworks in the cluster",
                                            std::vector<std::string>{kind::kMeshNetworks, kind::kSecret},
                                            analyze_mesh_networks);
}

std::unique_ptr<Analyzer> make_multicluster_service_analyzer() {
  // Compares each Service across clusters; one set of files is one cluster, so it never reports.
  return std::make_unique<FunctionAnalyzer>("services.MultiClusterServiceAnalyzer",
                                            "Check the validity of services in the multi-cluster environment",
                                            std::vector<std::string>{kind::kService}, analyze_nothing);
}

std::unique_ptr<Analyzer> make_blocked_cidrs_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "authn.BlockedCIDRsAnalyzer",
      "Checks that BLOCKED_CIDRS_IN_JWKS_URIS is configured on istiod when RequestAuthentication resources exist",
      std::vector<std::string>{kind::kRequestAuthentication, kind::kDeployment}, analyze_blocked_cidrs);
}

}  // namespace sidecarctl::analyze
