// The rule builder: IptablesConfig -> RuleSet, the rules istio-iptables generates, in its order.
// Pure computation: it never runs a process.
#pragma once

#include "iptables/config.h"
#include "iptables/ruleset.h"

namespace sidecarctl::iptables {

RuleSet build_rules(const IptablesConfig& config);

}  // namespace sidecarctl::iptables
