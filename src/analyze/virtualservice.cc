// VirtualService analyzers: virtualservice.DestinationHostAnalyzer, DestinationRuleAnalyzer,
// GatewayAnalyzer, ConflictingMeshGatewayHostsAnalyzer and JWTClaimRouteAnalyzer.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "analyze/analyzer.h"
#include "analyze/hosts.h"
#include "analyze/kinds.h"
#include "analyze/labels.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

// A destination of a route with where it sits (virtualservice/util.go AnnotatedDestination).
struct Destination {
  std::string rule;  // "tcp", "tls", "http", "http.mirror", "http.mirrors"
  std::size_t service_index = 0;
  std::size_t destination_index = 0;
  const Json* destination = nullptr;

  std::string field_pointer() const {
    if (rule == "http.mirror") return pointer({"spec", "http", std::to_string(service_index), "mirror", "host"});
    if (rule == "http.mirrors")
      return pointer({"spec", "http", std::to_string(service_index), "mirrors", std::to_string(destination_index), "host"});
    return pointer({"spec", rule, std::to_string(service_index), "route", std::to_string(destination_index),
                    "destination", "host"});
  }
  std::string host() const { return str(*destination, "host"); }
  std::string subset() const { return str(*destination, "subset"); }
};

std::vector<Destination> route_destinations(const Json& spec) {
  std::vector<Destination> out;
  for (const char* rule : {"tcp", "tls", "http"}) {
    const Json& rules = array(spec, rule);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const Json& routes = array(rules[i], "route");
      for (std::size_t j = 0; j < routes.size(); ++j) out.push_back({rule, i, j, &field(routes[j], "destination")});
    }
  }
  return out;
}

std::vector<Destination> mirror_destinations(const Json& spec) {
  std::vector<Destination> out;
  const Json& http = array(spec, "http");
  for (std::size_t i = 0; i < http.size(); ++i) {
    const Json& mirror = field(http[i], "mirror");
    if (mirror.is_object()) out.push_back({"http.mirror", i, 0, &mirror});
    const Json& mirrors = array(http[i], "mirrors");
    for (std::size_t j = 0; j < mirrors.size(); ++j)
      out.push_back({"http.mirrors", i, j, &field(mirrors[j], "destination")});
  }
  return out;
}

std::vector<std::string> strings_of(const Json& list) {
  std::vector<std::string> out;
  if (list.is_array())
    for (const Json& v : list) out.push_back(scalar_string(v));
  return out;
}

void check_ports(Context& ctx, const Resource& vs, const Destination& d, const HostTarget& target) {
  const Json& port = field(*d.destination, "port");
  if (!port.is_object()) {
    if (target.ports.size() > 1) ctx.report("IST0112", vs, {Arg(d.host()), Arg(target.ports)}, d.field_pointer());
    return;
  }
  long long number = integer(port, "number");
  if (std::find(target.ports.begin(), target.ports.end(), number) == target.ports.end())
    ctx.report("IST0101", vs, {Arg("host:port"), Arg(d.host() + ":" + std::to_string(number))}, d.field_pointer());
}

