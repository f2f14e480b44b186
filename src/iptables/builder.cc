// Rule generation, in istio-iptables' order (see ../shared/conformance/iptables/README.md,
// "Order of the generated rules"): interfaces, drop-invalid, the redirect chains, inbound,
// outbound exclusions, proxy uid/gid rules, owner groups, DNS, outbound inclusions, TPROXY marks.
#include "iptables/builder.h"

#include <functional>
#include <initializer_list>

namespace sidecarctl::iptables {
namespace {

constexpr const char* kInbound = "ISTIO_INBOUND";
constexpr const char* kOutput = "ISTIO_OUTPUT";
constexpr const char* kOutputDns = "ISTIO_OUTPUT_DNS";
constexpr const char* kRedirect = "ISTIO_REDIRECT";
constexpr const char* kInRedirect = "ISTIO_IN_REDIRECT";
constexpr const char* kDivert = "ISTIO_DIVERT";
constexpr const char* kTproxy = "ISTIO_TPROXY";
constexpr const char* kDrop = "ISTIO_DROP";
constexpr const char* kOutboundMark = "1338";
constexpr const char* kDnsPort = "15053";

using Tokens = std::vector<std::string>;

enum class Fam { kBoth, kV4, kV6 };

class Emitter {
 public:
  explicit Emitter(RuleSet& set) : set_(set) {}

  void append(Fam fam, const char* table, const std::string& chain, Tokens params, std::string purpose) {
    add(fam, Rule{table, chain, false, 0, std::move(params), std::move(purpose)});
  }
  void insert(Fam fam, const char* table, const std::string& chain, int position, Tokens params, std::string purpose) {
    add(fam, Rule{table, chain, true, position, std::move(params), std::move(purpose)});
  }
  // A rule whose text differs per family only by one address (AppendVersionedRule).
  void append_versioned(const std::string& v4, const std::string& v6, const char* table, const std::string& chain,
                        const std::function<Tokens(const std::string&)>& make, const std::string& purpose) {
    append(Fam::kV4, table, chain, make(v4), purpose);
    append(Fam::kV6, table, chain, make(v6), purpose);
  }

 private:
  void add(Fam fam, Rule rule) {
    if (fam != Fam::kV6) set_.v4.rules.push_back(rule);
    if (fam != Fam::kV4 && set_.ipv6) set_.v6.rules.push_back(std::move(rule));
  }
  RuleSet& set_;
};

class Builder {
 public:
  Builder(const IptablesConfig& c, RuleSet& set) : c_(c), e_(set) {}

