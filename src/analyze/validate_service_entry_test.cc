// ValidateServiceEntry and the workload entry checks of its endpoints: expected texts are istioctl's on the
// same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("hosts, addresses, ports and DNS endpoints") {
  CHECK(findings("ServiceEntry", R"(
hosts: ["*", "a*.b.com", "*.x.com"]
addresses: ["10.0.0.0/8", "1.2.3.4", "nope"]
ports: [{number: 80, name: http}, {number: 80, name: http, protocol: bogus}, {number: 0, name: "Bad_Name", targetPort: 70000}]
resolution: DNS
endpoints: [{address: "bad addr", ports: {other: 80, http: 0}, labels: {"x/y/z": a}}]
exportTo: ["~", "a"]
)",
                 "c6") ==
        Lines{"error: CIDR addresses are allowed only for NONE/STATIC resolution types",
              "error: cannot export service entry to no one (~) and someone",
              "error: domain name \"a*.b.com\" invalid (label \"a*\" invalid)",
              "error: endpoint address \"bad addr\" is not a valid FQDN or an IP address",
              "error: endpoint port 80 is not defined by the service entry", "error: invalid host *",
              "error: invalid port name: Bad_Name", "error: invalid tag key: \"x/y/z\"",
              "error: multiple hosts provided with non-HTTP, non-TLS ports", "error: nope is not a valid IP",
              "error: port number 0 must be in the range 1..65535",
              "error: port number 70000 must be in the range 1..65535",
              "error: service entry port 80 already defined",
              "error: service entry port name \"http\" already defined", "error: unsupported protocol: bogus",
              "warning: partial wildcard \"a*.b.com\" not allowed"});
}

TEST_CASE("STATIC endpoints are workload entries: IP addresses, unix sockets, networks") {
  CHECK(findings("ServiceEntry", R"(
hosts: [a.com, b.com]
ports: [{number: 80, name: tcp, protocol: TCP}]
resolution: STATIC
endpoints: [{address: "unix:///x.sock", ports: {tcp: 80}}, {address: "a.com"}, {network: n1}]
workloadSelector: {labels: {app: x}}
)",
                 "c7") ==
        Lines{"error: endpoint address \"a.com\" is not a valid IP address",
              "error: multiple hosts provided with non-HTTP, non-TLS ports",
              "error: only one of WorkloadSelector or Endpoints is allowed in Service Entry",
              "error: unix endpoint unix:///x.sock must not include ports",
              "warning: address is unset with network \"n1\""});
}

TEST_CASE("resolution NONE without addresses warns for TCP ports; an empty selector warns") {
  CHECK(findings("ServiceEntry", R"(
hosts: [a.com]
ports: [{number: 80, name: tcp}]
workloadSelector: {labels: {}}
)",
                 "c8") == Lines{"warning: addresses are required for ports serving TCP (or unset) protocol "
                                "when IP Autoallocation is not enabled",
                                "warning: service entry: workload selector specified without labels, will be "
                                "applied to all services in namespace",
                                "warning: workloadSelector should not be set when resolution mode is NONE"});
}

TEST_CASE("DYNAMIC_DNS needs wildcard hosts and HTTP or TLS ports, no addresses or endpoints") {
  CHECK(
      findings("ServiceEntry", R"(
hosts: ["a.com"]
addresses: [10.0.0.1]
ports: [{number: 80, name: tcp, protocol: TCP}]
resolution: DYNAMIC_DNS
location: MESH_INTERNAL
endpoints: [{address: 1.1.1.1}]
)",
               "c9") ==
      Lines{
          "error: addresses cannot be set for resolution type DYNAMIC_DNS. HTTP route domains will only be "
          "generatedfrom the hosts field values",
          "error: endpoints cannot be set for resolution type DYNAMIC_DNS. Destination IP address determined "
          "from hostsfield values",
          "error: host must be wildcarded for resolution mode DYNAMIC_DNS",
          "error: only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type DYNAMIC_DNS"});
}

TEST_CASE("DNS_ROUND_ROBIN takes one endpoint; addresses with several hosts and a TCP port warn") {
  CHECK(findings("ServiceEntry", R"(
hosts: [a.com, b.com]
addresses: [10.0.0.1]
ports: [{number: 80, name: tcp, protocol: MONGO}]
resolution: DNS_ROUND_ROBIN
endpoints: [{address: 1.1.1.1}, {address: 1.1.1.2}]
)",
                 "c10") ==
        Lines{"error: multiple hosts provided with non-HTTP, non-TLS ports",
              "error: there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN",
              "warning: service entry can not have more than one host specified simultaneously with address "
              "and tcp port"});
}

}  // namespace
}  // namespace sidecarctl::analyze
