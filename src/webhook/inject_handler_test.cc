// Tests for the injection endpoint: the patch applied to the pod (nlohmann's RFC 6902 patch) gives
// exactly what the injector makes of it; policy skips, errors and bad requests answer as istiod.
#include "webhook/inject_handler.h"

#include <doctest/doctest.h>

#include <memory>
#include <optional>

#include "inject/istio_funcs.h"
#include "kube/base64.h"
#include "kube/typed_object.h"
#include "webhook/injector_slot.h"

namespace sidecarctl::webhook {
namespace {

using Json = nlohmann::json;

inject::Injector make_injector(const std::string& policy = "enabled") {
  auto settings = inject::embedded_settings();
  REQUIRE(settings.has_value());
  settings->config.policy = policy;
  inject::InjectorOptions options;
  options.webhook_policy = true;
  auto created = inject::Injector::create(std::move(*settings), inject::istio_function_map(options.env), options);
  REQUIRE(created.has_value());
  return std::move(*created);
}

const inject::Injector& injector() {
  static const inject::Injector instance = make_injector();
  return instance;
}

Json pod() {
  return Json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"web-7d9f-",
    "labels":{"app":"web","pod-template-hash":"7d9f"},
    "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d9f","uid":"x","controller":true}],
    "managedFields":[{"manager":"kubectl"}]},
    "spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}],
      "readinessProbe":{"httpGet":{"path":"/","port":80}}}]}})");
}

std::string review(const Json& object, const std::string& ns = "shop", const std::string& version = "admission.k8s.io/v1") {
  Json r = {{"kind", "AdmissionReview"}, {"apiVersion", version},
            {"request", {{"uid", "uid-1"}, {"namespace", ns}, {"operation", "CREATE"}, {"object", object}}}};
  return r.dump();
}

Json response_of(const InjectResponse& r) {
  Json body = Json::parse(r.body);
  return body["response"];
}

// What the patch makes of `object` as the webhook saw it (namespace from the request, typed form).
Json patched(const InjectResponse& r, Json object, const std::string& ns = "shop") {
  Json resp = response_of(r);
  REQUIRE(resp["patchType"] == "JSONPatch");
  auto text = kube::base64_decode(resp["patch"].get<std::string>());
  REQUIRE(text.has_value());
  object["metadata"].erase("managedFields");
  object["metadata"]["namespace"] = ns;
  auto typed = kube::normalize_typed(object);
  REQUIRE(typed.has_value());
  return typed->patch(Json::parse(*text));
}

// What kube-inject --webhook-policy makes of the same pod.
Json expected(Json object, const std::string& ns = "shop", const std::map<std::string, std::string>& envs = {}) {
  object["metadata"].erase("managedFields");
  object["metadata"]["namespace"] = ns;
  auto typed = kube::normalize_typed(object);
  REQUIRE(typed.has_value());
  std::vector<std::string> warnings;
  auto out = injector().inject_object(*typed, warnings, envs);
  REQUIRE(out.has_value());
  return *out;
}

TEST_CASE("a Deployment's pod: the patch gives the injector's pod") {
  InjectResponse r = handle_inject(&injector(), nullptr, "/inject", "application/json", review(pod()));
  CAPTURE(r.body);
  CHECK(r.status == 200);
  CHECK(r.outcome == Outcome::kInjected);
  CHECK(r.uid == "uid-1");
  CHECK(r.pod == "shop/web-7d9f-*****");
  CHECK(response_of(r)["uid"] == "uid-1");
  CHECK(response_of(r)["allowed"] == true);
  Json out = patched(r, pod());
  CHECK(out == expected(pod()));
  // The deploy meta came from the owner reference: the canonical name is the Deployment's.
  CHECK(out["metadata"]["labels"]["service.istio.io/canonical-name"] == "web");
  CHECK(out["spec"]["containers"].size() == 2);
}

TEST_CASE("proxy.istio.io/config reaches the proxy's config, not the mesh config the probes read (istiod)") {
  Json annotated = pod();
  annotated["metadata"]["annotations"]["proxy.istio.io/config"] = "statusPort: 15030";
  InjectResponse r = handle_inject(&injector(), nullptr, "/inject", "application/json", review(annotated));
  REQUIRE(r.outcome == Outcome::kInjected);
  Json out = patched(r, annotated);
  CHECK(out["metadata"]["annotations"]["prometheus.io/port"] == "15020");
  CHECK(out["spec"]["containers"][0]["readinessProbe"]["httpGet"]["port"] == 15020);
  const Json& proxy = out["spec"]["containers"][1];
  REQUIRE(proxy["name"] == "istio-proxy");
  std::string proxy_config;
  for (const auto& env : proxy["env"]) {
    if (env["name"] == "PROXY_CONFIG") proxy_config = env["value"].get<std::string>();
  }
  CHECK(proxy_config.find("\"statusPort\":15030") != std::string::npos);
  // An annotation that does not parse is reported as the annotation validation istiod runs first.
  Json broken = pod();
  broken["metadata"]["annotations"]["proxy.istio.io/config"] = "statusPort: [";
  InjectResponse denied = handle_inject(&injector(), nullptr, "/inject", "application/json", review(broken));
  CHECK(denied.outcome == Outcome::kDenied);
  CHECK(response_of(denied)["status"]["message"].get<std::string>().starts_with(
      "failed to run injection template: 1 error occurred:\n\t* invalid value 'statusPort: [' for annotation "
      "'proxy.istio.io/config'"));
}

