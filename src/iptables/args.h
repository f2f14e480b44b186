// istio-iptables' command line as pflag parses it, for the args of an istio-init container:
// "--name=value", "--name value", "--bool", "--bool=false", "-b value", "-bvalue", "-b=value",
// "-n" (bools combine: "-nb*"), "--" ends the flags. Istio's logging flags (--log_*) are accepted
// and ignored: they change no rule.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "iptables/settings.h"

namespace sidecarctl::iptables {

// Parses `args` (without the program name). `locs[i]` locates args[i] (may be shorter than
// args); every FlagValue gets `origin` with the location of its flag. Unknown flags and a
// missing value are kInvalidInput errors at the arg's location. Positional arguments are
// ignored (istio-iptables ignores them too) and reported in `notes`.
Result<std::vector<FlagValue>> parse_istio_iptables_args(const std::vector<std::string>& args,
                                                         const std::vector<SourceLoc>& locs, const Origin& origin,
                                                         std::vector<std::string>* notes);

}  // namespace sidecarctl::iptables
