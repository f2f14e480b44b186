// `--format explain`: the packet paths through the generated rules, then the settings.
#include "iptables/explain.h"

#include <algorithm>

#include "iptables/flag_spec.h"
#include "iptables/simulate.h"

namespace sidecarctl::iptables {
namespace {

constexpr const char* kPodAddress = "10.244.0.5";
constexpr const char* kRemoteAddress = "10.96.0.20";
constexpr const char* kPeerAddress = "10.244.1.7";
constexpr const char* kAppUid = "1000";

struct Path {
  std::string title;
  Packet packet;
  bool inbound = false;
};

bool is_action_chain(const std::string& chain) {
  return chain == "ISTIO_REDIRECT" || chain == "ISTIO_IN_REDIRECT" || chain == "ISTIO_DIVERT" || chain == "ISTIO_TPROXY";
}

std::string port_owner(const IptablesConfig& c, const std::string& port) {
  if (port == c.proxy_port) return " (Envoy's outbound listener)";
  if (port == c.inbound_capture_port) return " (Envoy's inbound listener)";
  if (port == "15053") return " (the istio-agent DNS proxy)";
  return "";
}

// Walks one path through the tables that can change where it goes, in kernel order.
std::string describe(const Path& path, const std::vector<ChainContents>& chains, const IptablesConfig& c) {
  std::vector<std::string> tables = path.inbound ? std::vector<std::string>{"mangle", "nat"}
                                                 : std::vector<std::string>{"nat"};
  std::string hook = path.inbound ? "PREROUTING" : "OUTPUT";
  Walk result;
  std::string decided_in;
  for (const std::string& table : tables) {
    Walk w = walk(chains, table, hook, path.packet);
    result.matched.insert(result.matched.end(), w.matched.begin(), w.matched.end());
    if (!w.verdict.empty() && w.verdict != "ACCEPT") {
      result.verdict = w.verdict;
      result.to_port = w.to_port;
      decided_in = table;
      break;
    }
  }
  std::string out = "  " + path.title + "\n";
  std::string outcome;
  if (result.verdict == "REDIRECT") outcome = "captured: REDIRECT to port " + result.to_port + port_owner(c, result.to_port);
  else if (result.verdict == "TPROXY") outcome = "captured: TPROXY to port " + result.to_port + port_owner(c, result.to_port) + ", original destination kept";
  else if (result.verdict == "DROP") outcome = "dropped";
  else outcome = "not captured: goes to " + path.packet.dst + ":" + path.packet.dport + " directly";
  if (path.packet.dport == "53" && !c.redirect_dns) {
    outcome += c.redirect_dns_requested ? " (DNS capture is off: no --dns-servers and no --capture-all-dns)"
                                        : " (DNS capture is off: --redirect-dns is not set)";
  }
  out += "    => " + outcome + "\n";
  if (!result.matched.empty()) {
    std::string trail;
    for (const TraceStep& s : result.matched) {
      std::string hop = s.rule->table + " " + s.rule->chain;
      if (trail.find(hop) == std::string::npos) trail += (trail.empty() ? "" : " -> ") + hop;
    }
    out += "    path: " + trail + "\n";
  }
  const TraceStep* deciding = nullptr;
  for (const TraceStep& s : result.matched) {
    if (!is_action_chain(s.rule->chain)) deciding = &s;
  }
  if (deciding != nullptr && (deciding->rule->target() == "RETURN" || !result.verdict.empty())) {
    out += "    deciding rule: " + deciding->rule->table + " " + deciding->rule->chain + " #" + std::to_string(deciding->index) +
           ": " + deciding->rule->text() + "\n";
    if (!deciding->rule->purpose.empty()) out += "      (" + deciding->rule->purpose + ")\n";
  } else if (result.verdict.empty()) {
    out += "    deciding rule: none matched; the packet leaves the chains unchanged\n";
  }
  return out;
}

std::string first_or(const std::vector<std::string>& list, const std::string& fallback) {
  return list.empty() ? fallback : list.front();
}

std::vector<Path> paths(const IptablesConfig& c) {
  std::vector<Path> out;
  auto inbound = [&](const std::string& title, const std::string& port) {
    Packet p;
    p.src = kPeerAddress;
    p.dst = kPodAddress;
    p.dport = port;
    p.in_iface = "eth0";
    out.push_back(Path{title, p, true});
  };
  auto outbound = [&](const std::string& title, const std::string& proto, const std::string& dst, const std::string& port,
                      const std::string& uid, const std::string& gid, const std::string& iface) {
    Packet p;
    p.proto = proto;
    p.src = iface == "lo" ? "127.0.0.1" : kPodAddress;
    p.dst = dst;
    p.dport = port;
    p.out_iface = iface;
    p.uid = uid;
    p.gid = gid;
    out.push_back(Path{title, p, false});
  };
  // Inbound: an app port, then an excluded one.
  std::string app_port;
  if (c.inbound_ports == "*") {
    for (const std::string& port : c.facts.app_ports) {
      if (std::find(c.inbound_exclude_ports.begin(), c.inbound_exclude_ports.end(), port) == c.inbound_exclude_ports.end()) {
        app_port = port;
        break;
      }
    }
    if (app_port.empty()) app_port = "8080";
  } else {
    app_port = first_or(c.inbound_port_list, first_or(c.facts.app_ports, "8080"));
  }
  inbound("Inbound TCP to app port " + app_port + " from " + std::string(kPeerAddress) + " on eth0", app_port);
  if (c.inbound_ports == "*" && !c.inbound_exclude_ports.empty()) {
    inbound("Inbound TCP to excluded port " + c.inbound_exclude_ports.front(), c.inbound_exclude_ports.front());
  } else if (!c.inbound_ports.empty() && c.inbound_ports != "*") {
    inbound("Inbound TCP to port 15021, not in the inbound port list", "15021");
  }
  inbound("Inbound TCP to the tunnel port " + c.inbound_tunnel_port, c.inbound_tunnel_port);
  // Outbound from the app.
  std::string remote = kRemoteAddress;
  if (!c.outbound_include.wildcard && !c.outbound_include.v4.empty()) remote = c.outbound_include.v4.front().address.to_string();
  std::string uid = c.proxy_uids.front();
  std::string gid = c.proxy_gids.empty() ? uid : c.proxy_gids.front();
  outbound("Outbound TCP from the app (uid " + std::string(kAppUid) + ") to " + remote + ":80", "tcp", remote, "80", kAppUid, kAppUid, "eth0");
  if (!c.outbound_exclude.v4.empty()) {
    std::string excluded = c.outbound_exclude.v4.front().address.to_string();
    outbound("Outbound TCP from the app to excluded " + c.outbound_exclude.v4.front().to_string() + " (" + excluded + ":80)", "tcp",
             excluded, "80", kAppUid, kAppUid, "eth0");
  }
  if (!c.outbound_ports_exclude.empty()) {
    outbound("Outbound TCP from the app to excluded port " + c.outbound_ports_exclude.front(), "tcp", remote,
             c.outbound_ports_exclude.front(), kAppUid, kAppUid, "eth0");
  }
  outbound("Outbound TCP from the proxy (uid " + uid + ", gid " + gid + ") to " + remote + ":80", "tcp", remote, "80", uid, gid, "eth0");
  outbound("The app to localhost (127.0.0.1:8080 over lo)", "tcp", "127.0.0.1", "8080", kAppUid, kAppUid, "lo");
  outbound("The proxy to the app by pod address (" + std::string(kPodAddress) + ":" + app_port + " over lo)", "tcp", kPodAddress,
           app_port, uid, gid, "lo");
  std::string dns = c.dns_v4.empty() ? "10.96.0.10" : c.dns_v4.front();
  outbound("DNS: the app's UDP query to " + dns + ":53", "udp", dns, "53", kAppUid, kAppUid, "eth0");
  return out;
}

std::string settings_text(const IptablesConfig& c) {
  std::string out = "Effective settings (value, then where it came from):\n";
  auto line = [&](const std::string& name, const std::string& value, const std::string& origin) {
    std::string label = "  " + name;
    if (label.size() < 42) label.resize(42, ' ');
    std::string shown = value.empty() ? "\"\"" : value;
    if (shown.size() < 22) shown.resize(22, ' ');
    out += label + " " + shown + " " + origin + "\n";
  };
  for (const FlagSpec& spec : istio_iptables_flags()) {
    const Setting& s = c.settings.at(std::string(spec.name));
    if (!spec.affects_rules && s.origin.kind == OriginKind::kDefault) continue;
    std::string name = (spec.shorthand != 0 ? std::string("-") + spec.shorthand + " " : std::string()) + "--" + std::string(spec.name);
    std::string origin = s.origin.describe();
    if (std::string(spec.name) == "proxy-uid" && s.value.empty()) origin += " (empty: the istio-proxy user, 1337 in Istio's image)";
    if (std::string(spec.name) == "proxy-gid" && s.value.empty()) origin += " (empty: the proxy uids)";
    line(name, s.value, origin);
  }
  for (const EnvSettingSpec& spec : env_only_settings()) {
    const Setting& s = c.settings.at(std::string(spec.name));
    line(std::string(spec.name), s.value, s.origin.describe());
  }
  line("IPv6 (pod has an IPv6 address)", c.ipv6 ? "true" : "false", c.facts.ipv6_origin.describe());
  std::string servers;
  for (const std::string& s : c.facts.dns_servers) servers += (servers.empty() ? "" : ",") + s;
  line("DNS servers (resolv.conf)", servers, c.facts.dns_origin.describe());
  return out;
}

}  // namespace

std::string render_explain(const RuleSet& set, const IptablesConfig& config, const std::string& title) {
  std::string out = title.empty() ? "iptables-preview: the rules istio-iptables installs with these flags\n"
                                  : "iptables-preview: " + title + "\n";
  for (const std::string& note : config.source_notes) out += "  note: " + note + "\n";
  for (const std::string& note : config.notes) out += "  warning: " + note + "\n";
  out += "\n";
  if (!set.installs) {
    out += "No rules: istio-iptables installs nothing with " +
           std::string(config.cleanup_only ? "--cleanup-only" : "--skip-rule-apply") + ". Every packet goes where it was sent.\n\n";
    return out + settings_text(config);
  }
  std::size_t v4_rules = set.v4.rules.size();
  out += "Rules: " + std::to_string(v4_rules) + " IPv4";
  if (set.ipv6) out += " and " + std::to_string(set.v6.rules.size()) + " IPv6";
  out += " (see --format restore); inbound mode " + std::string(config.tproxy ? "TPROXY (mangle table)" : "REDIRECT (nat table)") + ".\n\n";
  out += "Packet paths (IPv4; pod address " + std::string(kPodAddress) + "):\n";
  std::vector<ChainContents> chains = chain_contents(set.v4);
  std::vector<Path> walks = paths(config);
  for (std::size_t i = 0; i < walks.size(); ++i) {
    out += std::to_string(i + 1) + ".";
    out += describe(walks[i], chains, config).substr(1);
  }
  if (set.ipv6) out += "IPv6 takes the same paths through the ip6tables rules, with ::1/128 for localhost and ::6/128 for Envoy's passthrough source.\n";
  out += "\n" + settings_text(config);
  return out;
}

}  // namespace sidecarctl::iptables
