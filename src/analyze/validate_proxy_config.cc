// ValidateProxyConfig (the ProxyConfig resource): its workload selector and concurrency.
#include "analyze/validate.h"
#include "analyze/validate_names.h"

namespace sidecarctl::analyze {

Validation validate_proxy_config(const ConfigMeta&, const Json& spec) {
  Validation v = check_workload_selector(field(spec, "selector"));
  if (integer(spec, "concurrency") < 0) v.error("concurrency must be greater than or equal to 0");
  return v;
}

}  // namespace sidecarctl::analyze
