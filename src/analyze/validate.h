// Istio's CRD validation (pkg/config/validation), one function per kind, as the schema analyzers
// (schema.ValidationAnalyzer.<Kind>) run it: on the spec as Istio's decoder leaves it
// (proto_decode.h), with only the name and namespace of the resource (the analyzer passes Istio no
// labels or annotations). Each kind lives in validate_<kind>.cc; checks shared between kinds in
// validate_names, validate_values and validate_traffic_policy.
#pragma once

#include <string>
#include <vector>

#include "analyze/validation.h"

namespace sidecarctl::analyze {

// What Istio's validators know of the resource besides its spec.
struct ConfigMeta {
  std::string name;
  std::string ns;
};

// The validation of `kind_id` (kinds.h); nothing for kinds Istio does not validate.
Validation validate_resource(const std::string& kind_id, const ConfigMeta& meta, const Json& spec);

Validation validate_virtual_service(const ConfigMeta& meta, const Json& spec);
Validation validate_destination_rule(const ConfigMeta& meta, const Json& spec);
Validation validate_gateway(const ConfigMeta& meta, const Json& spec);
Validation validate_service_entry(const ConfigMeta& meta, const Json& spec);
Validation validate_workload_entry(const ConfigMeta& meta, const Json& spec);
Validation validate_sidecar(const ConfigMeta& meta, const Json& spec);
Validation validate_authorization_policy(const ConfigMeta& meta, const Json& spec);
Validation validate_envoy_filter(const ConfigMeta& meta, const Json& spec);
Validation validate_peer_authentication(const ConfigMeta& meta, const Json& spec);
Validation validate_proxy_config(const ConfigMeta& meta, const Json& spec);
Validation validate_workload_group(const ConfigMeta& meta, const Json& spec);
Validation validate_telemetry(const ConfigMeta& meta, const Json& spec);

// Shared between kinds: validateDestination (VirtualService routes, a Sidecar's egress proxy) and
// validateTLSOptions (Gateway servers, Sidecar ingress listeners).
Validation check_destination(const Json& destination);
Validation check_server_tls(const Json& tls);
// validateHTTPRouteDestinations / validateRouteDestinations (the same checks; only HTTP
// destinations have header operations).
Validation check_route_destinations(const Json& list);
// validateHTTPRoute of one `http` entry; `delegate` for a VirtualService without hosts.
Validation check_http_route(const Json& route, bool delegate);
// Go's %v of a []string: "[a b]".
std::string go_string_list(const std::vector<std::string>& items);

// A proto enum field's value name; `zero` (the enum's first value) when the field is absent.
std::string enum_value(const Json& j, std::string_view key, std::string_view zero);

}  // namespace sidecarctl::analyze
