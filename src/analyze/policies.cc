// Analyzers of Istio policy-like resources: envoyfilter.EnvoyPatchAnalyzer, serviceentry.Analyzer,
// serviceentry.ConflictingServiceEntryProtocolAnalyzer, auth.AuthorizationPoliciesAnalyzer,
// telemetry.ProviderAnalyzer and telemetry.LightstepAnalyzer.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "analyze/analyzer.h"
#include "analyze/kinds.h"
#include "analyze/labels.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

// ---- envoyfilter.EnvoyPatchAnalyzer

void analyze_envoy_filters(Context& ctx) {
  std::vector<std::string> versioned_names;  // instance names of patches with a proxyVersion match
  for (const Resource* ef : ctx.of(kind::kEnvoyFilter)) {
    long long priority = integer(ef->spec(), "priority");
    const Json& patches = array(ef->spec(), "configPatches");
    for (std::size_t i = 0; i < patches.size(); ++i) {
      const Json& cp = patches[i];
      const Json& patch = field(cp, "patch");
      if (!patch.is_object()) break;
      std::string where = pointer({"spec", "configPatches", std::to_string(i), "patch", "value"});
      std::string instance;
      const Json& value = field(patch, "value");
      if (value.is_object() && !value.empty()) {
        if (value.contains("name")) instance = "name:" + value["name"].dump();
        else instance = str(field(field(field(field(cp, "match"), "listener"), "filterChain"), "filter"), "name");
      }
      std::string op = str(patch, "operation");
      std::string apply_to = str(cp, "applyTo");
      auto relative = [&] {
        if (priority != 0) return;
        bool versioned = std::find(versioned_names.begin(), versioned_names.end(), instance) != versioned_names.end();
        ctx.report(versioned ? "IST0155" : "IST0151", *ef, {}, where);
      };
      bool route_level = apply_to == "ROUTE_CONFIGURATION" || apply_to == "HTTP_ROUTE";
      if (op == "ADD") {
        if (route_level) ctx.report("IST0153", *ef, {}, where);
      } else if (op == "REMOVE") {
        if (route_level) ctx.report("IST0154", *ef, {}, where);
        else relative();
      } else if (op == "REPLACE") {
        if (apply_to != "NETWORK_FILTER" && apply_to != "HTTP_FILTER" && apply_to != "VIRTUAL_HOST")
          ctx.report("IST0152", *ef, {}, where);
        else relative();
      } else if (op == "INSERT_BEFORE" || op == "INSERT_AFTER") {
        relative();
      }
      if (!str(field(field(cp, "match"), "proxy"), "proxyVersion").empty()) versioned_names.push_back(instance);
    }
  }
}

// ---- serviceentry.Analyzer

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void analyze_service_entry_addresses(Context& ctx) {
  bool auto_allocated = false;
  for (const Resource* mc : ctx.of(kind::kMeshConfig)) {
    const Json& meta = field(field(mc->value, "defaultConfig"), "proxyMetadata");
    if (str(meta, "ISTIO_META_DNS_CAPTURE") != "true") continue;
    if (str(meta, "ISTIO_META_DNS_AUTO_ALLOCATE") == "true" || str(meta, "PILOT_ENABLE_IP_AUTOALLOCATE") == "true")
      auto_allocated = true;
  }
  for (const Resource* se : ctx.of(kind::kServiceEntry)) {
    const Json& addresses = field(se->spec(), "addresses");
    bool has_addresses = addresses.is_array() && !addresses.empty();
    bool allocated = !array(field(se->value, "status"), "addresses").empty();
    if (has_addresses || allocated || auto_allocated) continue;
    const Json& ports = array(se->spec(), "ports");
    for (std::size_t i = 0; i < ports.size(); ++i) {
      std::string proto = str(ports[i], "protocol");
      if (proto.empty() || equals_ignore_case(proto, "TCP"))
        ctx.report("IST0134", *se, {}, pointer({"spec", "ports", std::to_string(i), "name"}));
    }
  }
}

// ---- serviceentry.ConflictingServiceEntryProtocolAnalyzer

std::set<std::string> export_scopes(const Json& export_to, const std::string& ns) {
  if (!export_to.is_array() || export_to.empty()) return {"*"};
  std::set<std::string> scopes;
  for (const Json& e : export_to) {
    std::string s = scalar_string(e);
    if (s == "*") return {"*"};
    scopes.insert(s == "." ? ns : s);
  }
  return scopes;
}

