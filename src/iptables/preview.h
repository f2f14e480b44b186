// The preview pipeline's entry points: flags and environment -> IptablesConfig -> RuleSet -> text.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "iptables/config.h"
#include "iptables/ruleset.h"
#include "iptables/settings.h"

namespace sidecarctl::iptables {

enum class OutputFormat { kRestore, kCommands, kJson, kExplain };

// Parses "restore", "commands", "json" or "explain".
Result<OutputFormat> parse_output_format(const std::string& name);

// The config for istio-iptables run with `flags` (in command-line order) in environment `env`.
Result<IptablesConfig> config_from_flags(const std::vector<FlagValue>& flags, const EnvSource& env, PodFacts facts);

// Renders `set` in `format` (explain needs the config; `title` heads an explain walk-through).
std::string render(OutputFormat format, const RuleSet& set, const IptablesConfig& config);

}  // namespace sidecarctl::iptables
