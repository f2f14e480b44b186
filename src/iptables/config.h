// IptablesConfig: istio-iptables' settings, validated and typed, as the rule builder needs them,
// with the origin of every setting kept for `--format explain` and `--format json`.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "base/ip_prefix.h"
#include "iptables/settings.h"

namespace sidecarctl::iptables {

// An outbound CIDR list split by family (config.SeparateV4V6).
struct CidrList {
  bool wildcard = false;  // "*"
  std::vector<IpPrefix> v4;
  std::vector<IpPrefix> v6;
  bool v4_has_loopback = false;
  bool v6_has_loopback = false;
};

// ISTIO_OUTBOUND_OWNER_GROUPS(_EXCLUDE) as config.ParseInterceptFilter reads them.
struct OwnerGroupFilter {
  std::vector<std::string> values;
  bool except = true;  // true: capture all groups except `values`; false: only `values`
};

// What a preview cannot detect without a pod: IPv6 and the resolv.conf name servers.
struct PodFacts {
  bool ipv6 = false;
  std::vector<std::string> dns_servers;  // as written, IPv4 and IPv6 mixed
  std::vector<std::string> app_ports;    // the app containers' TCP ports, when a manifest says
  Origin ipv6_origin{OriginKind::kPreview, "--ipv6", {}};
  Origin dns_origin{OriginKind::kPreview, "--dns-servers", {}};
};

struct IptablesConfig {
  std::string proxy_port;            // -p
  std::string inbound_capture_port;  // -z
  std::string inbound_tunnel_port;   // -e
  std::vector<std::string> proxy_uids;
  std::vector<std::string> proxy_gids;
  std::string interception_mode;     // as given
  bool tproxy = false;               // mode == "TPROXY"
  std::string tproxy_mark;
  std::string inbound_ports;         // raw -b: "" none, "*" all, else a list
  std::vector<std::string> inbound_port_list;
  std::vector<std::string> inbound_exclude_ports;
  std::vector<std::string> exclude_interfaces;
  std::vector<std::string> virt_interfaces;
  CidrList outbound_include;
  CidrList outbound_exclude;
  std::vector<std::string> outbound_ports_include;
  std::vector<std::string> outbound_ports_exclude;
  OwnerGroupFilter owner_groups;
  std::string loopback_cidr_v4;      // ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR as given
  bool redirect_dns_requested = false;
  bool redirect_dns = false;         // effective: off without servers and without capture-all
  bool capture_all_dns = false;
  bool drop_invalid = false;
  bool ipv6 = false;
  std::vector<std::string> dns_v4;
  std::vector<std::string> dns_v6;
  bool skip_rule_apply = false;
  bool cleanup_only = false;

  Settings settings;                 // every raw setting with its origin
  PodFacts facts;
  std::vector<std::string> notes;    // warnings: ignored values, switched-off DNS, unknown mode
  std::vector<std::string> source_notes;  // where the args came from (CNI, annotations), informational

  // True when istio-iptables would install rules (not skipped, not cleanup only).
  bool installs_rules() const { return !skip_rule_apply && !cleanup_only; }
};

// Validates and types `settings` the way istio-iptables would use them. Errors are kUsage
// ("--istio-service-cidr: netip.ParsePrefix(...)"), located at the offending setting's origin.
Result<IptablesConfig> make_config(Settings settings, PodFacts facts);

// Parses the --dns-servers list (each an IP address).
Result<std::vector<std::string>> parse_dns_servers(const std::string& list);

}  // namespace sidecarctl::iptables
