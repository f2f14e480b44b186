// Tests of the ProxyConfig checks the injector runs on the proxy.istio.io/config annotation.
#include "kube/proxy_config_validation.h"

#include <doctest/doctest.h>

#include "kube/mesh_config.h"

namespace sidecarctl::kube {
namespace {

// The problems of the built-in defaults with `overlay` applied, as Istio validates the annotation.
std::vector<std::string> problems_of(const std::string& overlay) {
  auto merged = merge_proxy_config(default_proxy_config(), overlay, "a");
  REQUIRE_MESSAGE(merged.has_value(), merged.error().to_string());
  return proxy_config_problems(*merged);
}

std::string only_problem(const std::string& overlay) {
  auto problems = problems_of(overlay);
  REQUIRE(problems.size() == 1);
  return problems.front();
}

TEST_CASE("the built-in defaults and usual annotations are valid") {
  CHECK(problems_of("{}").empty());
  CHECK(problems_of("holdApplicationUntilProxyStarts: true\nconcurrency: 2").empty());
  CHECK(problems_of("drainDuration: 2s\ndiscoveryAddress: istiod.istio-system.svc:15012").empty());
  CHECK(problems_of("discoveryAddress: '[::1]:15012'").empty());
  CHECK(problems_of("discoveryAddress: 10.0.0.1:15012").empty());
  CHECK(problems_of("discoveryAddress: istiod.:15012").empty());
  CHECK(problems_of("tracingServiceName: CANONICAL_NAME_ONLY\nserviceCluster: ''").size() <= 1);
  CHECK(problems_of("tracing:\n  zipkin:\n    address: $(HOST_IP):9411").empty());
  CHECK(problems_of("controlPlaneAuthPolicy: NONE").empty());
  CHECK(problems_of("privateKeyProvider:\n  qat:\n    pollDelay: 10ms").empty());
}

TEST_CASE("drain duration: at least 1ms, whole milliseconds, whole seconds") {
  CHECK(only_problem("drainDuration: 0s") == "invalid drain duration: duration must be greater than 1ms");
  CHECK(only_problem("drainDuration: -1s") == "invalid drain duration: duration must be greater than 1ms");
  CHECK(only_problem("drainDuration: 1.0005s") == "invalid drain duration: only durations to ms precision are supported");
  CHECK(only_problem("drainDuration: 0.5s") == "drain time only supports durations to seconds precision");
  CHECK(problems_of("drainDuration: 1m").empty());
}

TEST_CASE("addresses: host:port with a port in range and a DNS name or an IP") {
  CHECK(only_problem("discoveryAddress: ''") == "discovery address must be set to the proxy discovery service");
  CHECK(only_problem("discoveryAddress: bad") ==
        "invalid discovery address: unable to split \"bad\": address bad: missing port in address");
  CHECK(only_problem("discoveryAddress: 'a:b:1'") ==
        "invalid discovery address: unable to split \"a:b:1\": address a:b:1: too many colons in address");
  CHECK(only_problem("discoveryAddress: host:99999") ==
        "invalid discovery address: port number 99999 must be in the range 1..65535");
  CHECK(only_problem("discoveryAddress: host:http") ==
        "invalid discovery address: port (http) is not a number: strconv.Atoi: parsing \"http\": invalid syntax");
  CHECK(only_problem("discoveryAddress: bad_host:80") ==
        "invalid discovery address: \"bad_host\" is not a valid hostname or an IP address");
  CHECK(only_problem("discoveryAddress: host.123:80") ==
        "invalid discovery address: \"host.123\" is not a valid hostname or an IP address");
  CHECK(only_problem("statsdUdpAddress: bad") ==
        "invalid statsd udp address \"bad\": unable to split \"bad\": address bad: missing port in address");
  CHECK(only_problem("envoyAccessLogService:\n  address: x:0") ==
        "invalid envoy access log service address \"x:0\": port number 0 must be in the range 1..65535");
  CHECK(only_problem("tracing:\n  datadog:\n    address: dd") ==
        "invalid datadog config: unable to split \"dd\": address dd: missing port in address");
  CHECK(proxy_address_problem("[::1:80") == "unable to split \"[::1:80\": address [::1:80: missing ']' in address");
}

TEST_CASE("ports, auth policy, paths, cluster name, key provider, connection settings") {
  CHECK(only_problem("proxyAdminPort: 0") == "invalid proxy admin port: port number 0 must be in the range 1..65535");
  CHECK(only_problem("statusPort: 70000") == "invalid status port: port number 70000 must be in the range 1..65535");
  CHECK(only_problem("controlPlaneAuthPolicy: INHERIT") ==
        "invalid authentication policy: unrecognized control plane auth policy \"INHERIT\"");
  CHECK(only_problem("configPath: ''") == "config path must be set");
  CHECK(only_problem("binaryPath: ''") == "binary path must be set");
  CHECK(only_problem("serviceCluster: ''") == "service cluster must be specified");
  CHECK(only_problem("privateKeyProvider:\n  cryptomb: {}") ==
        "invalid private key provider configuration: pollDelay is required");
  CHECK(only_problem("privateKeyProvider:\n  cryptomb:\n    pollDelay: 0s") ==
        "invalid private key provider configuration: pollDelay must be non zero");
  CHECK(problems_of("privateKeyProvider: {}").size() == 2);
  CHECK(only_problem("connectionSettings:\n  httpMaxConcurrentStreams: 0") ==
        "invalid connection settings: http_max_concurrent_streams must be positive");
  CHECK(only_problem("connectionSettings:\n  httpIdleTimeout: -1s") ==
        "invalid connection settings: http_idle_timeout must be non-negative");
  // jsonpb reads a null map value as an empty message, so Istio's nil check never fires.
  CHECK(problems_of("tracing:\n  customTags:\n    t: null").empty());
  CHECK(only_problem("tracing:\n  tlsSettings:\n    mode: MUTUAL\n    privateKey: k") ==
        "invalid tracing TLS config: client certificate required for mutual tls");
}

TEST_CASE("every problem is reported, in Istio's order") {
  auto problems = problems_of("configPath: ''\nstatusPort: 0\ndiscoveryAddress: bad");
  REQUIRE(problems.size() == 3);
  CHECK(problems[0] == "config path must be set");
  CHECK(problems[1].rfind("invalid discovery address:", 0) == 0);
  CHECK(problems[2].rfind("invalid status port:", 0) == 0);
}

}  // namespace
}  // namespace sidecarctl::kube
