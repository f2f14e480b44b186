#include "webhook/webhook_configuration.h"

#include <doctest/doctest.h>

#include "webhook/check_inject.h"

namespace sidecarctl::webhook {
namespace {

std::vector<std::string> names(const Json& config) {
  std::vector<std::string> out;
  for (const Json& wh : config["webhooks"]) out.push_back(wh["name"].get<std::string>());
  return out;
}

TEST_CASE("the default revision gets the chart's four webhooks, a revision two") {
  WebhookConfigOptions o;
  o.url = "https://127.0.0.1:15017/inject";
  auto config = webhook_configuration(o);
  REQUIRE(config.has_value());
  CHECK((*config)["metadata"]["name"] == "sidecarctl-sidecar-injector");
  CHECK((*config)["metadata"]["labels"]["istio.io/rev"] == "default");
  CHECK(names(*config) == std::vector<std::string>{"rev.namespace.sidecar-injector.istio.io",
                                                   "rev.object.sidecar-injector.istio.io",
                                                   "namespace.sidecar-injector.istio.io",
                                                   "object.sidecar-injector.istio.io"});
  const Json& first = (*config)["webhooks"][0];
  CHECK(first["clientConfig"] == Json{{"url", "https://127.0.0.1:15017/inject"}});
  CHECK(first["failurePolicy"] == "Fail");
  CHECK(first["sideEffects"] == "None");
  CHECK(first["admissionReviewVersions"] == Json{"v1"});
  CHECK(first["timeoutSeconds"] == 10);
  CHECK(first["reinvocationPolicy"] == "Never");
  CHECK(first["rules"][0]["operations"] == Json{"CREATE"});
  CHECK(first["namespaceSelector"]["matchExpressions"][0] ==
        Json{{"key", "istio.io/rev"}, {"operator", "In"}, {"values", {"default"}}});

  o.revision = "canary";
  o.url.clear();
  REQUIRE(parse_service("istio-system/sidecarctl:8443", o).has_value());
  o.ca_bundle_pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  o.failure_policy = "Ignore";
  o.timeout_seconds = 5;
  config = webhook_configuration(o);
  REQUIRE(config.has_value());
  CHECK((*config)["metadata"]["name"] == "sidecarctl-sidecar-injector-canary");
  CHECK(names(*config).size() == 2);
  const Json& client = (*config)["webhooks"][1]["clientConfig"];
  CHECK(client["service"] ==
        Json{{"name", "sidecarctl"}, {"namespace", "istio-system"}, {"path", "/inject"}, {"port", 8443}});
  CHECK(client["caBundle"] ==
        "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=");
  CHECK((*config)["webhooks"][1]["failurePolicy"] == "Ignore");
}

TEST_CASE("check-inject judges the generated configuration as Istio's chart") {
  WebhookConfigOptions o;
  o.url = "https://127.0.0.1:15017/inject";
  auto def = webhook_configuration(o);
  o.revision = "canary";
  auto canary = webhook_configuration(o);
  REQUIRE((def && canary));
  auto v = check_webhooks({*def, *canary}, {}, {{"istio-injection", "enabled"}, {"istio.io/rev", "canary"}});
  REQUIRE(v.size() == 2);
  CHECK(v[0].injected);
  CHECK(v[0].reason == "Namespace label istio-injection=enabled matches");
  CHECK_FALSE(v[1].injected);
  v = check_webhooks({*def, *canary}, {}, {{"istio.io/rev", "canary"}});
  CHECK_FALSE(v[0].injected);
  CHECK(v[1].injected);
  v = check_webhooks({*def}, {{"sidecar.istio.io/inject", "true"}}, {});
  CHECK(v[0].reason == "Pod label sidecar.istio.io/inject=true matches");
}

TEST_CASE("bad options") {
  WebhookConfigOptions o;
  CHECK(webhook_configuration(o).error().message == "give exactly one of --url and --service");
  o.url = "http://x/inject";
  CHECK(webhook_configuration(o).error().message ==
        "--url http://x/inject: the API server calls webhooks over https only");
  o.url = "https://x/inject";
  o.revision = "Bad Rev";
  CHECK(webhook_configuration(o).error().message == "--revision Bad Rev: not a valid label value");
  o.revision.clear();
  o.timeout_seconds = 31;
  CHECK(webhook_configuration(o).error().message == "--timeout 31: between 1 and 30 seconds");
  o.timeout_seconds = 10;
  o.ca_bundle_pem = "not a certificate";
  o.ca_bundle_source = "ca.pem";
  auto e = webhook_configuration(o).error();
  CHECK(e.kind == ErrorKind::kInvalidInput);
  CHECK(e.to_string() == "ca.pem: no PEM certificate (-----BEGIN CERTIFICATE-----) in the CA bundle");
  WebhookConfigOptions s;
  CHECK(parse_service("noslash", s).error().message == "--service noslash: expected NAMESPACE/NAME[:PORT]");
  CHECK(parse_service("ns/name:99999", s).error().message ==
        "--service ns/name:99999: port 99999 is not a number from 1 to 65535");
  CHECK(parse_service("ns/:80", s).error().message == "--service ns/:80: expected NAMESPACE/NAME[:PORT]");
}

}  // namespace
}  // namespace sidecarctl::webhook
