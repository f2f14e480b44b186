// Istio's checks on a ProxyConfig (agent.ValidateMeshConfigProxyConfig), which the injector runs on the
// `proxy.istio.io/config` annotation applied over the built-in proxy defaults: a pod whose annotation
// fails them is not injected.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sidecarctl::kube {

// The problems Istio reports for `proxy_config` (proto-JSON, lowerCamel top-level names, as
// merge_proxy_config returns it), in Istio's order and wording; empty when it is valid. Warnings
// (e.g. the deprecated ISTIO_META_DNS_AUTO_ALLOCATE) are not problems.
std::vector<std::string> proxy_config_problems(const nlohmann::json& proxy_config);

// istio's ValidateProxyAddress: "host:port" with a port in 1..65535 and a DNS-1123 host name or an
// IP address; empty when valid, else the reason.
std::string proxy_address_problem(const std::string& address);

}  // namespace sidecarctl::kube
