// ValidateDestinationRule: the host, the traffic policy and each subset's, subset names and
// labels, exportTo and the workload selector.
#include <set>

#include "analyze/validate.h"
#include "analyze/validate_names.h"
#include "analyze/validate_traffic_policy.h"

namespace sidecarctl::analyze {

Validation validate_destination_rule(const ConfigMeta& meta, const Json& spec) {
  Validation v;
  v.error(check_wildcard_domain(str(spec, "host")));
  v.add(check_traffic_policy(meta.ns, field(spec, "trafficPolicy")));
  std::set<std::string> names;
  for (const Json& subset : array(spec, "subsets")) {
    std::string name = str(subset, "name");
    if (!names.insert(name).second) v.error("duplicate subset names: " + name);
    // validateSubset appends its parts as plain errors: their warnings are lost.
    if (name.empty())
      v.error("subset name cannot be empty");
    else if (!is_dns1123_label(name))
      v.error("subset name is invalid: " + name);
    v.add_errors(check_labels(field(subset, "labels")));
    v.add_errors(check_traffic_policy(meta.ns, field(subset, "trafficPolicy")));
  }
  const Json& selector = field(spec, "workloadSelector");
  v.add(check_export_to(meta.ns, strings(spec, "exportTo"), false, selector.is_object()));
  v.add(check_workload_selector(selector));
  return v;
}

}  // namespace sidecarctl::analyze
