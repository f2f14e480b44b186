#include "inject/policy.h"

#include <doctest/doctest.h>

namespace sidecarctl::inject {
namespace {

TEST_CASE("injection policy: label over annotation, selectors, hostNetwork, ignored namespaces") {
  InjectConfig enabled;
  enabled.policy = "enabled";
  Json spec = Json::object();
  CHECK(injection_required(Json::object(), spec, enabled));
  CHECK(!injection_required({{"annotations", {{"sidecar.istio.io/inject", "false"}}}}, spec, enabled));
  CHECK(injection_required({{"annotations", {{"sidecar.istio.io/inject", "false"}}},
                            {"labels", {{"sidecar.istio.io/inject", "true"}}}},
                           spec, enabled));
  CHECK(!injection_required({{"namespace", "kube-system"}}, spec, enabled));
  CHECK(!injection_required(Json::object(), {{"hostNetwork", true}}, enabled));
  InjectConfig disabled;
  disabled.policy = "disabled";
  disabled.always_inject_selector = Json::array({{{"matchLabels", {{"app", "a"}}}}});
  CHECK(!injection_required({{"labels", {{"app", "b"}}}}, spec, disabled));
  CHECK(injection_required({{"labels", {{"app", "a"}}}}, spec, disabled));
  enabled.never_inject_selector =
      Json::array({{{"matchExpressions", Json::array({{{"key", "tier"}, {"operator", "In"}, {"values", {"db"}}}})}}});
  CHECK(!injection_required({{"labels", {{"tier", "db"}}}}, spec, enabled));
  CHECK(injection_required({{"labels", {{"tier", "web"}}}}, spec, enabled));
}

TEST_CASE("injection decisions carry their reason") {
  InjectConfig config;
  config.policy = "enabled";
  Json spec = Json::object();
  auto d = injection_decision(Json::object(), spec, config);
  CHECK(d.inject);
  CHECK(d.reason == "policy enabled");
  d = injection_decision({{"labels", {{"sidecar.istio.io/inject", "false"}}}}, spec, config);
  CHECK_FALSE(d.inject);
  CHECK(d.reason == "pod label sidecar.istio.io/inject=false");
  d = injection_decision({{"annotations", {{"sidecar.istio.io/inject", "true"}}}}, spec, config);
  CHECK(d.reason == "pod annotation sidecar.istio.io/inject=true");
  d = injection_decision({{"labels", {{"sidecar.istio.io/inject", "yes"}}}}, spec, config);
  CHECK(d.reason == "policy enabled");  // neither true nor false: the default decides
  CHECK(injection_decision({{"namespace", "kube-public"}}, spec, config).reason == "namespace kube-public is never injected");
  CHECK(injection_decision(Json::object(), {{"hostNetwork", true}}, config).reason == "the pod uses hostNetwork");
  config.policy = "disabled";
  config.always_inject_selector = Json::array({{{"matchLabels", {{"app", "a"}}}}});
  d = injection_decision({{"labels", {{"app", "a"}}}}, spec, config);
  CHECK(d.inject);
  CHECK(d.reason == R"(alwaysInjectSelector {"matchLabels":{"app":"a"}} matches the pod)");
  d = injection_decision({{"labels", {{"app", "b"}}}}, spec, config);
  CHECK_FALSE(d.inject);
  CHECK(d.reason == "policy disabled");
  config.policy = "sometimes";
  CHECK(injection_decision(Json::object(), spec, config).reason == "policy \"sometimes\" is neither enabled nor disabled");
  // An empty selector matches nothing here (Istio skips empty selectors); an invalid one neither.
  config.policy = "disabled";
  config.always_inject_selector = Json::array({Json::object(), {{"matchExpressions", {{{"key", "app"}, {"operator", "In"}}}}}});
  CHECK_FALSE(injection_decision({{"labels", {{"app", "a"}}}}, spec, config).inject);
}

TEST_CASE("annotation validation uses Istio's wording") {
  CHECK(validate_annotations({{"traffic.sidecar.istio.io/includeOutboundIPRanges", "10.0.0.0/8,*"}}).has_value() == false);
  CHECK(validate_annotations({{"traffic.sidecar.istio.io/includeOutboundIPRanges", "*"}}).has_value());
  CHECK(validate_annotations({{"traffic.sidecar.istio.io/excludeOutboundIPRanges", "10.0.0.0/8,::1/128"}}).has_value());
  auto r = validate_annotations({{"traffic.sidecar.istio.io/excludeOutboundPorts", "bad"}});
  REQUIRE(!r.has_value());
  // go-multierror's list, as istioctl and istiod print it.
  CHECK(r.error().message ==
        "1 error occurred:\n\t* invalid value 'bad' for annotation 'traffic.sidecar.istio.io/excludeOutboundPorts': "
        "excludeOutboundPorts invalid: failed parsing port 'bad': failed parsing port 'bad': strconv.ParseUint: "
        "parsing \"bad\": invalid syntax\n\n");
  CHECK(!validate_annotations({{"sidecar.istio.io/proxyCPU", "lots"}}).has_value());
  CHECK(validate_annotations({{"sidecar.istio.io/proxyCPU", "500m"}}).has_value());
  CHECK(!validate_annotations({{"sidecar.istio.io/interceptionMode", "MAGIC"}}).has_value());
}

}  // namespace
}  // namespace sidecarctl::inject
