// ValidateGateway and the server TLS checks: expected texts are istioctl's on the same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("ports are printed as Go prints a Port message; names must be unique") {
  CHECK(
      findings("Gateway", R"(
servers:
- port: {number: 443, protocol: HTTPS, targetPort: 8443}
  hosts: ["*"]
  tls: {mode: SIMPLE, credentialName: x}
- port: {number: 80}
  hosts: ["*"]
- port: {}
  hosts: ["*"]
)",
               "g1") ==
      Lines{
          "error: invalid protocol \"\", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, "
          "MYSQL, TCP",
          "error: port name must be set: ",
          "error: port name must be set: number:443  protocol:\"HTTPS\"  target_port:8443",
          "error: port name must be set: number:80",
          "error: port names in servers must be unique: duplicate name ",
          "error: port number 0 must be in the range 1..65535",
          "error: targetPort has no impact on Gateways"});
}

TEST_CASE("the gateway's name must be a DNS label; it needs servers") {
  CHECK(findings("Gateway", "servers: []", "") ==
        Lines{"error: gateway must have at least one server", "error: invalid gateway name: \"\""});
}

TEST_CASE("hosts, binds and the TLS settings of each server") {
  CHECK(findings("Gateway", R"(
servers:
- port: {number: 80, name: http, protocol: HTTP}
  hosts: ["bad_ns/a.com", "./b.com", "*/c", "x*.com", "1.2.3.4", "~/a.com"]
  tls: {httpsRedirect: true, mode: SIMPLE}
- port: {number: 443, name: https, protocol: HTTPS}
  hosts: ["*"]
  tls: {mode: MUTUAL, caCrl: x, credentialName: c, minProtocolVersion: TLSV1_1, cipherSuites: [BAD, BAD, "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "-x"]}
- port: {number: 444, name: tls, protocol: TLS}
  hosts: ["*"]
- port: {number: 0, name: uds, protocol: TCP}
  bind: "unix:///var/run/x.sock"
  hosts: ["*"]
  tls: {mode: ISTIO_MUTUAL, serverCertificate: a, privateKey: b, caCertificates: c, tlsCertificates: [{serverCertificate: a}], credentialNames: [x]}
- port: {number: 15443, name: tcp, protocol: TCP}
  bind: "not-an-ip"
  hosts: ["*"]
  tls: {httpsRedirect: true}
- port: {number: 8443, name: x, protocol: HTTPS}
  hosts: ["*"]
  tls: {mode: OPTIONAL_MUTUAL, tlsCertificates: [{serverCertificate: a}, {privateKey: b}, {}]}
- port: {number: 8444, name: "yy", protocol: HTTPS}
  hosts: ["*"]
  tls: {mode: SIMPLE, serverCertificate: a, privateKey: b, credentialName: c, caCrl: d}
- port: {number: 8445, name: z, protocol: HTTPS}
  hosts: ["*"]
  tls: {mode: AUTO_PASSTHROUGH, caCrl: x}
)",
                 "c0") ==
        Lines{"error: ISTIO_MUTUAL TLS cannot have associated CA bundle",
              "error: ISTIO_MUTUAL TLS cannot have associated credentialNames",
              "error: ISTIO_MUTUAL TLS cannot have associated private key",
              "error: ISTIO_MUTUAL TLS cannot have associated server certificate",
              "error: ISTIO_MUTUAL TLS cannot have associated tlsCertificates",
              "error: MUTUAL TLS requires a client CA bundle",
              "error: MUTUAL TLS requires a private key",
              "error: MUTUAL TLS requires a server certificate",
              "error: SIMPLE TLS requires a private key",
              "error: SIMPLE TLS requires a server certificate",
              "error: domain name \"x*.com\" invalid (label \"x*\" invalid)",
              "error: invalid namespace value \"bad_ns\" in gateway",
              "error: invalid namespace value \"~\" in gateway",
              "error: not-an-ip is not a valid IP",
              "error: only one of credential_name, credential_names, server_certificate/private_key, "
              "tls_certificates should be specified",
              "error: partial wildcard \"x*.com\" not allowed",
              "error: server cannot have TLS settings for non HTTPS/TLS ports",
              "error: server cannot have TLS settings for plain text HTTP ports",
              "error: server must have TLS settings for HTTPS/TLS protocols",
              "error: short names (non FQDN) are not allowed",
              "warning: AUTO_PASSTHROUGH mode does not use certificates, they will be ignored",
              "warning: MUTUAL TLS can support up to 2 server certificates",
              "warning: ignoring duplicate cipher suites: [ECDHE-RSA-AES128-SHA]",
              "warning: ignoring invalid cipher suites: [BAD]",
              "warning: tls.httpsRedirect should only be used with http servers"});
}

}  // namespace
}  // namespace sidecarctl::analyze