void analyze_service_entry_protocols(Context& ctx) {
  struct Key {
    std::string scope, host;
    long long port;
    bool operator<(const Key& o) const { return std::tie(scope, host, port) < std::tie(o.scope, o.host, o.port); }
  };
  std::map<Key, std::vector<std::pair<std::string, const Resource*>>> index;
  for (const Resource* se : ctx.of(kind::kServiceEntry))
    for (const std::string& scope : export_scopes(field(se->spec(), "exportTo"), se->ns))
      for (const Json& h : array(se->spec(), "hosts"))
        for (const Json& p : array(se->spec(), "ports"))
          index[{scope, scalar_string(h), integer(p, "number")}].push_back({str(p, "protocol"), se});
  std::set<std::string> reported;
  for (const auto& [key, base] : index) {
    auto entries = base;
    if (key.scope != "*") {
      auto star = index.find({"*", key.host, key.port});
      if (star != index.end()) entries.insert(entries.end(), star->second.begin(), star->second.end());
    }
    std::set<std::string> protocols;
    for (const auto& [proto, se] : entries) {
      std::string upper = proto;
      std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
      protocols.insert(upper);
    }
    if (protocols.size() < 2) continue;
    std::set<std::string> name_set;
    for (const auto& [proto, se] : entries) name_set.insert(se->full_name());
    std::string names, protos;
    for (const auto& n : name_set) names += (names.empty() ? "" : ", ") + n;
    for (const auto& p : protocols) protos += (protos.empty() ? "" : ", ") + p;
    for (const auto& [proto, se] : entries) {
      if (!reported.insert(se->full_name()).second) continue;
      ctx.report("IST0177", *se, {Arg(names), Arg(key.host), Arg(key.port), Arg(protos)}, "/metadata/name");
    }
  }
}

// ---- auth.AuthorizationPoliciesAnalyzer

bool namespace_match(const std::string& ns, const std::string& exp) {
  if (exp == "*") return true;
  if (!exp.empty() && exp.front() == '*') {
    std::string suffix = exp.substr(1);
    return ns.size() >= suffix.size() && ns.compare(ns.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  if (!exp.empty() && exp.back() == '*') return ns.rfind(exp.substr(0, exp.size() - 1), 0) == 0;
  return equals_ignore_case(ns, exp);
}

void analyze_authorization_policies(Context& ctx) {
  std::map<std::string, std::vector<Labels>> pod_labels;
  for (const Resource* pod : ctx.of(kind::kPod)) {
    auto& list = pod_labels[pod->ns];
    if (pod_in_mesh(ctx, *pod)) list.push_back(pod->labels);
    if (pod_in_ambient(pod)) list.push_back(pod->labels);
  }
  std::string root_ns;
  bool have_mesh = false;
  for (const Resource* mc : ctx.of(kind::kMeshConfig)) {
    have_mesh = true;
    root_ns = str(mc->value, "rootNamespace");
  }
  auto any_match = [](const Labels& sel, const std::vector<Labels>& list) {
    return std::any_of(list.begin(), list.end(), [&](const Labels& l) { return set_matches(sel, l); });
  };
  for (const Resource* ap : ctx.of(kind::kAuthorizationPolicy)) {
    const Json& selector = field(ap->spec(), "selector");
    Labels sel = labels_at(selector, "matchLabels");
    if (have_mesh && ap->ns == root_ns) {
      if (!selector.is_null()) {
        bool found = false;
        for (const auto& [ns, list] : pod_labels) found = found || any_match(sel, list);
        if (!found) ctx.report("IST0127", *ap, {Arg(selector_string(sel))});
      }
    } else if (selector.is_null()) {
      if (pod_labels[ap->ns].empty()) ctx.report("IST0127", *ap, {Arg("")});
    } else if (!any_match(sel, pod_labels[ap->ns])) {
      ctx.report("IST0127", *ap, {Arg(selector_string(sel))});
    }
    const Json& rules = array(ap->spec(), "rules");
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const Json& froms = array(rules[i], "from");
      for (std::size_t j = 0; j < froms.size(); ++j) {
        const Json& source = field(froms[j], "source");
        for (const char* list_key : {"namespaces", "notNamespaces"}) {
          const Json& list = array(source, list_key);
          for (std::size_t k = 0; k < list.size(); ++k) {
            std::string exp = scalar_string(list[k]);
            bool found = false;
            for (const Resource* ns : ctx.of(kind::kNamespace))
              if (namespace_match(ns->name, exp)) {
                found = true;
                break;
              }
            if (found) continue;
            ctx.report("IST0101", *ap, {Arg("namespace"), Arg(exp)},
                       pointer({"spec", "rules", std::to_string(i), "from", std::to_string(j), "source", "namespaces",
                                std::to_string(k)}));
          }
        }
      }
    }
  }
}

// ---- telemetry.ProviderAnalyzer and telemetry.LightstepAnalyzer

const Json& mesh_config_of(const Context& ctx) {
  const auto& list = ctx.of(kind::kMeshConfig);
  return list.empty() ? ctx.mesh() : list.front()->value;
}

void analyze_telemetry_providers(Context& ctx) {
  const Json& mesh = mesh_config_of(ctx);
  if (!array(field(mesh, "defaultProviders"), "accessLogging").empty()) return;
  for (const Resource* t : ctx.of(kind::kTelemetry))
    for (const Json& log : array(t->spec(), "accessLogging")) {
      if (boolean(log, "disabled")) continue;
      if (array(log, "providers").empty()) ctx.report("IST0157", *t, {Arg(t->name), Arg(t->ns)});
    }
}

void analyze_lightstep(Context& ctx) {
  std::set<std::string> lightstep;
  for (const Json& p : array(mesh_config_of(ctx), "extensionProviders"))
    if (p.is_object() && p.contains("lightstep")) lightstep.insert(str(p, "name"));
  if (lightstep.empty()) return;
  for (const Resource* t : ctx.of(kind::kTelemetry))
    for (const Json& tracing : array(t->spec(), "tracing"))
      for (const Json& p : array(tracing, "providers"))
        if (lightstep.count(str(p, "name")))
          ctx.report("IST0002", *t,
                     {Arg("The Lightstep provider " + str(p, "name") +
                          " is deprecated, please migrate to OpenTelemetry provider.")});
}

}  // namespace

