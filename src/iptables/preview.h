// The preview pipeline's entry points: flags and environment (or a manifest's workloads) ->
// IptablesConfig -> RuleSet -> text in one of the output formats.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "iptables/config.h"
#include "iptables/manifest.h"
#include "iptables/ruleset.h"
#include "iptables/settings.h"

namespace sidecarctl::iptables {

enum class OutputFormat { kRestore, kCommands, kJson, kExplain };

// Parses "restore", "commands", "json" or "explain".
Result<OutputFormat> parse_output_format(const std::string& name);

// The config for istio-iptables run with `flags` (in command-line order) in environment `env`.
Result<IptablesConfig> config_from_flags(const std::vector<FlagValue>& flags, const EnvSource& env, PodFacts facts);

// One previewed pod: the workload it belongs to (none for the flags case), its config and rules.
struct PreviewSection {
  bool has_workload = false;
  WorkloadCapture workload;
  IptablesConfig config;
  RuleSet rules;
};

// A section per workload of `documents` (only those matching `selector` when not empty).
// Bad values in a manifest are kInvalidInput errors at their location; no workload (or none
// matching) is an error.
Result<std::vector<PreviewSection>> sections_from_manifest(const std::vector<yaml::Document>& documents,
                                                           const std::string& selector, const PodFacts& facts);

// Renders sections. With more than one section, restore and commands output put a
// "# workload: Kind ns/name" line before each; explain always titles its sections; JSON is one
// object for a flags preview and {"workloads": [...]} for a manifest.
std::string render(OutputFormat format, const std::vector<PreviewSection>& sections);

}  // namespace sidecarctl::iptables