TEST_CASE("v1beta1 is answered in v1beta1") {
  InjectResponse r = handle_inject(&injector(), nullptr, "/inject", "application/json",
                                   review(pod(), "shop", "admission.k8s.io/v1beta1"));
  CHECK(Json::parse(r.body)["apiVersion"] == "admission.k8s.io/v1beta1");
  CHECK(r.outcome == Outcome::kInjected);
}

TEST_CASE("cluster and network from the path reach the proxy and the network label") {
  InjectResponse r = handle_inject(&injector(), nullptr, "/inject/cluster/c9/net/n9", "application/json", review(pod()));
  REQUIRE(r.outcome == Outcome::kInjected);
  std::map<std::string, std::string> envs{{"ISTIO_META_CLUSTER_ID", "c9"}, {"ISTIO_META_NETWORK", "n9"}};
  Json out = patched(r, pod());
  CHECK(out == expected(pod(), "shop", envs));
  CHECK(out["metadata"]["labels"]["topology.istio.io/network"] == "n9");
  bool found = false;
  for (const Json& e : out["spec"]["containers"][1]["env"]) {
    if (e["name"] == "ISTIO_META_CLUSTER_ID") found = e["value"] == "c9";
  }
  CHECK(found);
}

TEST_CASE("an injected pod injected again gives an empty patch") {
  Json once = expected(pod());
  InjectResponse r = handle_inject(&injector(), nullptr, "/inject", "application/json", review(once));
  REQUIRE(r.outcome == Outcome::kInjected);
  CHECK(kube::base64_decode(response_of(r)["patch"].get<std::string>()) == "[]");
}

TEST_CASE("policy: the inject label, ignored namespaces and hostNetwork are allowed without a patch") {
  Json off = pod();
  off["metadata"]["labels"]["sidecar.istio.io/inject"] = "false";
  InjectResponse r = handle_inject(&injector(), nullptr, "/inject", "application/json", review(off));
  CHECK(r.outcome == Outcome::kSkipped);
  CHECK(response_of(r) == Json::parse(R"({"uid":"uid-1","allowed":true})"));
  CHECK(handle_inject(&injector(), nullptr, "/inject", "application/json", review(pod(), "kube-system")).outcome ==
        Outcome::kSkipped);
  Json host = pod();
  host["spec"]["hostNetwork"] = true;
  CHECK(handle_inject(&injector(), nullptr, "/inject", "application/json", review(host)).outcome == Outcome::kSkipped);
}

TEST_CASE("policy disabled injects only pods that ask") {
  inject::Injector disabled = make_injector("disabled");
  CHECK(handle_inject(&disabled, nullptr, "/inject", "application/json", review(pod())).outcome == Outcome::kSkipped);
  Json ask = pod();
  ask["metadata"]["annotations"]["sidecar.istio.io/inject"] = "true";
  CHECK(handle_inject(&disabled, nullptr, "/inject", "application/json", review(ask)).outcome == Outcome::kInjected);
}

TEST_CASE("an injection error denies the pod with the message") {
  Json bad = pod();
  bad["metadata"]["annotations"]["inject.istio.io/templates"] = "nosuch";
  InjectResponse r = handle_inject(&injector(), nullptr, "/inject", "application/json", review(bad));
  CHECK(r.outcome == Outcome::kDenied);
  Json resp = response_of(r);
  CHECK(resp["allowed"] == false);
  CHECK(resp["status"]["message"].get<std::string>().starts_with(
      "failed to run injection template: requested template \"nosuch\" not found"));
}

TEST_CASE("a pod of the wrong shape is denied") {
  Json bad = pod();
  bad["spec"]["containers"] = 5;
  InjectResponse r = handle_inject(&injector(), nullptr, "/inject", "application/json", review(bad));
  CHECK(r.outcome == Outcome::kDenied);
  CAPTURE(r.body);
  CHECK(response_of(r)["status"]["message"] ==
        "json: cannot unmarshal number into Go struct field PodSpec.spec.containers of type []v1.Container");
  // Numbers and booleans are not turned into strings, as YAML input would be (istiod's encoding/json).
  Json numeric_label = pod();
  numeric_label["metadata"]["labels"]["version"] = 2;
  InjectResponse label = handle_inject(&injector(), nullptr, "/inject", "application/json", review(numeric_label));
  CHECK(label.outcome == Outcome::kDenied);
  CHECK(response_of(label)["status"]["message"] ==
        "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");
}

