// schema.ValidationAnalyzer.<Kind>: structural checks of Istio resources (IST0106 errors, IST0133
// warnings) and, for VirtualServices, unreachable rules and ineffective matches (IST0130/IST0131).
// A subset of Istio's validation: required fields and the checks analyze users hit most.
#include <algorithm>
#include <map>

#include "analyze/analyzer.h"
#include "analyze/kinds.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

using Errors = std::vector<std::string>;

std::string route_name(const Json& route, std::size_t n, bool http) {
  if (http && !str(route, "name").empty()) return go_quote(str(route, "name"));
  return "#" + std::to_string(n);
}

std::string match_name(const Json& match, std::size_t n, bool http) {
  if (http && !str(match, "name").empty()) return go_quote(str(match, "name"));
  return "#" + std::to_string(n);
}

std::string exact_or_prefix(const Json& m) {
  if (!str(m, "exact").empty()) return "exact:" + str(m, "exact");
  if (!str(m, "prefix").empty()) return "prefix:" + str(m, "prefix");
  return "";
}

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
    if (v != it->second && v.rfind(it->second, 0) != 0) return false;
  }
  return true;
}

bool covered(const PrefixMatch& a, const PrefixMatch& b) {
  if (b.prefix.rfind(a.prefix, 0) != 0) return false;
  if (a.port != b.port) return false;
  if (a.method != b.method && a.method.rfind(b.method, 0) != 0) return false;
  if (a.authority != b.authority && a.authority.rfind(b.authority, 0) != 0) return false;
  return map_covered(a.headers, b.headers) && map_covered(a.query, b.query) &&
         map_covered(a.without_headers, b.without_headers);
}

void unreachable_rules(Context& ctx, const Resource& vs, const Json& routes, bool http) {
  std::map<std::string, std::size_t> seen;
  long long empty_at = -1;
  std::vector<PrefixMatch> prefixes;
  for (std::size_t n = 0; n < routes.size(); ++n) {
    const Json& route = routes[n];
    const Json& matches = array(route, "match");
    if (matches.empty()) {
      if (empty_at >= 0)
        ctx.report("IST0130", vs, {Arg(route_name(route, n, http)), Arg("only the last rule can have no matches")});
      empty_at = static_cast<long long>(n);
      continue;
    }
    std::size_t duplicates = 0;
    for (std::size_t m = 0; m < matches.size(); ++m) {
      if (empty_at >= 0) {
        ctx.report("IST0130", vs, {Arg(route_name(route, n, http)), Arg("route without matches defined before")});
        continue;
      }
      Json key = matches[m];
      if (http && key.is_object()) key.erase("name");
      std::string text = key.dump();
      if (auto it = seen.find(text); it != seen.end()) {
        ctx.report("IST0131", vs,
                   {Arg(route_name(route, n, http)), Arg(match_name(matches[m], m, http)),
                    Arg(route_name(routes[it->second], it->second, http))});
        ++duplicates;
        continue;
      }
      seen[text] = n;
      if (!http) continue;
      std::string prefix = str(field(matches[m], "uri"), "prefix");
      if (prefix.empty()) continue;
      PrefixMatch p;
      p.route = route_name(route, n, http);
      p.match = match_name(matches[m], m, http);
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
      ctx.report("IST0130", vs, {Arg(route_name(route, n, http)), Arg("all matches used by prior rules")});
  }
  for (std::size_t i = 0; i < prefixes.size(); ++i)
    for (std::size_t j = i + 1; j < prefixes.size(); ++j) {
      if (prefixes[j].prefix == prefixes[i].prefix) continue;
      if (!covered(prefixes[i], prefixes[j])) continue;
      ctx.report("IST0131", vs,
                 {Arg(prefixes[j].route), Arg(prefixes[j].match + " of prefix " + prefixes[j].prefix),
                  Arg(prefixes[i].match + " of prefix " + prefixes[i].prefix + " on " + prefixes[i].route)});
    }
}

void require(Errors& errs, bool ok, const char* message) {
  if (!ok) errs.push_back(message);
}

bool has_items(const Json& spec, std::string_view key) { return !array(spec, key).empty(); }

Errors validate_virtual_service(const Json& spec) {
  Errors errs;
  require(errs, has_items(spec, "hosts"), "virtual service must have at least one host");
  require(errs, has_items(spec, "http") || has_items(spec, "tcp") || has_items(spec, "tls"),
          "http, tcp or tls must be provided in virtual service");
  for (const Json& h : array(spec, "http"))
    require(errs, has_items(h, "route") || h.contains("redirect") || h.contains("directResponse") || h.contains("delegate"),
            "HTTP route, redirect or direct_response is required");
  for (const Json& t : array(spec, "tcp")) require(errs, has_items(t, "route"), "TCP route is required");
  for (const Json& t : array(spec, "tls")) {
    require(errs, has_items(t, "match"), "TLS route must have at least one match condition");
    require(errs, has_items(t, "route"), "TLS route is required");
  }
  return errs;
}

Errors validate_gateway(const Json& spec) {
  Errors errs;
  require(errs, has_items(spec, "servers"), "gateway must have at least one server");
  for (const Json& s : array(spec, "servers")) {
    require(errs, field(s, "port").is_object(), "port is required");
    require(errs, has_items(s, "hosts"), "server config must contain at least one host");
  }
  return errs;
}

Errors validate_destination_rule(const Json& spec) {
  Errors errs;
  require(errs, !str(spec, "host").empty(), "destination rule must have a host");
  for (const Json& s : array(spec, "subsets")) require(errs, !str(s, "name").empty(), "name is required");
  return errs;
}

Errors validate_service_entry(const Json& spec) {
  Errors errs;
  require(errs, has_items(spec, "hosts"), "service entry must have at least one host");
  for (const Json& p : array(spec, "ports")) {
    long long n = integer(p, "number");
    require(errs, n > 0 && n <= 65535, "port number must be in the range 1..65535");
    require(errs, !str(p, "name").empty(), "port name must be set");
  }
  return errs;
}

Errors validate_sidecar(const Json& spec) {
  Errors errs;
  for (const Json& e : array(spec, "egress")) require(errs, has_items(e, "hosts"), "sidecar: egress listener must contain at least one host");
  return errs;
}

Errors validate_authorization_policy(const Json& spec) {
  Errors errs;
  std::string action = str(spec, "action");
  require(errs, action.empty() || action == "ALLOW" || action == "DENY" || action == "AUDIT" || action == "CUSTOM",
          "invalid action");
  if (action == "CUSTOM") require(errs, field(spec, "provider").is_object(), "must specify provider when using CUSTOM action");
  require(errs, !(field(spec, "selector").is_object() && field(spec, "targetRef").is_object()),
          "only one of targetRefs or workloadSelector can be set");
  return errs;
}

Errors validate_nothing(const Json&) { return {}; }

using Validator = Errors (*)(const Json&);

class SchemaAnalyzer : public Analyzer {
 public:
  SchemaAnalyzer(const std::string& k, Validator v) : kind_(k), name_("schema.ValidationAnalyzer." + k), validator_(v) {}
  std::string_view name() const override { return name_; }
  std::string_view description() const override { return "Runs schema validation as an analyzer and reports any violations"; }
  std::vector<std::string> inputs() const override { return {kind_}; }
  void analyze(Context& ctx) const override {
    for (const Resource* r : ctx.of(kind_)) {
      const Json& spec = kind_ == kind::kMeshConfig || kind_ == kind::kMeshNetworks ? r->value : r->spec();
      for (const std::string& e : validator_(spec)) ctx.report("IST0106", *r, {Arg(e)});
      if (kind_ == kind::kVirtualService) {
        unreachable_rules(ctx, *r, array(spec, "http"), true);
        unreachable_rules(ctx, *r, array(spec, "tcp"), false);
        unreachable_rules(ctx, *r, array(spec, "tls"), false);
      }
    }
  }

 private:
  std::string kind_, name_;
  Validator validator_;
};

}  // namespace

