// Istio's checks of the traffic policy messages a DestinationRule (and a Sidecar's inbound
// connection pools) carry: load balancing with locality and zone-aware settings, connection pools,
// outlier detection, client TLS, port-level policies, tunnels and PROXY protocol.
#pragma once

#include <string>

#include "analyze/validation.h"

namespace sidecarctl::analyze {

// validateTrafficPolicy; `ns` is the resource's namespace (configmap:// credentials must be in it).
Validation check_traffic_policy(const std::string& ns, const Json& policy);
// validateConnectionPool (errors only; nothing for an absent pool).
Validation check_connection_pool(const Json& pool);
// agent.ValidateTLS of a ClientTLSSettings.
Validation check_client_tls(const std::string& ns, const Json& tls);

}  // namespace sidecarctl::analyze
