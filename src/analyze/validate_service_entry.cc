// ValidateServiceEntry (hosts, addresses, ports, endpoints per resolution type, exportTo) and
// ValidateWorkloadEntry, whose checks a ServiceEntry's STATIC endpoints share.
#include <set>

#include "analyze/message.h"
#include "analyze/validate.h"
#include "analyze/validate_names.h"

namespace sidecarctl::analyze {

namespace {

constexpr std::string_view kUnixPrefix = "unix://";

// The endpoint's ports: name -> number.
void endpoint_ports(Validation& v, const Json& endpoint, const std::set<std::string>* service_ports) {
  const Json& ports = field(endpoint, "ports");
  if (!ports.is_object()) return;
  for (auto it = ports.begin(); it != ports.end(); ++it) {
    long long number = it.value().is_number() ? it.value().get<long long>() : 0;
    if (service_ports && !service_ports->count(it.key()))
      v.error("endpoint port " + std::to_string(number) + " is not defined by the service entry");
    v.error(check_port_name(it.key()));
    v.error(check_port(number));
  }
}

// validateWorkloadEntry; `service_ports` null for a WorkloadEntry of its own.
Validation workload_entry(const Json& we, const std::set<std::string>* service_ports, bool allow_fqdn) {
  Validation v;
  std::string addr = str(we, "address");
  if (addr.empty()) {
    if (str(we, "network").empty()) return v.error("address is required");
    v.warn("address is unset with network " + go_quote(str(we, "network")));
  }
  bool unix_endpoint = false;
  if (addr.starts_with(kUnixPrefix)) {
    unix_endpoint = true;
    v.error(check_unix_address(std::string_view(addr).substr(kUnixPrefix.size())));
    if (const Json& ports = field(we, "ports"); ports.is_object() && !ports.empty())
      v.error("unix endpoint " + addr + " must not include ports");
  } else if (!addr.empty() && !is_ip_address(addr)) {
    if (!allow_fqdn)
      v.error("endpoint address " + go_quote(addr) + " is not a valid IP address");
    else if (!check_fqdn(addr).empty())
      v.error("endpoint address " + go_quote(addr) + " is not a valid FQDN or an IP address");
  }
  endpoint_ports(v, we, service_ports);
  v.add(check_labels(field(we, "labels")));
  if (unix_endpoint && service_ports && service_ports->size() != 1)
    v.error("exactly 1 service port required for unix endpoints");
  return v;
}

}  // namespace

Validation validate_workload_entry(const ConfigMeta&, const Json& spec) {
  return workload_entry(spec, nullptr, true);
}

Validation validate_service_entry(const ConfigMeta& meta, const Json& spec) {
  Validation v;
  const Json& selector = field(spec, "workloadSelector");
  Validation selector_v = check_alpha_workload_selector(selector);
  if (selector_v.has_errors()) {
    v.add_errors(selector_v);  // Istio returns these alone
    return v;
  }
  if (!selector_v.warnings.empty())
    v.warn("service entry: " + selector_v.warnings.front() +
           ", will be applied to all services in namespace");
  const Json& endpoints = array(spec, "endpoints");
  if (selector.is_object() && !endpoints.empty())
    v.error("only one of WorkloadSelector or Endpoints is allowed in Service Entry");
  std::vector<std::string> hosts = strings(spec, "hosts");
  std::string resolution = enum_value(spec, "resolution", "NONE");
  if (hosts.empty()) v.error("service entry must have at least one host");
  for (const std::string& host : hosts) {
    if (host == "*") {
      v.error("invalid host *");
      continue;
    }
    v.error(check_wildcard_domain(host));
    if (resolution != "DYNAMIC_DNS") v.warn(check_partial_wildcard(host));
  }
  std::vector<std::string> addresses = strings(spec, "addresses");
  bool cidr = false;
  for (const std::string& address : addresses) {
    cidr = cidr || address.find('/') != std::string::npos;
    v.error(check_ip_subnet(address));
  }
  if (cidr && resolution != "NONE" && resolution != "STATIC")
    v.error("CIDR addresses are allowed only for NONE/STATIC resolution types");
  // IP auto-allocation (on by default) covers every resolution but NONE without addresses.
  bool auto_allocation = resolution != "NONE" && addresses.empty();
  std::set<std::string> port_names;
  std::set<long long> port_numbers;
  const Json& ports = array(spec, "ports");
  for (const Json& port : ports) {
    std::string name = str(port, "name"), protocol = str(port, "protocol");
    long long number = integer(port, "number");
    if (!port_names.insert(name).second)
      v.error("service entry port name " + go_quote(name) + " already defined");
    if (!port_numbers.insert(number).second)
      v.error("service entry port " + std::to_string(number) + " already defined");
    if (long long target = integer(port, "targetPort")) v.error(check_port(target));
    if (addresses.empty() && !auto_allocation && (protocol.empty() || protocol == "TCP"))
      v.warn(
          "addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not "
          "enabled");
    v.error(check_port_name(name));
    v.error(check_protocol(protocol));
    v.error(check_port(number));
  }
  if (resolution == "NONE") {
    if (!endpoints.empty()) v.error("no endpoints should be provided for resolution type none");
    if (selector.is_object()) v.warn("workloadSelector should not be set when resolution mode is NONE");
  } else if (resolution == "STATIC") {
    for (const Json& endpoint : endpoints) v.add(workload_entry(endpoint, &port_names, false));
  } else if (resolution == "DNS" || resolution == "DNS_ROUND_ROBIN") {
    if (endpoints.empty())
      for (const std::string& host : hosts)
        if (std::string err = check_fqdn(host); !err.empty()) {
          v.error(
              "hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for "
              "resolution mode " +
              resolution + ", " + err);
          break;
        }
    if (resolution == "DNS_ROUND_ROBIN" && endpoints.size() > 1)
      v.error("there must only be 0 or 1 endpoint for resolution mode " + resolution);
    for (const Json& endpoint : endpoints) {
      std::string addr = str(endpoint, "address");
      if (!is_ip_address(addr) && !check_fqdn(addr).empty())
        v.error("endpoint address " + go_quote(addr) + " is not a valid FQDN or an IP address");
      v.add(check_labels(field(endpoint, "labels")));
      endpoint_ports(v, endpoint, &port_names);
    }
    if (!addresses.empty())
      for (const Json& port : ports)
        if (parse_protocol(str(port, "protocol")).is_tcp()) {
          if (hosts.size() > 1)
            v.warn(
                "service entry can not have more than one host specified simultaneously with address and tcp "
                "port");
          break;
        }
  } else if (resolution == "DYNAMIC_DNS") {
    if (hosts.empty())
      v.error("at least one wildcard host must be provided for resolution type " + resolution);
    for (const std::string& host : hosts)
      if (!host.starts_with("*")) v.error("host must be wildcarded for resolution mode " + resolution);
    if (!addresses.empty())
      v.error("addresses cannot be set for resolution type " + resolution +
              ". HTTP route domains will only be generatedfrom the hosts field values");
    if (!endpoints.empty())
      v.error("endpoints cannot be set for resolution type " + resolution +
              ". Destination IP address determined from hostsfield values");
    for (const Json& port : ports) {
      std::string p = parse_protocol(str(port, "protocol")).name;
      if (p != "HTTP" && p != "TLS" && p != "GRPC" && p != "HTTP2")
        v.error("only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type " + resolution);
    }
    std::string location = enum_value(spec, "location", "MESH_EXTERNAL");
    if (location != "MESH_EXTERNAL" && location != "MESH_INTERNAL")
      v.error("location must be MESH_EXTERNAL or MESH_INTERNAL for resolution type " + resolution);
  } else {
    // An enum number Istio does not know prints as an empty name here.
    v.error("unsupported resolution type ");
  }
  if (resolution != "NONE" && hosts.size() > 1)
    for (const Json& port : ports) {
      Protocol p = parse_protocol(str(port, "protocol"));
      if (!p.is_http() && !p.is_tls()) {
        v.error("multiple hosts provided with non-HTTP, non-TLS ports");
        break;
      }
    }
  v.add(check_export_to(meta.ns, strings(spec, "exportTo"), true, false));
  return v;
}

}  // namespace sidecarctl::analyze
