// The flags and environment variables of Istio's istio-iptables, as data: long name, short letter,
// value kind, default and the environment variables that can set each one. Both the command line
// (commands/) and the istio-init args of a manifest are read against this one table.
#pragma once

#include <string_view>
#include <vector>

namespace sidecarctl::iptables {

// How a flag's value is written (pflag's types).
enum class FlagKind { kString, kBool, kUint16, kDuration };

struct FlagSpec {
  std::string_view name;                  // long name without dashes: "istio-inbound-ports"
  char shorthand = 0;                     // single letter, 0 when none
  FlagKind kind = FlagKind::kString;
  std::string_view default_value;         // istio-iptables' default, as text
  std::vector<std::string_view> env;      // variables, in the order applied (the last set one wins)
  std::string_view help;                  // one line
  bool affects_rules = true;              // false for flags that change no rule in a fresh pod
};

// A setting istio-iptables reads only from the environment.
struct EnvSettingSpec {
  std::string_view name;                  // the variable: "ISTIO_OUTBOUND_OWNER_GROUPS"
  std::string_view default_value;
  std::string_view help;
};

// istio-iptables' flags in its registration order.
const std::vector<FlagSpec>& istio_iptables_flags();
// The settings read only from the environment.
const std::vector<EnvSettingSpec>& env_only_settings();

// The flag with this long name (or single-letter shorthand), or nullptr.
const FlagSpec* find_flag(std::string_view name);
const FlagSpec* find_short_flag(char shorthand);

// Flag names (long names).
namespace flag {
inline constexpr std::string_view kEnvoyPort = "envoy-port";
inline constexpr std::string_view kInboundCapturePort = "inbound-capture-port";
inline constexpr std::string_view kInboundTunnelPort = "inbound-tunnel-port";
inline constexpr std::string_view kProxyUid = "proxy-uid";
inline constexpr std::string_view kProxyGid = "proxy-gid";
inline constexpr std::string_view kInterceptionMode = "istio-inbound-interception-mode";
inline constexpr std::string_view kInboundPorts = "istio-inbound-ports";
inline constexpr std::string_view kLocalExcludePorts = "istio-local-exclude-ports";
inline constexpr std::string_view kExcludeInterfaces = "istio-exclude-interfaces";
inline constexpr std::string_view kServiceCidr = "istio-service-cidr";
inline constexpr std::string_view kServiceExcludeCidr = "istio-service-exclude-cidr";
inline constexpr std::string_view kOutboundPorts = "istio-outbound-ports";
inline constexpr std::string_view kOutboundPortsExclude = "istio-local-outbound-ports-exclude";
inline constexpr std::string_view kKubeVirtInterfaces = "kube-virt-interfaces";
inline constexpr std::string_view kTproxyMark = "istio-inbound-tproxy-mark";
inline constexpr std::string_view kTproxyRouteTable = "istio-inbound-tproxy-route-table";
inline constexpr std::string_view kDryRun = "dry-run";
inline constexpr std::string_view kProbePort = "iptables-probe-port";
inline constexpr std::string_view kProbeTimeout = "probe-timeout";
inline constexpr std::string_view kSkipRuleApply = "skip-rule-apply";
inline constexpr std::string_view kRunValidation = "run-validation";
inline constexpr std::string_view kRedirectDns = "redirect-dns";
inline constexpr std::string_view kDropInvalid = "drop-invalid";
inline constexpr std::string_view kDualStack = "dual-stack";
inline constexpr std::string_view kCaptureAllDns = "capture-all-dns";
inline constexpr std::string_view kNetworkNamespace = "network-namespace";
inline constexpr std::string_view kCniMode = "cni-mode";
inline constexpr std::string_view kReconcile = "reconcile";
inline constexpr std::string_view kCleanupOnly = "cleanup-only";
inline constexpr std::string_view kForceApply = "force-apply";
inline constexpr std::string_view kNativeNftables = "native-nftables";
inline constexpr std::string_view kForceIptablesBinary = "force-iptables-binary";
}  // namespace flag

// Environment-only setting names.
namespace env {
inline constexpr std::string_view kOwnerGroups = "ISTIO_OUTBOUND_OWNER_GROUPS";
inline constexpr std::string_view kOwnerGroupsExclude = "ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE";
inline constexpr std::string_view kLoopbackCidr = "ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR";
}  // namespace env

}  // namespace sidecarctl::iptables
