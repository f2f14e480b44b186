// The preview pipeline.
#include "iptables/preview.h"

#include "iptables/explain.h"
#include "iptables/render.h"

namespace sidecarctl::iptables {

Result<OutputFormat> parse_output_format(const std::string& name) {
  if (name == "restore") return OutputFormat::kRestore;
  if (name == "commands") return OutputFormat::kCommands;
  if (name == "json") return OutputFormat::kJson;
  if (name == "explain") return OutputFormat::kExplain;
  return make_error(ErrorKind::kUsage, "--format: unknown format \"" + name + "\" (want restore, commands, json or explain)");
}

Result<IptablesConfig> config_from_flags(const std::vector<FlagValue>& flags, const EnvSource& env, PodFacts facts) {
  std::vector<std::string> notes;
  TRY_ASSIGN(Settings settings, collect_settings(flags, env, &notes));
  TRY_ASSIGN(IptablesConfig config, make_config(std::move(settings), std::move(facts)));
  config.notes.insert(config.notes.begin(), notes.begin(), notes.end());
  return config;
}

std::string render(OutputFormat format, const RuleSet& set, const IptablesConfig& config) {
  switch (format) {
    case OutputFormat::kRestore: return render_restore(set);
    case OutputFormat::kCommands: return render_commands(set);
    case OutputFormat::kJson: return render_json(set, config);
    case OutputFormat::kExplain: return render_explain(set, config);
  }
  return "";
}

}  // namespace sidecarctl::iptables
