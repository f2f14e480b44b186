// Renderers of a RuleSet: the iptables-restore payloads (the conformance contract), one
// iptables/ip6tables command per rule, and JSON data.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "iptables/config.h"
#include "iptables/ruleset.h"

namespace sidecarctl::iptables {

// One family's iptables-restore payload: "* table", "-N" lines, rules, "COMMIT" per table.
std::string restore_payload(const FamilyRules& rules);

// "# iptables-restore\n" + IPv4 payload, then "# ip6tables-restore\n" + IPv6 payload when enabled.
std::string render_restore(const RuleSet& set);

// "iptables -t nat -N CHAIN" then "iptables -t nat -A ..." per rule (ip6tables for IPv6), one per line.
std::string render_commands(const RuleSet& set);

// Tables, chains and rules as JSON data, with the effective settings and their origins.
nlohmann::json json_value(const RuleSet& set, const IptablesConfig& config);
std::string render_json(const RuleSet& set, const IptablesConfig& config);

}  // namespace sidecarctl::iptables
