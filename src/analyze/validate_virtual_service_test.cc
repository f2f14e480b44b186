// ValidateVirtualService: expected texts are istioctl's on the same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("a mesh-bound VirtualService may not use * as host or destination") {
  CHECK(findings("VirtualService", R"(
hosts: ["*"]
http: [{route: [{destination: {host: "*"}}]}]
)") == Lines{"error: invalid destination host *",
             "error: wildcard host * is not allowed for virtual services bound to the mesh gateway"});
}

// Istio checks gateway names only up to the first one without a namespace ("mesh" here).
TEST_CASE("http routes: matches, destinations, conflicts, faults, retries, CORS and header operations") {
  CHECK(findings("VirtualService", R"(
hosts: ["a.example.com", "*.example.com", "A_B.com", "10.0.0.1"]
gateways: [mesh, "bad_ns/gw", "ns/", "legacy.gw"]
http:
- match: [{headers: {"@request.auth.claims.group": {exact: a}, "bad header": {prefix: ""}}, uri: {regex: "(["},
           port: 70000, sourceNamespace: "Bad_NS", sourceLabels: {"a/b/c": "x y"}}]
  route: [{destination: {host: x.y, subset: "Bad_Subset", port: {number: 0}}, weight: -1}]
  redirect: {uri: /a}
  fault: {abort: {grpcStatus: NOPE, percentage: {value: 101}}, delay: {fixedDelay: 0.5ms}}
  rewrite: {uri: /b}
  mirror: {host: m.y}
  mirrors: [{destination: {host: n.y}, percentage: {value: 200}}]
  retries: {attempts: -1, retryOn: "5xx,bogus,503, 503", perTryTimeout: 1500us}
  corsPolicy: {allowOrigins: [{exact: ""}, {regex: "a("}], allowMethods: [GET, get], allowHeaders: ["bad header", "*"],
               maxAge: 1.5s}
  headers: {request: {set: {host: a, ":path": b}, add: {"x": "%bad"}, remove: [Host]}, response: {add: {":status": "1"}}}
  timeout: 0s
)") == Lines{
           "error: \" 503\" is not a valid retryOn policy",
           "error: \"bogus\" is not a valid retryOn policy",
           "error: \"corsPolicy.allowOrigins\": error parsing regexp: missing closing ): `a(`; Istio uses "
           "RE2 style "
           "regex-based match (https://github.com/google/re2/wiki/Syntax)",
           "error: \"get\" is not a supported HTTP method",
           "error: \"headers\": prefix string match should not be empty",
           "error: \"uri\": error parsing regexp: missing closing ]: `[`; Istio uses RE2 style regex-based "
           "match "
           "(https://github.com/google/re2/wiki/Syntax)",
           "error: '' is not a valid match type for CORS allow origins",
           "error: HTTP route cannot contain both fault and redirect",
           "error: HTTP route cannot contain both mirror and mirrors",
           "error: HTTP route cannot contain both route and redirect",
           "error: HTTP route rule cannot contain both rewrite and redirect",
           "error: JWT claim based routing (key: @request.auth.claims.group) is only supported for gateway, "
           "found no "
           "gateways: [mesh bad_ns/gw ns/ legacy.gw]",
           "error: attempts cannot be negative",
           "error: domain name \"A_B.com\" invalid (label \"A_B\" invalid)",
           "error: duration must be greater than 1ms",
           "error: gRPC status \"NOPE\" is not supported. See "
           "https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for "
           "example "
           "'NOT_FOUND'",
           "error: header name bad header is not a valid header name",
           "error: header value configuration: invalid header configuration. Un-terminated variable "
           "expression '%bad'",
           "error: invalid header \":path\": header cannot have \":\" prefix",
           "error: invalid header \":status\": header cannot have \":\" prefix",
           "error: invalid header \"Host\": cannot set Host header",
           "error: invalid tag key: \"a/b/c\"",
           "error: invalid tag value: \"x y\"",
           "error: max_age duration is accurate only to seconds precision",
           "error: mirror percentage must have a max value of 100 (it has 200.000000)",
           "error: only durations to ms precision are supported",
           "error: percentage 101 is neither 0.0, nor in range [0.0001, 100.0]",
           "error: port number 0 must be in the range 1..65535",
           "error: port number 70000 must be in the range 1..65535",
           "error: sourceNamespace match Bad_NS is invalid",
           "error: subset name is invalid: Bad_Subset",
           "error: weight -1 < 0",
       });
}

