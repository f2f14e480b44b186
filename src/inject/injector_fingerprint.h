// What an injector is built from, as one comparable text: the settings as read (origin and text of
// the injector config, values and mesh config) and the cluster's native-sidecar verdicts (all nodes,
// and each node's). A poll that finds another fingerprint than the serving injector's builds a new
// injector (webhook serve); an equal one changes nothing.
#pragma once

#include <string>

#include "inject/native_sidecars.h"
#include "inject/settings.h"

namespace sidecarctl::inject {

std::string injector_fingerprint(const Settings& settings, const NativeSidecarSupport& native);

}  // namespace sidecarctl::inject
