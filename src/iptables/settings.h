// Raw istio-iptables settings as text, each with where it came from: istio-iptables' defaults,
// then its environment variables, then its flags (the last one given wins), as pflag/viper do.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/environment.h"
#include "base/error.h"
#include "base/result.h"

namespace sidecarctl::iptables {

// Where a setting's value came from.
enum class OriginKind {
  kDefault,           // istio-iptables' own default
  kFlag,              // sidecarctl's command line
  kEnv,               // sidecarctl's process environment
  kInitArgs,          // an istio-init / istio-validation container's args in a manifest
  kContainerEnv,      // that container's env
  kAnnotation,        // a pod annotation, as the injection template would use it
  kInjectionDefault,  // an injection default value (Istio's values.yaml / mesh config)
  kPreview,           // a preview-only input (--ipv6, --dns-servers)
};

struct Origin {
  OriginKind kind = OriginKind::kDefault;
  std::string detail;  // the flag as written, the variable or annotation name
  SourceLoc loc;       // where in a manifest, when known

  // "default", "flag -b", "env ISTIO_INBOUND_PORTS", "annotation traffic.sidecar.istio.io/x (f.yaml:3:5)"...
  std::string describe() const;
};

// One flag occurrence: long name, value as text, origin.
struct FlagValue {
  std::string name;
  std::string value;
  Origin origin;
};

// A setting's effective text and origin.
struct Setting {
  std::string value;
  Origin origin;
};

// Keyed by flag long name ("istio-inbound-ports") or env-only variable ("ISTIO_OUTBOUND_OWNER_GROUPS").
using Settings = std::map<std::string, Setting>;

// Environment variables as a source: the process environment, or a container's env list.
struct EnvSource {
  Environment vars;
  OriginKind kind = OriginKind::kEnv;
  std::map<std::string, SourceLoc> locs;  // per variable, for a container's env
};

// Defaults, then `env` (values a bool/uint16/duration flag cannot parse are ignored, as pflag's
// Set errors are ignored by istio; each ignored one adds a line to `notes`), then `flags` in order.
// A flag value of the wrong type is a usage error (kUsage) located at the flag's origin.
Result<Settings> collect_settings(const std::vector<FlagValue>& flags, const EnvSource& env,
                                  std::vector<std::string>* notes);

}  // namespace sidecarctl::iptables
