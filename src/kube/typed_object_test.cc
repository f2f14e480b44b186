#include "kube/typed_object.h"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "kube/go_text.h"
#include "kube/workload.h"

namespace sidecarctl::kube {
namespace {

// Each helper also asks check_typed, which must agree with normalize_typed.
Json normalized(const char* json) {
  auto r = normalize_typed(Json::parse(json));
  REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
  CHECK(check_typed(Json::parse(json)).has_value());
  return r.value();
}

std::string error_of(const char* json) {
  auto r = normalize_typed(Json::parse(json));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == ErrorKind::kInvalidInput);
  auto checked = check_typed(Json::parse(json));
  REQUIRE_FALSE(checked.has_value());
  CHECK(checked.error().message == r.error().message);
  return r.error().message;
}

// Every leaf of `value` (and every collection) replaced in turn by each of `replacements`.
void each_variant(const Json& value, const Json& node, const std::string& at,
                  const std::vector<Json>& replacements, const std::function<void(const Json&)>& visit) {
  for (const Json& r : replacements) {
    Json variant = value;
    variant[Json::json_pointer(at)] = r;
    visit(variant);
  }
  if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      each_variant(value, node[i], at + "/" + std::to_string(i), replacements, visit);
  } else if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it)  // no key of these inputs needs escaping
      each_variant(value, it.value(), at + "/" + it.key(), replacements, visit);
  }
}

TEST_CASE("check_typed finds exactly the errors normalize_typed finds, wherever a value is mistyped") {
  const Json deployment = Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web",
    "labels":{"app":"web"},"creationTimestamp":"2024-01-02T03:04:05Z"},"spec":{"replicas":2,"selector":{"matchLabels":
    {"app":"web"}},"template":{"metadata":{"annotations":{"a":"b"}},"spec":{"containers":[{"name":"web","image":"nginx",
    "ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{"limits":{"cpu":"1"}},"readinessProbe":{"httpGet":
    {"port":"http","path":"/"}},"securityContext":{"runAsUser":1000,"privileged":false}}],"volumes":[{"name":"v",
    "secret":{"secretName":"s","defaultMode":420}}]}}}})");
  const Json list = Json::parse(R"({"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod",
    "metadata":{"name":"p"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":1}]}]}},{"kind":"Other"}]})");
  const std::vector<Json> replacements = {nullptr,
                                          5,
                                          -1,
                                          3.5,
                                          7.0,
                                          4294967296.0,
                                          1e300,
                                          true,
                                          "x",
                                          "2Gi",
                                          "2024-01-02T03:04:05Z",
                                          Json::array(),
                                          Json::array({1}),
                                          Json::object(),
                                          Json::parse(R"({"a":1})")};
  int variants = 0;
  int errors = 0;
  for (const Json& object : {deployment, list}) {
    each_variant(object, object, "", replacements, [&](const Json& variant) {
      if (typed_root_name(variant).empty()) return;
      ++variants;
      auto normalized = normalize_typed(variant);
      auto checked = check_typed(variant);
      REQUIRE(checked.has_value() == normalized.has_value());
      if (!normalized.has_value()) {
        ++errors;
        CHECK(checked.error().message == normalized.error().message);
      }
    });
  }
  CHECK(variants > 800);
  CHECK(errors > 300);
}

TEST_CASE("typed round trip of a Deployment: unknown fields, {} structs, quantities, ints") {
  const Json out = normalized(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","creationTimestamp":null},
    "bogus":1,"spec":{"replicas":7.0,"selector":{"matchLabels":{"app":"web"}},"template":{"spec":{"containers":[
      {"name":"web","image":"nginx","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"2000m","memory":"1024Mi"},
       "requests":{"cpu":0.5}},"unknownField":"x"}]}}}})");
  CHECK(out == Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
    "spec":{"replicas":7,"selector":{"matchLabels":{"app":"web"}},"strategy":{},"template":{"metadata":{},"spec":{
      "containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}],
        "resources":{"limits":{"cpu":"2","memory":"1Gi"},"requests":{"cpu":"500m"}}}]}}},"status":{}})"));
}