  void run() {
    exclude_interfaces();
    for (const std::string& iface : c_.virt_interfaces) {
      e_.insert(Fam::kBoth, "nat", "PREROUTING", 1, {"-i", iface, "-j", "RETURN"},
                "virtual interface " + iface + ": skip inbound capture");
    }
    if (c_.drop_invalid) {
      e_.append(Fam::kBoth, "mangle", "PREROUTING", {"-m", "conntrack", "--ctstate", "INVALID", "-j", kDrop},
                "drop-invalid: conntrack INVALID packets");
      e_.append(Fam::kBoth, "mangle", kDrop, {"-j", "DROP"}, "drop-invalid");
    }
    e_.append(Fam::kBoth, "nat", kInbound, {"-p", "tcp", "--dport", c_.inbound_tunnel_port, "-j", "RETURN"},
              "tunnel port: never captured");
    e_.append(Fam::kBoth, "nat", kRedirect, {"-p", "tcp", "-j", "REDIRECT", "--to-ports", c_.proxy_port},
              "outbound capture: to Envoy's outbound listener");
    e_.append(Fam::kBoth, "nat", kInRedirect, {"-p", "tcp", "-j", "REDIRECT", "--to-ports", c_.inbound_capture_port},
              "inbound capture: to Envoy's inbound listener");
    inbound();
    e_.append(Fam::kBoth, "nat", "OUTPUT", {"-j", kOutput}, "all locally generated traffic goes through ISTIO_OUTPUT");
    for (const std::string& p : c_.outbound_ports_exclude) {
      e_.append(Fam::kBoth, "nat", kOutput, {"-p", "tcp", "--dport", p, "-j", "RETURN"}, "excluded outbound port " + p);
      e_.append(Fam::kBoth, "nat", kOutput, {"-p", "udp", "--dport", p, "-j", "RETURN"}, "excluded outbound port " + p);
    }
    e_.append_versioned("127.0.0.6/32", "::6/128", "nat", kOutput,
                        [](const std::string& a) { return Tokens{"-o", "lo", "-s", a, "-j", "RETURN"}; },
                        "Envoy's inbound passthrough (source 127.0.0.6): not captured");
    owner_rules("--uid-owner", c_.proxy_uids, true);
    owner_rules("--gid-owner", c_.proxy_gids, false);
    owner_groups();
    if (c_.redirect_dns) dns();
    e_.append_versioned(c_.loopback_cidr_v4, "::1/128", "nat", kOutput,
                        [](const std::string& a) { return Tokens{"-d", a, "-j", "RETURN"}; },
                        "traffic to localhost: not captured");
    for (const IpPrefix& p : c_.outbound_exclude.v4) {
      e_.append(Fam::kV4, "nat", kOutput, {"-d", p.to_string(), "-j", "RETURN"}, "excluded outbound CIDR");
    }
    for (const IpPrefix& p : c_.outbound_exclude.v6) {
      e_.append(Fam::kV6, "nat", kOutput, {"-d", p.to_string(), "-j", "RETURN"}, "excluded outbound CIDR");
    }
    for (const std::string& p : c_.outbound_ports_include) {
      e_.append(Fam::kBoth, "nat", kOutput, {"-p", "tcp", "--dport", p, "-j", kRedirect}, "included outbound port " + p);
    }
    outbound_include(Fam::kV4, c_.outbound_include.v4);
    outbound_include(Fam::kV6, c_.outbound_include.v6);
    if (c_.tproxy) tproxy_marks();
  }

 private:
  void exclude_interfaces() {
    for (const std::string& iface : c_.exclude_interfaces) {
      e_.append(Fam::kBoth, "nat", "PREROUTING", {"-i", iface, "-j", "RETURN"}, "excluded interface " + iface);
      e_.append(Fam::kBoth, "nat", "OUTPUT", {"-o", iface, "-j", "RETURN"}, "excluded interface " + iface);
    }
    if (!c_.tproxy) return;
    for (const std::string& iface : c_.exclude_interfaces) {
      e_.append(Fam::kBoth, "mangle", "PREROUTING", {"-i", iface, "-j", "RETURN"}, "excluded interface " + iface);
      e_.append(Fam::kBoth, "mangle", "OUTPUT", {"-o", iface, "-j", "RETURN"}, "excluded interface " + iface);
    }
  }

