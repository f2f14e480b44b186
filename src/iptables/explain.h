// `--format explain`: a walk through the paths a packet takes in the pod (inbound to an app port,
// to an excluded port, outbound from the app, from the proxy, to loopback, DNS), naming the rule
// that decides each, then the effective settings and where each one came from.
#pragma once

#include <string>

#include "iptables/config.h"
#include "iptables/ruleset.h"

namespace sidecarctl::iptables {

// `title` names the workload ("" for a preview of flags).
std::string render_explain(const RuleSet& set, const IptablesConfig& config, const std::string& title);

}  // namespace sidecarctl::iptables