void analyze_destination_hosts(Context& ctx) {
  ServiceHostMap hosts(ctx);
  // Destination host -> the VirtualServices routing to a subset of it, where the host is one of the
  // VirtualService's own hosts: once per such destination, in VirtualService then route order.
  std::unordered_map<std::string, std::vector<const Resource*>> subset_routers;
  for (const Resource* vs : ctx.of(kind::kVirtualService)) {
    std::vector<std::string> vs_hosts = strings_of(field(vs->spec(), "hosts"));
    for (const Json& http : array(vs->spec(), "http"))
      for (const Json& route : array(http, "route")) {
        const Json& dest = field(route, "destination");
        if (str(dest, "subset").empty()) continue;
        std::string host = str(dest, "host");
        for (const std::string& h : vs_hosts)
          if (host == h) subset_routers[host].push_back(vs);
      }
  }
  for (const Resource* vs : ctx.of(kind::kVirtualService)) {
    const Json& export_to = field(vs->spec(), "exportTo");
    for (const Destination& d : route_destinations(vs->spec())) {
      const HostTarget* t = hosts.lookup(vs->ns, export_to, d.host());
      if (t == nullptr) {
        ctx.report("IST0101", *vs, {Arg("host"), Arg(d.host())}, d.field_pointer());
        continue;
      }
      check_ports(ctx, *vs, d, *t);
    }
    for (const Destination& d : mirror_destinations(vs->spec())) {
      const HostTarget* t = hosts.lookup(vs->ns, export_to, d.host());
      if (t == nullptr) {
        ctx.report("IST0101", *vs, {Arg("mirror host"), Arg(d.host())}, d.field_pointer());
        continue;
      }
      check_ports(ctx, *vs, d, *t);
    }
    // Subsets of other VirtualServices have no effect on this gateway-bound VirtualService's routes.
    if (array(vs->spec(), "gateways").empty()) continue;
    const Json& http = array(vs->spec(), "http");
    for (std::size_t i = 0; i < http.size(); ++i) {
      const Json& routes = array(http[i], "route");
      for (std::size_t j = 0; j < routes.size(); ++j) {
        const Json& dest = field(routes[j], "destination");
        if (!str(dest, "subset").empty()) continue;
        auto routers = subset_routers.find(str(dest, "host"));
        if (routers == subset_routers.end()) continue;
        for (const Resource* other : routers->second)
          ctx.report("IST0140", *vs, {Arg(other->full_name()), Arg(vs->full_name())},
                     pointer({"spec", str(http[i], "name"), std::to_string(i), "route", std::to_string(j),
                              "destination", "host"}));
      }
    }
  }
}

void analyze_destination_rules(Context& ctx) {
  std::set<std::tuple<std::string, std::string, std::string>> subsets;
  for (const Resource* dr : ctx.of(kind::kDestinationRule)) {
    auto [ns, name] = resource_name_from_host(dr->ns, str(dr->spec(), "host"));
    for (const Json& s : array(dr->spec(), "subsets")) subsets.insert({ns, name, str(s, "name")});
  }
  for (const Resource* vs : ctx.of(kind::kVirtualService)) {
    auto check = [&](const Destination& d, const char* what) {
      if (d.subset().empty()) return;
      auto [ns, name] = resource_name_from_host(vs->ns, d.host());
      if (subsets.count({ns, name, d.subset()})) return;
      ctx.report("IST0101", *vs, {Arg(what), Arg(d.host() + "+" + d.subset())}, d.field_pointer());
    };
    for (const Destination& d : route_destinations(vs->spec())) check(d, "host+subset in destinationrule");
    for (const Destination& d : mirror_destinations(vs->spec())) check(d, "mirror+subset in destinationrule");
  }
}

std::pair<std::string, std::string> short_or_full(const std::string& ns, const std::string& name) {
  if (auto slash = name.find('/'); slash != std::string::npos) return {name.substr(0, slash), name.substr(slash + 1)};
  return {ns, name};
}

bool vs_host_in_gateway(const Context& ctx, const std::pair<std::string, std::string>& gw_name,
                        const std::vector<std::string>& vs_hosts, const std::string& vs_ns) {
  std::vector<std::string> gateway_hosts;
  if (const Resource* gw = ctx.find(kind::kGateway, gw_name.first, gw_name.second)) {
    for (const Json& server : array(gw->spec(), "servers")) {
      std::vector<std::string> hosts = strings_of(field(server, "hosts"));
      bool all = false;
      for (std::string& h : hosts) {
        auto slash = h.find('/');
        if (slash == std::string::npos) continue;
        std::string scope = h.substr(0, slash), rest = h.substr(slash + 1);
        if (scope == ".") {
          h = gw->ns + "/" + rest;
        } else if (scope == "*") {
          if (rest == "*") {
            all = true;
            break;
          }
          h = rest;
        }
      }
      if (all) hosts = {"*"};
      gateway_hosts.insert(gateway_hosts.end(), hosts.begin(), hosts.end());
    }
  }
  for (const std::string& gh : gateway_hosts) {
    std::string name = gh;
    if (auto slash = gh.find('/'); slash != std::string::npos) {
      std::string scope = gh.substr(0, slash);
      if (scope != vs_ns && scope != "*") continue;
      name = gh.substr(slash + 1);
    }
    for (const std::string& vh : vs_hosts)
      if (host_matches(name, vh)) return true;
  }
  return false;
}

