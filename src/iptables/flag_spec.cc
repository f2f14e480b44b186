// The istio-iptables flag table (names, letters, defaults and variables are istio-iptables' own).
#include "iptables/flag_spec.h"

namespace sidecarctl::iptables {

const std::vector<FlagSpec>& istio_iptables_flags() {
  using K = FlagKind;
  static const std::vector<FlagSpec> flags = {
      {flag::kEnvoyPort, 'p', K::kString, "15001", {}, "Envoy outbound listener port that captured outbound TCP is redirected to"},
      {flag::kInboundCapturePort, 'z', K::kString, "15006", {"INBOUND_CAPTURE_PORT"}, "Envoy inbound listener port that captured inbound TCP is redirected to"},
      {flag::kInboundTunnelPort, 'e', K::kString, "15008", {"INBOUND_TUNNEL_PORT"}, "Tunnel (HBONE) port, never captured"},
      {flag::kProxyUid, 'u', K::kString, "", {"PROXY_UID"}, "Comma list of proxy UIDs whose traffic is not redirected (empty: 1337)"},
      {flag::kProxyGid, 'g', K::kString, "", {"PROXY_GID"}, "Comma list of proxy GIDs whose traffic is not redirected (empty: the proxy UIDs)"},
      {flag::kInterceptionMode, 'm', K::kString, "", {"ISTIO_INBOUND_INTERCEPTION_MODE"}, "Inbound interception mode: REDIRECT or TPROXY (anything else is REDIRECT)"},
      {flag::kInboundPorts, 'b', K::kString, "", {"ISTIO_INBOUND_PORTS"}, "Inbound ports to capture: comma list, '*' for all, empty for none"},
      {flag::kLocalExcludePorts, 'd', K::kString, "", {"ISTIO_LOCAL_EXCLUDE_PORTS"}, "Inbound ports never captured (only with inbound ports '*')"},
      {flag::kExcludeInterfaces, 'c', K::kString, "", {"ISTIO_EXCLUDE_INTERFACES"}, "Interfaces whose traffic is never captured"},
      {flag::kServiceCidr, 'i', K::kString, "", {"ISTIO_SERVICE_CIDR"}, "Outbound destination CIDRs to capture: comma list, '*' for all, empty for none"},
      {flag::kServiceExcludeCidr, 'x', K::kString, "", {"ISTIO_SERVICE_EXCLUDE_CIDR"}, "Outbound destination CIDRs never captured"},
      {flag::kOutboundPorts, 'q', K::kString, "", {"ISTIO_OUTBOUND_PORTS"}, "Outbound TCP ports always captured"},
      {flag::kOutboundPortsExclude, 'o', K::kString, "", {"ISTIO_LOCAL_OUTBOUND_PORTS_EXCLUDE"}, "Outbound ports never captured"},
      {flag::kKubeVirtInterfaces, 'k', K::kString, "", {"KUBE_VIRT_INTERFACES"}, "Interfaces whose inbound traffic is treated as outbound"},
      {flag::kTproxyMark, 't', K::kString, "1337", {"ISTIO_INBOUND_TPROXY_MARK"}, "Packet mark used in TPROXY mode"},
      {flag::kTproxyRouteTable, 'r', K::kString, "133", {"ISTIO_INBOUND_TPROXY_ROUTE_TABLE"}, "Routing table for TPROXY policy routing (no iptables rule)", false},
      {flag::kDryRun, 'n', K::kBool, "false", {"DRY_RUN"}, "Do not run iptables (a preview never does)", false},
      {flag::kProbePort, 0, K::kUint16, "15002", {"IPTABLES_PROBE_PORT"}, "Validation probe port (no rule)", false},
      {flag::kProbeTimeout, 0, K::kDuration, "5s", {"PROBE_TIMEOUT"}, "Validation probe timeout (no rule)", false},
      {flag::kSkipRuleApply, 0, K::kBool, "false", {"SKIP_RULE_APPLY"}, "Apply no rules at all"},
      {flag::kRunValidation, 0, K::kBool, "false", {"RUN_VALIDATION"}, "Run the connectivity validation (no rule)", false},
      {flag::kRedirectDns, 0, K::kBool, "false", {"REDIRECT_DNS", "ISTIO_META_DNS_CAPTURE"}, "Capture DNS to the agent's DNS proxy on port 15053"},
      {flag::kDropInvalid, 0, K::kBool, "false", {"DROP_INVALID", "INVALID_DROP"}, "Drop conntrack INVALID packets"},
      {flag::kDualStack, 0, K::kBool, "false", {"DUAL_STACK", "ISTIO_DUAL_STACK"}, "Dual-stack pod address detection (use --ipv6 here)", false},
      {flag::kCaptureAllDns, 0, K::kBool, "false", {"CAPTURE_ALL_DNS"}, "With --redirect-dns: capture all port-53 traffic"},
      {flag::kNetworkNamespace, 0, K::kString, "", {"NETWORK_NAMESPACE"}, "Network namespace to enter (no rule)", false},
      {flag::kCniMode, 0, K::kBool, "false", {"CNI_MODE"}, "Running inside the CNI plugin (no rule)", false},
      {flag::kReconcile, 0, K::kBool, "false", {"RECONCILE"}, "Remove incompatible leftover rules first (none in a fresh pod)", false},
      {flag::kCleanupOnly, 0, K::kBool, "false", {"CLEANUP_ONLY"}, "Only remove existing Istio rules; install nothing"},
      {flag::kForceApply, 0, K::kBool, "false", {"FORCE_APPLY"}, "Apply even if the rules appear to be in place", false},
      {flag::kNativeNftables, 0, K::kBool, "false", {"NATIVE_NFTABLES"}, "Use nftables instead of iptables (not previewed)"},
      {flag::kForceIptablesBinary, 0, K::kString, "", {"FORCE_IPTABLES_BINARY"}, "Force the iptables flavour: legacy or nft", false},
  };
  return flags;
}

const std::vector<EnvSettingSpec>& env_only_settings() {
  static const std::vector<EnvSettingSpec> settings = {
      {env::kOwnerGroups, "*", "Groups whose outbound traffic is captured ('*' for all)"},
      {env::kOwnerGroupsExclude, "", "Groups whose outbound traffic is not captured (with '*')"},
      {env::kLoopbackCidr, "127.0.0.1/32", "IPv4 loopback CIDR of the loopback rules"},
  };
  return settings;
}

const FlagSpec* find_flag(std::string_view name) {
  for (const FlagSpec& spec : istio_iptables_flags()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const FlagSpec* find_short_flag(char shorthand) {
  for (const FlagSpec& spec : istio_iptables_flags()) {
    if (spec.shorthand != 0 && spec.shorthand == shorthand) return &spec;
  }
  return nullptr;
}

}  // namespace sidecarctl::iptables