TEST_CASE("typed round trip: status counters without omitempty print as 0") {
  const Json ds = normalized(R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"d"},"spec":{"template":{}}})");
  CHECK(ds["status"] == Json::parse(R"({"currentNumberScheduled":0,"numberMisscheduled":0,"desiredNumberScheduled":0,
    "numberReady":0})"));
  CHECK(ds["spec"]["updateStrategy"] == Json::object());
  const Json rc = normalized(R"({"apiVersion":"v1","kind":"ReplicationController","metadata":{},"spec":{}})");
  CHECK(rc["status"] == Json::parse(R"({"replicas":0})"));
  const Json job = normalized(R"({"apiVersion":"batch/v1","kind":"Job","spec":{"template":{}}})");
  CHECK(job["status"] == Json::object());
  const Json dc = normalized(R"({"apiVersion":"apps.openshift.io/v1","kind":"DeploymentConfig","spec":{"paused":false}})");
  CHECK(dc["spec"] == Json::parse(R"({"strategy":{"resources":{}},"triggers":null,"replicas":0,"test":false})"));
  CHECK(dc["status"]["latestVersion"] == 0);
}

TEST_CASE("typed round trip: YAML scalars aimed at string fields become strings") {
  const Json out = normalized(R"({"kind":"Pod","metadata":{"labels":{"version":1.10,"big":1000000.0,"on":true,"n":7}},
    "spec":{"containers":[{"name":"a","args":[1,2.5],"env":[{"name":"PORT","value":8080}]}]}})");
  CHECK(out["metadata"]["labels"] == Json::parse(R"({"version":"1.1","big":"1e+06","on":"true","n":"7"})"));
  CHECK(out["spec"]["containers"][0]["args"] == Json::parse(R"(["1","2.5"])"));
  CHECK(out["spec"]["containers"][0]["env"][0]["value"] == "8080");
  // Not so for the JSON decoder Istio uses on the merged pod.
  auto strict = normalize_as(Json::parse(R"({"spec":{"containers":[{"name":"a","env":[{"name":"P","value":1}]}]}})"), "Pod",
                             nullptr, kJsonDecode);
  REQUIRE_FALSE(strict.has_value());
  CHECK(strict.error().message ==
        "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string");
  // Go names the number only for a numeric field it does not fit.
  auto overflow = normalize_as(Json::parse(R"({"spec":{"containers":[{"name":"a","ports":[{"containerPort":99999999999}]}]}})"),
                               "Pod", nullptr, kJsonDecode);
  REQUIRE_FALSE(overflow.has_value());
  CHECK(overflow.error().message ==
        "json: cannot unmarshal number 99999999999 into Go struct field ContainerPort.spec.containers.ports.containerPort "
        "of type int32");
}

TEST_CASE("typed round trip: int-or-string, booleans, keys matched case-insensitively") {
  const Json out = normalized(R"({"kind":"Pod","spec":{"containers":[{"Name":"a","readinessProbe":{"httpGet":{"port":"http"}},
    "livenessProbe":{"tcpSocket":{"port":8080},"periodSeconds":0}}],"hostNetwork":false,"automountServiceAccountToken":false}})");
  const Json& c = out["spec"]["containers"][0];
  CHECK(c["name"] == "a");
  CHECK_FALSE(c.contains("Name"));
  CHECK(c["readinessProbe"]["httpGet"]["port"] == "http");
  CHECK(c["livenessProbe"] == Json::parse(R"({"tcpSocket":{"port":8080}})"));
  CHECK_FALSE(out["spec"].contains("hostNetwork"));                   // omitempty bool false
  CHECK(out["spec"]["automountServiceAccountToken"] == false);        // *bool keeps false
  CHECK(out["spec"]["containers"][0]["resources"] == Json::object());  // non-pointer struct
}

TEST_CASE("typed round trip: times, nulls and unknown volume sources") {
  const Json out = normalized(R"({"kind":"Pod","metadata":{"creationTimestamp":"2024-01-02T03:04:05.25+02:00"},
    "spec":{"volumes":[{"name":"v","madeUpSource":{"x":1}},{"name":"e","emptyDir":null},{"name":"h","hostPath":{"path":"/p"}}],
    "containers":null},"status":null})");
  CHECK(out["metadata"]["creationTimestamp"] == "2024-01-02T01:04:05Z");
  CHECK(out["spec"]["volumes"] == Json::parse(R"([{"name":"v"},{"name":"e"},{"name":"h","hostPath":{"path":"/p"}}])"));
  CHECK(out["spec"]["containers"].is_null());  // `containers` has no omitempty
  CHECK(out["status"] == Json::object());
  const Json cond = normalized(R"({"kind":"Pod","status":{"conditions":[{"type":"Ready","status":"True"}]}})");
  CHECK(cond["status"]["conditions"][0]["lastProbeTime"].is_null());
  CHECK(cond["status"]["conditions"][0]["lastTransitionTime"].is_null());
}

