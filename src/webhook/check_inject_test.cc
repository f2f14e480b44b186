#include "webhook/check_inject.h"

#include <doctest/doctest.h>

namespace sidecarctl::webhook {
namespace {

Json expr(const char* key, const char* op, std::vector<std::string> values = {}) {
  Json e = {{"key", key}, {"operator", op}};
  if (!values.empty()) e["values"] = values;
  return e;
}

Json hook(const std::string& prefix, Json ns_expressions, Json object_expressions) {
  return {{"name", prefix + "sidecar-injector.istio.io"},
          {"namespaceSelector", {{"matchExpressions", ns_expressions}}},
          {"objectSelector", {{"matchExpressions", object_expressions}}}};
}

// A MutatingWebhookConfiguration shaped as Istio's chart renders it (istio-discovery
// templates/mutatingwebhook.yaml), or as a revision tag's (revision-tags-mwc.yaml).
Json istio_mwc(const std::string& name, const std::string& revision, const std::string& tag = "") {
  std::string sel = tag.empty() ? revision : tag;
  Json not_false = expr("sidecar.istio.io/inject", "NotIn", {"false"});
  Json hooks = Json::array(
      {hook("rev.namespace.", {expr("istio.io/rev", "In", {sel}), expr("istio-injection", "DoesNotExist")},
            {not_false}),
       hook("rev.object.", {expr("istio.io/rev", "DoesNotExist"), expr("istio-injection", "DoesNotExist")},
            {not_false, expr("istio.io/rev", "In", {sel})})});
  if (sel == "default") {
    hooks.push_back(hook("namespace.", {expr("istio-injection", "In", {"enabled"})}, {not_false}));
    hooks.push_back(
        hook("object.", {expr("istio-injection", "DoesNotExist"), expr("istio.io/rev", "DoesNotExist")},
             {expr("sidecar.istio.io/inject", "In", {"true"}), expr("istio.io/rev", "DoesNotExist")}));
  }
  Json labels = {{"istio.io/rev", revision}};
  if (!tag.empty()) labels["istio.io/tag"] = tag;
  return {{"apiVersion", "admissionregistration.k8s.io/v1"},
          {"kind", "MutatingWebhookConfiguration"},
          {"metadata", {{"name", name}, {"labels", labels}}},
          {"webhooks", hooks}};
}

const Json kDefault = istio_mwc("istio-sidecar-injector", "default");
const Json kCanary = istio_mwc("istio-sidecar-injector-canary", "canary");

std::vector<WebhookVerdict> verdicts(const std::vector<Json>& mwcs, kube::LabelMap pod, kube::LabelMap ns) {
  return check_webhooks(mwcs, pod, ns);
}

TEST_CASE("a namespace labelled istio-injection=enabled") {
  auto v = verdicts({kCanary, kDefault}, {}, {{"istio-injection", "enabled"}});
  REQUIRE(v.size() == 2);
  CHECK(v[0].name == "istio-sidecar-injector");  // sorted by name
  CHECK(v[0].revision == "default");
  CHECK(v[0].injected);
  CHECK(v[0].reason == "Namespace label istio-injection=enabled matches");
  CHECK_FALSE(v[1].injected);
  CHECK(v[1].reason ==
        "No matching namespace labels (istio.io/rev=canary) or pod labels (istio.io/rev=canary)");
}

TEST_CASE("istio.io/rev=canary with and without the canary webhook") {
  kube::LabelMap ns = {{"istio.io/rev", "canary"}};
  auto v = verdicts({kDefault, kCanary}, {}, ns);
  REQUIRE(v.size() == 2);
  CHECK_FALSE(v[0].injected);
  CHECK(v[0].reason ==
        "No matching namespace labels (istio.io/rev=default, istio-injection=enabled) or pod labels "
        "(istio.io/rev=default, sidecar.istio.io/inject=true)");
  CHECK(v[1].injected);
  CHECK(v[1].reason == "Namespace label istio.io/rev=canary matches");
  v = verdicts({kDefault}, {}, ns);
  REQUIRE(v.size() == 1);
  CHECK_FALSE(v[0].injected);
}

TEST_CASE("both labels on the namespace: istio-injection wins") {
  auto v = verdicts({kDefault, kCanary}, {}, {{"istio-injection", "enabled"}, {"istio.io/rev", "canary"}});
  CHECK(v[0].injected);
  CHECK(v[0].reason == "Namespace label istio-injection=enabled matches");
  CHECK_FALSE(v[1].injected);
}

TEST_CASE("the pod's sidecar.istio.io/inject label") {
  auto v = verdicts({kDefault}, {{"sidecar.istio.io/inject", "false"}}, {{"istio-injection", "enabled"}});
  CHECK_FALSE(v[0].injected);
  CHECK(v[0].reason == "Pod has sidecar.istio.io/inject=false label, preventing injection");
  v = verdicts({kDefault}, {{"sidecar.istio.io/inject", "true"}}, {});
  CHECK(v[0].injected);
  CHECK(v[0].reason == "Pod label sidecar.istio.io/inject=true matches");
  v = verdicts({kDefault}, {{"sidecar.istio.io/inject", "true"}}, {{"istio-injection", "enabled"}});
  CHECK(
      v[0].reason ==
      "Namespace label istio-injection=enabled matches, and pod label sidecar.istio.io/inject=true matches");
}

TEST_CASE("no label at all, a disabled namespace") {
  auto v = verdicts({kDefault}, {}, {{"kubernetes.io/metadata.name", "plain"}});
  CHECK_FALSE(v[0].injected);
  CHECK(v[0].reason ==
        "No matching namespace labels (istio.io/rev=default, istio-injection=enabled) or pod labels "
        "(istio.io/rev=default, sidecar.istio.io/inject=true)");
  v = verdicts({kDefault}, {}, {{"istio-injection", "disabled"}});
  CHECK(v[0].reason == "Namespace has istio-injection=disabled label, preventing injection");
}

TEST_CASE("revision tags and revisions") {
  Json tag = istio_mwc("istio-revision-tag-default", "1-27", "default");
  Json rev = istio_mwc("istio-sidecar-injector-1-27", "1-27");
  auto v = verdicts({tag, rev}, {}, {{"istio-injection", "enabled"}});
  REQUIRE(v.size() == 2);
  CHECK(v[0].name == "istio-revision-tag-default");
  CHECK(v[0].revision == "1-27");
  CHECK(v[0].injected);
  v = verdicts({tag, rev}, {}, {{"istio.io/rev", "1-27"}});
  CHECK_FALSE(v[0].injected);
  CHECK(v[1].injected);
  CHECK(v[1].reason == "Namespace label istio.io/rev=1-27 matches");
}

TEST_CASE("configurations without an Istio webhook are left out; deactivated webhooks say so") {
  Json other = {{"metadata", {{"name", "cert-manager"}}},
                {"webhooks", {{{"name", "webhook.cert-manager.io"}}}}};
  CHECK(verdicts({other}, {}, {}).empty());
  Json never = {{"matchLabels", {{"istio.io/deactivated", "never-match"}}}};
  Json off = {{"metadata", {{"name", "istio-revision-tag-old"}}},
              {"webhooks",
               {{{"name", "rev.namespace.sidecar-injector.istio.io"},
                 {"namespaceSelector", never},
                 {"objectSelector", never}}}}};
  auto v = verdicts({off}, {}, {});
  REQUIRE(v.size() == 1);
  CHECK(v[0].revision.empty());
  CHECK(v[0].reason == "The injection webhook is deactivated, and will never match labels.");
}

TEST_CASE("a missing selector matches, an invalid one does not") {
  Json mwc = {
      {"metadata", {{"name", "x"}}},
      {"webhooks",
       {{{"name", "a.istio.io"}, {"objectSelector", {{"matchExpressions", {expr("app", "In", {"web"})}}}}}}}};
  auto v = verdicts({mwc}, {{"app", "web"}}, {});
  CHECK(v[0].injected);
  CHECK(v[0].reason == "Pod label app=web matches");
  mwc["webhooks"][0]["objectSelector"] = {{"matchExpressions", {expr("app", "Equals", {"web"})}}};
  v = verdicts({mwc}, {{"app", "web"}}, {});
  CHECK_FALSE(v[0].injected);
  CHECK(v[0].reason == "No matching namespace labels () or pod labels ()");
}

TEST_CASE("istioctl's table: color codes count in the widths, not in the padding") {
  CheckInjectReport r;
  r.webhooks = {
      {"istio-sidecar-injector", "default", true, "Namespace label istio-injection=enabled matches"},
      {"istio-sidecar-injector-canary", "canary", false, "No matching"}};
  CHECK(format_text(r) ==
        "WEBHOOK                        REVISION  INJECTED      REASON\n"
        "istio-sidecar-injector         default   \x1b[32m✔\x1b[0m             Namespace label "
        "istio-injection=enabled matches\n"
        "istio-sidecar-injector-canary  canary    \x1b[31m✘\x1b[0m             No matching\n");
  r.webhooks[1].injected = true;
  CHECK(format_text(r).find("ERROR: multiple webhooks will inject, which can lead to errors\n") !=
        std::string::npos);
  CHECK(format_text(CheckInjectReport{}) == "ERROR: no Istio injection hooks present.\n");
}

Json objects_json(const char* yaml_like_json) { return Json::parse(yaml_like_json); }

TEST_CASE("check_inject over files: workloads, namespaces and the injector policy") {
  std::vector<Json> objects = {
      kDefault,
      objects_json(
          R"({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"istio-injection": "enabled"}}})"),
      objects_json(
          R"({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}, "annotations": {"sidecar.istio.io/inject": "false"}},
                              "spec": {"containers": [{"name": "app"}]}}}})"),
      objects_json(
          R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "istio-sidecar-injector", "namespace": "istio-system"},
        "data": {"config": "policy: enabled\ntemplates:\n  sidecar: ''\n"}})")};
  FileSource files(objects, "default");
  std::vector<std::string> warnings;
  CheckInjectRequest request;
  request.target = "deploy/web";
  request.ns = "shop";
  auto r = check_inject(files, request, warnings);
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  CHECK(r->subject == "Deployment shop/web (pod template)");
  CHECK(r->ns_labels.at("kubernetes.io/metadata.name") == "shop");
  REQUIRE(r->webhooks.size() == 1);
  CHECK(r->webhooks[0].injected);
  REQUIRE(r->policy.has_value());
  CHECK(r->policy->config_map == "istio-system/istio-sidecar-injector");
  CHECK_FALSE(r->policy->injected);
  CHECK(r->policy->reason == "pod annotation sidecar.istio.io/inject=false");
  CHECK_FALSE(r->injected());
  CHECK(warnings.empty());
  CHECK(format_text(*r).find(
            "Injector policy of revision default (ConfigMap istio-system/istio-sidecar-injector): "
            "does not inject (pod annotation sidecar.istio.io/inject=false)\n") != std::string::npos);

  // A pod the Deployment selects is preferred over its template.
  objects.push_back(objects_json(
      R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "shop", "labels": {"app": "web"}}})"));
  FileSource with_pod(objects, "default");
  r = check_inject(with_pod, request, warnings);
  REQUIRE(r.has_value());
  CHECK(r->subject == "pod shop/web-1 of Deployment web");
  CHECK(r->policy->reason == "policy enabled");
  CHECK(r->injected());

  // A hypothetical pod in a namespace the files lack: assumed unlabelled, with a warning.
  request.target.clear();
  request.labels = kube::LabelMap{{"sidecar.istio.io/inject", "true"}};
  request.ns = "other";
  r = check_inject(files, request, warnings);
  REQUIRE(r.has_value());
  CHECK(r->subject == "labels sidecar.istio.io/inject=true in namespace other");
  CHECK(r->webhooks[0].reason == "Pod label sidecar.istio.io/inject=true matches");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] == "namespace other is not in the files: assuming it has no labels");

  request.labels.reset();
  request.target = "sts/db.shop";
  auto missing = check_inject(files, request, warnings);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().message ==
        "failed retrieving: statefulsets.apps \"db\" not found in the \"shop\" namespace");
}

