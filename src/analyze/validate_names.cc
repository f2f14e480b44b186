// Name, host, address, port and label checks of Istio's validation (see validate_names.h).
#include "analyze/validate_names.h"

#include <algorithm>
#include <set>

#include "analyze/message.h"
#include "base/go_strconv.h"
#include "base/ip_prefix.h"

namespace sidecarctl::analyze {

namespace {

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// [a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?, without the length limit.
bool label_shape(std::string_view s) {
  if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return alnum(c) || c == '-'; });
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]: a label key's name part or a label value.
bool qualified_name(std::string_view s) {
  if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    auto at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

// agent.CheckDNS1123Preconditions.
std::string dns_preconditions(std::string_view name) {
  if (name.size() > 255) return "domain name " + go_quote(name) + " too long (max 255)";
  if (name.empty()) return "empty domain name not allowed";
  return "";
}

// agent.ValidateDNS1123Labels.
std::string dns_labels(std::string_view domain) {
  auto parts = split(domain, '.');
  if (parse_go_int(parts.back(), 10))
    return "domain name " + go_quote(domain) + " invalid (top level domain " + go_quote(parts.back()) +
           " cannot be all-numeric)";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i == parts.size() - 1 && parts[i].empty()) return "";
    if (!is_dns1123_label(parts[i]))
      return "domain name " + go_quote(domain) + " invalid (label " + go_quote(parts[i]) + " invalid)";
  }
  return "";
}

// validateSidecarOrGatewayHostnamePart.
Validation host_part(std::string_view host, bool is_gateway) {
  Validation v;
  if (host != "*" && host.find('.') == std::string_view::npos)
    v.error("short names (non FQDN) are not allowed");
  if (std::string err = check_wildcard_domain(host); !err.empty()) {
    if (!is_gateway) v.error(err);
    if (!is_ip_address(host)) v.error(err);  // Istio appends it a second time for sidecars
  }
  v.error(check_partial_wildcard(host));
  return v;
}

std::string selector_pair(const std::string& k, const std::string& v) { return go_quote(k + "=" + v); }

Validation selector_labels(const Json& selector, std::string_view key) {
  Validation v;
  if (!selector.is_object()) return v;
  const Json& labels = field(selector, key);
  if (labels.is_object()) {
    for (auto it = labels.begin(); it != labels.end(); ++it) {
      std::string val = scalar_string(it.value());
      if (it.key().empty())
        v.error("empty key is not supported in selector: " + selector_pair(it.key(), val));
      if (it.key().find('*') != std::string::npos || val.find('*') != std::string::npos)
        v.error("wildcard is not supported in selector: " + selector_pair(it.key(), val));
    }
  }
  if (!labels.is_object() || labels.empty()) v.warn("workload selector specified without labels");
  return v;
}

}  // namespace

bool is_dns1123_label(std::string_view s) { return s.size() <= 63 && label_shape(s); }

bool is_wildcard_dns1123_label(std::string_view s) {
  if (s.size() > 63) return false;
  if (s == "*") return true;
  if (s.starts_with("*-")) return label_shape(s.substr(2)) || label_shape(s.substr(1));
  if (s.starts_with("*")) return label_shape(s.substr(1));
  return label_shape(s);
}

bool is_ip_address(std::string_view s) { return parse_ip_address(s).has_value(); }

std::string check_fqdn(std::string_view fqdn) {
  if (std::string err = dns_preconditions(fqdn); !err.empty()) return err;
  return dns_labels(fqdn);
}

std::string check_wildcard_domain(std::string_view domain) {
  if (std::string err = dns_preconditions(domain); !err.empty()) return err;
  auto dot = domain.find('.');
  std::string_view first = domain.substr(0, dot);
  if (!is_wildcard_dns1123_label(first))
    return "domain name " + go_quote(domain) + " invalid (label " + go_quote(first) + " invalid)";
  if (dot != std::string_view::npos) return dns_labels(domain.substr(dot + 1));
  return "";
}

std::string check_partial_wildcard(std::string_view host) {
  if (host.find('*') != std::string_view::npos && host.size() != 1 && !host.starts_with("*."))
    return "partial wildcard " + go_quote(host) + " not allowed";
  return "";
}

