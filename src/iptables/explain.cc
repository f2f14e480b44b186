// Explain renderer (placeholder until the packet walk lands).
#include "iptables/explain.h"

#include "iptables/render.h"

namespace sidecarctl::iptables {

std::string render_explain(const RuleSet& set, const IptablesConfig& config) {
  std::string out;
  for (const auto& [name, setting] : config.settings) out += name + "=" + setting.value + "  (" + setting.origin.describe() + ")\n";
  return out + render_restore(set);
}

}  // namespace sidecarctl::iptables
