// The jsonpb decoding istioctl applies to Istio specs: what it refuses (with Go's words, checked
// against istioctl) and what the validators then see.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::decode_error;
using testing::findings;
using testing::Lines;

TEST_CASE("values of the wrong type are refused as istioctl refuses them") {
  CHECK(decode_error("DestinationRule", "trafficPolicy: {loadBalancer: {simple: BOGUS}}") ==
        "/spec/trafficPolicy/loadBalancer/simple: unknown value \"\\\"BOGUS\\\"\" for enum "
        "istio.networking.v1alpha3.LoadBalancerSettings.SimpleLB");
  CHECK(decode_error("VirtualService", "http: [{route: [{destination: {host: a.b}, weight: 1.5}]}]") ==
        "/spec/http/0/route/0/weight: json: cannot unmarshal number 1.5 into Go value of type int32");
  CHECK(decode_error("Gateway", "servers: \"x\"") ==
        "/spec/servers: json: cannot unmarshal string into Go value of type []json.RawMessage");
  CHECK(decode_error("ServiceEntry", "ports: [{number: -1}]") ==
        "/spec/ports/0/number: json: cannot unmarshal number -1 into Go value of type uint32");
  CHECK(decode_error("DestinationRule", "trafficPolicy: {outlierDetection: {interval: 10}}") ==
        "/spec/trafficPolicy/outlierDetection/interval: json: cannot unmarshal number into Go value of type "
        "string");
  CHECK(decode_error("VirtualService", "http: [{timeout: 10s5}]") ==
        "/spec/http/0/timeout: bad Duration: time: missing unit in duration \"10s5\"");
  CHECK(decode_error("VirtualService", "http: [{timeout: 10q}]") ==
        "/spec/http/0/timeout: bad Duration: time: unknown unit \"q\" in duration \"10q\"");
  CHECK(decode_error("VirtualService", "http: [{timeout: x}]") ==
        "/spec/http/0/timeout: bad Duration: time: invalid duration \"x\"");
  CHECK(decode_error("PeerAuthentication", "portLevelMtls: {\"abc\": {mode: STRICT}}") ==
        "/spec/portLevelMtls/abc: invalid character 'a' looking for beginning of value");
  CHECK(decode_error("VirtualService", "hosts: [a.b]\nhttp: [{name: true}]") ==
        "/spec/http/0/name: json: cannot unmarshal bool into Go value of type string");
}

TEST_CASE("what decodes: unknown fields, proto names, quoted numbers, Go durations, enum numbers") {
  CHECK(decode_error("VirtualService",
                     "hosts: [a.b]\nunknownField: [1]\nhttp: [{timeout: 1h, retries: {attempts: \"3\"}}]") ==
        "");
  // Port numbers given as strings, `retry_on` by its proto name: Istio sees them.
  CHECK(findings("VirtualService", R"(
hosts: [a.b]
http:
- match: [{scheme: {exact: a, prefix: ""}, port: "70000"}]
  route: [{destination: {host: a.b, port: {number: "0"}}}]
  timeout: 1h
  retries: {attempts: "0", retry_on: "5xx"}
)") == Lines{"error: \"scheme\": prefix string match should not be empty",
             "error: http retry policy configured when attempts are set to 0 (disabled)",
             "error: port number 0 must be in the range 1..65535",
             "error: port number 70000 must be in the range 1..65535"});
  // An enum by number: 4 is ISTIO_MUTUAL; a number the enum does not name is no mode Istio checks.
  CHECK(findings("Gateway", R"(
servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"], tls: {mode: 4, credential_name: x}}]
)",
                 "g") == Lines{"error: ISTIO_MUTUAL TLS cannot have associated credentialName",
                               "error: server cannot have TLS settings for plain text HTTP ports"});
  CHECK(findings("Gateway", R"(
servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"], tls: {mode: 9}}]
)",
                 "g") == Lines{"error: server cannot have TLS settings for plain text HTTP ports"});
}

TEST_CASE("a oneof keeps the member declared last; an empty list is no list") {
  CHECK(findings("VirtualService", R"(
hosts: [a.b]
http: [{route: [{destination: {host: a.b}}], fault: {abort: {httpStatus: 0, http2Error: x}}}]
)") == Lines{"error: HTTP/2 abort fault injection not supported yet"});
  CHECK(findings("VirtualService", "hosts: [a.b]\ntcp: [{route: [{destination: {host: a.b}}]}]\nhttp: []")
            .empty());
  CHECK(findings("AuthorizationPolicy", "action: DENY\nrules: []", "p", "ns") ==
        Lines{"error: invalid policy p.ns: DENY action without `rules` is meaningless as it will never be "
              "triggered, "
              "add an empty rule `{}` if you want it be triggered for every request"});
}

TEST_CASE("the decoded spec: JSON names, enum names, zero scalars and nulls left out") {
  const proto::Message* m = proto::spec_message("DestinationRule");
  REQUIRE(m != nullptr);
  Json in = Json::parse(R"({"host": "a", "export_to": [], "traffic_policy": {"tls": {"mode": 2, "sni": "",
                             "credentialName": null}, "loadBalancer": {"simple": "ROUND_ROBIN",
                             "consistentHash": {"useSourceIp": false}}}, "bogus": 1})");
  Json out;
  REQUIRE_FALSE(decode_proto(*m, in, out).has_value());
  CHECK(
      out.dump() ==
      R"({"host":"a","trafficPolicy":{"loadBalancer":{"consistentHash":{"useSourceIp":false}},"tls":{"mode":"MUTUAL"}}})");
}

}  // namespace
}  // namespace sidecarctl::analyze
