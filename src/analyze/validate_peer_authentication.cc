// ValidatePeerAuthentication: port-level mTLS needs a workload selector; ports in range.
#include "analyze/validate.h"
#include "analyze/validate_names.h"
#include "base/go_strconv.h"

namespace sidecarctl::analyze {

Validation validate_peer_authentication(const ConfigMeta&, const Json& spec) {
  Validation v;
  const Json& selector = field(spec, "selector");
  const Json& ports = field(spec, "portLevelMtls");
  bool empty_selector = !selector.is_object() || field(selector, "matchLabels").empty();
  if (empty_selector && ports.is_object() && !ports.empty())
    v.error("mesh/namespace peer authentication cannot have port level mTLS");
  if (ports.is_object())
    for (auto it = ports.begin(); it != ports.end(); ++it) {
      // The decoder has read each key as a uint32 (a live object that did not decode may hold others).
      auto port = parse_go_uint(it.key(), 10);
      if (!port || *port == 0 || *port > 65535) v.error("port must be in range 1..65535");
    }
  Validation selector_v = check_workload_selector(selector);
  v.add(selector_v);
  return v;
}

}  // namespace sidecarctl::analyze
