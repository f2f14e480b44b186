// Unit tests of reading a cluster for analysis: a fake API server behind the HttpTransport seam.
#include "analyze/cluster_source.h"

#include <doctest/doctest.h>

#include <map>

#include "analyze/kinds.h"
#include "analyze/session.h"

namespace sidecarctl::analyze {
namespace {

// Serves objects by path (query ignored); unknown paths answer 404, `statuses` overrides.
class FakeCluster : public kube::HttpTransport {
 public:
  std::map<std::string, Json> lists;     // path -> items
  std::map<std::string, Json> objects;   // path -> object
  std::map<std::string, long> statuses;  // path -> forced status
  std::vector<std::string> paths;        // every request's path and query

  kube::HttpResponse send(const kube::HttpRequest& request) override {
    std::string url = request.url.substr(std::string("https://fake").size());
    paths.push_back(url);
    std::string path = url.substr(0, url.find('?'));
    kube::HttpResponse r;
    if (auto it = statuses.find(path); it != statuses.end()) {
      r.status = it->second;
      r.body = Json{{"kind", "Status"}, {"message", path + " is not for you"}, {"code", it->second}}.dump();
    } else if (auto lt = lists.find(path); lt != lists.end()) {
      r.status = 200;
      r.body =
          Json{{"kind", "List"}, {"apiVersion", "v1"}, {"metadata", Json::object()}, {"items", lt->second}}
              .dump();
    } else if (auto ot = objects.find(path); ot != objects.end()) {
      r.status = 200;
      r.body = ot->second.dump();
    } else {
      r.status = 404;
      r.body = R"({"kind":"Status","message":"the server could not find the requested resource","code":404})";
    }
    return r;
  }
};

struct Cluster {
  FakeCluster* server = nullptr;
  std::unique_ptr<kube::ApiClient> client;
  Cluster() {
    auto t = std::make_unique<FakeCluster>();
    server = t.get();
    kube::RestConfig config;
    config.server = "https://fake";
    kube::ApiClientOptions options;
    options.max_attempts = 1;
    client = std::make_unique<kube::ApiClient>(config, std::move(t), options);
  }
};

Json object(const std::string& api_version, const std::string& kind, const std::string& ns,
            const std::string& name, Json spec = Json::object()) {
  Json meta = {{"name", name}};
  if (!ns.empty()) meta["namespace"] = ns;
  return {{"apiVersion", api_version}, {"kind", kind}, {"metadata", meta}, {"spec", spec}};
}

std::vector<std::string> names(const ClusterState& state) {
  std::vector<std::string> out;
  for (const Json& o : state.objects) out.push_back(str(o, "kind") + " " + str(o["metadata"], "name"));
  return out;
}

TEST_CASE("read_cluster lists what the analyzers read, newest served version first") {
  Cluster c;
  c.server->objects["/api/v1/namespaces/shop"] = object("v1", "Namespace", "", "shop");
  c.server->objects["/api/v1/namespaces/istio-system/configmaps/istio"] = {
      {"kind", "ConfigMap"},
      {"data", {{"mesh", "ingressControllerMode: \"OFF\"\n"}, {"meshNetworks", "networks: {}"}}}};
  c.server->lists["/api/v1/namespaces/istio-system/configmaps"] =
      Json::array({object("v1", "ConfigMap", "istio-system", "istio-sidecar-injector"),
                   object("v1", "ConfigMap", "istio-system", "kube-root-ca.crt")});
  c.server->lists["/api/v1/pods"] = Json::array({object("v1", "Pod", "shop", "cart-1")});
  c.server->lists["/apis/networking.istio.io/v1beta1/virtualservices"] =
      Json::array({object("networking.istio.io/v1beta1", "VirtualService", "shop", "cart")});
  ClusterQuery q;
  q.kinds = {kind::kPod, kind::kConfigMap, kind::kVirtualService, kind::kTelemetry};
  q.ns = "shop";
  std::vector<std::string> progress;
  q.progress = [&](const ClusterProgress& p) {
    progress.push_back(std::to_string(p.done) + "/" + std::to_string(p.total) + " " + p.resource);
  };
  auto state = read_cluster(*c.client, q);
  REQUIRE(state.has_value());
  CHECK(names(*state) ==
        std::vector<std::string>{"Pod cart-1", "ConfigMap istio-sidecar-injector", "VirtualService cart"});
  CHECK(state->skipped == std::vector<std::string>{"telemetries.telemetry.istio.io"});
  CHECK(state->warnings.empty());
  CHECK(state->mesh_config == "ingressControllerMode: \"OFF\"\n");
  CHECK(state->mesh_source == "ConfigMap istio-system/istio");
  CHECK(progress == std::vector<std::string>{"1/4 pods", "2/4 configmaps",
                                             "3/4 virtualservices.networking.istio.io",
                                             "4/4 telemetries.telemetry.istio.io"});
  // v1 was tried (404) before v1beta1; pods were asked without the system namespaces.
  auto& p = c.server->paths;
  CHECK(std::find_if(p.begin(), p.end(), [](const std::string& s) {
          return s.rfind("/apis/networking.istio.io/v1/virtualservices?", 0) == 0;
        }) != p.end());
  CHECK(std::find_if(p.begin(), p.end(), [](const std::string& s) {
          return s.rfind("/api/v1/pods?fieldSelector=metadata.namespace%21%3Dkube-system%2C", 0) == 0;
        }) != p.end());
}

TEST_CASE("read_cluster: missing namespace, forbidden types, server errors") {
  SUBCASE("the selected namespace must exist") {
    Cluster c;
    ClusterQuery q;
    q.ns = "nope";
    auto state = read_cluster(*c.client, q);
    REQUIRE_FALSE(state.has_value());
    CHECK(state.error().message == "namespace \"nope\" not found");
  }
  SUBCASE("403 across namespaces falls back to the selected one; 403 there too is a warning") {
    Cluster c;
    c.server->objects["/api/v1/namespaces/shop"] = object("v1", "Namespace", "", "shop");
    c.server->statuses["/api/v1/pods"] = 403;
    c.server->lists["/api/v1/namespaces/shop/pods"] = Json::array({object("v1", "Pod", "shop", "a")});
    c.server->statuses["/api/v1/services"] = 403;
    c.server->statuses["/api/v1/namespaces/shop/services"] = 403;
    ClusterQuery q;
    q.kinds = {kind::kPod, kind::kService};
    q.ns = "shop";
    auto state = read_cluster(*c.client, q);
    REQUIRE(state.has_value());
    CHECK(names(*state) == std::vector<std::string>{"Pod a"});
    REQUIRE(state->warnings.size() == 2);
    // Services come first (the order of the resource table).
    CHECK(state->warnings[0] ==
          "services not analyzed: /api/v1/namespaces/shop/services is not for you (403 Forbidden)");
    CHECK(state->warnings[1] ==
          "cannot list pods in all namespaces (/api/v1/pods is not for you (403 Forbidden)); read namespace shop only");
  }
  SUBCASE("any other failure is an error naming the resource") {
    Cluster c;
    c.server->statuses["/apis/apps/v1/deployments"] = 500;
    ClusterQuery q;
    q.kinds = {kind::kDeployment};
    auto state = read_cluster(*c.client, q);
    REQUIRE_FALSE(state.has_value());
    CHECK(state.error().message.rfind("reading deployments.apps: ", 0) == 0);
  }
}

TEST_CASE("live analysis: files override the cluster, messages filtered by namespace, no references") {
  ClusterState cluster;
  cluster.objects = {object("v1", "Namespace", "", "shop"), object("v1", "Namespace", "", "other"),
                     object("networking.istio.io/v1", "VirtualService", "shop", "cart",
                            {{"hosts", {"cart"}}, {"gateways", {"missing-gw"}}}),
                     object("networking.istio.io/v1", "VirtualService", "other", "x",
                            {{"hosts", {"x"}}, {"gateways", {"missing-gw"}}})};
  cluster.mesh_config = "ingressService: my-ingress\n";
  cluster.mesh_source = "ConfigMap istio-system/istio";
  Request request;
  request.cluster = cluster;
  request.only_namespace = "shop";
  request.default_namespace = "shop";
  request.analyzers = {"virtualservice.GatewayAnalyzer", "injection.Analyzer"};
  auto report = run(request);
  REQUIRE(report.has_value());
  std::vector<std::string> lines;
  for (const Message& m : report->messages) lines.push_back(m.log_line());
  std::string all;
  for (const std::string& l : lines) all += l + "\n";
  INFO(all);
  CHECK(lines ==
        std::vector<std::string>{
            "Error [IST0101] (VirtualService shop/cart) Referenced gateway not found: \"missing-gw\"",
            "Warning [IST0132] (VirtualService shop/cart) one or more host [cart] defined in VirtualService "
            "shop/cart not found in Gateway shop/missing-gw.",
            "Info [IST0102] (Namespace shop) The namespace is not enabled for Istio injection. Run 'kubectl "
            "label namespace shop istio-injection=enabled' to enable it, or 'kubectl label namespace shop "
            "istio-injection=disabled' to explicitly mark it as not needing injection."});
  // No default ingress resources in live mode.
  CHECK(report->resources == 6);  // 4 objects + MeshConfig + MeshNetworks

  // A file resource replaces the cluster's of the same kind/namespace/name, and keeps its line;
  // one without namespace lands in the default namespace.
  request.paths = {"-"};
  request.stdin_text =
      "apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata:\n  name: cart\n"
      "spec:\n  hosts: [cart]\n  gateways: [other-gw]\n";
  report = run(request);
  REQUIRE(report.has_value());
  REQUIRE_FALSE(report->messages.empty());
  CHECK(report->messages[0].log_line() ==
        "Error [IST0101] (VirtualService shop/cart -:7) Referenced gateway not found: \"other-gw\"");
  CHECK(report->resources == 6);
}

TEST_CASE("input_kinds: the union of the analyzers' inputs without synthetic kinds") {
  auto kinds = input_kinds(select_analyzers({"telemetry.ProviderAnalyzer", "service.PortNameAnalyzer"}));
  CHECK(kinds == std::vector<std::string>{kind::kService, kind::kTelemetry});
}

}  // namespace
}  // namespace sidecarctl::analyze
