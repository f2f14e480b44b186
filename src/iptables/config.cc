// Validation and typing of istio-iptables settings.
#include "iptables/config.h"

#include "iptables/flag_spec.h"
#include "iptables/go_values.h"

namespace sidecarctl::iptables {
namespace {

// At most this many owner groups in an include list (istio-iptables' limit).
constexpr std::size_t kMaxOwnerGroupsInclude = 64;

class Reader {
 public:
  explicit Reader(const Settings& settings) : settings_(settings) {}

  const Setting& get(std::string_view name) const { return settings_.at(std::string(name)); }
  const std::string& text(std::string_view name) const { return get(name).value; }
  bool flag(std::string_view name) const { return parse_go_bool(text(name)).value_or(false); }

  // An error about setting `name`, naming it as the user wrote it and located at its origin.
  Error error(std::string_view name, const std::string& message) const {
    const Setting& s = get(name);
    std::string who = s.origin.kind == OriginKind::kDefault ? "--" + std::string(name) : s.origin.detail;
    if (who.empty()) who = "--" + std::string(name);
    return make_error(ErrorKind::kUsage, who + ": " + message, s.origin.loc);
  }

 private:
  const Settings& settings_;
};

Result<std::string> port(const Reader& r, std::string_view name, const std::string& value) {
  if (!parse_decimal(value, 65535) || value == "0" || (value.size() > 1 && value[0] == '0')) {
    return r.error(name, "invalid port \"" + value + "\" (want a number 1..65535)");
  }
  return value;
}

Result<std::vector<std::string>> port_list(const Reader& r, std::string_view name) {
  std::vector<std::string> ports;
  for (const std::string& item : split_list(r.text(name))) {
    TRY_ASSIGN(std::string p, port(r, name, item));
    ports.push_back(std::move(p));
  }
  return ports;
}

Result<std::vector<std::string>> id_list(const Reader& r, std::string_view name, std::string_view what) {
  std::vector<std::string> ids;
  for (const std::string& item : split_list(r.text(name))) {
    if (!parse_decimal(item, 4294967294ull)) {
      return r.error(name, "invalid " + std::string(what) + " \"" + item + "\" (want a number 0..4294967294)");
    }
    ids.push_back(item);
  }
  return ids;
}

Result<std::vector<std::string>> interface_list(const Reader& r, std::string_view name) {
  std::vector<std::string> names;
  for (const std::string& item : split_list(r.text(name))) {
    bool bad_char = item.find_first_of(" \t\n/:\"'") != std::string::npos;
    if (item.size() > 15 || bad_char) {
      return r.error(name, "invalid interface name \"" + item + "\" (at most 15 characters, no blanks, '/' or ':')");
    }
    names.push_back(item);
  }
  return names;
}

Result<CidrList> cidr_list(const Reader& r, std::string_view name) {
  CidrList list;
  const std::string& text = r.text(name);
  if (text == "*") {
    list.wildcard = true;
    return list;
  }
  for (const std::string& item : split_list(text)) {
    auto prefix = parse_ip_prefix(item);
    if (!prefix) return r.error(name, prefix.error().message);
    bool loopback = prefix->address.is_loopback();
    if (prefix->address.v4) {
      list.v4_has_loopback = list.v4_has_loopback || loopback;
      list.v4.push_back(std::move(prefix).value());
    } else {
      list.v6_has_loopback = list.v6_has_loopback || loopback;
      list.v6.push_back(std::move(prefix).value());
    }
  }
  return list;
}

Result<std::string> mark(const Reader& r, std::string_view name) {
  const std::string& text = r.text(name);
  bool ok = parse_decimal(text, 4294967295ull).has_value();
  if (!ok && text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') && text.size() <= 10) {
    ok = text.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string::npos;
  }
  if (!ok) return r.error(name, "invalid mark \"" + text + "\" (want a number)");
  return text;
}

}  // namespace

Result<std::vector<std::string>> parse_dns_servers(const std::string& list) {
  std::vector<std::string> servers;
  for (const std::string& item : split_list(list)) {
    auto addr = parse_ip_address(item);
    if (!addr) return make_error(ErrorKind::kUsage, "--dns-servers: " + addr.error().message);
    servers.push_back(item);
  }
  return servers;
}

Result<IptablesConfig> make_config(Settings settings, PodFacts facts) {
  IptablesConfig c;
  Reader r(settings);
  TRY_ASSIGN(c.proxy_port, port(r, flag::kEnvoyPort, r.text(flag::kEnvoyPort)));
  TRY_ASSIGN(c.inbound_capture_port, port(r, flag::kInboundCapturePort, r.text(flag::kInboundCapturePort)));
  TRY_ASSIGN(c.inbound_tunnel_port, port(r, flag::kInboundTunnelPort, r.text(flag::kInboundTunnelPort)));

  TRY_ASSIGN(c.proxy_uids, id_list(r, flag::kProxyUid, "uid"));
  if (r.text(flag::kProxyUid).empty()) {
    // istio-iptables looks up ENVOY_USER (istio-proxy) in the pod: 1337 in Istio's image.
    c.proxy_uids = {"1337"};
  } else if (c.proxy_uids.empty()) {
    return r.error(flag::kProxyUid, "no uid in \"" + r.text(flag::kProxyUid) + "\"");
  }
  TRY_ASSIGN(c.proxy_gids, id_list(r, flag::kProxyGid, "gid"));
  if (r.text(flag::kProxyGid).empty()) c.proxy_gids = c.proxy_uids;

  c.interception_mode = r.text(flag::kInterceptionMode);
  c.tproxy = c.interception_mode == "TPROXY";
  if (!c.tproxy && !c.interception_mode.empty() && c.interception_mode != "REDIRECT") {
    c.notes.push_back("interception mode \"" + c.interception_mode + "\" is not TPROXY: istio-iptables uses REDIRECT");
  }
  TRY_ASSIGN(c.tproxy_mark, mark(r, flag::kTproxyMark));
  TRY(mark(r, flag::kTproxyRouteTable));

  c.inbound_ports = r.text(flag::kInboundPorts);
  if (c.inbound_ports != "*") {
    TRY_ASSIGN(c.inbound_port_list, port_list(r, flag::kInboundPorts));
  }
  TRY_ASSIGN(c.inbound_exclude_ports, port_list(r, flag::kLocalExcludePorts));
  TRY_ASSIGN(c.exclude_interfaces, interface_list(r, flag::kExcludeInterfaces));
  TRY_ASSIGN(c.virt_interfaces, interface_list(r, flag::kKubeVirtInterfaces));

  TRY_ASSIGN(c.outbound_exclude, cidr_list(r, flag::kServiceExcludeCidr));
  if (c.outbound_exclude.wildcard) {
    return r.error(flag::kServiceExcludeCidr, "'*' is not allowed (istio-iptables: invalid value for OUTBOUND_IP_RANGES_EXCLUDE)");
  }
  TRY_ASSIGN(c.outbound_include, cidr_list(r, flag::kServiceCidr));
  TRY_ASSIGN(c.outbound_ports_include, port_list(r, flag::kOutboundPorts));
  TRY_ASSIGN(c.outbound_ports_exclude, port_list(r, flag::kOutboundPortsExclude));

  const std::string& include_groups = r.text(env::kOwnerGroups);
  if (include_groups == "*") {
    c.owner_groups = {split_list(r.text(env::kOwnerGroupsExclude)), true};
  } else {
    c.owner_groups = {split_list(include_groups), false};
    if (c.owner_groups.values.size() > kMaxOwnerGroupsInclude) {
      return r.error(env::kOwnerGroups, "number of owner groups whose outgoing traffic should be redirected to Envoy cannot exceed 64, got " +
                                            std::to_string(c.owner_groups.values.size()));
    }
  }
  for (const std::string& group : c.owner_groups.values) {
    if (group.find_first_of(" \t\n\"'") != std::string::npos) {
      return r.error(c.owner_groups.except ? env::kOwnerGroupsExclude : env::kOwnerGroups, "invalid group \"" + group + "\"");
    }
  }

  c.loopback_cidr_v4 = r.text(env::kLoopbackCidr);
  {
    auto prefix = parse_ip_prefix(c.loopback_cidr_v4);
    if (!prefix) return r.error(env::kLoopbackCidr, "failed to parse CIDR " + c.loopback_cidr_v4 + ": " + prefix.error().message);
    if (!prefix->address.v4 || !prefix->address.is_loopback()) {
      return r.error(env::kLoopbackCidr, "expected valid IPv4 loopback address in CIDR " + c.loopback_cidr_v4 + "; found " + prefix->address.to_string());
    }
    if (prefix->bits < 8) {
      return r.error(env::kLoopbackCidr, "expected CIDR " + c.loopback_cidr_v4 + " to have mask in range [8, 32]; found " + std::to_string(prefix->bits));
    }
  }
  const std::string& binary = r.text(flag::kForceIptablesBinary);
  if (!binary.empty() && binary != "legacy" && binary != "nft") {
    return r.error(flag::kForceIptablesBinary, "invalid FORCE_IPTABLES_BINARY value \"" + binary + "\" (want legacy or nft)");
  }
  if (r.flag(flag::kNativeNftables)) {
    return r.error(flag::kNativeNftables, "istio-iptables would program nftables, which iptables-preview does not model");
  }

  c.ipv6 = facts.ipv6;
  for (const std::string& server : facts.dns_servers) {
    auto addr = parse_ip_address(server);
    if (!addr) return make_error(ErrorKind::kUsage, facts.dns_origin.detail + ": " + addr.error().message, facts.dns_origin.loc);
    (addr->v4 ? c.dns_v4 : c.dns_v6).push_back(server);
  }
  c.redirect_dns_requested = r.flag(flag::kRedirectDns);
  c.capture_all_dns = r.flag(flag::kCaptureAllDns);
  c.redirect_dns = c.redirect_dns_requested;
  if (c.redirect_dns && !c.capture_all_dns && c.dns_v4.empty() && c.dns_v6.empty()) {
    c.redirect_dns = false;
    c.notes.push_back("redirect-dns is set but capture-all-dns is not and no DNS servers are known (--dns-servers): DNS capture is off");
  }
  c.drop_invalid = r.flag(flag::kDropInvalid);
  c.skip_rule_apply = r.flag(flag::kSkipRuleApply);
  c.cleanup_only = r.flag(flag::kCleanupOnly);
  c.settings = std::move(settings);
  c.facts = std::move(facts);
  return c;
}

}  // namespace sidecarctl::iptables
