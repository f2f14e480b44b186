// Unit tests of the analyzers: small manifests of our own, the messages each analyzer reports.
#include <doctest/doctest.h>

#include <algorithm>

#include "analyze/engine.h"
#include "kube/mesh_config.h"
#include "analyze/output.h"

namespace sidecarctl::analyze {
namespace {

// Runs `analyzer` over a YAML stream; returns "CODE Origin@line" strings in output order.
struct Run {
  std::vector<yaml::Document> docs;
  Store store;
  Json mesh = kube::default_mesh_config();
  std::vector<Message> messages;
};

std::unique_ptr<Run> analyze_text(const std::string& text, const std::string& analyzer, const Json& mesh_overrides = nullptr) {
  auto run = std::make_unique<Run>();
  auto docs = yaml::load_stream(text, "test.yaml");
  REQUIRE(docs.has_value());
  run->docs = std::move(*docs);
  auto mesh = kube::apply_mesh_config(mesh_overrides, "test mesh config");
  REQUIRE_MESSAGE(mesh.has_value(), mesh.error().to_string());
  run->mesh = std::move(*mesh);
  add_documents(run->docs, run->store);
  add_environment(run->mesh, nullptr, run->store);
  run->store.finish();
  auto selected = select_analyzers({analyzer});
  REQUIRE(selected.size() == 1);
  run->messages = run_analyzers(run->store, selected, run->mesh, {});
  return run;
}

std::vector<std::string> codes(const Run& run) {
  std::vector<std::string> out;
  for (const Message& m : run.messages) out.push_back(std::string(m.type->code) + " " + m.origin);
  return out;
}

TEST_CASE("injection.Analyzer: unlabeled namespace, pod without proxy, conflicting labels") {
  auto run = analyze_text(R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Namespace
metadata:
  name: web
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Namespace
metadata:
  name: both
  labels:
    istio-injection: enabled
    istio.io/rev: canary
---
apiVersion: v1
kind: Pod
metadata:
  name: frontend
  namespace: web
spec:
  containers:
  - name: app
    image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: skipped
  namespace: web
  labels:
    sidecar.istio.io/inject: "false"
spec:
  containers:
  - name: app
    image: nginx
)",
                          "injection.Analyzer");
  CHECK(codes(*run) == std::vector<std::string>{"IST0103 Pod web/frontend", "IST0123 Namespace both",
                                                "IST0102 Namespace shop"});
  const Message& ns = run->messages.back();
  CHECK(ns.reference == "test.yaml:4");  // metadata.name line
  CHECK(ns.log_line() ==
        "Info [IST0102] (Namespace shop test.yaml:4) The namespace is not enabled for Istio injection. Run 'kubectl "
        "label namespace shop istio-injection=enabled' to enable it, or 'kubectl label namespace shop "
        "istio-injection=disabled' to explicitly mark it as not needing injection.");
}

TEST_CASE("injection.ImageAnalyzer: proxy image differs from the injector configmap") {
  auto run = analyze_text(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector
  namespace: istio-system
data:
  values: '{"global": {"hub": "docker.io/istio", "tag": "1.30.0", "proxy": {"image": "proxyv2"}}}'
---
apiVersion: v1
kind: Namespace
metadata:
  name: apps
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Pod
metadata:
  name: old
  namespace: apps
spec:
  containers:
  - name: istio-proxy
    image: docker.io/istio/proxyv2:1.29.0
---
apiVersion: v1
kind: Pod
metadata:
  name: current
  namespace: apps
spec:
  containers:
  - name: istio-proxy
    image: docker.io/istio/proxyv2:1.30.0-distroless
  - name: x
    image: y
)",
                          "injection.ImageAnalyzer", Json{{"defaultConfig", {{"image", {{"imageType", "distroless"}}}}}});
  REQUIRE(codes(*run) == std::vector<std::string>{"IST0158 Namespace apps"});
  CHECK(run->messages[0].text.find("(pod names: [old])") != std::string::npos);
}