TEST_CASE("gateway names: the first name without a namespace ends the check") {
  CHECK(findings("VirtualService", R"(
hosts: [a.b]
gateways: ["bad_ns/gw", "ns/", "legacy.gw", "Bad/x"]
http: [{route: [{destination: {host: a.b}}]}]
)") == Lines{"error: config namespace and gateway name cannot be empty",
             "error: invalid value for gateway name: \"\"", "error: invalid value for namespace: \"bad_ns\"",
             "warning: using legacy gatewayName format \"legacy.gw\"; prefer the <namespace>/<name> format: "
             "\"gw/legacy\""});
}

TEST_CASE("tls and tcp routes: SNI hosts, subnets, ports, weights") {
  CHECK(findings("VirtualService", R"(
hosts: [a.b, c.d]
gateways: [gw]
tls:
- match: [{sniHosts: ["*.a.b", "1.2.3.4", "x.y", "outbound_.80_._.svc"], destinationSubnets: ["1.2.3.4/40", "zz"],
           port: 99999}]
  route: [{destination: {host: a.b}, weight: 0}, {destination: {host: c.d}, weight: 0}]
- route: []
tcp:
- match: [{destinationSubnets: ["10.0.0.0/8"], gateways: ["x.y"]}]
- route: [{destination: {host: "bad host"}}]
)") == Lines{"error: 1.2.3.4/40 is not a valid CIDR block",
             "error: SNI host \"*.a.b\" is not a compatible subset of any of the virtual service hosts: "
             "[a.b, c.d]",
             "error: SNI host \"outbound_.80_._.svc\" is not a compatible subset of any of the virtual "
             "service hosts: "
             "[a.b, c.d]",
             "error: SNI host \"x.y\" is not a compatible subset of any of the virtual service hosts: [a.b, "
             "c.d]",
             "error: TCP route is required", "error: TLS route is required",
             "error: TLS route must have at least one match condition",
             "error: domain name \"bad host\" invalid (label \"bad host\" invalid)",
             "error: port number 99999 must be in the range 1..65535", "error: total destination weight = 0",
             "error: zz is not a valid IP",
             "warning: using an IP address (\"1.2.3.4\") goes against SNI spec and most clients do not "
             "support this"});
}

TEST_CASE("a delegate (no hosts) may not name gateways, tls or tcp routes; exportTo") {
  CHECK(findings("VirtualService", R"(
gateways: [gw]
http:
- delegate: {name: x}
  route: [{destination: {host: a.b}}]
  redirect: {authority: x}
tls: [{match: [{sniHosts: [a.b]}], route: [{destination: {host: a.b}}]}]
tcp: [{route: [{destination: {host: a.b}}]}]
exportTo: [".", "*", "~", "Bad"]
)") == Lines{"error: HTTP route cannot contain both route and redirect",
             "error: SNI host \"a.b\" is not a compatible subset of any of the virtual service hosts: []",
             "error: cannot have both public (*) and non-public exportTo values for a resource",
             "error: delegate HTTP route cannot contain delegate",
             "error: delegate virtual service must have no gateways specified",
             "error: delegate virtual service must have no tcp route specified",
             "error: delegate virtual service must have no tls route specified",
             "error: exportTo ~ (none) is not allowed for Istio configuration objects"});
}