bool vs_host_in_k8s_gateway(const Resource& gw, const std::vector<std::string>& vs_hosts) {
  for (const Json& listener : array(gw.spec(), "listeners")) {
    std::string h = str(listener, "hostname");
    if (h.empty()) return true;
    for (const std::string& vh : vs_hosts)
      if (host_matches(h, vh)) return true;
  }
  return false;
}

void analyze_gateways(Context& ctx) {
  for (const Resource* vs : ctx.of(kind::kVirtualService)) {
    std::vector<std::string> vs_hosts = strings_of(field(vs->spec(), "hosts"));
    const Json& gateways = array(vs->spec(), "gateways");
    for (std::size_t i = 0; i < gateways.size(); ++i) {
      std::string gw = scalar_string(gateways[i]);
      std::string where = pointer({"spec", "gateways", std::to_string(i)});
      if (gw == "mesh") continue;
      std::string local = gw.substr(gw.find('/') == std::string::npos ? 0 : gw.find('/') + 1);
      if (local.find("~istio-autogenerated-k8s-gateway~") != std::string::npos) {
        ctx.report("IST0165", *vs, {Arg(vs->full_name()), Arg(gw)}, where);
        continue;
      }
      auto name = short_or_full(vs->ns, gw);
      bool exists = ctx.exists(kind::kGateway, name.first, name.second);
      const Resource* k8s_gw = exists ? nullptr : ctx.find(kind::kKubernetesGateway, name.first, name.second);
      if (!exists && k8s_gw == nullptr) ctx.report("IST0101", *vs, {Arg("gateway"), Arg(gw)}, where);
      bool hosts_match = k8s_gw != nullptr ? vs_host_in_k8s_gateway(*k8s_gw, vs_hosts)
                                           : vs_host_in_gateway(ctx, name, vs_hosts, vs->ns);
      if (!hosts_match) {
        std::string full = name.first.empty() ? name.second : name.first + "/" + name.second;
        ctx.report("IST0132", *vs, {Arg(vs_hosts), Arg(vs->full_name()), Arg(full)}, where);
      }
    }
  }
}

void analyze_mesh_gateway_hosts(Context& ctx) {
  std::map<std::string, std::vector<const Resource*>> by_host;  // scope/fqdn -> virtual services
  for (const Resource* vs : ctx.of(kind::kVirtualService)) {
    std::vector<std::string> gws = strings_of(field(vs->spec(), "gateways"));
    if (!gws.empty() && std::find(gws.begin(), gws.end(), "mesh") == gws.end()) continue;
    std::set<std::string> scopes;
    std::vector<std::string> export_to = strings_of(field(vs->spec(), "exportTo"));
    if (export_to.empty() || std::find(export_to.begin(), export_to.end(), "*") != export_to.end()) scopes.insert("*");
    else
      for (const std::string& e : export_to) scopes.insert(e == "." ? vs->ns : e);
    for (const std::string& scope : scopes)
      for (const std::string& h : strings_of(field(vs->spec(), "hosts")))
        by_host[scope + "/" + host_to_fqdn(vs->ns, h)].push_back(vs);
  }
  std::set<std::string> reported;
  for (const auto& [key, base] : by_host) {
    auto list = base;
    std::string scope = key.substr(0, key.find('/')), host = key.substr(key.find('/') + 1);
    if (scope != "*")
      for (const auto& [other, vss] : by_host) {
        std::string oscope = other.substr(0, other.find('/')), ohost = other.substr(other.find('/') + 1);
        if (oscope == "*" && host_matches(host, ohost)) list.insert(list.end(), vss.begin(), vss.end());
      }
    if (list.size() <= 1) continue;
    std::vector<std::string> names;
    for (const Resource* r : list) names.push_back(r->full_name());
    std::sort(names.begin(), names.end());
    std::string joined;
    for (std::size_t i = 0; i < names.size(); ++i) joined += (i ? "," : "") + names[i];
    for (const Resource* r : list)
      if (reported.insert(r->full_name()).second)
        ctx.report("IST0109", *r, {Arg(joined), Arg(key)}, "/metadata/name");
  }
}