TEST_CASE("files over the cluster: a workload of the files is judged on the files' pods only") {
  Json deploy = {
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", {{"name", "web"}, {"namespace", "shop"}}},
      {"spec",
       {{"selector", {{"matchLabels", {{"app", "web"}}}}},
        {"template", {{"metadata", {{"labels", {{"app", "web"}, {"sidecar.istio.io/inject", "true"}}}}}}}}}};
  Json old_pod = {{"apiVersion", "v1"},
                  {"kind", "Pod"},
                  {"metadata", {{"name", "web-old"}, {"namespace", "shop"}, {"labels", {{"app", "web"}}}}}};
  Json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "shop"}}}};
  FileSource cluster({kDefault, ns, deploy, old_pod}, "default");
  FileSource files({deploy}, "default");
  LayeredSource layered(files, cluster);
  std::vector<std::string> warnings;
  CheckInjectRequest request;
  request.target = "deploy/web";
  request.ns = "shop";
  auto r = check_inject(layered, request, warnings);
  REQUIRE(r.has_value());
  CHECK(r->subject == "Deployment shop/web (pod template)");
  CHECK(r->webhooks[0].reason == "Pod label sidecar.istio.io/inject=true matches");
  CHECK(warnings.front() == "no pod of Deployment shop/web found: checking its pod template");
  FileSource no_files({}, "default");
  LayeredSource cluster_only(no_files, cluster);
  r = check_inject(cluster_only, request, warnings);
  REQUIRE(r.has_value());
  CHECK(r->subject == "pod shop/web-old of Deployment web");
}

TEST_CASE("targets as istioctl reads them") {
  auto t = parse_target("deploy/web.shop", "default");
  REQUIRE(t.has_value());
  CHECK(t->kind == "Deployment");
  CHECK(t->name == "web");
  CHECK(t->ns == "shop");
  t = parse_target("web-1", "ns1");
  CHECK(t->kind == "Pod");
  CHECK(t->ns == "ns1");
  CHECK(parse_target("StatefulSet/db", "x")->kind == "StatefulSet");
  CHECK(parse_target("svc/web", "x").error().kind == ErrorKind::kUsage);
  CHECK(target_not_found({"Pod", "web-1", "shop"}) == "pods \"web-1\" not found");
  CHECK(target_not_found({"ReplicationController", "rc", "shop"}) ==
        "failed retrieving: replicationcontrollers \"rc\" not found in the \"shop\" namespace");
  CHECK(target_not_found({"CronJob", "nightly", "ops"}) ==
        "failed retrieving: cronjobs.batch \"nightly\" not found in the \"ops\" namespace");
  CHECK(parse_target("pod/.ns", "x").error().message == "\"pod/.ns\" names no [TYPE/]NAME[.NAMESPACE]");
}

}  // namespace
}  // namespace sidecarctl::webhook