  void inbound() {
    if (c_.inbound_ports.empty()) return;
    const char* table = c_.tproxy ? "mangle" : "nat";
    if (c_.tproxy) {
      e_.append(Fam::kBoth, "mangle", kDivert, {"-j", "MARK", "--set-mark", c_.tproxy_mark}, "TPROXY: mark diverted packets");
      e_.append(Fam::kBoth, "mangle", kDivert, {"-j", "ACCEPT"}, "TPROXY: accept diverted packets");
      e_.append_versioned(c_.loopback_cidr_v4, "::1/128", "mangle", kTproxy,
                          [this](const std::string& a) {
                            return Tokens{"!", "-d", a, "-p", "tcp", "-j", "TPROXY", "--tproxy-mark",
                                          c_.tproxy_mark + "/0xffffffff", "--on-port", c_.inbound_capture_port};
                          },
                          "TPROXY: to Envoy's inbound listener");
    }
    e_.append(Fam::kBoth, table, "PREROUTING", {"-p", "tcp", "-j", kInbound}, "inbound TCP goes through ISTIO_INBOUND");
    if (c_.inbound_ports == "*") {
      for (const std::string& p : c_.inbound_exclude_ports) {
        e_.append(Fam::kBoth, table, kInbound, {"-p", "tcp", "--dport", p, "-j", "RETURN"}, "excluded inbound port " + p);
      }
      if (c_.tproxy) {
        e_.append(Fam::kBoth, "mangle", kInbound,
                  {"-p", "tcp", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", kDivert},
                  "TPROXY: packets of established inbound connections");
        e_.append(Fam::kBoth, "mangle", kInbound, {"-p", "tcp", "-j", kTproxy}, "TPROXY: new inbound connections");
      } else {
        e_.append(Fam::kBoth, "nat", kInbound, {"-p", "tcp", "-j", kInRedirect}, "inbound capture: every other port");
      }
      return;
    }
    for (const std::string& p : c_.inbound_port_list) {
      if (c_.tproxy) {
        e_.append(Fam::kBoth, "mangle", kInbound,
                  {"-p", "tcp", "--dport", p, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", kDivert},
                  "TPROXY: established connections to inbound port " + p);
        e_.append(Fam::kBoth, "mangle", kInbound, {"-p", "tcp", "--dport", p, "-j", kTproxy},
                  "TPROXY: inbound port " + p);
      } else {
        e_.append(Fam::kBoth, "nat", kInbound, {"-p", "tcp", "--dport", p, "-j", kInRedirect}, "inbound capture: port " + p);
      }
    }
  }

  // The three rules per proxy uid (or gid): loopback redirect back through Envoy, the app's own
  // loopback traffic left alone, and the proxy's own traffic never captured.
  void owner_rules(const std::string& match, const std::vector<std::string>& ids, bool uid) {
    bool loopback_included = c_.outbound_include.v4_has_loopback || c_.outbound_include.v6_has_loopback;
    for (const std::string& id : ids) {
      e_.append_versioned(c_.loopback_cidr_v4, "::1/128", "nat", kOutput,
                          [&](const std::string& a) {
                            Tokens t{"-o", "lo", "!", "-d", a, "-p", "tcp"};
                            if (c_.redirect_dns && uid) {
                              t.insert(t.end(), {"-m", "multiport", "!", "--dports", "53," + c_.inbound_tunnel_port});
                            } else {
                              t.insert(t.end(), {"!", "--dport", c_.inbound_tunnel_port});
                            }
                            t.insert(t.end(), {"-m", "owner", match, id, "-j", kInRedirect});
                            return t;
                          },
                          "proxy " + std::string(uid ? "uid " : "gid ") + id + " calling a pod address over lo: back through Envoy inbound");
      if (!loopback_included) {
        Tokens t{"-o", "lo"};
        if (c_.redirect_dns) t.insert(t.end(), {"-p", "tcp", "!", "--dport", "53"});
        t.insert(t.end(), {"-m", "owner", "!", match, id, "-j", "RETURN"});
        e_.append(Fam::kBoth, "nat", kOutput, std::move(t), "app traffic over lo: not captured");
      }
      e_.append(Fam::kBoth, "nat", kOutput, {"-m", "owner", match, id, "-j", "RETURN"},
                "the proxy's own traffic (" + std::string(uid ? "uid " : "gid ") + id + "): never captured");
    }
  }

  void owner_groups() {
    const OwnerGroupFilter& f = c_.owner_groups;
    if (f.except) {
      for (const std::string& g : f.values) {
        e_.append(Fam::kBoth, "nat", kOutput, {"-m", "owner", "--gid-owner", g, "-j", "RETURN"}, "excluded owner group " + g);
      }
      return;
    }
    Tokens t;
    for (const std::string& g : f.values) t.insert(t.end(), {"-m", "owner", "!", "--gid-owner", g});
    t.insert(t.end(), {"-j", "RETURN"});
    e_.append(Fam::kBoth, "nat", kOutput, std::move(t), "traffic of groups not in ISTIO_OUTBOUND_OWNER_GROUPS: not captured");
  }

  void dns() {
    bool all = c_.capture_all_dns;
    e_.append(Fam::kBoth, "raw", "OUTPUT", {"-j", kOutputDns}, "DNS conntrack zones");
    if (all || !c_.dns_v4.empty()) e_.append(Fam::kV4, "nat", kOutput, {"-j", kOutputDns}, "DNS capture");
    if (all || !c_.dns_v6.empty()) e_.append(Fam::kV6, "nat", kOutput, {"-j", kOutputDns}, "DNS capture");
    for (const char* proto : {"tcp", "udp"}) {
      // istio-iptables writes --to-ports for TCP and --to-port for UDP.
      std::string to = std::string(proto) == "tcp" ? "--to-ports" : "--to-port";
      if (all) {
        e_.append(Fam::kBoth, "nat", kOutputDns, {"-p", proto, "--dport", "53", "-j", "REDIRECT", to, kDnsPort},
                  "DNS (" + std::string(proto) + "/53) to the agent's DNS proxy");
        continue;
      }
      for (const std::string& s : c_.dns_v4) {
        e_.append(Fam::kV4, "nat", kOutputDns, {"-p", proto, "--dport", "53", "-d", s + "/32", "-j", "REDIRECT", to, kDnsPort},
                  "DNS to " + s + " to the agent's DNS proxy");
      }
      for (const std::string& s : c_.dns_v6) {
        e_.append(Fam::kV6, "nat", kOutputDns, {"-p", proto, "--dport", "53", "-d", s + "/128", "-j", "REDIRECT", to, kDnsPort},
                  "DNS to " + s + " to the agent's DNS proxy");
      }
    }
    auto zones = [&](const std::string& match, const std::vector<std::string>& ids) {
      for (const std::string& id : ids) {
        e_.append(Fam::kBoth, "raw", kOutputDns, {"-p", "udp", "--dport", "53", "-m", "owner", match, id, "-j", "CT", "--zone", "1"},
                  "the proxy's DNS queries upstream: conntrack zone 1");
        e_.append(Fam::kBoth, "raw", kOutputDns, {"-p", "udp", "--sport", kDnsPort, "-m", "owner", match, id, "-j", "CT", "--zone", "2"},
                  "the DNS proxy's answers to apps: conntrack zone 2");
      }
    };
    zones("--uid-owner", c_.proxy_uids);
    zones("--gid-owner", c_.proxy_gids);
    if (all) {
      e_.append(Fam::kBoth, "raw", "PREROUTING", {"-j", kInbound}, "DNS answers: conntrack zone");
      e_.append(Fam::kBoth, "raw", kOutputDns, {"-p", "udp", "--dport", "53", "-j", "CT", "--zone", "2"}, "app DNS queries: zone 2");
      e_.append(Fam::kBoth, "raw", kInbound, {"-p", "udp", "--sport", "53", "-j", "CT", "--zone", "1"}, "DNS answers: zone 1");
      return;
    }
    auto per_server = [&](Fam fam, const std::vector<std::string>& servers, const std::string& bits) {
      if (!servers.empty()) e_.append(fam, "raw", "PREROUTING", {"-j", kInbound}, "DNS answers: conntrack zone");
      for (const std::string& s : servers) {
        e_.append(fam, "raw", kOutputDns, {"-p", "udp", "--dport", "53", "-d", s + bits, "-j", "CT", "--zone", "2"},
                  "app DNS queries to " + s + ": zone 2");
        e_.append(fam, "raw", kInbound, {"-p", "udp", "--sport", "53", "-s", s + bits, "-j", "CT", "--zone", "1"},
                  "DNS answers from " + s + ": zone 1");
      }
    };
    per_server(Fam::kV4, c_.dns_v4, "/32");
    per_server(Fam::kV6, c_.dns_v6, "/128");
  }

  void outbound_include(Fam fam, const std::vector<IpPrefix>& cidrs) {
    if (c_.outbound_include.wildcard) {
      e_.append(fam, "nat", kOutput, {"-j", kRedirect}, "outbound capture: everything else");
      for (const std::string& iface : c_.virt_interfaces) {
        e_.insert(fam, "nat", "PREROUTING", 1, {"-i", iface, "-j", kRedirect}, "virtual interface " + iface + ": treated as outbound");
      }
      return;
    }
    for (const IpPrefix& p : cidrs) {
      std::string cidr = p.to_string();
      for (const std::string& iface : c_.virt_interfaces) {
        e_.insert(fam, "nat", "PREROUTING", 1, {"-i", iface, "-d", cidr, "-j", kRedirect},
                  "virtual interface " + iface + " to " + cidr + ": treated as outbound");
      }
      e_.append(fam, "nat", kOutput, {"-d", cidr, "-j", kRedirect}, "outbound capture: " + cidr);
    }
  }

  void tproxy_marks() {
    const std::string& mark = c_.tproxy_mark;
    e_.append(Fam::kBoth, "mangle", "PREROUTING", {"-p", "tcp", "-m", "mark", "--mark", mark, "-j", "CONNMARK", "--save-mark"},
              "TPROXY: keep the mark on the connection");
    e_.append(Fam::kBoth, "mangle", "OUTPUT", {"-p", "tcp", "-o", "lo", "-m", "mark", "--mark", mark, "-j", "RETURN"},
              "TPROXY: already marked");
    auto mark_owner = [&](const std::string& match, const std::vector<std::string>& ids) {
      for (const std::string& id : ids) {
        e_.append_versioned(c_.loopback_cidr_v4, "::1/128", "mangle", "OUTPUT",
                            [&](const std::string& a) {
                              return Tokens{"!", "-d", a, "-p", "tcp", "-o", "lo", "-m", "owner", match, id,
                                            "-j", "MARK", "--set-mark", kOutboundMark};
                            },
                            "TPROXY: Envoy to the app by pod address");
      }
    };
    mark_owner("--uid-owner", c_.proxy_uids);
    mark_owner("--gid-owner", c_.proxy_gids);
    e_.append(Fam::kBoth, "mangle", "OUTPUT", {"-p", "tcp", "-m", "connmark", "--mark", mark, "-j", "CONNMARK", "--restore-mark"},
              "TPROXY: restore the connection mark for policy routing");
    e_.insert(Fam::kBoth, "mangle", kInbound, 1, {"-p", "tcp", "-m", "mark", "--mark", mark, "-j", "RETURN"},
              "TPROXY: already diverted");
    e_.insert(Fam::kV4, "mangle", kInbound, 2, {"-p", "tcp", "-s", "127.0.0.6/32", "-i", "lo", "-j", "RETURN"},
              "TPROXY: Envoy's inbound passthrough");
    e_.insert(Fam::kV6, "mangle", kInbound, 2, {"-p", "tcp", "-s", "::6/128", "-i", "lo", "-j", "RETURN"},
              "TPROXY: Envoy's inbound passthrough");
    e_.insert(Fam::kBoth, "mangle", kInbound, 3, {"-p", "tcp", "-i", "lo", "-m", "mark", "!", "--mark", kOutboundMark, "-j", "RETURN"},
              "TPROXY: app to app by pod address");
  }

  const IptablesConfig& c_;
  Emitter e_;
};

}  // namespace

RuleSet build_rules(const IptablesConfig& config) {
  RuleSet set;
  set.ipv6 = config.ipv6;
  set.installs = config.installs_rules();
  if (!set.installs) return set;
  Builder(config, set).run();
  return set;
}

}  // namespace sidecarctl::iptables