std::vector<std::unique_ptr<Analyzer>> make_schema_validation_analyzers() {
  const std::vector<std::pair<std::string, Validator>> kKinds = {
      {kind::kAuthorizationPolicy, validate_authorization_policy},
      {kind::kDestinationRule, validate_destination_rule},
      {kind::kEnvoyFilter, validate_nothing},
      {kind::kGateway, validate_gateway},
      {kind::kPeerAuthentication, validate_nothing},
      {kind::kProxyConfig, validate_nothing},
      {kind::kRequestAuthentication, validate_nothing},
      {kind::kServiceEntry, validate_service_entry},
      {kind::kSidecar, validate_sidecar},
      {kind::kTelemetry, validate_nothing},
      {kind::kTrafficExtension, validate_nothing},
      {kind::kVirtualService, validate_virtual_service},
      {kind::kWasmPlugin, validate_nothing},
      {kind::kWorkloadEntry, validate_nothing},
      {kind::kWorkloadGroup, validate_nothing},
      {kind::kMeshNetworks, validate_nothing},
      {kind::kMeshConfig, validate_nothing},
  };
  std::vector<std::unique_ptr<Analyzer>> out;
  for (const auto& [k, v] : kKinds) out.push_back(std::make_unique<SchemaAnalyzer>(k, v));
  return out;
}

// deprecation.DeprecationAnalyzer lives here too: it is a field-level schema check.
namespace {
void analyze_deprecations(Context& ctx) {
  for (const Resource* vs : ctx.of(kind::kVirtualService))
    for (const Json& http : array(vs->spec(), "http"))
      if (integer(field(field(http, "fault"), "delay"), "percent") > 0)
        ctx.report("IST0002", *vs,
                   {Arg("HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage")});
  for (const Resource* sc : ctx.of(kind::kSidecar))
    if (field(field(sc->spec(), "outboundTrafficPolicy"), "egressProxy").is_object())
      ctx.report("IST0002", *sc, {Arg("OutboundTrafficPolicy.EgressProxy ignored")});
}
}  // namespace

std::unique_ptr<Analyzer> make_deprecation_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "deprecation.DeprecationAnalyzer", "Checks for deprecated Istio types and fields",
      std::vector<std::string>{kind::kVirtualService, kind::kSidecar, kind::kCrd}, analyze_deprecations);
}

}  // namespace sidecarctl::analyze