std::string check_gateway_bound_domain(bool sni, std::string_view domain) {
  if (std::string err = dns_preconditions(domain); !err.empty()) return err;
  if (sni && domain.starts_with("outbound_")) {
    constexpr std::string_view kFormat = "outbound_.<PORT>_._.<HOSTNAME>";
    auto parts = split(domain, '_');
    if (parts.size() < 4)
      return "domain name " + std::string(domain) + " invalid, should follow '" + std::string(kFormat) +
             "' format";
    auto trim_dots = [](std::string_view s) {
      while (!s.empty() && s.front() == '.') s.remove_prefix(1);
      while (!s.empty() && s.back() == '.') s.remove_suffix(1);
      return s;
    };
    std::string_view port = trim_dots(parts[1]), host = trim_dots(parts[3]);
    // parts[0] is "outbound" by the prefix test; the port needs a digit and the host a letter
    // somewhere (Istio's unanchored regexps).
    auto any = [](std::string_view s, auto pred) { return std::any_of(s.begin(), s.end(), pred); };
    if (!any(port, [](char c) { return c >= '0' && c <= '9'; }))
      return "domain name " + go_quote(domain) + " invalid (label " + go_quote(port) +
             " invalid). should follow " + std::string(kFormat) + " format";
    if (!any(host, [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }))
      return "domain name " + go_quote(domain) + " invalid (label " + go_quote(host) +
             " invalid). should follow " + std::string(kFormat) + " format";
    return "";
  }
  return check_wildcard_domain(domain);
}

Validation check_namespace_slash_host(std::string_view host, bool is_gateway) {
  auto slash = host.find('/');
  if (slash == std::string_view::npos) {
    if (is_gateway) return host_part(host, true);
    return error_of("host must be of form namespace/dnsName");
  }
  std::string_view ns = host.substr(0, slash), name = host.substr(slash + 1);
  Validation v;
  if (ns.empty() || name.empty()) v.error("config namespace and dnsName in host entry cannot be empty");
  if (!is_gateway) {
    std::string_view bare = ns.starts_with("~") ? ns.substr(1) : ns;
    if (!bare.empty() && bare != "*" && bare != "." && !is_dns1123_label(bare))
      v.error("invalid namespace value " + go_quote(ns) + " in sidecar");
  } else if (ns != "*" && ns != "." && !is_dns1123_label(ns)) {
    v.error("invalid namespace value " + go_quote(ns) + " in gateway");
  }
  v.add(host_part(name, is_gateway));
  return v;
}

std::string check_ip_address(std::string_view addr) {
  if (!parse_ip_address(addr).has_value()) return std::string(addr) + " is not a valid IP";
  return "";
}

std::string check_ip_subnet(std::string_view subnet) {
  if (std::count(subnet.begin(), subnet.end(), '/') == 1) {
    if (!parse_ip_prefix(subnet).has_value()) return std::string(subnet) + " is not a valid CIDR block";
    return "";
  }
  return check_ip_address(subnet);
}

std::string check_unix_address(std::string_view addr) {
  if (addr.empty()) return "unix address must not be empty";
  if (addr.starts_with("@")) return "";
  if (!addr.starts_with("/") || addr.ends_with("/"))
    return std::string(addr) + " is not an absolute path to a file";
  return "";
}

std::string check_port(long long port) {
  if (port >= 1 && port <= 65535) return "";
  return "port number " + std::to_string(port) + " must be in the range 1..65535";
}

std::string check_port_name(std::string_view name) {
  return is_dns1123_label(name) ? "" : "invalid port name: " + std::string(name);
}

std::string check_protocol(std::string_view protocol) {
  if (!protocol.empty() && parse_protocol(protocol).unsupported())
    return "unsupported protocol: " + std::string(protocol);
  return "";
}

bool Protocol::is_http() const {
  return name == "HTTP" || name == "HTTP2" || name == "HTTP_PROXY" || name == "GRPC" || name == "GRPC-Web";
}
bool Protocol::is_tcp() const {
  return name == "TCP" || name == "HTTPS" || name == "TLS" || name == "Mongo" || name == "Redis" ||
         name == "MySQL";
}
bool Protocol::is_tls() const { return name == "HTTPS" || name == "TLS"; }

Protocol parse_protocol(std::string_view s) {
  std::string lower(s);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"tcp", "TCP"},           {"udp", "UDP"},     {"grpc", "GRPC"},
      {"grpc-web", "GRPC-Web"}, {"http", "HTTP"},   {"http_proxy", "HTTP_PROXY"},
      {"http2", "HTTP2"},       {"https", "HTTPS"}, {"tls", "TLS"},
      {"mongo", "Mongo"},       {"redis", "Redis"}, {"mysql", "MySQL"}};
  for (const auto& [key, name] : kNames)
    if (lower == key) return {std::string(name)};
  return {"UnsupportedProtocol"};
}

Validation check_labels(const Json& labels) {
  Validation v;
  if (!labels.is_object()) return v;
  for (auto it = labels.begin(); it != labels.end(); ++it) {
    const std::string& key = it.key();
    auto slash = key.rfind('/');
    std::string_view prefix =
        slash == std::string::npos ? std::string_view() : std::string_view(key).substr(0, slash);
    std::string_view name =
        slash == std::string::npos ? std::string_view(key) : std::string_view(key).substr(slash + 1);
    bool prefix_ok = slash == std::string::npos || [&] {
      auto parts = split(prefix, '.');
      return std::all_of(parts.begin(), parts.end(), label_shape);
    }();
    if (!prefix_ok || !qualified_name(name))
      v.error("invalid tag key: " + go_quote(key));
    else if (prefix.size() > 253)
      v.error("invalid tag key: " + go_quote(key) + " (DNS prefix is too long)");
    else if (name.size() > 63)
      v.error("invalid tag key: " + go_quote(key) + " (name is too long)");
    std::string value = scalar_string(it.value());
    if (!value.empty() && !qualified_name(value)) v.error("invalid tag value: " + go_quote(value));
  }
  return v;
}

