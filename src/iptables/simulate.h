// A packet walk through generated rules: which rules a packet matches, in evaluation order,
// and what happens to it. Covers the matches and targets istio-iptables writes (-p, -s/-d,
// -i/-o, --dport/--sport, multiport --dports, owner, conntrack --ctstate, mark), nothing else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "iptables/ruleset.h"

namespace sidecarctl::iptables {

struct Packet {
  std::string proto = "tcp";
  std::string src;                  // address
  std::string dst;
  std::string sport = "43210";
  std::string dport;
  std::string in_iface;             // "" for locally generated packets
  std::string out_iface;            // "" for inbound packets before routing
  std::optional<std::string> uid;   // locally generated: the socket owner's uid
  std::optional<std::string> gid;
  std::string ctstate = "NEW";
  std::string mark = "0";
};

// One rule the packet matched.
struct TraceStep {
  const Rule* rule = nullptr;
  int index = 0;  // 1-based position in its chain
};

struct Walk {
  std::vector<TraceStep> matched;  // rules matched, in order
  std::string verdict;             // "REDIRECT", "TPROXY", "ACCEPT", "DROP" or "" (continues unchanged)
  std::string to_port;             // for REDIRECT / TPROXY
};

// Walks `packet` through `chain` of `table` (a built-in chain: "PREROUTING", "OUTPUT").
Walk walk(const std::vector<ChainContents>& chains, const std::string& table, const std::string& chain,
          const Packet& packet);

}  // namespace sidecarctl::iptables