TEST_CASE("typed round trip: type errors use Go's wording and locate the node") {
  CHECK(error_of(R"({"kind":"Deployment","spec":{"template":{"spec":{"containers":[{"name":"a","ports":[{"containerPort":"80"}]}]}}}})") ==
        "decoding Deployment at /spec/template/spec/containers/0/ports/0/containerPort: json: cannot unmarshal string into "
        "Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32");
  CHECK(error_of(R"({"kind":"Deployment","spec":{"replicas":1.5}})") ==
        "decoding Deployment at /spec/replicas: json: cannot unmarshal number 1.5 into Go struct field "
        "DeploymentSpec.spec.replicas of type int32");
  CHECK(error_of(R"({"kind":"Pod","spec":{"hostNetwork":"yes"}})") ==
        "decoding Pod at /spec/hostNetwork: json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork "
        "of type bool");
  CHECK(error_of(R"({"kind":"Pod","spec":{"containers":[{"resources":{"limits":{"cpu":"lots"}}}]}})") ==
        "decoding Pod at /spec/containers/0/resources/limits/cpu: quantities must match the regular expression "
        "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  CHECK(error_of(R"({"kind":"Pod","spec":{"containers":{}}})") ==
        "decoding Pod at /spec/containers: json: cannot unmarshal object into Go struct field PodSpec.spec.containers of "
        "type []v1.Container");
  CHECK(error_of(R"({"kind":"Pod","metadata":{"creationTimestamp":"yesterday"}})") ==
        "decoding Pod at /metadata/creationTimestamp: parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot "
        "parse");
  auto not_typed = normalize_typed(Json::parse(R"({"kind":"Service"})"));
  REQUIRE_FALSE(not_typed.has_value());
  CHECK(not_typed.error().kind == ErrorKind::kInternal);
}

TEST_CASE("typed round trip of a List: registered kinds decoded, others kept as data") {
  const Json out = normalized(R"({"apiVersion":"v1","kind":"List","items":[
    {"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":80,"targetPort":80}]},"extra":{"kept":true}},
    {"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"a"}]}}]})");
  CHECK(out["metadata"] == Json::object());
  CHECK(out["items"][0] == Json::parse(R"({"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":80,"targetPort":80}]},
    "extra":{"kept":true}})"));
  CHECK(out["items"][1]["status"] == Json::object());
  CHECK(out["items"][1]["spec"]["containers"][0]["resources"] == Json::object());
  CHECK(typed_root_name(out) == "List");
  CHECK(typed_root_name(Json::parse(R"({"kind":"CronJob","apiVersion":"batch/v1beta1"})")) == "CronJob");
}

TEST_CASE("metav1.Time round trip") {
  CHECK(rfc3339_to_utc("2024-03-01T00:30:00+01:00").value() == "2024-02-29T23:30:00Z");
  CHECK_FALSE(rfc3339_to_utc("0001-01-01T00:00:00Z").value().has_value());
  CHECK_FALSE(rfc3339_to_utc("2024-13-01T00:00:00Z").has_value());
}

TEST_CASE("workload kinds and pod template pointers") {
  const Json cron = Json::parse(R"({"kind":"CronJob","spec":{"jobTemplate":{"spec":{"template":{"spec":{}}}}}})");
  CHECK(is_injectable(cron));
  CHECK(find_pod_template(cron) == &cron["spec"]["jobTemplate"]["spec"]["template"]);
  CHECK(pod_metadata_pointer(WorkloadKind::kCronJob) == "/spec/jobTemplate/metadata");
  const Json pod = Json::parse(R"({"kind":"Pod"})");
  CHECK(find_pod_template(pod) == &pod);
  CHECK(pod_template_pointer(WorkloadKind::kDeploymentConfig) == "/spec/template");
  CHECK_FALSE(is_injectable(Json::parse(R"({"kind":"Service"})")));
  CHECK_FALSE(is_injectable(Json::parse(R"({"kind":"List"})")));
  CHECK(is_list(Json::parse(R"({"kind":"List","items":[]})")));
  CHECK(find_pod_template(Json::parse(R"({"kind":"Deployment","spec":{}})")) == nullptr);
  CHECK(kind_name(WorkloadKind::kReplicationController) == "ReplicationController");
  CHECK_FALSE(workload_kind(Json::array()).has_value());
}

}  // namespace
}  // namespace sidecarctl::kube
