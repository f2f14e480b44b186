// The jsonpb decoding istioctl applies to Istio specs: what it refuses (with Go's words, checked
// against istioctl) and what the validators then see.
#include <filesystem>

#include "analyze/kinds.h"
#include "analyze/validate_test_support.h"
#include "base/file_io.h"

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

// decode_istio_spec leaves a spec as it is when decodes_unchanged says the decoder would give it
// back: whenever it says so, the decoder must give exactly that (number types included).
void check_unchanged_claim(const proto::Message& m, const Json& spec) {
  if (!decodes_unchanged(m, spec)) return;
  Json out;
  REQUIRE_FALSE(decode_proto(m, spec, out).has_value());
  CHECK(out.dump() == spec.dump());
}

bool unchanged(const std::string& kind, const std::string& spec_yaml) {
  auto spec = yaml::parse_value(spec_yaml, "test.yaml");
  REQUIRE_MESSAGE(spec.has_value(), spec.error().to_string());
  const proto::Message* m = proto::spec_message(kind);
  REQUIRE(m != nullptr);
  check_unchanged_claim(*m, *spec);
  return decodes_unchanged(*m, *spec);
}

TEST_CASE("decodes_unchanged: the specs the decoder gives back as they are") {
  CHECK(unchanged("VirtualService", R"(
hosts: [a.b, "*.c"]
gateways: [mesh]
http:
- match: [{uri: {prefix: /x}, headers: {h: {exact: v}}}]
  route: [{destination: {host: a.b, subset: v1, port: {number: 80}}, weight: 100}]
  timeout: 1.5s
  retries: {attempts: 3, retryOn: 5xx}
  corsPolicy: {allowOrigins: [{exact: x}]}
)"));
  CHECK(unchanged("DestinationRule", R"(
host: a.b
trafficPolicy:
  loadBalancer: {simple: ROUND_ROBIN}
  outlierDetection: {interval: 10s, consecutive5xxErrors: 5}
  tls: {mode: ISTIO_MUTUAL}
subsets: [{name: v1, labels: {version: v1}}]
)"));
  CHECK(
      unchanged("EnvoyFilter",
                "configPatches: [{applyTo: HTTP_FILTER, patch: {operation: MERGE, value: {a: [1, null]}}}]"));
  CHECK(unchanged("ServiceEntry",
                  "hosts: [a.b]\nports: [{number: 443, name: https, protocol: TLS}]\nresolution: DNS"));
  // What the decoder changes: each one is rebuilt.
  CHECK_FALSE(unchanged("VirtualService", "hosts: [a.b]\nunknownField: 1"));              // dropped
  CHECK_FALSE(unchanged("VirtualService", "hosts: [a.b]\nexport_to: [.]"));               // renamed
  CHECK_FALSE(unchanged("VirtualService", "hosts: [a.b]\ngateways: []"));                 // empty list
  CHECK_FALSE(unchanged("VirtualService", "hosts: [a.b]\ngateways: null"));               // null
  CHECK_FALSE(unchanged("VirtualService", "hosts: [a.b, null]"));                         // null element
  CHECK_FALSE(unchanged("DestinationRule", "host: \"\""));                                // zero string
  CHECK_FALSE(unchanged("DestinationRule", "host: a\ntrafficPolicy: {tls: {mode: 2}}"));  // enum number
  CHECK_FALSE(unchanged("DestinationRule", "host: a\ntrafficPolicy: {tls: {mode: DISABLE}}"));  // zero enum
  CHECK_FALSE(unchanged("ServiceEntry", "hosts: [a]\nports: [{number: \"80\", name: p}]"));  // quoted number
  CHECK_FALSE(unchanged("ServiceEntry", "hosts: [a]\nports: [{number: 0, name: p}]"));       // zero number
  CHECK_FALSE(unchanged("ServiceEntry", "hosts: [a]\nports: [{number: 18446744073709551615, name: p}]"));
  CHECK_FALSE(unchanged("VirtualService", "http: [{route: [{destination: {host: a}, weight: 1.0}]}]"));
  CHECK_FALSE(unchanged(
      "Gateway",
      "servers: [{port: {number: 80, name: h, protocol: HTTP}, hosts: [a], tls: {httpsRedirect: false}}]"));
  CHECK_FALSE(
      unchanged("VirtualService",
                "hosts: [a]\nhttp: [{fault: {abort: {httpStatus: 500, http2Error: x}}}]"));  // oneof twice
  CHECK_FALSE(unchanged("VirtualService", "hosts: [a]\nhttp: [{timeout: 10q}]"));            // refused
}

TEST_CASE("decodes_unchanged holds for the Istio resources of the differential tests and samples") {
  std::vector<std::string> files;
  const std::string root = SIDECARCTL_SOURCE_DIR;
  for (const auto& entry :
       std::filesystem::directory_iterator(root + "/tests/differential/regressions/analyze"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  files.push_back(root + "/testdata/samples/bookinfo.yaml");
  REQUIRE(files.size() > 10);
  std::size_t specs = 0;
  for (const std::string& path : files) {
    CAPTURE(path);
    auto text = read_file(path);
    REQUIRE(text.has_value());
    auto docs = yaml::load_stream(*text, path);
    if (!docs) continue;
    for (const yaml::Document& doc : *docs) {
      auto info = classify(str(doc.value, "apiVersion"), str(doc.value, "kind"));
      const proto::Message* m = info ? proto::spec_message(info->id) : nullptr;
      if (m == nullptr || !field(doc.value, "spec").is_object()) continue;
      ++specs;
      check_unchanged_claim(*m, field(doc.value, "spec"));
    }
  }
  CHECK(specs > 20);
}

}  // namespace
}  // namespace sidecarctl::analyze
