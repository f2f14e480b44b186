// The name checks Istio's validation shares between kinds: DNS labels and domains, hosts with
// wildcards and namespaces, IP addresses and subnets, ports and protocols, label maps, workload
// selectors, exportTo lists and gateway references. Each returns Istio's error text ("" when
// valid) or a Validation when Istio's check can also warn.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyze/validation.h"

namespace sidecarctl::analyze {

// labels.IsDNS1123Label / IsWildcardDNS1123Label ("*", "*foo", "*-foo" allowed).
bool is_dns1123_label(std::string_view s);
bool is_wildcard_dns1123_label(std::string_view s);
// netutil.IsValidIPAddress (netip.ParseAddr, zones allowed).
bool is_ip_address(std::string_view s);

// agent.ValidateFQDN, ValidateWildcardDomain, ValidatePartialWildCard.
std::string check_fqdn(std::string_view fqdn);
std::string check_wildcard_domain(std::string_view domain);
std::string check_partial_wildcard(std::string_view host);
// agent.ValidateWildcardDomainForVirtualServiceBoundToGateway (outbound_.<port>_._.<host> SNI form).
std::string check_gateway_bound_domain(bool sni, std::string_view domain);
// agent.ValidateNamespaceSlashWildcardHostname: "ns/host" entries of gateways and sidecars.
Validation check_namespace_slash_host(std::string_view host, bool is_gateway);
// agent.ValidateIPAddress / ValidateIPSubnet ("x is not a valid IP", "x is not a valid CIDR block").
std::string check_ip_address(std::string_view addr);
std::string check_ip_subnet(std::string_view subnet);
// ValidateUnixAddress (the part after unix://).
std::string check_unix_address(std::string_view addr);

// agent.ValidatePort, ValidatePortName, ValidateProtocol.
std::string check_port(long long port);
std::string check_port_name(std::string_view name);
std::string check_protocol(std::string_view protocol);

// protocol.Parse, reduced to the questions validation asks.
struct Protocol {
  std::string name;  // "HTTP", ..., or "UnsupportedProtocol"
  bool unsupported() const { return name == "UnsupportedProtocol"; }
  bool is_http() const;
  bool is_tcp() const;
  bool is_tls() const;
};
Protocol parse_protocol(std::string_view s);

// labels.Instance.Validate over a map of strings (one error per bad key or value).
Validation check_labels(const Json& labels);

// validateWorkloadSelector (type.v1beta1.WorkloadSelector, `matchLabels`) and
// ValidateAlphaWorkloadSelector (networking's, `labels`): errors, and a warning when empty.
Validation check_workload_selector(const Json& selector);
Validation check_alpha_workload_selector(const Json& selector);

// validateOneOfSelectorType, validateWorkloadSelector (`selector`) and
// validatePolicyTargetReference(s) (`targetRef`, `targetRefs`) of a policy's spec, in Istio's order.
Validation check_policy_selectors(const Json& spec);

// validateExportTo.
Validation check_export_to(const std::string& ns, const std::vector<std::string>& export_to,
                           bool service_entry, bool destination_rule_with_selector);

// validateGatewayNames.
Validation check_gateway_names(const std::vector<std::string>& names);

// host.Name.SubsetOf.
bool host_subset_of(std::string_view n, std::string_view o);

}  // namespace sidecarctl::analyze