TEST_CASE("annotations: unknown, misplaced, invalid, deprecated, alpha") {
  const std::string text = R"(apiVersion: v1
kind: Service
metadata:
  name: api
  annotations:
    networking.istio.io/exportTwo: x
    sidecar.istio.io/proxyCPU: 100m
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    readiness.status.sidecar.istio.io/periodSeconds: soon
    sidecar.istio.io/inject: "true"
    example.com/other: ignored
spec:
  containers:
  - name: app
)";
  auto run = analyze_text(text, "annotations.K8sAnalyzer");
  CHECK(codes(*run) == std::vector<std::string>{"IST0107 Service api", "IST0108 Service api", "IST0125 Pod p",
                                                "IST0135 Pod p"});
  auto alpha = analyze_text(text, "annotations.AlphaAnalyzer");
  CHECK(codes(*alpha) == std::vector<std::string>{"IST0136 Pod p", "IST0136 Service api"});
}

TEST_CASE("service.PortNameAnalyzer and ExternalName services") {
  auto run = analyze_text(R"(apiVersion: v1
kind: Service
metadata:
  name: svc
  namespace: ns
spec:
  ports:
  - name: http-web
    port: 80
  - name: foo
    port: 8080
    targetPort: 9090
  - port: 3306
  - name: web
    port: 81
    appProtocol: http
---
apiVersion: v1
kind: Service
metadata:
  name: ext
spec:
  type: ExternalName
  externalName: example.com
  ports:
  - name: tcp
    port: 443
)",
                          "service.PortNameAnalyzer");
  CHECK(codes(*run) == std::vector<std::string>{"IST0150 Service ext", "IST0118 Service ns/svc"});
  CHECK(run->messages[1].text ==
        "Port name foo (port: 8080, targetPort: 9090) doesn't follow the naming convention of Istio port.");
  CHECK(run->messages[1].reference == "test.yaml:11");
}

TEST_CASE("deployment.MultiServiceAnalyzer: conflicting protocols and target ports") {
  auto run = analyze_text(R"(apiVersion: v1
kind: Namespace
metadata:
  name: ns
  labels:
    istio-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: ns
spec:
  template:
    metadata:
      labels:
        app: a
    spec:
      containers:
      - name: c
---
apiVersion: v1
kind: Service
metadata:
  name: s1
  namespace: ns
spec:
  selector:
    app: a
  ports:
  - port: 80
    protocol: TCP
    targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: s2
  namespace: ns
spec:
  selector:
    app: a
  ports:
  - port: 80
    protocol: UDP
    targetPort: 8081
  - port: 90
    targetPort: 8080
)",
                          "deployment.MultiServiceAnalyzer");
  CHECK(codes(*run) == std::vector<std::string>{"IST0116 Deployment ns/app", "IST0137 Deployment ns/app"});
  CHECK(run->messages[0].text ==
        "This deployment app is associated with multiple services using port 80 but different protocols: [ns/s1 ns/s2]");
}

TEST_CASE("applicationUID.Analyzer and suppression by annotation") {
  auto run = analyze_text(R"(apiVersion: v1
kind: Pod
metadata:
  name: root
spec:
  securityContext:
    runAsUser: 1337
  containers:
  - name: app
---
apiVersion: v1
kind: Pod
metadata:
  name: quiet
  annotations:
    galley.istio.io/analyze-suppress: IST0144
spec:
  containers:
  - name: app
    securityContext:
      runAsUser: 1337
)",
                          "applicationUID.Analyzer");
  CHECK(codes(*run) == std::vector<std::string>{"IST0144 Pod root"});
}

TEST_CASE("webhook.Analyzer: overlapping webhooks and missing service") {
  auto run = analyze_text(R"(apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: a
webhooks:
- name: one.sidecar-injector.istio.io
  clientConfig:
    service: {name: istiod, namespace: istio-system}
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: b
webhooks:
- name: two.sidecar-injector.istio.io
  clientConfig:
    service: {name: istiod, namespace: istio-system}
  namespaceSelector:
    matchExpressions:
    - {key: istio-injection, operator: In, values: [enabled]}
)",
                          "webhook.Analyzer");
  auto c = codes(*run);
  CHECK(std::count(c.begin(), c.end(), "IST0139 MutatingWebhookConfiguration a") == 2);
  CHECK(std::count(c.begin(), c.end(), "IST0139 MutatingWebhookConfiguration b") == 2);
}

