// The rule model: the rules istio-iptables generates per IP family, in generation order, and
// the views renderers need (table blocks with chain declarations; chains as the kernel holds them).
#pragma once

#include <string>
#include <vector>

namespace sidecarctl::iptables {

enum class Family { kV4, kV6 };

struct Rule {
  std::string table;                // "nat", "mangle", "raw", "filter"
  std::string chain;                // "ISTIO_OUTPUT", "PREROUTING"...
  bool insert = false;              // -I chain position (else -A chain)
  int position = 0;                 // 1-based, for inserts
  std::vector<std::string> params;  // the match and target tokens after the chain (and position)
  std::string purpose;              // why the rule exists, one short phrase

  // "-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN" / "-I PREROUTING 1 -i eth1 -j RETURN".
  std::string text() const;
  // The jump target (the token after the last "-j"), or "".
  std::string target() const;
};

// One family's rules.
struct FamilyRules {
  Family family = Family::kV4;
  std::vector<Rule> rules;
};

struct RuleSet {
  FamilyRules v4{Family::kV4, {}};
  FamilyRules v6{Family::kV6, {}};
  bool ipv6 = false;      // v6 is rendered
  bool installs = true;   // false: istio-iptables installs nothing (skip-rule-apply, cleanup-only)
};

// One table's part of an iptables-restore payload.
struct TableBlock {
  std::string table;
  std::vector<std::string> new_chains;  // the "-N" chains, in declaration order
  std::vector<const Rule*> rules;       // in generation order
};

// The restore payload's blocks: tables with rules in sorted order; in each, chains in order of
// first use by a rule, then chains only jumped to; built-in chains and targets never declared.
std::vector<TableBlock> restore_blocks(const FamilyRules& rules);

// A chain as the kernel holds it once every -A/-I is applied.
struct ChainContents {
  std::string table;
  std::string chain;
  bool builtin = false;
  std::vector<const Rule*> rules;  // in evaluation order
};

// Every chain with rules (or declared), per table in restore order, rules in evaluation order.
std::vector<ChainContents> chain_contents(const FamilyRules& rules);

// Whether iptables knows `name` without a -N (built-in chains and the standard targets).
bool is_builtin_chain(const std::string& name);

}  // namespace sidecarctl::iptables
