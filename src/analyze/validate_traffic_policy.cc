// Traffic policy checks of Istio's DestinationRule validation (see validate_traffic_policy.h).
#include "analyze/validate_traffic_policy.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <set>

#include "analyze/message.h"
#include "analyze/validate_names.h"
#include "analyze/validate_values.h"

namespace sidecarctl::analyze {

namespace {

bool is_topology_label(const std::string& label) {
  return label == "topology.kubernetes.io/region" || label == "topology.kubernetes.io/zone" ||
         label == "topology.istio.io/subzone";
}

std::string duration_error(const Json& j, std::string_view key) {
  auto ns = duration_ns(j, key);
  return ns ? check_duration(*ns) : "";
}

// Envoy's isPrime (Istio copies it so that both agree on maglev table sizes): 1 counts as prime.
// Envoy divides by every odd number up to the square root; a deterministic Miller-Rabin over
// 64-bit numbers gives the same answers without billions of divisions for a huge table size.
bool is_prime(std::uint64_t x) {
  if (x != 0 && x < 4) return true;
  if ((x & 1) == 0) return false;
  auto mul = [x](std::uint64_t a, std::uint64_t b) {
    __extension__ using Wide = unsigned __int128;
    return static_cast<std::uint64_t>(static_cast<Wide>(a) * b % x);
  };
  auto power = [&](std::uint64_t b, std::uint64_t e) {
    std::uint64_t r = 1;
    for (b %= x; e; e >>= 1, b = mul(b, b))
      if (e & 1) r = mul(r, b);
    return r;
  };
  std::uint64_t d = x - 1;
  int s = 0;
  for (; (d & 1) == 0; d >>= 1) ++s;
  for (std::uint64_t a : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    if (a % x == 0) return true;  // x is one of the bases
    std::uint64_t y = power(a, d);
    if (y == 1 || y == x - 1) continue;
    bool composite = true;
    for (int i = 1; i < s && composite; ++i) composite = (y = mul(y, y)) != x - 1;
    if (composite) return false;
  }
  return true;
}

Validation outlier_detection(const Json& od) {
  Validation v;
  if (!od.is_object()) return v;
  v.error(duration_error(od, "baseEjectionTime"));
  if (integer(od, "consecutiveErrors") != 0)
    v.warn(
        "outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or "
        "consecutive5xxErrors instead");
  if (!boolean(od, "splitExternalLocalOriginErrors") && integer(od, "consecutiveLocalOriginFailures") > 0)
    v.error(
        "outlier detection consecutive local origin failures is specified, but split external local origin "
        "errors is set to false");
  v.error(duration_error(od, "interval"));
  v.error(check_percent(integer(od, "maxEjectionPercent")));
  v.error(check_percent(integer(od, "minHealthPercent")));
  return v;
}

// getLocalityParam + validateLocalities: overlapping or malformed region/zone/subzone entries.
std::string check_localities(const std::vector<std::string>& localities) {
  // region -> zone -> subzone; "*" stands for "all of them".
  std::map<std::string, std::map<std::string, std::set<std::string>>> seen;
  for (const std::string& loc : localities) {
    auto overlap = "locality " + loc + " overlap with previous specified ones";
    auto stars = std::count(loc.begin(), loc.end(), '*');
    if (stars > 0 && (stars > 1 || !loc.ends_with("*")))
      return "locality " + loc + " wildcard '*' number can not exceed 1 and must be in the end";
    if (seen.count("*")) return overlap;
    std::vector<std::string> items;
    std::string_view rest = loc;
    while (items.size() < 2) {
      auto slash = rest.find('/');
      if (slash == std::string_view::npos) break;
      items.emplace_back(rest.substr(0, slash));
      rest.remove_prefix(slash + 1);
    }
    items.emplace_back(rest);
    for (const std::string& item : items)
      if (item.empty()) return "locality " + loc + " must not contain empty region/zone/subzone info";
    const std::string& region = items[0];
    auto r = seen.find(region);
    if (items.size() == 1) {
      if (r != seen.end()) return overlap;
      seen[region]["*"].insert("*");
    } else if (items.size() == 2) {
      if (r != seen.end()) {
        if (r->second.count("*") || r->second.count(items[1])) return overlap;
      }
      seen[region][items[1]].insert("*");
    } else {
      if (r != seen.end()) {
        if (r->second.count("*")) return overlap;
        auto z = r->second.find(items[1]);
        if (z != r->second.end() && (z->second.count("*") || z->second.count(items[2]))) return overlap;
      }
      seen[region][items[1]].insert(items[2]);
    }
  }
  return "";
}

Validation locality_lb(const Json& lb, bool has_outlier) {
  Validation v;
  if (!lb.is_object()) return v;
  const Json& distribute = array(lb, "distribute");
  const Json& failover = array(lb, "failover");
  std::vector<std::string> priority = strings(lb, "failoverPriority");
  if (!distribute.empty() && !failover.empty())
    return v.error("can not simultaneously specify 'distribute' and 'failover'");
  if (!failover.empty())
    for (const std::string& label : priority)
      if (is_topology_label(label))
        return v.error("can not simultaneously set 'failover' and topology label '" + label +
                       "' in 'failover_priority'");
  std::vector<std::string> sources;
  for (const Json& d : distribute) {
    sources.push_back(str(d, "from"));
    long long total = 0;
    std::vector<std::string> destinations;
    const Json& to = field(d, "to");
    if (to.is_object())
      for (auto it = to.begin(); it != to.end(); ++it) {
        destinations.push_back(it.key());
        long long weight = it.value().is_number() ? it.value().get<long long>() : 0;
        if (weight <= 0 || weight > 100) return v.error("locality weight must be in range [1, 100]");
        total += weight;
      }
    if (total != 100) return v.error("total locality weight " + std::to_string(total) + " != 100");
    v.error(check_localities(destinations));
  }
  v.error(check_localities(sources));
  if ((!failover.empty() || !priority.empty()) && !has_outlier)
    v.warn("outlier detection policy must be provided for failover");
  for (const Json& f : failover) {
    std::string from = str(f, "from"), to = str(f, "to");
    if (from == to) v.error("locality lb failover settings must specify different regions");
    if (from.find('/') != std::string::npos || to.find('/') != std::string::npos)
      v.error("locality lb failover only specify region");
    if (to.find('*') != std::string::npos || from.find('*') != std::string::npos)
      v.error("locality lb failover region should not contain '*' wildcard");
  }
  return v;
}

Validation zone_aware_lb(const Json& lb, bool has_outlier) {
  Validation v;
  if (!lb.is_object()) return v;
  std::vector<std::string> priority = strings(lb, "failoverPriority");
  for (const std::string& label : priority)
    if (is_topology_label(label))
      v.error("'failover_priority' for zone aware lb must not use topology label '" + label +
              "'; region- and zone-level routing are handled automatically");
  const Json& failover = array(lb, "failover");
  if ((!failover.empty() || !priority.empty()) && !has_outlier)
    v.warn("outlier detection policy must be provided for failover");
  for (const Json& f : failover) {
    std::string from = str(f, "from"), to = str(f, "to");
    if (from == to) v.error("zone aware lb failover settings must specify different regions");
    if (from.find('/') != std::string::npos || to.find('/') != std::string::npos)
      v.error(
          "zone aware lb failover only specifies region; zone and subzone failover are handled "
          "automatically");
    if (to.find('*') != std::string::npos || from.find('*') != std::string::npos)
      v.error("zone aware lb failover region should not contain '*' wildcard");
  }
  return v;
}

Validation load_balancer(const Json& lb, bool has_outlier) {
  Validation v;
  if (!lb.is_object()) return v;
  const Json& hash = field(lb, "consistentHash");
  if (hash.is_object()) {
    const Json& cookie = field(hash, "httpCookie");
    if (cookie.is_object() && str(cookie, "name").empty()) v.error("name required for HttpCookie");
    std::set<std::string> names;
    for (const Json& attr : array(cookie, "attributes")) {
      std::string name = str(attr, "name");
      if (name.empty())
        v.error("cookie attribute name cannot be empty");
      else if (!names.insert(name).second)
        v.error("duplicate cookie attribute name: " + name);
    }
    long long min_ring = integer(hash, "minimumRingSize");
    if (min_ring != 0)
      v.warn(
          "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration "
          "instead");
    if (min_ring != 0 && (present(hash, "ringHash") || present(hash, "maglev")))
      v.error("only one of MinimumRingSize or Maglev/Ringhash can be specified");
    if (const Json& maglev = field(hash, "maglev"); maglev.is_object()) {
      auto size = static_cast<std::uint64_t>(integer(maglev, "tableSize"));
      if (size == 0) v.error("tableSize must be set for maglev");
      if (size >= 5000011) v.error("tableSize must be less than 5000011 for maglev");
      if (!is_prime(size)) v.error("tableSize must be a prime number for maglev");
    }
  }
  if (present(lb, "localityLbSetting") && present(lb, "zoneAwareLbSetting"))
    v.error("only one of localityLbSetting and zoneAwareLbSetting can be set");
  v.add(locality_lb(field(lb, "localityLbSetting"), has_outlier));
  v.add(zone_aware_lb(field(lb, "zoneAwareLbSetting"), has_outlier));
  if (const Json& warmup = field(lb, "warmup"); warmup.is_object()) {
    if (!present(warmup, "duration"))
      v.error("duration is required");
    else
      v.error(duration_error(warmup, "duration"));
    if (number(warmup, "minimumPercent") > 100)
      v.error("minimumPercent value should be less than or equal to 100");
    if (present(warmup, "aggression") && number(warmup, "aggression") <= 0)
      v.error("aggression should be greater than 0");
  }
  return v;
}

Validation port_policies(const std::string& ns, const Json& list) {
  Validation v;
  for (const Json& p : list) {
    if (!present(p, "port")) v.error("portTrafficPolicy must have valid port");
    const Json& od = field(p, "outlierDetection");
    if (!od.is_object() && !present(p, "connectionPool") && !present(p, "loadBalancer") &&
        !present(p, "tls")) {
      v.error("port traffic policy must have at least one field");
      continue;
    }
    v.add_errors(outlier_detection(od));
    v.add_errors(check_connection_pool(field(p, "connectionPool")));
    v.add_errors(load_balancer(field(p, "loadBalancer"), od.is_object()));
    v.add_errors(check_client_tls(ns, field(p, "tls")));
  }
  return v;
}

Validation tunnel(const Json& t) {
  Validation v;
  if (!t.is_object()) return v;
  std::string protocol = str(t, "protocol");
  if (!protocol.empty() && protocol != "CONNECT" && protocol != "POST")
    v.error("tunnel protocol must be \"CONNECT\" or \"POST\"");
  std::string host = str(t, "targetHost");
  std::string fqdn_err = check_fqdn(host), ip_err = check_ip_address(host);
  if (!fqdn_err.empty() && !ip_err.empty())
    v.error("tunnel target host must be valid FQDN or IP address: " + fqdn_err + "; " + ip_err);
  if (std::string err = check_port(integer(t, "targetPort")); !err.empty())
    v.error("tunnel target port is invalid: " + err);
  return v;
}

Validation proxy_protocol(const Json& p) {
  // An enum given as a number Istio's decoder does not know stays a number.
  const Json& version = field(p, "version");
  if (version.is_number_integer() && version.get<long long>() != 0 && version.get<long long>() != 1)
    return error_of("proxy protocol version is invalid: " + std::to_string(version.get<long long>()));
  return {};
}

}  // namespace

Validation check_connection_pool(const Json& pool) {
  Validation v;
  if (!pool.is_object()) return v;
  const Json& http = field(pool, "http");
  const Json& tcp = field(pool, "tcp");
  if (!http.is_object() && !tcp.is_object()) return v.error("connection pool must have at least one field");
  if (http.is_object()) {
    if (integer(http, "http1MaxPendingRequests") < 0)
      v.error("http1 max pending requests must be non-negative");
    if (integer(http, "http2MaxRequests") < 0) v.error("http2 max requests must be non-negative");
    if (integer(http, "maxRequestsPerConnection") < 0)
      v.error("max requests per connection must be non-negative");
    if (integer(http, "maxRetries") < 0) v.error("max retries must be non-negative");
    v.error(duration_error(http, "idleTimeout"));
    if (str(http, "h2UpgradePolicy") == "UPGRADE" && boolean(http, "useClientProtocol"))
      v.error("use client protocol must not be true when H2UpgradePolicy is UPGRADE");
    if (integer(http, "maxConcurrentStreams") < 0) v.error("max concurrent streams must be non-negative");
    if (const Json& ka = field(http, "http2KeepAlive"); ka.is_object()) {
      if (!present(ka, "interval"))
        v.error("http2 keepalive interval is required");
      else
        v.error(duration_error(ka, "interval"));
      if (!present(ka, "timeout"))
        v.error("http2 keepalive timeout is required");
      else
        v.error(duration_error(ka, "timeout"));
    }
  }
  if (tcp.is_object()) {
    if (integer(tcp, "maxConnections") < 0) v.error("max connections must be non-negative");
    v.error(duration_error(tcp, "connectTimeout"));
    v.error(duration_error(tcp, "maxConnectionDuration"));
    // 0s (below a millisecond) disables the timeout.
    if (auto idle = duration_ns(tcp, "idleTimeout"); idle && *idle / 1'000'000 != 0)
      v.error(check_duration(*idle));
    const Json& ka = field(tcp, "tcpKeepalive");
    v.error(duration_error(ka, "time"));
    v.error(duration_error(ka, "interval"));
  }
  return v;
}

Validation check_client_tls(const std::string& ns, const Json& tls) {
  Validation v;
  if (!tls.is_object()) return v;
  std::string credential = str(tls, "credentialName");
  constexpr std::string_view kConfigMap = "configmap://";
  if (credential.starts_with(kConfigMap)) {
    std::string_view rest = std::string_view(credential).substr(kConfigMap.size());
    auto slash = rest.find('/');
    std::string problem;
    if (slash == std::string_view::npos)
      problem = "Expected namespace and name";
    else if (slash == 0)
      problem = "Expected namespace";
    else if (rest.substr(slash + 1).substr(0, rest.substr(slash + 1).find('/')).empty())
      problem = "Expected name";
    if (!problem.empty())
      v.error("invalid configmap:// credentialName: invalid resource name " + go_quote(credential) + ". " +
              problem);
    else if (rest.substr(0, slash) != ns || ns.empty())
      v.error("invalid configmap:// credentialName: namespace must match the configuration namespace " +
              go_quote(ns));
  }
  std::string mode = str(tls, "mode");
  bool has_sans = !array(tls, "subjectAltNames").empty();
  if (boolean(tls, "insecureSkipVerify")) {
    if (mode == "SIMPLE" && (!str(tls, "caCertificates").empty() || !credential.empty() || has_sans))
      v.error(
          "cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set "
          "true");
    if (mode == "MUTUAL" && (!str(tls, "caCertificates").empty() || has_sans))
      v.error("cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true");
  }
  if ((mode == "SIMPLE" || mode == "MUTUAL") && !credential.empty()) {
    if (!str(tls, "clientCertificate").empty() || !str(tls, "caCertificates").empty() ||
        !str(tls, "privateKey").empty() || !str(tls, "caCrl").empty())
      v.error("cannot specify client certificates or CA certificate or CA CRL If credentialName is set");
    return v;
  }
  if (mode == "MUTUAL") {
    if (str(tls, "clientCertificate").empty()) v.error("client certificate required for mutual tls");
    if (str(tls, "privateKey").empty()) v.error("private key required for mutual tls");
  }
  return v;
}

Validation check_traffic_policy(const std::string& ns, const Json& policy) {
  Validation v;
  if (!policy.is_object()) return v;
  static constexpr std::string_view kFields[] = {
      "outlierDetection",  "connectionPool", "loadBalancer",  "tls",
      "portLevelSettings", "tunnel",         "proxyProtocol", "retryBudget"};
  bool any = false;
  for (std::string_view f : kFields)
    any = any || (f == "portLevelSettings" ? !array(policy, f).empty() : present(policy, f));
  if (!any) return v.error("traffic policy must have at least one field");
  if (present(policy, "tunnel") && present(policy, "proxyProtocol"))
    return v.error("tunnel and proxyProtocol must not be set together");
  const Json& od = field(policy, "outlierDetection");
  v.add(outlier_detection(od));
  v.add(check_connection_pool(field(policy, "connectionPool")));
  v.add(load_balancer(field(policy, "loadBalancer"), od.is_object()));
  v.add(check_client_tls(ns, field(policy, "tls")));
  v.add(port_policies(ns, array(policy, "portLevelSettings")));
  v.add(tunnel(field(policy, "tunnel")));
  v.add(proxy_protocol(field(policy, "proxyProtocol")));
  return v;
}

}  // namespace sidecarctl::analyze