TEST_CASE("virtualservice.GatewayAnalyzer and DestinationRuleAnalyzer") {
  const std::string text = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: web
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: vs
  namespace: web
spec:
  hosts: ["other.example.com"]
  gateways: [gw, missing]
  http:
  - route:
    - destination: {host: reviews, subset: v9}
)";
  auto gw = analyze_text(text, "virtualservice.GatewayAnalyzer");
  CHECK(codes(*gw) == std::vector<std::string>{"IST0101 VirtualService web/vs", "IST0132 VirtualService web/vs",
                                               "IST0132 VirtualService web/vs"});
  auto dr = analyze_text(text, "virtualservice.DestinationRuleAnalyzer");
  REQUIRE(codes(*dr) == std::vector<std::string>{"IST0101 VirtualService web/vs"});
  CHECK(dr->messages[0].text == "Referenced host+subset in destinationrule not found: \"reviews+v9\"");
  CHECK(dr->messages[0].reference == "test.yaml:23");
}

TEST_CASE("schema validation: unreachable and ineffective VirtualService rules") {
  auto run = analyze_text(R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: dup
spec:
  hosts: [a]
  http:
  - match:
    - uri: {prefix: /api}
    route:
    - destination: {host: a}
  - match:
    - uri: {prefix: /api}
    route:
    - destination: {host: a}
  - match:
    - uri: {prefix: /api/v2}
    route:
    - destination: {host: a}
)",
                          "schema.ValidationAnalyzer.VirtualService");
  CHECK(codes(*run) == std::vector<std::string>{"IST0130 VirtualService dup", "IST0131 VirtualService dup",
                                                "IST0131 VirtualService dup"});
}

TEST_CASE("outputs: log colours, JSON keys, GitHub escaping") {
  auto run = analyze_text("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tools\n", "injection.Analyzer");
  REQUIRE(run->messages.size() == 1);
  std::string colored = render_log(run->messages, true);
  INFO(colored);
  CHECK(colored.rfind("\033[36mInfo\033[0m [IST0102] (Namespace tools test.yaml:4)", 0) == 0);
  std::string json = render_json(run->messages);
  CHECK(json.rfind("[\n\t{\n\t\t\"code\": \"IST0102\",\n\t\t\"documentationUrl\": ", 0) == 0);
  std::string gh = render_github(run->messages);
  INFO(gh);
  CHECK(gh.rfind("::notice file=test.yaml,line=4,title=IST0102 Namespace tools::The namespace", 0) == 0);
  CHECK(render_json({}) == "[]\n");
}

TEST_CASE("go_sprintf renders Go verbs") {
  CHECK(go_sprintf("%s %d %q %v", {Arg("a"), Arg(3), Arg("b\"c"), Arg(std::vector<std::string>{"x", "y"})}) ==
        "a 3 \"b\\\"c\" [x y]");
  CHECK(go_sprintf("%s %s", {Arg("a")}) == "a %!s(MISSING)");
}

TEST_CASE("suppression globs and mesh config as analyzers see it") {
  CHECK(glob_match("Namespace *", "Namespace shop"));
  CHECK(glob_match("*/reviews", "VirtualService default/reviews"));
  CHECK_FALSE(glob_match("Pod a?", "Pod abc"));
  CHECK_FALSE(parse_suppression("IST0102").has_value());
  Json merged = kube::apply_mesh_config(Json{{"rootNamespace", "mesh-root"},
                                             {"defaultConfig", {{"image", {{"imageType", "distroless"}}}}},
                                             {"extensionProviders",
                                              Json::array({{{"name", "envoy"}, {"lightstep", Json::object()}}})}},
                                        "mesh.yaml")
                    .value();
  CHECK(merged["rootNamespace"] == "mesh-root");
  CHECK(merged["defaultConfig"]["statusPort"] == 15020);
  CHECK(merged["extensionProviders"].size() == 3);
  CHECK(merged["extensionProviders"][2].contains("lightstep"));
}

}  // namespace
}  // namespace sidecarctl::analyze