void analyze_jwt_claim_routes(Context& ctx) {
  for (const Resource* vs : ctx.of(kind::kVirtualService)) {
    std::string claim;
    for (const Json& http : array(vs->spec(), "http"))
      for (const Json& match : array(http, "match"))
        for (const char* where : {"headers", "withoutHeaders"}) {
          const Json& headers = field(match, where);
          if (!headers.is_object()) continue;
          for (auto h = headers.begin(); h != headers.end(); ++h)
            if (h.key().rfind("@request.auth.claims", 0) == 0 && claim.empty()) claim = h.key();
        }
    if (claim.empty()) continue;
    for (const std::string& gw : strings_of(field(vs->spec(), "gateways"))) {
      if (gw == "mesh") continue;
      auto name = short_or_full(vs->ns, gw);
      const Resource* g = ctx.find(kind::kGateway, name.first, name.second);
      if (g == nullptr) continue;
      Labels sel = labels_at(g->spec(), "selector");
      for (const Resource* pod : ctx.of(kind::kPod)) {
        if (!set_matches(sel, pod->labels)) continue;
        bool covered = false;
        for (const Resource* ra : ctx.of(kind::kRequestAuthentication)) {
          if (ra->ns != pod->ns && ra->ns != str(ctx.mesh(), "rootNamespace")) continue;
          if (set_matches(labels_at(field(ra->spec(), "selector"), "matchLabels"), pod->labels)) covered = true;
        }
        if (!covered)
          ctx.report("IST0149", *vs, {Arg(claim), Arg(g->full_name()), Arg(pod->full_name())});
      }
    }
  }
}

}  // namespace

std::unique_ptr<Analyzer> make_destination_host_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "virtualservice.DestinationHostAnalyzer", "Checks the destination hosts associated with each virtual service",
      std::vector<std::string>{kind::kServiceEntry, kind::kVirtualService, kind::kService}, analyze_destination_hosts);
}

std::unique_ptr<Analyzer> make_destination_rule_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "virtualservice.DestinationRuleAnalyzer", "Checks the destination rules associated with each virtual service",
      std::vector<std::string>{kind::kVirtualService, kind::kDestinationRule}, analyze_destination_rules);
}

std::unique_ptr<Analyzer> make_vs_gateway_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "virtualservice.GatewayAnalyzer", "Checks the gateways associated with each virtual service",
      std::vector<std::string>{kind::kGateway, kind::kKubernetesGateway, kind::kVirtualService}, analyze_gateways);
}

std::unique_ptr<Analyzer> make_conflicting_mesh_gateway_hosts_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "virtualservice.ConflictingMeshGatewayHostsAnalyzer",
      "Checks if multiple virtual services associated with the mesh gateway have conflicting hosts",
      std::vector<std::string>{kind::kVirtualService}, analyze_mesh_gateway_hosts);
}

std::unique_ptr<Analyzer> make_jwt_claim_route_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "virtualservice.JWTClaimRouteAnalyzer",
      "Checks the VirtualService using JWT claim based routing has corresponding RequestAuthentication",
      std::vector<std::string>{kind::kVirtualService, kind::kRequestAuthentication, kind::kGateway, kind::kPod},
      analyze_jwt_claim_routes);
}

}  // namespace sidecarctl::analyze
