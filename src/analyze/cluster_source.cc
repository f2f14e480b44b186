#include "analyze/cluster_source.h"

#include <algorithm>
#include <array>

#include "analyze/kinds.h"

namespace sidecarctl::analyze {

namespace {

// Server-side filters istioctl's running-kube source applies (a best-effort optimisation; the
// engine drops the system namespaces again).
enum class Filter {
  kNone,
  kNamespaceNames,    // Namespaces other than the system ones
  kSystemNamespaces,  // objects outside the system namespaces
  kSecretTypes,       // no Helm release or service-account token secrets
  kIstioConfigMaps,   // ConfigMaps of the Istio namespace whose name starts with "istio"
};

// One resource type: where it is served, newest API version first.
struct ApiResource {
  const std::string* kind;
  std::string_view group;
  std::array<std::string_view, 3> versions;  // "" ends the list
  std::string_view plural;
  bool namespaced;
  Filter filter;
};

constexpr std::string_view kNet = "networking.istio.io", kSec = "security.istio.io",
                           kGwApi = "gateway.networking.k8s.io";

const std::array<ApiResource, 28>& api_resources() {
  static const std::array<ApiResource, 28> kResources = {{
      {&kind::kNamespace, "", {"v1"}, "namespaces", false, Filter::kNamespaceNames},
      {&kind::kNode, "", {"v1"}, "nodes", false, Filter::kNone},
      {&kind::kService, "", {"v1"}, "services", true, Filter::kSystemNamespaces},
      {&kind::kPod, "", {"v1"}, "pods", true, Filter::kSystemNamespaces},
      {&kind::kSecret, "", {"v1"}, "secrets", true, Filter::kSecretTypes},
      {&kind::kConfigMap, "", {"v1"}, "configmaps", true, Filter::kIstioConfigMaps},
      {&kind::kDeployment, "apps", {"v1"}, "deployments", true, Filter::kSystemNamespaces},
      {&kind::kMutatingWebhook,
       "admissionregistration.k8s.io",
       {"v1"},
       "mutatingwebhookconfigurations",
       false,
       Filter::kNone},
      {&kind::kValidatingWebhook,
       "admissionregistration.k8s.io",
       {"v1"},
       "validatingwebhookconfigurations",
       false,
       Filter::kNone},
      {&kind::kCrd, "apiextensions.k8s.io", {"v1"}, "customresourcedefinitions", false, Filter::kNone},
      {&kind::kVirtualService, kNet, {"v1", "v1beta1", "v1alpha3"}, "virtualservices", true, Filter::kNone},
      {&kind::kDestinationRule, kNet, {"v1", "v1beta1", "v1alpha3"}, "destinationrules", true, Filter::kNone},
      {&kind::kGateway, kNet, {"v1", "v1beta1", "v1alpha3"}, "gateways", true, Filter::kNone},
      {&kind::kServiceEntry, kNet, {"v1", "v1beta1", "v1alpha3"}, "serviceentries", true, Filter::kNone},
      {&kind::kSidecar, kNet, {"v1", "v1beta1", "v1alpha3"}, "sidecars", true, Filter::kNone},
      {&kind::kWorkloadEntry, kNet, {"v1", "v1beta1", "v1alpha3"}, "workloadentries", true, Filter::kNone},
      {&kind::kWorkloadGroup, kNet, {"v1", "v1beta1", "v1alpha3"}, "workloadgroups", true, Filter::kNone},
      {&kind::kEnvoyFilter, kNet, {"v1alpha3"}, "envoyfilters", true, Filter::kNone},
      {&kind::kProxyConfig, kNet, {"v1beta1"}, "proxyconfigs", true, Filter::kNone},
      {&kind::kAuthorizationPolicy, kSec, {"v1", "v1beta1"}, "authorizationpolicies", true, Filter::kNone},
      {&kind::kPeerAuthentication, kSec, {"v1", "v1beta1"}, "peerauthentications", true, Filter::kNone},
      {&kind::kRequestAuthentication, kSec, {"v1", "v1beta1"}, "requestauthentications", true, Filter::kNone},
      {&kind::kTelemetry, "telemetry.istio.io", {"v1", "v1alpha1"}, "telemetries", true, Filter::kNone},
      {&kind::kWasmPlugin, "extensions.istio.io", {"v1alpha1"}, "wasmplugins", true, Filter::kNone},
      {&kind::kTrafficExtension,
       "extensions.istio.io",
       {"v1alpha1"},
       "trafficextensions",
       true,
       Filter::kNone},
      {&kind::kKubernetesGateway, kGwApi, {"v1", "v1beta1"}, "gateways", true, Filter::kNone},
      {&kind::kHttpRoute, kGwApi, {"v1", "v1beta1"}, "httproutes", true, Filter::kNone},
      {&kind::kGrpcRoute, kGwApi, {"v1", "v1alpha2"}, "grpcroutes", true, Filter::kNone},
  }};
  return kResources;
}

// kubectl's name for a resource type: "pods", "virtualservices.networking.istio.io".
std::string label(const ApiResource& r) {
  return r.group.empty() ? std::string(r.plural) : std::string(r.plural) + "." + std::string(r.group);
}

// "/api/v1" or "/apis/<group>/<version>", then "/namespaces/<ns>" when `ns` is set, then the plural.
std::string path(const ApiResource& r, std::string_view version, const std::string& ns) {
  std::string p = r.group.empty() ? "/api/" + std::string(version)
                                  : "/apis/" + std::string(r.group) + "/" + std::string(version);
  if (!ns.empty()) p += "/namespaces/" + kube::url_escape(ns);
  return p + "/" + std::string(r.plural);
}

std::string not_equal_selector(std::string_view field) {
  std::string out;
  for (std::string_view ns : {"kube-system", "kube-public", "kube-node-lease", "local-path-storage"}) {
    if (!out.empty()) out += ',';
    out += std::string(field) + "!=" + std::string(ns);
  }
  return out;
}

kube::Query query_for(Filter filter) {
  switch (filter) {
    case Filter::kNamespaceNames:
      return {{"fieldSelector", not_equal_selector("metadata.name")}};
    case Filter::kSystemNamespaces:
      return {{"fieldSelector", not_equal_selector("metadata.namespace")}};
    case Filter::kSecretTypes:
      return {{"fieldSelector", "type!=helm.sh/release.v1,type!=kubernetes.io/service-account-token"}};
    case Filter::kIstioConfigMaps:
    case Filter::kNone:
      break;
  }
  return {};
}

bool wanted(const std::vector<std::string>& kinds, const std::string& k) {
  return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

// Lists one resource type into `state`. Ok also when it was skipped or forbidden.
Result<void> read_resource(kube::ApiClient& client, const ApiResource& r, const ClusterQuery& query,
                           ClusterState& state) {
  const std::string name = label(r);
  kube::Query q = query_for(r.filter);
  // ConfigMaps: istioctl only reads those of the Istio namespace.
  std::string scope = r.filter == Filter::kIstioConfigMaps ? query.istio_namespace : "";
  for (std::string_view version : r.versions) {
    if (version.empty()) break;
    auto items = client.list(path(r, version, scope), q);
    if (!items.has_value() && client.last_status() == 404) continue;  // not this version, or no CRD
    if (!items.has_value() && client.last_status() == 403 && r.namespaced && scope.empty() &&
        !query.ns.empty()) {
      // Namespace-scoped permissions: analyze the selected namespace alone.
      std::string first = items.error().message;
      items = client.list(path(r, version, query.ns), q);
      if (items.has_value())
        state.warnings.push_back("cannot list " + name + " in all namespaces (" + first +
                                 "); read namespace " + query.ns + " only");
    }
    if (!items.has_value()) {
      if (client.last_status() != 403) return items.error().with_context("reading " + name);
      state.warnings.push_back(name + " not analyzed: " + items.error().message);
      return {};
    }
    for (Json& item : *items) {
      if (r.filter == Filter::kIstioConfigMaps && str(field(item, "metadata"), "name").rfind("istio", 0) != 0)
        continue;
      state.objects.push_back(std::move(item));
    }
    return {};
  }
  state.skipped.push_back(name);
  return {};
}

// The mesh config and networks of ConfigMap <istio ns>/istio (keys `mesh` and `meshNetworks`).
Result<void> read_mesh_config(kube::ApiClient& client, const ClusterQuery& query, ClusterState& state) {
  state.mesh_source = "ConfigMap " + query.istio_namespace + "/istio";
  auto cm = client.get_config_map(query.istio_namespace, "istio");
  if (!cm.has_value()) {
    if (client.last_status() == 404) return {};
    if (client.last_status() == 403) {
      state.warnings.push_back("mesh config not read, using defaults: " + cm.error().message);
      return {};
    }
    return cm.error().with_context("reading " + state.mesh_source);
  }
  state.has_mesh_config_map = true;
  const Json& data = field(*cm, "data");
  state.mesh_config = str(data, "mesh");
  state.mesh_networks = str(data, "meshNetworks");
  return {};
}

}  // namespace

std::vector<std::string> input_kinds(const std::vector<const Analyzer*>& analyzers) {
  std::vector<std::string> kinds;
  for (const Analyzer* a : analyzers)
    for (const std::string& k : a->inputs())
      if (k != kind::kMeshConfig && k != kind::kMeshNetworks && !wanted(kinds, k)) kinds.push_back(k);
  return kinds;
}

Result<ClusterState> read_cluster(kube::ApiClient& client, const ClusterQuery& query) {
  ClusterState state;
  if (!query.ns.empty()) {
    auto ns = client.get_namespace(query.ns);
    if (!ns.has_value()) {
      if (client.last_status() == 404)
        return make_error(ErrorKind::kNotFound, "namespace \"" + query.ns + "\" not found");
      if (client.last_status() != 403) return ns.error().with_context("reading namespace " + query.ns);
      state.warnings.push_back("cannot check that namespace " + query.ns + " exists: " + ns.error().message);
    }
  }
  TRY(read_mesh_config(client, query, state));
  std::vector<const ApiResource*> todo;
  for (const ApiResource& r : api_resources())
    if (wanted(query.kinds, *r.kind)) todo.push_back(&r);
  ClusterProgress progress;
  progress.total = todo.size();
  for (const ApiResource* r : todo) {
    TRY(read_resource(client, *r, query, state));
    ++progress.done;
    progress.objects = state.objects.size();
    progress.resource = label(*r);
    if (query.progress) query.progress(progress);
  }
  return state;
}

}  // namespace sidecarctl::analyze