std::unique_ptr<Analyzer> make_envoy_patch_analyzer() {
  return std::make_unique<FunctionAnalyzer>("envoyfilter.EnvoyPatchAnalyzer", "Checks an envoyFilters ",
                                            std::vector<std::string>{kind::kEnvoyFilter}, analyze_envoy_filters);
}

std::unique_ptr<Analyzer> make_service_entry_addresses_analyzer() {
  return std::make_unique<FunctionAnalyzer>("serviceentry.Analyzer", "Checks the validity of ServiceEntry",
                                            std::vector<std::string>{kind::kServiceEntry, kind::kMeshConfig},
                                            analyze_service_entry_addresses);
}

std::unique_ptr<Analyzer> make_conflicting_service_entry_protocol_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "serviceentry.ConflictingServiceEntryProtocolAnalyzer",
      "Checks if multiple ServiceEntries define the same host and port with different protocols",
      std::vector<std::string>{kind::kServiceEntry}, analyze_service_entry_protocols);
}

std::unique_ptr<Analyzer> make_authorization_policies_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "auth.AuthorizationPoliciesAnalyzer", "Checks the validity of authorization policies",
      std::vector<std::string>{kind::kMeshConfig, kind::kAuthorizationPolicy, kind::kNamespace, kind::kPod},
      analyze_authorization_policies);
}

std::unique_ptr<Analyzer> make_telemetry_provider_analyzer() {
  return std::make_unique<FunctionAnalyzer>("telemetry.ProviderAnalyzer",
                                            "Validates that providers in telemetry resource is valid",
                                            std::vector<std::string>{kind::kTelemetry, kind::kMeshConfig},
                                            analyze_telemetry_providers);
}

std::unique_ptr<Analyzer> make_lightstep_analyzer() {
  return std::make_unique<FunctionAnalyzer>("telemetry.LightstepAnalyzer",
                                            "Validates that lightstep provider is still used",
                                            std::vector<std::string>{kind::kTelemetry, kind::kMeshConfig},
                                            analyze_lightstep);
}

}  // namespace sidecarctl::analyze