Validation check_workload_selector(const Json& selector) {
  if (!selector.is_object()) return {};
  return selector_labels(selector, "matchLabels");
}

Validation check_alpha_workload_selector(const Json& selector) {
  if (!selector.is_object()) return {};
  return selector_labels(selector, "labels");
}

namespace {
Validation target_ref(const Json& ref) {
  Validation v;
  if (!ref.is_object()) return v;
  if (str(ref, "name").empty()) v.error("targetRef name must be set");
  if (!str(ref, "namespace").empty())
    v.error("targetRef namespace must not be set; cross namespace referencing is not supported");
  std::string group = str(ref, "group"), kind = str(ref, "kind");
  std::string canonical = group.empty() ? "core" : group;
  bool allowed = (canonical == "core" && kind == "Service") ||
                 (canonical == "networking.istio.io" && kind == "ServiceEntry") ||
                 (canonical == "gateway.networking.k8s.io" && (kind == "Gateway" || kind == "GatewayClass"));
  if (!allowed)
    v.error(
        "targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry "
        "gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was " +
        group + "/" + kind);
  return v;
}
}  // namespace

Validation check_policy_selectors(const Json& spec) {
  Validation v;
  const Json& selector = field(spec, "selector");
  const Json& refs = array(spec, "targetRefs");
  int set = selector.is_object() + present(spec, "targetRef") + !refs.empty();
  if (set > 1) v.error("only one of targetRefs or workloadSelector can be set");
  v.add(check_workload_selector(selector));
  v.add(target_ref(field(spec, "targetRef")));
  for (const Json& ref : refs) v.add(target_ref(ref));
  return v;
}

Validation check_export_to(const std::string& ns, const std::vector<std::string>& export_to,
                           bool service_entry, bool destination_rule_with_selector) {
  Validation v;
  if (export_to.empty()) return v;
  std::set<std::string> seen;
  for (const std::string& e : export_to) {
    std::string key = e == "." ? ns : e;
    if (seen.count(key)) {
      if (key != e)
        v.error("duplicate entries in exportTo: . and current namespace " + ns);
      else
        v.error("duplicate entries in exportTo for entry " + e);
      continue;
    }
    if (service_entry && e == "~") {
      seen.insert(key);
    } else if (key == "~") {
      v.error("exportTo ~ (none) is not allowed for Istio configuration objects");
    } else if (key != "." && key != "*" && !is_dns1123_label(key)) {
      v.error("only .,*, or a valid DNS 1123 label is allowed as exportTo entry");
    } else {
      seen.insert(key);
    }
  }
  if (destination_rule_with_selector && !seen.empty()) {
    if (!seen.count(ns))
      v.error("destination rule with workload selector cannot have exportTo beyond current namespace");
    else if (seen.size() > 1)
      v.error("destination rule with workload selector cannot have multiple entries in exportTo");
  }
  if (seen.count("*") && export_to.size() > 1)
    v.error("cannot have both public (*) and non-public exportTo values for a resource");
  if (seen.count("~") && export_to.size() > 1)
    v.error("cannot export service entry to no one (~) and someone");
  return v;
}

Validation check_gateway_names(const std::vector<std::string>& names) {
  Validation v;
  for (const std::string& name : names) {
    auto slash = name.find('/');
    if (slash == std::string::npos) {
      if (name.find('.') != std::string::npos) {
        auto parts = split(name, '.');
        v.warn("using legacy gatewayName format " + go_quote(name) +
               "; prefer the <namespace>/<name> format: " +
               go_quote(std::string(parts[1]) + "/" + std::string(parts[0])));
      }
      v.error(check_fqdn(name));
      return v;  // Istio stops at the first name without a namespace
    }
    std::string_view ns = std::string_view(name).substr(0, slash),
                     gw = std::string_view(name).substr(slash + 1);
    if (ns.empty() || gw.empty()) v.error("config namespace and gateway name cannot be empty");
    if (!is_dns1123_label(ns)) v.error("invalid value for namespace: " + go_quote(ns));
    if (!is_dns1123_label(gw)) v.error("invalid value for gateway name: " + go_quote(gw));
  }
  return v;
}

bool host_subset_of(std::string_view n, std::string_view o) {
  bool nw = !n.empty() && n[0] == '*';
  bool ow = !o.empty() && o[0] == '*';
  if (nw) {
    if (!ow || n.size() < o.size()) return false;
    return n.substr(1).ends_with(o.substr(1));
  }
  if (ow) return n.ends_with(o.substr(1));
  return n == o;
}

}  // namespace sidecarctl::analyze
