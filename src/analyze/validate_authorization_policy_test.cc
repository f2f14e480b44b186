// ValidateAuthorizationPolicy: expected texts are istioctl's on the same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("CUSTOM rules: sources, operations, conditions and their values") {
  CHECK(
      findings("AuthorizationPolicy", R"(
action: CUSTOM
rules:
- from: [{source: {namespaces: [a], principals: [""], serviceAccounts: ["a/b/c"], ipBlocks: ["1.2.3.4/33", "x"], trustDomains: ["a*b", "c/d"]}}, {}]
  to: [{operation: {ports: ["80", "x", "70000"], paths: ["/a/{**}/b/{*}", "/{x}"]}}, {operation: {}}]
  when:
  - key: source.namespace
    values: [a]
  - key: request.auth.claims
    values: [a]
  - key: destination.port
    notValues: ["a"]
  - key: source.ip
    values: ["1.2.3", ""]
  - key: bogus
    values: [x]
  - key: ""
  - key: destination.labels[x]
)",
               "c14") ==
      Lines{
          "error: invalid policy c14.ns: From.Namespaces is currently not supported with CUSTOM action",
          "error: invalid policy c14.ns: From.Principals is currently not supported with CUSTOM action",
          "error: invalid policy c14.ns: From.ServiceAccounts is currently not supported with CUSTOM action",
          "error: invalid policy c14.ns: From.TrustDomains is currently not supported with CUSTOM action",
          "error: invalid policy c14.ns: `from.source` must not be nil, found at rule 0",
          "error: invalid policy c14.ns: `key` must not be empty",
          "error: invalid policy c14.ns: `provider.name` must not be empty",
          "error: invalid policy c14.ns: `to.operation` must not be empty, found at rule 0",
          "error: invalid policy c14.ns: at least one of `values` or `notValues` must be set for key "
          "destination.labels[x]",
          "error: invalid policy c14.ns: bad CIDR range (1.2.3.4/33): netip.ParsePrefix(\"1.2.3.4/33\"): "
          "prefix length out of range",
          "error: invalid policy c14.ns: bad IP address (x)",
          "error: invalid policy c14.ns: bad port (70000): <nil>",
          "error: invalid policy c14.ns: bad port (x): strconv.ParseUint: parsing \"x\": invalid syntax",
          "error: invalid policy c14.ns: cannot set serviceAccounts with namespaces or principals, found at "
          "rule 0",
          "error: invalid policy c14.ns: empty value not allowed, found in Principals",
          "error: invalid policy c14.ns: expected format 'serviceAccount' or 'namespace/serviceAccount', "
          "found \"a/b/c\" in ServiceAccounts",
          "error: invalid policy c14.ns: invalid `notValue` for `key` bogus: unknown attribute: bogus",
          "error: invalid policy c14.ns: invalid `notValue` for `key` destination.port: 1 error "
          "occurred:\n\t* bad port (a): strconv.ParseUint: parsing \"a\": invalid syntax\n\n",
          "error: invalid policy c14.ns: invalid `notValue` for `key` request.auth.claims: bad key "
          "(request.auth.claims): should have format a[b]",
          "error: invalid policy c14.ns: invalid `value` for `key` bogus: unknown attribute: bogus",
          "error: invalid policy c14.ns: invalid `value` for `key` request.auth.claims: bad key "
          "(request.auth.claims): should have format a[b]",
          "error: invalid policy c14.ns: invalid `value` for `key` source.ip: empty value not allowed, found "
          "in source.ip",
          "error: invalid policy c14.ns: invalid or unsupported path a/{**}/b/{*}, found in Paths. {**} is "
          "not the last operator",
          "error: invalid policy c14.ns: request.auth.claims is currently not supported with CUSTOM action",
          "error: invalid policy c14.ns: source.namespace is currently not supported with CUSTOM action",
          "error: invalid policy c14.ns: wildcard is only allowed at the start or end, found in "
          "TrustDomains: \"a*b\""});
}

TEST_CASE("selectors, target references, a provider without CUSTOM, HTTP-only DENY rules") {
  CHECK(
      findings("AuthorizationPolicy", R"(
action: DENY
provider: {name: x}
selector: {matchLabels: {}}
targetRef: {kind: Service, name: x, namespace: "yy"}
targetRefs: [{group: foo, kind: Bar}]
rules:
- to: [{operation: {methods: [GET]}}]
- from: [{source: {principals: [a]}}]
- from: [{source: {requestPrincipals: [a]}}]
)",
               "c15") ==
      Lines{
          "error: invalid policy c15.ns: `provider` must not be with non CUSTOM action, found DENY",
          "error: invalid policy c15.ns: only one of targetRefs or workloadSelector can be set",
          "error: invalid policy c15.ns: targetRef must be to one of [core/v1/Service "
          "networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway "
          "gateway.networking.k8s.io/v1/GatewayClass] but was foo/Bar",
          "error: invalid policy c15.ns: targetRef name must be set",
          "error: invalid policy c15.ns: targetRef namespace must not be set; cross namespace referencing is "
          "not supported",
          "warning: configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to "
          "the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port",
          "warning: workload selector specified without labels"});
}

TEST_CASE("DENY without rules") {
  CHECK(findings("AuthorizationPolicy", R"(
action: DENY
)",
                 "c16") ==
        Lines{"error: invalid policy c16.ns: DENY action without `rules` is meaningless as it will never be "
              "triggered, add an empty rule `{}` if you want it be triggered for every request"});
}

}  // namespace
}  // namespace sidecarctl::analyze
