// The restore, commands and JSON renderers.
#include "iptables/render.h"

#include <nlohmann/json.hpp>

namespace sidecarctl::iptables {
namespace {

// Quotes a token for a POSIX shell when it needs it ("*" or empty values would be expanded or lost).
std::string shell_word(const std::string& token) {
  bool plain = !token.empty() && token.find_first_not_of(
                                     "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./:,=+@%") ==
                                     std::string::npos;
  if (plain) return token;
  std::string out = "'";
  for (char c : token) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

void commands_for(const FamilyRules& rules, std::string& out) {
  const char* binary = rules.family == Family::kV4 ? "iptables" : "ip6tables";
  for (const TableBlock& block : restore_blocks(rules)) {
    for (const std::string& chain : block.new_chains) {
      out += std::string(binary) + " -t " + block.table + " -N " + chain + "\n";
    }
    for (const Rule* rule : block.rules) {
      out += std::string(binary) + " -t " + block.table;
      out += rule->insert ? " -I " + rule->chain + " " + std::to_string(rule->position) : " -A " + rule->chain;
      for (const std::string& p : rule->params) out += " " + shell_word(p);
      out += "\n";
    }
  }
}

nlohmann::json family_json(const FamilyRules& rules) {
  nlohmann::json tables = nlohmann::json::array();
  std::vector<ChainContents> chains = chain_contents(rules);
  for (const TableBlock& block : restore_blocks(rules)) {
    nlohmann::json table;
    table["name"] = block.table;
    table["newChains"] = block.new_chains;
    nlohmann::json generated = nlohmann::json::array();
    for (const Rule* rule : block.rules) {
      nlohmann::json r;
      r["chain"] = rule->chain;
      r["operation"] = rule->insert ? "insert" : "append";
      if (rule->insert) r["position"] = rule->position;
      r["params"] = rule->params;
      r["target"] = rule->target();
      r["text"] = rule->text();
      r["purpose"] = rule->purpose;
      generated.push_back(std::move(r));
    }
    table["rules"] = std::move(generated);
    nlohmann::json layout = nlohmann::json::array();
    for (const ChainContents& c : chains) {
      if (c.table != block.table) continue;
      nlohmann::json chain;
      chain["name"] = c.chain;
      chain["builtin"] = c.builtin;
      nlohmann::json texts = nlohmann::json::array();
      for (const Rule* rule : c.rules) {
        // In the kernel every rule is an append at its final place.
        std::string params;
        for (const std::string& p : rule->params) params += " " + p;
        texts.push_back("-A " + rule->chain + params);
      }
      chain["rules"] = std::move(texts);
      layout.push_back(std::move(chain));
    }
    table["chains"] = std::move(layout);
    tables.push_back(std::move(table));
  }
  nlohmann::json out;
  out["family"] = rules.family == Family::kV4 ? "ipv4" : "ipv6";
  out["restoreCommand"] = rules.family == Family::kV4 ? "iptables-restore --noflush" : "ip6tables-restore --noflush";
  out["tables"] = std::move(tables);
  return out;
}

}  // namespace

std::string restore_payload(const FamilyRules& rules) {
  std::string out;
  for (const TableBlock& block : restore_blocks(rules)) {
    out += "* " + block.table + "\n";
    for (const std::string& chain : block.new_chains) out += "-N " + chain + "\n";
    for (const Rule* rule : block.rules) out += rule->text() + "\n";
    out += "COMMIT\n";
  }
  return out;
}

std::string render_restore(const RuleSet& set) {
  std::string out = "# iptables-restore\n" + restore_payload(set.v4);
  if (set.ipv6) out += "# ip6tables-restore\n" + restore_payload(set.v6);
  return out;
}

std::string render_commands(const RuleSet& set) {
  std::string out;
  commands_for(set.v4, out);
  if (set.ipv6) commands_for(set.v6, out);
  return out;
}

// Flag values are bytes as given: invalid UTF-8 becomes U+FFFD, as Go's encoding/json writes it.
std::string render_json(const RuleSet& set, const IptablesConfig& config) {
  return json_value(set, config).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

nlohmann::json json_value(const RuleSet& set, const IptablesConfig& config) {
  nlohmann::json out;
  out["installsRules"] = set.installs;
  nlohmann::json families = nlohmann::json::array();
  families.push_back(family_json(set.v4));
  if (set.ipv6) families.push_back(family_json(set.v6));
  out["families"] = std::move(families);
  nlohmann::json settings = nlohmann::json::object();
  for (const auto& [name, setting] : config.settings) {
    settings[name] = {{"value", setting.value}, {"origin", setting.origin.describe()}};
  }
  out["settings"] = std::move(settings);
  out["ipv6"] = {{"value", config.ipv6}, {"origin", config.facts.ipv6_origin.describe()}};
  out["dnsServers"] = {{"value", config.facts.dns_servers}, {"origin", config.facts.dns_origin.describe()}};
  out["notes"] = config.source_notes;
  out["warnings"] = config.notes;
  return out;
}

}  // namespace sidecarctl::iptables