TEST_CASE("patch cache: an equal pod on the same path gets the first answer's patch, anything else is injected") {
  PatchCache cache(16, 1 << 20);
  InjectResponse first = handle_inject(&injector(), &cache, "/inject", "application/json", review(pod()));
  REQUIRE(first.outcome == Outcome::kInjected);
  CHECK(!first.reused);
  CHECK(cache.size() == 1);

  // The next replica: another uid, an equal pod. The answer differs only in the uid.
  std::string next_body = review(pod());
  next_body.replace(next_body.find("uid-1"), 5, "uid-2");
  InjectResponse next = handle_inject(&injector(), &cache, "/inject", "application/json", next_body);
  CHECK(next.reused);
  CHECK(next.outcome == Outcome::kInjected);
  CHECK(response_of(next)["uid"] == "uid-2");
  CHECK(response_of(next)["patch"] == response_of(first)["patch"]);

  // Another namespace, another path, a changed label: injected afresh, each right for its pod.
  InjectResponse other_ns = handle_inject(&injector(), &cache, "/inject", "application/json", review(pod(), "books"));
  CHECK(!other_ns.reused);
  CHECK(patched(other_ns, pod(), "books") == expected(pod(), "books"));
  InjectResponse other_path =
      handle_inject(&injector(), &cache, "/inject/cluster/c9/net/n9", "application/json", review(pod()));
  CHECK(!other_path.reused);
  CHECK(patched(other_path, pod()) ==
        expected(pod(), "shop", {{"ISTIO_META_CLUSTER_ID", "c9"}, {"ISTIO_META_NETWORK", "n9"}}));
  Json v2 = pod();
  v2["metadata"]["labels"]["version"] = "v2";
  InjectResponse relabelled = handle_inject(&injector(), &cache, "/inject", "application/json", review(v2));
  CHECK(!relabelled.reused);
  CHECK(patched(relabelled, v2) == expected(v2));
  CHECK(cache.size() == 4);

  // Policy is decided before the cache: a pod that opts out is skipped even after an equal one was kept.
  Json off = pod();
  off["metadata"]["labels"]["sidecar.istio.io/inject"] = "false";
  CHECK(handle_inject(&injector(), &cache, "/inject", "application/json", review(off)).outcome == Outcome::kSkipped);
}

TEST_CASE("injector slot: a cache per injector whose results repeat, none for random templates") {
  InjectorSlot slot(16, 1 << 20);
  slot.set(std::make_shared<const inject::Injector>(make_injector()));
  ServingInjector first = slot.get();
  REQUIRE(first.patches != nullptr);
  slot.set(std::make_shared<const inject::Injector>(make_injector()));
  CHECK(slot.get().patches != first.patches);  // a reload starts an empty cache

  auto settings = inject::embedded_settings();
  REQUIRE(settings.has_value());
  settings->config.templates["sidecar"] += "\n{{/* a comment naming uuidv4 does not count */}}";
  inject::InjectorOptions options;
  options.webhook_policy = true;
  auto commented = inject::Injector::create(*settings, inject::istio_function_map(options.env), options);
  REQUIRE(commented.has_value());
  slot.set(std::make_shared<const inject::Injector>(std::move(*commented)));
  CHECK(slot.get().patches != nullptr);

  settings->config.templates["sidecar"] += "\n{{- $id := uuidv4 }}";
  auto random = inject::Injector::create(std::move(*settings), inject::istio_function_map(options.env), options);
  REQUIRE(random.has_value());
  CHECK(!random->renders_repeatably());
  slot.set(std::make_shared<const inject::Injector>(std::move(*random)));
  CHECK(slot.get().injector != nullptr);
  CHECK(slot.get().patches == nullptr);

  auto changing = inject::embedded_settings();
  REQUIRE(changing.has_value());
  changing->config.templates["sidecar"] += "\n{{- $_ := set .Values \"seen\" true }}";
  auto sets = inject::Injector::create(std::move(*changing), inject::istio_function_map(options.env), options);
  REQUIRE(sets.has_value());
  CHECK(!sets->renders_repeatably());  // the next pod sees what the last one set

  InjectorSlot off;  // no entries: no cache
  off.set(std::make_shared<const inject::Injector>(make_injector()));
  CHECK(off.get().patches == nullptr);
}

TEST_CASE("bad requests") {
  InjectResponse empty = handle_inject(&injector(), nullptr, "/inject", "application/json", "");
  CHECK(empty.status == 400);
  CHECK(empty.body == "no body found\n");
  InjectResponse type = handle_inject(&injector(), nullptr, "/inject", "text/plain", "{}");
  CHECK(type.status == 415);
  CHECK(type.body == "invalid Content-Type, want `application/json`\n");
  CHECK(handle_inject(nullptr, nullptr, "/inject", "application/json", "{}").status == 503);
  InjectResponse junk = handle_inject(&injector(), nullptr, "/inject", "application/json", "{nope");
  CHECK(junk.status == 200);
  CHECK(junk.outcome == Outcome::kDenied);
  CHECK(junk.body == R"({"response":{"uid":"","allowed":false,"status":{"metadata":{},)"
                     R"("message":"cannot decode AdmissionReview: the body is not valid JSON"}}})");
}

}  // namespace
}  // namespace sidecarctl::webhook
