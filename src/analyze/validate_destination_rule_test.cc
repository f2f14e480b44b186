// ValidateDestinationRule and the traffic policy checks: expected texts are istioctl's on the same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("traffic policies: load balancing, pools, outlier detection, TLS, ports, tunnels; subsets") {
  CHECK(
      findings("DestinationRule", R"(
host: "*.a.b"
trafficPolicy:
  loadBalancer:
    consistentHash: {httpCookie: {attributes: [{name: a}, {name: a}, {}]}, minimumRingSize: 5, maglev: {tableSize: 10}}
    localityLbSetting: {failover: [{from: a/b, to: a/b}, {from: "x*", to: "yy"}], failoverPriority: ["topology.istio.io/subzone"]}
    zoneAwareLbSetting: {failoverPriority: ["topology.kubernetes.io/zone"], failover: [{from: a, to: a}]}
    warmup: {minimumPercent: 150, aggression: 0}
  connectionPool: {http: {http1MaxPendingRequests: -1, h2UpgradePolicy: UPGRADE, useClientProtocol: true, http2KeepAlive: {}}, tcp: {maxConnections: -1, connectTimeout: 0.1ms, idleTimeout: 0.5ms, tcpKeepalive: {time: 1.5ms}}}
  outlierDetection: {consecutiveErrors: 5, consecutiveLocalOriginFailures: 3, maxEjectionPercent: 101, interval: 0s}
  tls: {mode: MUTUAL, credentialName: "configmap://other/x", clientCertificate: a, insecureSkipVerify: true, subjectAltNames: [x]}
  portLevelSettings: [{port: {number: 80}}, {outlierDetection: {consecutiveErrors: 1}, tls: {mode: MUTUAL}}]
  tunnel: {protocol: GET, targetHost: "bad host", targetPort: 0}
subsets:
- name: v1
  labels: {"bad key!": v}
  trafficPolicy: {}
- name: v1
- name: ""
exportTo: ["ns", "*"]
workloadSelector: {matchLabels: {}}
)",
               "c2") ==
      Lines{"error: 'failover_priority' for zone aware lb must not use topology label "
            "'topology.kubernetes.io/zone'; region- and zone-level routing are handled automatically",
            "error: aggression should be greater than 0",
            "error: can not simultaneously set 'failover' and topology label 'topology.istio.io/subzone' in "
            "'failover_priority'",
            "error: cannot have both public (*) and non-public exportTo values for a resource",
            "error: cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true",
            "error: cannot specify client certificates or CA certificate or CA CRL If credentialName is set",
            "error: client certificate required for mutual tls",
            "error: cookie attribute name cannot be empty",
            "error: destination rule with workload selector cannot have multiple entries in exportTo",
            "error: duplicate cookie attribute name: a",
            "error: duplicate subset names: v1",
            "error: duration is required",
            "error: duration must be greater than 1ms",
            "error: http1 max pending requests must be non-negative",
            "error: http2 keepalive interval is required",
            "error: http2 keepalive timeout is required",
            "error: invalid configmap:// credentialName: namespace must match the configuration namespace "
            "\"ns\"",
            "error: invalid tag key: \"bad key!\"",
            "error: max connections must be non-negative",
            "error: minimumPercent value should be less than or equal to 100",
            "error: name required for HttpCookie",
            "error: only durations to ms precision are supported",
            "error: only one of MinimumRingSize or Maglev/Ringhash can be specified",
            "error: only one of localityLbSetting and zoneAwareLbSetting can be set",
            "error: outlier detection consecutive local origin failures is specified, but split external "
            "local origin errors is set to false",
            "error: percentage 101 is not in range 0..100",
            "error: port traffic policy must have at least one field",
            "error: portTrafficPolicy must have valid port",
            "error: private key required for mutual tls",
            "error: subset name cannot be empty",
            "error: tableSize must be a prime number for maglev",
            "error: traffic policy must have at least one field",
            "error: tunnel protocol must be \"CONNECT\" or \"POST\"",
            "error: tunnel target host must be valid FQDN or IP address: domain name \"bad host\" invalid "
            "(label \"bad host\" invalid); bad host is not a valid IP",
            "error: tunnel target port is invalid: port number 0 must be in the range 1..65535",
            "error: use client protocol must not be true when H2UpgradePolicy is UPGRADE",
            "error: zone aware lb failover settings must specify different regions",
            "warning: consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash "
            "configuration instead",
            "warning: outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or "
            "consecutive5xxErrors instead",
            "warning: workload selector specified without labels"});
}

TEST_CASE(
    "a workload selector keeps exportTo to its namespace; tunnel and PROXY protocol exclude each other") {
  CHECK(findings("DestinationRule", R"(
host: a.b
trafficPolicy: {tunnel: {targetHost: a.b, targetPort: 80}, proxyProtocol: {}}
workloadSelector: {matchLabels: {app: "*"}}
exportTo: [other]
)",
                 "c3") ==
        Lines{"error: destination rule with workload selector cannot have exportTo beyond current namespace",
              "error: tunnel and proxyProtocol must not be set together",
              "error: wildcard is not supported in selector: \"app=*\""});
}

TEST_CASE("locality weights must add up to 100") {
  CHECK(findings("DestinationRule", R"(
host: a.b
trafficPolicy:
  loadBalancer:
    localityLbSetting: {distribute: [{from: "us/*", to: {"us/a": 50, "us/b": 40}}]}
)",
                 "c4") == Lines{"error: total locality weight 90 != 100"});
}

TEST_CASE("localities may not overlap") {
  CHECK(findings("DestinationRule", R"(
host: a.b
trafficPolicy:
  loadBalancer:
    localityLbSetting: {distribute: [{from: "us/*", to: {"us/a": 50, "us/a/*": 50}}, {from: "us/x", to: {"eu": 100}}]}
)",
                 "c5") == Lines{"error: locality us/a/* overlap with previous specified ones",
                                "error: locality us/x overlap with previous specified ones"});
}

// Envoy counts 1 as prime and divides by odd numbers up to the square root; these sizes include a
// huge prime and a strong pseudoprime to the small bases.
TEST_CASE("maglev table sizes: set, below 5000011, prime as Envoy decides") {
  auto maglev = [](const std::string& size) {
    return findings(
        "DestinationRule",
        "host: a.b\ntrafficPolicy: {loadBalancer: {consistentHash: {maglev: {tableSize: " + size + "}}}}");
  };
  CHECK(maglev("1") == Lines{});
  CHECK(maglev("4") == Lines{"error: tableSize must be a prime number for maglev"});
  CHECK(maglev("65537") == Lines{});
  CHECK(maglev("4294967297") == Lines{"error: tableSize must be a prime number for maglev",
                                      "error: tableSize must be less than 5000011 for maglev"});
  CHECK(maglev("5000011") == Lines{"error: tableSize must be less than 5000011 for maglev"});
  CHECK(maglev("18446744073709551557") == Lines{"error: tableSize must be less than 5000011 for maglev"});
  CHECK(maglev("18446744073709551615") == Lines{"error: tableSize must be a prime number for maglev",
                                                "error: tableSize must be less than 5000011 for maglev"});
  CHECK(maglev("2305843009213693951") == Lines{"error: tableSize must be less than 5000011 for maglev"});
  CHECK(maglev("3215031751") == Lines{"error: tableSize must be a prime number for maglev",
                                      "error: tableSize must be less than 5000011 for maglev"});
}

}  // namespace
}  // namespace sidecarctl::analyze
