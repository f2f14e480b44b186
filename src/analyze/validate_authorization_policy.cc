// ValidateAuthorizationPolicy: selectors and target references, the CUSTOM/DENY/provider
// combinations, and each rule's sources, operations and conditions (pkg/config/security's value
// checks); every error is prefixed "invalid policy <name>.<namespace>:".
#include <algorithm>

#include "analyze/message.h"
#include "analyze/validate.h"
#include "analyze/validate_names.h"
#include "base/go_multierror.h"
#include "base/go_strconv.h"
#include "base/ip_prefix.h"

namespace sidecarctl::analyze {

namespace {

std::string empty_values(const std::string& key, const std::vector<std::string>& values) {
  for (const std::string& v : values)
    if (v.empty()) return "empty value not allowed, found in " + key;
  return "";
}

std::string wildcard_values(const std::string& key, const std::vector<std::string>& values) {
  if (std::string err = empty_values(key, values); !err.empty()) return err;
  for (const std::string& v : values) {
    auto stars = std::count(v.begin(), v.end(), '*');
    if (stars > 1) return "at most one wildcard is allowed, found in " + key + ": " + go_quote(v);
    if (stars == 1 && v != "*" && !v.starts_with("*") && !v.ends_with("*"))
      return "wildcard is only allowed at the start or end, found in " + key + ": " + go_quote(v);
  }
  return "";
}

std::string trust_domain_values(const std::string& key, const std::vector<std::string>& values) {
  if (std::string err = wildcard_values(key, values); !err.empty()) return err;
  for (const std::string& v : values)
    if (v.find('/') != std::string::npos)
      return "trust domain must not contain '/', found in " + key + ": " + go_quote(v);
  return "";
}

std::string service_accounts(const std::string& key, const std::vector<std::string>& values) {
  if (values.size() > 16) return "may not have more than 16 values";
  for (const std::string& v : values) {
    if (v.empty()) return "empty value not allowed, found in " + key;
    if (v.find('*') != std::string::npos) return "wildcard not allowed, found in " + key;
    auto slashes = std::count(v.begin(), v.end(), '/');
    if (slashes > 1)
      return "expected format 'serviceAccount' or 'namespace/serviceAccount', found " + go_quote(v) + " in " +
             key;
    if (v.size() > 320) return "value cannot exceed 320 characters, found " + go_quote(v) + " in " + key;
    if (slashes == 1) {
      auto slash = v.find('/');
      if (slash == 0)
        return "expected format 'serviceAccount' or 'namespace/serviceAccount', found empty namespace " +
               go_quote(v) + " in " + key;
      if (slash == v.size() - 1)
        return "expected format 'serviceAccount' or 'namespace/serviceAccount', found empty serviceAccount " +
               go_quote(v) + " in " + key;
    }
  }
  return "";
}

// security.ValidateIPs / ValidatePorts: one error per bad entry (Go builds a multierror).
std::vector<std::string> bad_ips(const std::vector<std::string>& ips) {
  std::vector<std::string> out;
  for (const std::string& ip : ips) {
    if (ip.find('/') != std::string::npos) {
      if (auto p = parse_ip_prefix(ip); !p)
        out.push_back("bad CIDR range (" + ip + "): " + p.error().message);
    } else if (!parse_ip_address(ip)) {
      out.push_back("bad IP address (" + ip + ")");
    }
  }
  return out;
}

std::vector<std::string> bad_ports(const std::vector<std::string>& ports) {
  std::vector<std::string> out;
  for (const std::string& port : ports) {
    auto n = parse_go_uint(port, 10);
    if (n && *n <= 65535) continue;
    bool digits =
        !port.empty() && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    std::string err;
    if (!digits)
      err = "strconv.ParseUint: parsing " + go_quote(port) + ": invalid syntax";
    else if (!n || *n > 0xFFFFFFFFull)
      err = "strconv.ParseUint: parsing " + go_quote(port) + ": value out of range";
    else
      err = "<nil>";
    out.push_back("bad port (" + port + "): " + err);
  }
  return out;
}

// validLiteral of a path template segment.
bool valid_literal(const std::string& glob) {
  return !glob.empty() && std::all_of(glob.begin(), glob.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-._~%!$&'()+,;:@=").find(c) != std::string_view::npos;
  });
}

std::string path_templates(const std::string& key, const std::vector<std::string>& paths) {
  for (std::string path : paths) {
    bool has_template = path.find("{*}") != std::string::npos || path.find("{**}") != std::string::npos;
    bool any = false;
    auto first = path.find_first_not_of('/');
    path = first == std::string::npos ? "" : path.substr(first, path.find_last_not_of('/') - first + 1);
    std::string_view rest = path;
    const std::string prefix = "invalid or unsupported path " + path + ", found in " + key + ". ";
    while (true) {
      auto slash = rest.find('/');
      std::string glob(rest.substr(0, slash));
      if (glob == "{*}" && !any) {
      } else if (glob == "{**}" && !any) {
        any = true;
      } else if (glob == "{**}" || glob == "{*}") {
        return prefix + "{**} is not the last operator";
      } else if (glob.find_first_of("{}") != std::string::npos) {
        return prefix + "Contains '{' or '}' beyond a supported path template";
      } else if (has_template && !valid_literal(glob)) {
        return prefix + "Contains segment " + glob + " with invalid string literal";
      }
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
  }
  return "";
}

// security.ValidateAttribute's error, as the text Istio embeds with %v.
std::string attribute_error(const std::string& key, const std::vector<std::string>& values) {
  if (std::string err = empty_values(key, values); !err.empty()) return err;
  auto map_key = [&]() -> std::string {
    auto open = key.find('[');
    if (key.ends_with("]") && open != std::string::npos && open > 0 && open < key.size() - 2) return "";
    return "bad key (" + key + "): should have format a[b]";
  };
  auto multi = [](const std::vector<std::string>& errs) { return errs.empty() ? "" : go_multierror_text(errs); };
  if (key.starts_with("request.headers")) return map_key();
  if (key == "source.ip" || key == "remote.ip" || key == "destination.ip") return multi(bad_ips(values));
  if (key == "source.namespace" || key == "source.principal" || key == "request.auth.principal" ||
      key == "request.auth.audiences" || key == "request.auth.presenter" || key == "connection.sni")
    return "";
  if (key == "source.serviceAccount") return service_accounts(key, values);
  if (key == "source.trustDomain") return wildcard_values(key, values);
  if (key.starts_with("request.auth.claims")) return map_key();
  if (key == "destination.port") return multi(bad_ports(values));
  if (key.starts_with("experimental.envoy.filters.")) return map_key();
  if (key == "destination.namespace") return "attribute " + key + " is replaced by the metadata.namespace";
  if (key.starts_with("destination.labels"))
    return "attribute " + key + " is replaced by the workload selector";
  if (key == "destination.name" || key == "destination.user")
    return "deprecated attribute " + key + ": only supported in v1alpha1";
  return "unknown attribute: " + key;
}

bool any_set(const Json& j, std::initializer_list<std::string_view> keys) {
  return std::any_of(keys.begin(), keys.end(), [&](std::string_view k) { return !array(j, k).empty(); });
}

void source(Validation& v, const Json& src, std::size_t i, bool& tcp) {
  auto list = [&](std::string_view k) { return strings(src, k); };
  std::string at = ", found at rule " + std::to_string(i);
  if (any_set(src, {"principals", "notPrincipals", "namespaces", "notNamespaces"}) &&
      any_set(src, {"serviceAccounts", "notServiceAccounts"}))
    v.error("cannot set serviceAccounts with namespaces or principals" + at);
  if (!any_set(src,
               {"principals", "requestPrincipals", "namespaces", "ipBlocks", "remoteIpBlocks",
                "notPrincipals", "notRequestPrincipals", "notNamespaces", "notIpBlocks", "notRemoteIpBlocks",
                "serviceAccounts", "notServiceAccounts", "trustDomains", "notTrustDomains"}))
    v.error("`from.source` must not be empty" + at);
  for (std::string_view k : {"ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks"})
    for (const std::string& e : bad_ips(list(k))) v.error(e);
  v.error(empty_values("Principals", list("principals")));
  v.error(empty_values("RequestPrincipals", list("requestPrincipals")));
  v.error(empty_values("Namespaces", list("namespaces")));
  v.error(service_accounts("ServiceAccounts", list("serviceAccounts")));
  v.error(trust_domain_values("TrustDomains", list("trustDomains")));
  v.error(empty_values("IpBlocks", list("ipBlocks")));
  v.error(empty_values("RemoteIpBlocks", list("remoteIpBlocks")));
  v.error(empty_values("NotPrincipals", list("notPrincipals")));
  v.error(empty_values("NotRequestPrincipals", list("notRequestPrincipals")));
  v.error(empty_values("NotNamespaces", list("notNamespaces")));
  v.error(service_accounts("NotServiceAccounts", list("notServiceAccounts")));
  v.error(trust_domain_values("NotTrustDomains", list("notTrustDomains")));
  v.error(empty_values("NotIpBlocks", list("notIpBlocks")));
  v.error(empty_values("NotRemoteIpBlocks", list("notRemoteIpBlocks")));
  if (any_set(src, {"notPrincipals", "principals", "ipBlocks", "notIpBlocks", "namespaces", "notNamespaces",
                    "remoteIpBlocks", "notRemoteIpBlocks", "serviceAccounts", "notServiceAccounts"}))
    tcp = true;
}

void operation(Validation& v, const Json& op, std::size_t i, bool& tcp) {
  auto list = [&](std::string_view k) { return strings(op, k); };
  if (!any_set(op, {"ports", "methods", "paths", "hosts", "notPorts", "notMethods", "notPaths", "notHosts"}))
    v.error("`to.operation` must not be empty, found at rule " + std::to_string(i));
  for (const std::string& e : bad_ports(list("ports"))) v.error(e);
  for (const std::string& e : bad_ports(list("notPorts"))) v.error(e);
  for (auto [name, key] : {std::pair{"Ports", "ports"},
                           {"Methods", "methods"},
                           {"Paths", "paths"},
                           {"Hosts", "hosts"},
                           {"NotPorts", "notPorts"},
                           {"NotMethods", "notMethods"},
                           {"NotPaths", "notPaths"},
                           {"NotHosts", "notHosts"}})
    v.error(empty_values(name, list(key)));
  v.error(path_templates("Paths", list("paths")));
  v.error(path_templates("NotPaths", list("notPaths")));
  if (any_set(op, {"ports", "notPorts"})) tcp = true;
}

void custom_action(Validation& v, const Json& spec) {
  const Json& rules = array(spec, "rules");
  if (rules.empty()) {
    v.error(
        "CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` "
        "if "
        "you want it be triggered for every request");
  } else if (str(field(spec, "provider"), "name").empty()) {
    v.error("`provider.name` must not be empty");
  }
  auto unsupported = [&](bool bad, const std::string& name) {
    if (bad) v.error(name + " is currently not supported with CUSTOM action");
  };
  for (const Json& rule : rules) {
    for (const Json& from : array(rule, "from")) {
      const Json& src = field(from, "source");
      if (!src.is_object()) continue;
      for (auto [key, name] : {std::pair{"namespaces", "From.Namespaces"},
                               {"notNamespaces", "From.NotNamespaces"},
                               {"serviceAccounts", "From.ServiceAccounts"},
                               {"notServiceAccounts", "From.NotServiceAccounts"},
                               {"trustDomains", "From.TrustDomains"},
                               {"notTrustDomains", "From.NotTrustDomains"},
                               {"principals", "From.Principals"},
                               {"notPrincipals", "From.NotPrincipals"},
                               {"requestPrincipals", "From.RequestPrincipals"},
                               {"notRequestPrincipals", "From.NotRequestPrincipals"}})
        unsupported(!array(src, key).empty(), name);
    }
    for (const Json& when : array(rule, "when")) {
      std::string key = str(when, "key");
      unsupported(key == "source.namespace" || key == "source.serviceAccount" ||
                      key == "source.trustDomain" || key == "source.principal" ||
                      key.starts_with("request.auth."),
                  key);
    }
  }
}

}  // namespace

Validation validate_authorization_policy(const ConfigMeta& meta, const Json& spec) {
  Validation v;
  Validation selectors = check_policy_selectors(spec);
  v.add_errors(selectors);
  // Only the workload selector's warning is kept.
  for (const std::string& w : check_workload_selector(field(spec, "selector")).warnings) v.warn(w);
  std::string action = enum_value(spec, "action", "ALLOW");
  const Json& rules = array(spec, "rules");
  if (action == "CUSTOM") custom_action(v, spec);
  if (present(spec, "provider") && action != "CUSTOM")
    v.error("`provider` must not be with non CUSTOM action, found " + action);
  if (action == "DENY" && rules.empty())
    v.error(
        "DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if "
        "you "
        "want it be triggered for every request");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Json& rule = rules[i];
    bool tcp_from = false, tcp_to = false, has_from = false, has_to = false;
    for (const Json& from : array(rule, "from")) {
      const Json& src = field(from, "source");
      if (!src.is_object()) {
        v.error("`from.source` must not be nil, found at rule " + std::to_string(i));
        continue;
      }
      has_from = true;
      source(v, src, i, tcp_from);
    }
    for (const Json& to : array(rule, "to")) {
      const Json& op = field(to, "operation");
      if (!op.is_object()) {
        v.error("`to.operation` must not be nil, found at rule " + std::to_string(i));
        continue;
      }
      has_to = true;
      operation(v, op, i, tcp_to);
    }
    for (const Json& condition : array(rule, "when")) {
      std::string key = str(condition, "key");
      std::vector<std::string> values = strings(condition, "values"),
                               not_values = strings(condition, "notValues");
      if (key.empty()) {
        v.error("`key` must not be empty");
      } else if (values.empty() && not_values.empty()) {
        v.error("at least one of `values` or `notValues` must be set for key " + key);
      } else {
        if (std::string err = attribute_error(key, values); !err.empty())
          v.error("invalid `value` for `key` " + key + ": " + err);
        if (std::string err = attribute_error(key, not_values); !err.empty())
          v.error("invalid `notValue` for `key` " + key + ": " + err);
      }
    }
    if (((has_from && !has_to && !tcp_from) || (has_to && !tcp_to)) && action == "DENY")
      v.warn(
          "configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use "
          "of "
          "only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port");
  }
  v.prefix_errors("invalid policy " + meta.name + "." + meta.ns + ":");
  return v;
}

}  // namespace sidecarctl::analyze