TEST_CASE("direct responses, redirects, rewrites, mirrors, and rules that are never reached") {
  CHECK(findings("VirtualService", R"(
http:
- directResponse: {status: 700, body: {string: "x"}}
  fault: {delay: {exponentialDelay: 1s}}
  route: [{destination: {host: a.b}}]
- redirect: {redirectCode: 200, scheme: ftp, port: 0}
- redirect: {prefixRewrite: /x}
  match: [{uri: {exact: /a}}]
- rewrite: {}
- rewrite: {uriRegexRewrite: {match: "(", rewrite: x}}
  route: [{destination: {host: a.b}}]
- mirrorPercent: 150
  mirrorPercentage: {value: -1}
  mirror: {host: a.b}
  mirrors: [{destination: {host: a.b}}]
  route: [{destination: {host: a.b}}]
)") == Lines{"IST0130: #1 | only the last rule can have no matches",
             "IST0130: #2 | route without matches defined before",
             "IST0130: #3 | only the last rule can have no matches",
             "IST0130: #4 | only the last rule can have no matches",
             "IST0130: #5 | only the last rule can have no matches",
             "error: 200 is not a valid redirect code, must be 3xx",
             "error: HTTP route cannot contain both fault and direct_response",
             "error: HTTP route cannot contain both mirror and mirrors",
             "error: HTTP route cannot contain both route and direct_response",
             "error: HTTP route, redirect or direct_response is required",
             "error: HTTP status 700 is not in range 200-599",
             "error: UriRegexRewrite has errors\n\"HTTPRewrite.UriRegexRewrite.Match\": error parsing "
             "regexp: missing "
             "closing ): `(`; Istio uses RE2 style regex-based match "
             "(https://github.com/google/re2/wiki/Syntax)",
             "error: exponentialDelay not supported yet",
             "error: mirror_percent must have a max value of 100 (it has 150)",
             "error: mirror_percentage must have a min value of 0 (it has -1.000000)",
             "error: redirect prefix_rewrite requires all URI matches to use prefix match type",
             "error: rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of "
             "URI or "
             "UriRegexRewrite may be specified",
             "warning: using deprecated setting \"mirrorPercent\", use \"mirrorPercentage\" instead"});
}

TEST_CASE("duplicate hosts and overlapping prefix matches") {
  CHECK(findings("VirtualService", R"(
hosts: [a.b, a.b]
gateways: [mesh, ns/gw]
http:
- match: [{uri: {prefix: /api}}, {uri: {prefix: /api}, name: second}]
  route: [{destination: {host: a.b}}]
- match: [{uri: {prefix: /api/v1}}]
  route: [{destination: {host: a.b}}]
- route: [{destination: {host: a.b}}]
- route: [{destination: {host: a.b}}]
- match: [{uri: {exact: /x}}]
  route: [{destination: {host: a.b}}]
)") == Lines{"IST0130: #3 | only the last rule can have no matches",
             "IST0130: #4 | route without matches defined before", "IST0131: #0 | \"second\" | #0",
             "IST0131: #1 | #0 of prefix /api/v1 | #0 of prefix /api on #0",
             "error: duplicate hosts in virtual service: a.b & a.b"});
  CHECK(findings("VirtualService", R"(
hosts: ["*.a.com", "*.com", "b.com"]
gateways: [ns/gw]
http:
- match: [{withoutHeaders: {x: {regex: "*"}, y: {regex: "("}}, queryParams: {q: {prefix: ""}}, method: {regex: ""},
           scheme: {prefix: ""}, authority: {exact: ""}}]
  route: [{destination: {host: a.b}, headers: {request: {set: {":authority": x}}}}]
  rewrite: {authority: "yy"}
  retries: {attempts: 0, retryRemoteLocalities: true}
)") == Lines{"error: \"method\": regex string match should not be empty",
             "error: \"queryParams\": prefix string match should not be empty",
             "error: \"scheme\": prefix string match should not be empty",
             "error: \"withoutHeaders\": error parsing regexp: missing closing ): `(`; Istio uses RE2 style "
             "regex-based match (https://github.com/google/re2/wiki/Syntax)",
             "error: duplicate hosts in virtual service: *.a.com & *.com",
             "error: duplicate hosts in virtual service: *.com & b.com",
             "error: http retry policy configured when attempts are set to 0 (disabled)"});
}

}  // namespace
}  // namespace sidecarctl::analyze
