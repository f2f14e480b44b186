// ValidateEnvoyFilter: expected texts are istioctl's on the same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("config patches: applyTo, patch, matches, filter names and the decoded filter value") {
  CHECK(
      findings("EnvoyFilter", R"(
workloadSelector: {labels: {}}
configPatches:
- applyTo: HTTP_FILTER
  match: {context: SIDECAR_INBOUND, listener: {filterChain: {filter: {name: envoy.http_connection_manager, subFilter: {name: envoy.router}}}}}
  patch: {operation: INSERT_BEFORE, value: {name: x, foo: 1}}
- applyTo: LISTENER
  match: {listener: {filterChain: {filter: {name: envoy.tcp_proxy}}}}
  patch: {operation: MERGE, value: {}}
- applyTo: CLUSTER
  match: {routeConfiguration: {}}
  patch: {operation: MERGE, value: {}}
- applyTo: NETWORK_FILTER
  match: {proxy: {proxyVersion: "("}}
  patch: {operation: ADD, value: {name: y, typed_config: {"@type": "type.googleapis.com/x"}}}
- applyTo: HTTP_ROUTE
  match: {cluster: {}}
  patch: {operation: REMOVE}
- patch: {operation: ADD}
- applyTo: HTTP_FILTER
- applyTo: HTTP_FILTER
  patch: {}
- applyTo: HTTP_FILTER
  patch: {operation: ADD}
- applyTo: HTTP_FILTER
  match: {context: WAYPOINT}
- applyTo: NETWORK_FILTER
  match: {listener: {filterChain: {filter: {name: x, subFilter: {name: "yy"}}}}}
  patch: {operation: ADD, value: {name: 5}}
- applyTo: HTTP_FILTER
  match: {listener: {filterChain: {filter: {name: x, subFilter: {name: "yy"}}}}}
  patch: {operation: ADD, value: {name: z}}
- applyTo: HTTP_FILTER
  match: {listener: {filterChain: {filter: {subFilter: {name: "yy"}}}}}
  patch: {operation: ADD, value: {name: z}}
- applyTo: HTTP_FILTER
  patch: {operation: ADD, value: {name: z, typed_config: {}}}
- applyTo: HTTP_FILTER
  patch: {operation: ADD, value: {name: z, typed_config: {"@type": "type.googleapis.com/envoy.config.filter.http.lua.v2.Lua"}}}
)",
               "c17") ==
      Lines{
          "error: Envoy filter: Any JSON doesn't have '@type'",
          "error: Envoy filter: applyTo for cluster class objects cannot have non cluster match",
          "error: Envoy filter: applyTo for http route class objects cannot have non route configuration "
          "match",
          "error: Envoy filter: filter match has no name to match on",
          "error: Envoy filter: invalid regex for proxy version, [error parsing regexp: missing closing ): "
          "`(`]",
          "error: Envoy filter: missing applyTo", "error: Envoy filter: missing patch",
          "error: Envoy filter: missing patch operation",
          "error: Envoy filter: missing patch value for non-remove operation",
          "error: Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only",
          "error: Envoy filter: subfilter match requires filter match with "
          "envoy.filters.network.http_connection_manager",
          "error: referenced type unknown (hint: try using the v3 XDS API): Envoy filter: could not resolve "
          "Any message type: type.googleapis.com/envoy.config.filter.http.lua.v2.Lua",
          "warning: Envoy filter: filter match has no effect when used with LISTENER",
          "warning: Envoy filter: unknown field \"foo\" in "
          "envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter",
          "warning: Envoy filter: workload selector specified without labels, will be applied to all "
          "services in namespace",
          "warning: EnvoyFilter exposes internal implementation details that may change at any time. Prefer "
          "other APIs if possible, and exercise extreme caution, especially around upgrades.",
          "warning: using deprecated filter name \"envoy.http_connection_manager\"; use "
          "\"envoy.filters.network.http_connection_manager\" instead",
          "warning: using deprecated filter name \"envoy.router\"; use \"envoy.filters.http.router\" instead",
          "warning: using deprecated filter name \"envoy.tcp_proxy\"; use "
          "\"envoy.filters.network.tcp_proxy\" instead"});
}

TEST_CASE("a selector error is all Istio reports (not even the standing warning)") {
  CHECK(findings("EnvoyFilter", R"(
workloadSelector: {labels: {"*": x}}
)",
                 "c18") == Lines{"error: wildcard is not supported in selector: \"*=x\""});
}

}  // namespace
}  // namespace sidecarctl::analyze
