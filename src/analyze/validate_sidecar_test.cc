// ValidateSidecar: expected texts are istioctl's on the same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("ingress and egress listeners, hosts, default endpoints, TLS and the egress proxy") {
  CHECK(findings("Sidecar", R"(
workloadSelector: {labels: {}}
ingress:
- port: {number: 80, name: "Bad_Name", protocol: bogus, targetPort: 8080}
  bind: "x"
  defaultEndpoint: "1.2.3.4:abc"
  tls: {mode: ISTIO_MUTUAL, subjectAltNames: [a], httpsRedirect: true, credentialName: c, credentialNames: [d], tlsCertificates: [{}]}
  connectionPool: {http: {maxRetries: -1}}
- port: {number: 80, protocol: HTTP}
  defaultEndpoint: "unix://relative"
- defaultEndpoint: ":99999"
- port: {number: 81, protocol: HTTPS}
  defaultEndpoint: "[::1]:80"
  tls: {mode: SIMPLE}
egress:
- hosts: []
- port: {number: 0, protocol: HTTP}
  bind: "1.2.3.4"
  captureMode: IPTABLES
  hosts: ["ns/a.com", "ns/a.com", "ns/*", "*/*", "~x/b.com", "Bad_NS/c.com", "./short", "no-slash"]
- port: {number: 0}
  bind: "unix:///a.sock"
  hosts: ["./*"]
- port: {number: 0}
  bind: "unix:///a.sock"
  hosts: ["./*"]
- hosts: ["*/*"]
- hosts: ["*/*"]
outboundTrafficPolicy: {mode: REGISTRY_ONLY, egressProxy: {host: "a.b"}}
)",
                 "c11") ==
        Lines{"error: ISTIO_MUTUAL TLS cannot have associated credentialName",
              "error: ISTIO_MUTUAL TLS cannot have associated credentialNames",
              "error: ISTIO_MUTUAL TLS cannot have associated tlsCertificates",
              "error: SIMPLE TLS requires a private key",
              "error: SIMPLE TLS requires a server certificate",
              "error: configuration is invalid: cannot set mode to ISTIO_MUTUAL in sidecar ingress tls",
              "error: host must be of form namespace/dnsName",
              "error: invalid namespace value \"Bad_NS\" in sidecar",
              "error: invalid port name: Bad_Name",
              "error: max retries must be non-negative",
              "error: relative is not an absolute path to a file",
              "error: server cannot have TLS settings for non HTTPS/TLS ports",
              "error: short names (non FQDN) are not allowed",
              "error: sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners",
              "error: sidecar: credentialName is not currently supported",
              "error: sidecar: credentialNames is not currently supported",
              "error: sidecar: defaultEndpoint must be of form "
              "127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset",
              "error: sidecar: defaultEndpoint port (abc) is not a number: strconv.Atoi: parsing \"abc\": "
              "invalid syntax",
              "error: sidecar: egress listener must contain at least one host",
              "error: sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode",
              "error: sidecar: httpsRedirect is not supported",
              "error: sidecar: port is required for ingress listeners",
              "error: sidecar: ports on IP bound listeners must be unique",
              "error: sidecar: ports with 0 value must have a unix domain socket bind address",
              "error: sidecar: subjectAltNames is not supported in ingress tls",
              "error: sidecar: the egress listener with empty port should be the last listener in the list",
              "error: sidecar: tls_certificates is not currently supported",
              "error: sidecar: unix domain socket values for listeners must be unique",
              "error: targetPort has no impact on Sidecars",
              "error: unsupported protocol: bogus",
              "error: x is not a valid IP",
              "warning: `*/*` host select all resources, no other hosts can be added",
              "warning: duplicated egress host: ./short",
              "warning: duplicated egress host: ns/*",
              "warning: duplicated egress host: ns/a.com",
              "warning: sidecar: HTTP connection pool settings are configured for port 80 (\"Bad_Name\") but "
              "its protocol is not HTTP (bogus); only TCP settings will apply",
              "warning: sidecar: workload selector specified without labels, will be applied to all services "
              "in namespace"});
}

TEST_CASE("a Sidecar with nothing in it is refused (the selector warning is lost)") {
  CHECK(findings("Sidecar", R"(
workloadSelector: {labels: {}}
)",
                 "c12") == Lines{"error: sidecar: empty configuration provided"});
}

TEST_CASE("the egress proxy needs ALLOW_ANY, an FQDN and a port; an empty inbound pool") {
  CHECK(findings("Sidecar", R"(
outboundTrafficPolicy: {mode: ALLOW_ANY, egressProxy: {host: "bad host", subset: x}}
inboundConnectionPool: {}
)",
                 "c13") == Lines{"error: connection pool must have at least one field",
                                 "error: domain name \"bad host\" invalid (label \"bad host\" invalid)",
                                 "error: sidecar: egress_proxy port must be non-nil"});
}

}  // namespace
}  // namespace sidecarctl::analyze
