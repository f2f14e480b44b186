// Host names as Istio's analyzers compare them: wildcard matching, FQDN conversion, and the map of
// hosts visible from each namespace built from ServiceEntries and Services (util.InitServiceEntryHostMap).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/analyzer.h"

namespace sidecarctl::analyze {

// host.Name.Matches: wildcard-aware host comparison.
bool host_matches(std::string_view a, std::string_view b);
// util.ConvertHostToFQDN: short names become name.ns.svc.cluster.local.
std::string host_to_fqdn(const std::string& ns, const std::string& host);
// util.GetResourceNameFromHost: namespace/name of a Kubernetes service host ("" parts otherwise).
std::pair<std::string, std::string> resource_name_from_host(const std::string& default_ns, const std::string& host);

// What a host resolves to: a ServiceEntry's spec, or a Service converted to one.
struct HostTarget {
  const Resource* resource = nullptr;
  std::vector<long long> ports;
  Labels workload_selector;
};

// scope ("*" or a namespace) + "/" + fqdn -> target.
class ServiceHostMap {
 public:
  explicit ServiceHostMap(const Context& ctx);
  // util.GetDestinationHost: the target visible from `source_ns` for `host`, or null.
  const HostTarget* lookup(const std::string& source_ns, const Json& export_to, const std::string& host) const;

  ServiceHostMap(const ServiceHostMap&) = delete;  // wildcards_ views map_'s keys
  ServiceHostMap& operator=(const ServiceHostMap&) = delete;

 private:
  // A key whose host is a wildcard ("*.example.com"), split: its scope and its suffix after the `*`.
  struct Wildcard {
    std::string_view scope;
    std::string_view suffix;
    const HostTarget* target;
  };

  std::map<std::string, HostTarget> map_;
  std::vector<Wildcard> wildcards_;  // in map_'s order: a lookup no key matches tries these alone
};

}  // namespace sidecarctl::analyze
