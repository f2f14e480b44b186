// Restore blocks and chain layouts derived from generated rules.
#include "iptables/ruleset.h"

#include <algorithm>
#include <set>

namespace sidecarctl::iptables {

std::string Rule::text() const {
  std::string out = insert ? "-I " + chain + " " + std::to_string(position) : "-A " + chain;
  for (const std::string& p : params) out += " " + p;
  return out;
}

std::string Rule::target() const {
  for (std::size_t i = params.size(); i-- > 0;) {
    if (params[i] == "-j" && i + 1 < params.size()) return params[i + 1];
  }
  return "";
}

bool is_builtin_chain(const std::string& name) {
  static const std::set<std::string> kBuiltin = {"INPUT", "OUTPUT", "FORWARD", "PREROUTING", "POSTROUTING",
                                                 "ACCEPT", "RETURN", "DROP"};
  return kBuiltin.count(name) > 0;
}

std::vector<TableBlock> restore_blocks(const FamilyRules& rules) {
  std::vector<std::string> tables;
  for (const Rule& r : rules.rules) {
    if (std::find(tables.begin(), tables.end(), r.table) == tables.end()) tables.push_back(r.table);
  }
  std::sort(tables.begin(), tables.end());
  std::vector<TableBlock> blocks;
  for (const std::string& table : tables) {
    TableBlock block{table, {}, {}};
    std::set<std::string> declared;
    auto declare = [&](const std::string& chain) {
      if (is_builtin_chain(chain) || !declared.insert(chain).second) return;
      block.new_chains.push_back(chain);
    };
    for (const Rule& r : rules.rules) {
      if (r.table == table) declare(r.chain);
    }
    for (const Rule& r : rules.rules) {
      // Only a rule that ends in "-j CHAIN" declares CHAIN (targets with options never do).
      if (r.table == table && r.params.size() >= 2 && r.params[r.params.size() - 2] == "-j") declare(r.params.back());
    }
    for (const Rule& r : rules.rules) {
      if (r.table == table) block.rules.push_back(&r);
    }
    blocks.push_back(std::move(block));
  }
  return blocks;
}

std::vector<ChainContents> chain_contents(const FamilyRules& rules) {
  std::vector<ChainContents> chains;
  for (const TableBlock& block : restore_blocks(rules)) {
    std::vector<ChainContents> table_chains;
    auto find = [&](const std::string& chain) -> ChainContents& {
      for (ChainContents& c : table_chains) {
        if (c.chain == chain) return c;
      }
      table_chains.push_back(ChainContents{block.table, chain, is_builtin_chain(chain), {}});
      return table_chains.back();
    };
    for (const std::string& chain : block.new_chains) find(chain);
    for (const Rule* r : block.rules) {
      ChainContents& c = find(r->chain);
      if (r->insert) {
        std::size_t at = std::min(c.rules.size(), static_cast<std::size_t>(std::max(r->position, 1) - 1));
        c.rules.insert(c.rules.begin() + static_cast<std::ptrdiff_t>(at), r);
      } else {
        c.rules.push_back(r);
      }
    }
    for (ChainContents& c : table_chains) chains.push_back(std::move(c));
  }
  return chains;
}

}  // namespace sidecarctl::iptables
