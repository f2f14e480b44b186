// ValidateVirtualService: hosts, gateways, TLS and TCP routes, exportTo, and the rules that can
// never match (IST0130/IST0131); HTTP routes are in validate_http_route.cc.
#include <algorithm>
#include <map>

#include "analyze/hosts.h"
#include "analyze/message.h"
#include "analyze/validate.h"
#include "analyze/validate_names.h"
#include "analyze/validate_values.h"

namespace sidecarctl::analyze {

namespace {

// ---- rules that can never match -------------------------------------------------------------

std::string route_name(const Json& route, std::size_t n, bool http) {
  if (http && !str(route, "name").empty()) return go_quote(str(route, "name"));
  return "#" + std::to_string(n);
}

std::string exact_or_prefix(const Json& m) {
  if (!str(m, "exact").empty()) return "exact:" + str(m, "exact");
  if (!str(m, "prefix").empty()) return "prefix:" + str(m, "prefix");
  return "";
}

// What Istio compares to find a prefix match that an earlier one covers.
struct PrefixMatch {
  std::string route, match, prefix;
  long long port = 0;
  std::string method, authority;
  std::map<std::string, std::string> headers, query, without_headers;
};

std::map<std::string, std::string> string_matches(const Json& m) {
  std::map<std::string, std::string> out;
  if (m.is_object())
    for (auto it = m.begin(); it != m.end(); ++it) out[it.key()] = exact_or_prefix(it.value());
  return out;
}

bool map_covered(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it == b.end()) return false;
    if (v != it->second && !v.starts_with(it->second)) return false;
  }
  return true;
}

bool covered(const PrefixMatch& a, const PrefixMatch& b) {
  if (!b.prefix.starts_with(a.prefix)) return false;
  if (a.port != b.port) return false;
  if (a.method != b.method && !a.method.starts_with(b.method)) return false;
  if (a.authority != b.authority && !a.authority.starts_with(b.authority)) return false;
  return map_covered(a.headers, b.headers) && map_covered(a.query, b.query) &&
         map_covered(a.without_headers, b.without_headers);
}

void unused(Validation& v, const std::string& rule, const std::string& reason) {
  v.precise.push_back({"IST0130", {rule, reason}});
}

void ineffective(Validation& v, const std::string& rule, const std::string& match, const std::string& dup) {
  v.precise.push_back({"IST0131", {rule, match, dup}});
}

void unreachable_rules(Validation& v, const Json& routes, bool http) {
  std::map<std::string, std::size_t> seen;
  long long empty_at = -1;
  std::vector<PrefixMatch> prefixes;
  for (std::size_t n = 0; n < routes.size(); ++n) {
    const Json& route = routes[n];
    const Json& matches = array(route, "match");
    if (matches.empty()) {
      if (empty_at >= 0) unused(v, route_name(route, n, http), "only the last rule can have no matches");
      empty_at = static_cast<long long>(n);
      continue;
    }
    std::size_t duplicates = 0;
    for (std::size_t m = 0; m < matches.size(); ++m) {
      if (empty_at >= 0) {
        unused(v, route_name(route, n, http), "route without matches defined before");
        continue;
      }
      Json key = matches[m];
      if (http && key.is_object()) key.erase("name");
      std::string text = key.dump();
      std::string match_name = http && !str(matches[m], "name").empty() ? go_quote(str(matches[m], "name"))
                                                                        : "#" + std::to_string(m);
      if (auto it = seen.find(text); it != seen.end()) {
        ineffective(v, route_name(route, n, http), match_name,
                    route_name(routes[it->second], it->second, http));
        ++duplicates;
        continue;
      }
      seen[text] = n;
      if (!http) continue;
      std::string prefix = str(field(matches[m], "uri"), "prefix");
      if (prefix.empty()) continue;
      PrefixMatch p;
      p.route = route_name(route, n, http);
      p.match = match_name;
      p.prefix = prefix;
      p.port = integer(matches[m], "port");
      p.method = exact_or_prefix(field(matches[m], "method"));
      if (p.method.empty()) p.method = "exact:GET";
      p.authority = exact_or_prefix(field(matches[m], "authority"));
      p.headers = string_matches(field(matches[m], "headers"));
      p.query = string_matches(field(matches[m], "queryParams"));
      p.without_headers = string_matches(field(matches[m], "withoutHeaders"));
      prefixes.push_back(p);
    }
    if (duplicates == matches.size())
      unused(v, route_name(route, n, http), "all matches used by prior rules");
  }
  for (std::size_t i = 0; i < prefixes.size(); ++i)
    for (std::size_t j = i + 1; j < prefixes.size(); ++j) {
      if (prefixes[j].prefix == prefixes[i].prefix || !covered(prefixes[i], prefixes[j])) continue;
      ineffective(v, prefixes[j].route, prefixes[j].match + " of prefix " + prefixes[j].prefix,
                  prefixes[i].match + " of prefix " + prefixes[i].prefix + " on " + prefixes[i].route);
    }
}

// ---- routes -----------------------------------------------------------------------------------

// isGateway: the VirtualService is not bound to the mesh (true without gateways, too).
bool not_mesh_bound(const std::vector<std::string>& gateways) {
  return std::find(gateways.begin(), gateways.end(), "mesh") == gateways.end();
}

