// Rule matching and chain traversal for the explain walk.
#include "iptables/simulate.h"

#include "iptables/go_values.h"
#include "base/ip_prefix.h"

namespace sidecarctl::iptables {
namespace {

bool in_prefix(const std::string& address, const std::string& cidr) {
  auto a = parse_ip_address(address);
  std::string text = cidr.find('/') == std::string::npos ? cidr + (cidr.find(':') == std::string::npos ? "/32" : "/128") : cidr;
  auto p = parse_ip_prefix(text);
  if (!a || !p || a->v4 != p->address.v4) return false;
  int bits = p->bits;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
    if ((a->bytes[i] & mask) != (p->address.bytes[i] & mask)) return false;
  }
  return true;
}

bool iface_matches(const std::string& actual, const std::string& pattern) {
  if (actual.empty()) return false;
  if (!pattern.empty() && pattern.back() == '+') return actual.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
  return actual == pattern;
}

bool in_list(const std::string& value, const std::string& list) {
  for (const std::string& item : split_list(list)) {
    if (item == value) return true;
  }
  return false;
}

// Whether every match of `rule` holds for `p`.
bool matches(const Rule& rule, const Packet& p) {
  const std::vector<std::string>& t = rule.params;
  bool negate = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string& tok = t[i];
    if (tok == "!") {
      negate = true;
      continue;
    }
    if (tok == "-j") return true;
    if (tok == "-m") {
      ++i;  // module name; its options follow
      continue;
    }
    if (i + 1 >= t.size()) return false;
    const std::string& arg = t[++i];
    bool ok = true;
    if (tok == "-p") ok = p.proto == arg;
    else if (tok == "-s") ok = in_prefix(p.src, arg);
    else if (tok == "-d") ok = in_prefix(p.dst, arg);
    else if (tok == "-i") ok = iface_matches(p.in_iface, arg);
    else if (tok == "-o") ok = iface_matches(p.out_iface, arg);
    else if (tok == "--dport") ok = p.dport == arg;
    else if (tok == "--sport") ok = p.sport == arg;
    else if (tok == "--dports") ok = in_list(p.dport, arg);
    else if (tok == "--uid-owner") {
      if (!p.uid) return false;  // owner matches only locally generated packets
      ok = *p.uid == arg;
    } else if (tok == "--gid-owner") {
      if (!p.gid) return false;
      ok = *p.gid == arg;
    } else if (tok == "--ctstate") ok = in_list(p.ctstate, arg);
    else if (tok == "--mark") ok = p.mark == arg;
    if (ok == negate) return false;
    negate = false;
  }
  return true;
}

const ChainContents* find_chain(const std::vector<ChainContents>& chains, const std::string& table, const std::string& chain) {
  for (const ChainContents& c : chains) {
    if (c.table == table && c.chain == chain) return &c;
  }
  return nullptr;
}

// Option value after `name` in a target's options.
std::string option(const Rule& rule, const std::string& name) {
  for (std::size_t i = 0; i + 1 < rule.params.size(); ++i) {
    if (rule.params[i] == name) return rule.params[i + 1];
  }
  return "";
}

// Returns true when the walk ended with a terminal verdict.
bool run_chain(const std::vector<ChainContents>& chains, const std::string& table, const std::string& chain, Packet& p,
               Walk& w, int depth) {
  const ChainContents* c = find_chain(chains, table, chain);
  if (c == nullptr || depth > 16) return false;
  for (std::size_t i = 0; i < c->rules.size(); ++i) {
    const Rule& r = *c->rules[i];
    if (!matches(r, p)) continue;
    w.matched.push_back(TraceStep{&r, static_cast<int>(i + 1)});
    std::string target = r.target();
    if (target == "RETURN") return false;
    if (target == "REDIRECT") {
      w.verdict = "REDIRECT";
      w.to_port = option(r, "--to-ports").empty() ? option(r, "--to-port") : option(r, "--to-ports");
      return true;
    }
    if (target == "TPROXY") {
      w.verdict = "TPROXY";
      w.to_port = option(r, "--on-port");
      return true;
    }
    if (target == "ACCEPT" || target == "DROP") {
      w.verdict = target;
      return true;
    }
    if (target == "MARK") {
      p.mark = option(r, "--set-mark");
      continue;
    }
    if (target == "CT" || target == "CONNMARK" || target.empty()) continue;
    if (run_chain(chains, table, target, p, w, depth + 1)) return true;
  }
  return false;
}

}  // namespace

Walk walk(const std::vector<ChainContents>& chains, const std::string& table, const std::string& chain,
          const Packet& packet) {
  Walk w;
  Packet p = packet;
  run_chain(chains, table, chain, p, w, 0);
  return w;
}

}  // namespace sidecarctl::iptables
