// ValidateSidecar: the workload selector, ingress listeners (ports, binds, default endpoints, TLS,
// connection pools), egress listeners (ports, unix sockets, namespace/host entries) and the
// outbound traffic policy.
#include <map>
#include <set>

#include "analyze/message.h"
#include "analyze/validate.h"
#include "analyze/validate_names.h"
#include "analyze/validate_traffic_policy.h"
#include "base/go_strconv.h"

namespace sidecarctl::analyze {

namespace {

constexpr std::string_view kUnixPrefix = "unix://";

// net.SplitHostPort: host, port, or Go's error text.
struct HostPort {
  std::string host, port, error;
};

HostPort split_host_port(const std::string& hostport) {
  auto fail = [&](const char* why) { return HostPort{"", "", "address " + hostport + ": " + why}; };
  auto colon = hostport.rfind(':');
  if (colon == std::string::npos) return fail("missing port in address");
  std::string host;
  std::size_t j = 0, k = 0;
  if (hostport[0] == '[') {
    auto end = hostport.find(']');
    if (end == std::string::npos) return fail("missing ']' in address");
    if (end + 1 == hostport.size()) return fail("missing port in address");
    if (end + 1 != colon)
      return fail(hostport[end + 1] == ':' ? "too many colons in address" : "missing port in address");
    host = hostport.substr(1, end - 1);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.substr(0, colon);
    if (host.find(':') != std::string::npos) return fail("too many colons in address");
  }
  if (hostport.find('[', j) != std::string::npos) return fail("unexpected '[' in address");
  if (hostport.find(']', k) != std::string::npos) return fail("unexpected ']' in address");
  return {host, hostport.substr(colon + 1), ""};
}

// strconv.Atoi with Go's error text.
std::string atoi_error(const std::string& s) {
  if (parse_go_int(s, 10)) return "";
  bool syntax = s.empty() ||
                !std::all_of(s.begin() + (s[0] == '+' || s[0] == '-'), s.end(),
                             [](char c) { return c >= '0' && c <= '9'; }) ||
                s == "+" || s == "-";
  return "strconv.Atoi: parsing " + go_quote(s) + (syntax ? ": invalid syntax" : ": value out of range");
}

Validation default_endpoint(const std::string& endpoint) {
  Validation v;
  if (endpoint.starts_with(kUnixPrefix))
    return v.error(check_unix_address(std::string_view(endpoint).substr(kUnixPrefix.size())));
  HostPort hp = split_host_port(endpoint);
  v.error(hp.error);
  if (!hp.host.empty() && hp.host != "127.0.0.1" && hp.host != "0.0.0.0" && hp.host != "::1" &&
      hp.host != "::")
    v.error(
        "sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,"
        "unix://filepath or unset");
  if (std::string err = atoi_error(hp.port); !err.empty())
    v.error("sidecar: defaultEndpoint port (" + hp.port + ") is not a number: " + err);
  else
    v.error(check_port(*parse_go_int(hp.port, 10)));
  return v;
}

Validation ingress_tls(const Json& tls, const Json& port) {
  Validation v;
  if (!array(tls, "subjectAltNames").empty())
    v.error("sidecar: subjectAltNames is not supported in ingress tls");
  if (boolean(tls, "httpsRedirect")) v.error("sidecar: httpsRedirect is not supported");
  if (!str(tls, "credentialName").empty()) v.error("sidecar: credentialName is not currently supported");
  if (!array(tls, "credentialNames").empty()) v.error("sidecar: credentialNames is not currently supported");
  if (!array(tls, "tlsCertificates").empty()) v.error("sidecar: tls_certificates is not currently supported");
  std::string mode = enum_value(tls, "mode", "PASSTHROUGH");
  if (mode == "ISTIO_MUTUAL" || mode == "AUTO_PASSTHROUGH")
    v.error("configuration is invalid: cannot set mode to " + mode + " in sidecar ingress tls");
  if (!parse_protocol(str(port, "protocol")).is_tls())
    v.error("server cannot have TLS settings for non HTTPS/TLS ports");
  v.add(check_server_tls(tls));
  return v;
}

Validation ingress(const Json& list) {
  Validation v;
  std::set<long long> ports;
  for (const Json& listener : list) {
    const Json& port = field(listener, "port");
    if (!port.is_object()) {
      v.error("sidecar: port is required for ingress listeners");
      continue;
    }
    if (integer(port, "targetPort") > 0) v.error("targetPort has no impact on Sidecars");
    std::string name = str(port, "name"), bind = str(listener, "bind");
    long long number = integer(port, "number");
    if (!name.empty()) v.error(check_port_name(name));
    v.error(check_protocol(str(port, "protocol")));
    v.error(check_port(number));
    if (!bind.empty()) v.error(check_ip_address(bind));
    if (!ports.insert(number).second) v.error("sidecar: ports on IP bound listeners must be unique");
    if (std::string endpoint = str(listener, "defaultEndpoint"); !endpoint.empty())
      v.add(default_endpoint(endpoint));
    if (const Json& tls = field(listener, "tls"); tls.is_object()) v.add(ingress_tls(tls, port));
    const Json& pool = field(listener, "connectionPool");
    v.add(check_connection_pool(pool));
    if (present(pool, "http") && !parse_protocol(str(port, "protocol")).is_http())
      v.warn("sidecar: HTTP connection pool settings are configured for port " + std::to_string(number) +
             " (" + go_quote(name) + ") but its protocol is not HTTP (" + str(port, "protocol") +
             "); only TCP settings will apply");
  }
  return v;
}

Validation egress_port(const Json& port, const std::string& bind, const std::string& capture_mode) {
  Validation v;
  if (std::string name = str(port, "name"); !name.empty()) v.error(check_port_name(name));
  v.error(check_protocol(str(port, "protocol")));
  long long number = integer(port, "number");
  if (number == 0) {
    if (!bind.starts_with(kUnixPrefix))
      v.error("sidecar: ports with 0 value must have a unix domain socket bind address");
    else
      v.error(check_unix_address(std::string_view(bind).substr(kUnixPrefix.size())));
    if (capture_mode != "DEFAULT" && capture_mode != "NONE")
      v.error("sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners");
  } else {
    v.error(check_port(number));
    if (!bind.empty()) v.error(check_ip_address(bind));
  }
  return v;
}

Validation egress_hosts(const std::string& ns, const std::vector<std::string>& hosts) {
  Validation v;
  if (hosts.empty()) return v.error("sidecar: egress listener must contain at least one host");
  std::map<std::string, std::set<std::string>> services;  // namespace -> services selected
  for (const std::string& host : hosts) {
    auto slash = host.find('/');
    if (slash != std::string::npos && !host.starts_with("~")) {
      std::string host_ns = host.substr(0, slash), svc = host.substr(slash + 1);
      if (host_ns == ".") host_ns = ns;
      std::set<std::string>& seen = services[host_ns];
      if (svc != "*" ? seen.count(svc) || seen.count("*") : !seen.empty())
        v.warn("duplicated egress host: " + host);
      seen.insert(svc);
    }
    v.add(check_namespace_slash_host(host, false));
  }
  if (services.count("*") && services["*"].count("*") && services.size() != 1)
    v.warn("`*/*` host select all resources, no other hosts can be added");
  return v;
}

Validation egress(const std::string& ns, const Json& list) {
  Validation v;
  std::set<long long> ports;
  std::set<std::string> sockets;
  bool catch_all = false;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& listener = list[i];
    const Json& port = field(listener, "port");
    std::string bind = str(listener, "bind");
    if (!port.is_object()) {
      if (catch_all) {
        v.error("sidecar: egress can have only one listener with empty port");
        continue;
      }
      if (i == list.size() - 1)
        catch_all = true;
      else
        v.error("sidecar: the egress listener with empty port should be the last listener in the list");
    } else {
      if (integer(port, "targetPort") > 0) v.error("targetPort has no impact on Sidecars");
      v.add(egress_port(port, bind, enum_value(listener, "captureMode", "DEFAULT")));
      long long number = integer(port, "number");
      if (number == 0) {
        if (!sockets.insert(bind).second)
          v.error("sidecar: unix domain socket values for listeners must be unique");
      } else if (!ports.insert(number).second) {
        v.error("sidecar: ports on IP bound listeners must be unique");
      }
    }
    v.add(egress_hosts(ns, strings(listener, "hosts")));
  }
  return v;
}

Validation outbound_traffic_policy(const Json& policy) {
  Validation v;
  if (!policy.is_object()) return v;
  std::string mode = enum_value(policy, "mode", "REGISTRY_ONLY");
  // The mesh-config-only mode, given by its number (the Sidecar enum has no name for it).
  if (mode == "3")
    return v.error(
        "sidecar: ALLOW_ANY_DYNAMIC_DNS mode is only supported in MeshConfig, not in Sidecar resource");
  const Json& proxy = field(policy, "egressProxy");
  if (!proxy.is_object()) return v;
  if (mode != "ALLOW_ANY")
    return v.error("sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode");
  v.error(check_fqdn(str(proxy, "host")));
  if (!present(proxy, "port")) return v.error("sidecar: egress_proxy port must be non-nil");
  v.add_errors(check_destination(proxy));
  return v;
}

}  // namespace

Validation validate_sidecar(const ConfigMeta& meta, const Json& spec) {
  Validation v;
  Validation selector = check_alpha_workload_selector(field(spec, "workloadSelector"));
  if (selector.has_errors()) {
    v.add_errors(selector);  // Istio returns these alone
    return v;
  }
  if (!selector.warnings.empty())
    v.warn("sidecar: " + selector.warnings.front() + ", will be applied to all services in namespace");
  const Json& ingress_list = array(spec, "ingress");
  const Json& egress_list = array(spec, "egress");
  if (ingress_list.empty() && egress_list.empty() && !present(spec, "outboundTrafficPolicy") &&
      !present(spec, "inboundConnectionPool"))
    return error_of("sidecar: empty configuration provided");
  v.add(ingress(ingress_list));
  v.add(check_connection_pool(field(spec, "inboundConnectionPool")));
  v.add(egress(meta.ns, egress_list));
  v.add(outbound_traffic_policy(field(spec, "outboundTrafficPolicy")));
  return v;
}

}  // namespace sidecarctl::analyze