Validation sni_host(const std::string& sni, const std::vector<std::string>& gateways,
                    const std::vector<std::string>& hosts) {
  std::string err =
      not_mesh_bound(gateways) ? check_gateway_bound_domain(true, sni) : check_wildcard_domain(sni);
  if (!err.empty()) {
    if (is_ip_address(sni))
      return warning_of("using an IP address (" + go_quote(sni) +
                        ") goes against SNI spec and most clients do not support this");
    return error_of(err);
  }
  for (const std::string& h : hosts)
    if (host_subset_of(sni, h)) return {};
  std::string joined;
  for (const std::string& h : hosts) joined += (joined.empty() ? "" : ", ") + h;
  return error_of("SNI host " + go_quote(sni) +
                  " is not a compatible subset of any of the virtual service hosts: [" + joined + "]");
}

Validation tls_route(const Json& tls, const std::vector<std::string>& gateways,
                     const std::vector<std::string>& hosts) {
  Validation v;
  const Json& matches = array(tls, "match");
  if (matches.empty()) v.error("TLS route must have at least one match condition");
  for (const Json& m : matches) {
    std::vector<std::string> snis = strings(m, "sniHosts");
    if (snis.empty()) v.error("TLS match must have at least one SNI host");
    for (const std::string& sni : snis) v.add(sni_host(sni, gateways, hosts));
    for (const std::string& subnet : strings(m, "destinationSubnets")) v.error(check_ip_subnet(subnet));
    if (long long port = integer(m, "port")) v.error(check_port(port));
    v.add(check_labels(field(m, "sourceLabels")));
    v.add(check_gateway_names(strings(m, "gateways")));
  }
  if (array(tls, "route").empty()) v.error("TLS route is required");
  v.add(check_route_destinations(array(tls, "route")));
  return v;
}

Validation tcp_route(const Json& tcp) {
  Validation v;
  for (const Json& m : array(tcp, "match")) {
    for (const std::string& subnet : strings(m, "destinationSubnets")) v.error(check_ip_subnet(subnet));
    if (long long port = integer(m, "port")) v.error(check_port(port));
    v.add_errors(check_labels(field(m, "sourceLabels")));
    v.add_errors(check_gateway_names(strings(m, "gateways")));
  }
  if (array(tcp, "route").empty()) v.error("TCP route is required");
  v.add(check_route_destinations(array(tcp, "route")));
  return v;
}

}  // namespace

std::string go_string_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? " " : "") + items[i];
  return out + "]";
}

Validation check_destination(const Json& destination) {
  Validation v;
  if (!destination.is_object()) return v;
  std::string host = str(destination, "host");
  if (host == "*")
    v.error("invalid destination host *");
  else
    v.error(check_wildcard_domain(host));
  std::string subset = str(destination, "subset");
  if (!subset.empty() && !is_dns1123_label(subset)) v.error("subset name is invalid: " + subset);
  if (const Json& port = field(destination, "port"); port.is_object())
    v.error(check_port(integer(port, "number")));
  return v;
}

Validation validate_virtual_service(const ConfigMeta& meta, const Json& spec) {
  Validation v;
  std::vector<std::string> hosts = strings(spec, "hosts");
  std::vector<std::string> gateways = strings(spec, "gateways");
  const Json& http = array(spec, "http");
  const Json& tls = array(spec, "tls");
  const Json& tcp = array(spec, "tcp");
  if (hosts.empty()) {
    if (!gateways.empty()) v.error("delegate virtual service must have no gateways specified");
    if (!tls.empty()) v.error("delegate virtual service must have no tls route specified");
    if (!tcp.empty()) v.error("delegate virtual service must have no tcp route specified");
  }
  bool to_gateway = false;
  if (!gateways.empty()) {
    v.add(check_gateway_names(gateways));
    to_gateway = not_mesh_bound(gateways);
  }
  bool to_mesh = !to_gateway;
  if (!to_gateway) {
    auto claims = [&](const Json& headers) {
      if (!headers.is_object()) return;
      for (auto it = headers.begin(); it != headers.end(); ++it)
        if (is_jwt_claim_route(it.key()))
          v.error("JWT claim based routing (key: " + it.key() +
                  ") is only supported for gateway, found no gateways: " + go_string_list(gateways));
    };
    for (const Json& route : http)
      for (const Json& m : array(route, "match")) {
        claims(field(m, "headers"));
        claims(field(m, "withoutHeaders"));
      }
  }
  bool sni = false;
  for (const Json& route : tls)
    for (const Json& m : array(route, "match")) sni = sni || !array(m, "sniHosts").empty();
  bool hosts_valid = true;
  for (const std::string& host : hosts) {
    std::string err = to_gateway ? check_gateway_bound_domain(sni, host) : check_wildcard_domain(host);
    if (!err.empty()) {
      if (!is_ip_address(host)) {
        v.error(err);
        hosts_valid = false;
      }
    } else if (to_mesh && host == "*") {
      v.error("wildcard host * is not allowed for virtual services bound to the mesh gateway");
      hosts_valid = false;
    }
  }
  if (hosts_valid)
    for (std::size_t i = 0; i < hosts.size(); ++i)
      for (std::size_t j = i + 1; j < hosts.size(); ++j)
        if (host_matches(hosts[i], hosts[j]))
          v.error("duplicate hosts in virtual service: " + hosts[i] + " & " + hosts[j]);
  if (http.empty() && tcp.empty() && tls.empty())
    v.error("http, tcp or tls must be provided in virtual service");
  for (const Json& route : http) v.add(check_http_route(route, hosts.empty()));
  for (const Json& route : tls) v.add(tls_route(route, gateways, hosts));
  for (const Json& route : tcp) v.add(tcp_route(route));
  v.add(check_export_to(meta.ns, strings(spec, "exportTo"), false, false));
  unreachable_rules(v, http, true);
  unreachable_rules(v, tcp, false);
  unreachable_rules(v, tls, false);
  return v;
}

}  // namespace sidecarctl::analyze
