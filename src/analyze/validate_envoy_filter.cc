// ValidateEnvoyFilter: the standing warning, the workload selector, each config patch's applyTo,
// operation, value and match, and the patch value decoded as the Envoy object it patches.
//
// Istio decodes the value into Envoy's Go protos. Only the filter-shaped objects are modelled
// here (HTTP_FILTER, NETWORK_FILTER, LISTENER_FILTER, EXTENSION_CONFIG: a name, a typed_config
// or a config_discovery source): their field types, unknown fields (a warning, as Istio's strict
// second decode gives) and the deprecated name-only form. A typed_config is taken as resolvable
// unless it has no @type or names a v2 type (Istio links no v2 protos); the other object kinds
// (clusters, listeners, routes, bootstrap) are not decoded. See src/analyze/README.md.
#include <map>

#include "analyze/message.h"
#include "analyze/proto_decode.h"
#include "analyze/validate.h"
#include "analyze/validate_names.h"
#include "gotemplate/sprig_regex.h"
#include "kube/mesh_config.h"

namespace sidecarctl::analyze {

namespace {

constexpr std::string_view kHcm = "envoy.filters.network.http_connection_manager";

// xds.ReverseDeprecatedFilterNames: deprecated filter name -> canonical name. ("envoy.ext_authz"
// is the old name of two filters; Istio's map keeps either, the HTTP one here.)
const std::map<std::string, std::string, std::less<>>& deprecated_filter_names() {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"envoy.buffer", "envoy.filters.http.buffer"},
      {"envoy.cors", "envoy.filters.http.cors"},
      {"envoy.csrf", "envoy.filters.http.csrf"},
      {"envoy.http_dynamo_filter", "envoy.filters.http.dynamo"},
      {"envoy.ext_authz", "envoy.filters.http.ext_authz"},
      {"envoy.fault", "envoy.filters.http.fault"},
      {"envoy.grpc_http1_bridge", "envoy.filters.http.grpc_http1_bridge"},
      {"envoy.grpc_json_transcoder", "envoy.filters.http.grpc_json_transcoder"},
      {"envoy.grpc_web", "envoy.filters.http.grpc_web"},
      {"envoy.gzip", "envoy.filters.http.gzip"},
      {"envoy.health_check", "envoy.filters.http.health_check"},
      {"envoy.ip_tagging", "envoy.filters.http.ip_tagging"},
      {"envoy.lua", "envoy.filters.http.lua"},
      {"envoy.rate_limit", "envoy.filters.http.ratelimit"},
      {"envoy.router", "envoy.filters.http.router"},
      {"envoy.squash", "envoy.filters.http.squash"},
      {"envoy.listener.http_inspector", "envoy.filters.listener.http_inspector"},
      {"envoy.listener.original_dst", "envoy.filters.listener.original_dst"},
      {"envoy.listener.original_src", "envoy.filters.listener.original_src"},
      {"envoy.listener.proxy_protocol", "envoy.filters.listener.proxy_protocol"},
      {"envoy.listener.tls_inspector", "envoy.filters.listener.tls_inspector"},
      {"envoy.client_ssl_auth", "envoy.filters.network.client_ssl_auth"},
      {"envoy.http_connection_manager", "envoy.filters.network.http_connection_manager"},
      {"envoy.mongo_proxy", "envoy.filters.network.mongo_proxy"},
      {"envoy.ratelimit", "envoy.filters.network.ratelimit"},
      {"envoy.redis_proxy", "envoy.filters.network.redis_proxy"},
      {"envoy.tcp_proxy", "envoy.filters.network.tcp_proxy"},
  };
  return kNames;
}

Validation listener_match_name(const std::string& name) {
  auto it = deprecated_filter_names().find(name);
  if (it == deprecated_filter_names().end()) return {};
  return warning_of("using deprecated filter name " + go_quote(name) + "; use " + go_quote(it->second) +
                    " instead");
}

// A filter-shaped Envoy message: its proto name and fields (proto name, JSON name, kind).
struct FilterShape {
  std::string_view full_name;
  std::vector<std::pair<std::string_view, char>> fields;  // 's' string, 'b' bool, 'a' Any, 'm' message
};

const FilterShape* filter_shape(const std::string& apply_to) {
  static const FilterShape kHttp{"envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter",
                                 {{"name", 's'},
                                  {"typed_config", 'a'},
                                  {"config_discovery", 'm'},
                                  {"is_optional", 'b'},
                                  {"disabled", 'b'}}};
  static const FilterShape kNetwork{"envoy.config.listener.v3.Filter",
                                    {{"name", 's'}, {"typed_config", 'a'}, {"config_discovery", 'm'}}};
  static const FilterShape kListener{
      "envoy.config.listener.v3.ListenerFilter",
      {{"name", 's'}, {"typed_config", 'a'}, {"config_discovery", 'm'}, {"filter_disabled", 'm'}}};
  static const FilterShape kExtension{"envoy.config.core.v3.TypedExtensionConfig",
                                      {{"name", 's'}, {"typed_config", 'a'}}};
  if (apply_to == "HTTP_FILTER") return &kHttp;
  if (apply_to == "NETWORK_FILTER") return &kNetwork;
  if (apply_to == "LISTENER_FILTER") return &kListener;
  if (apply_to == "EXTENSION_CONFIG") return &kExtension;
  return nullptr;
}

// BuildXDSObjectFromStruct for the filter shapes, and the checks Istio runs on the result.
Validation decode_filter(const FilterShape& shape, const Json& value) {
  Validation v;
  std::map<std::string, const Json*> set;  // proto field name -> value
  for (const auto& [name, kind] : shape.fields) {
    const Json* found = nullptr;
    for (const std::string& key : {std::string(name), kube::proto_json_name(name)})
      if (auto it = value.find(key); it != value.end()) found = &*it;
    if (!found || found->is_null()) continue;
    const Json& x = *found;
    std::string want = kind == 's' ? "string" : kind == 'b' ? "bool" : "";
    if ((kind == 's' && !x.is_string()) || (kind == 'b' && !x.is_boolean()))
      return v.error("Envoy filter: json: cannot unmarshal " + go_json_type(x) + " into Go value of type " +
                     want);
    if ((kind == 'a' || kind == 'm') && !x.is_object())
      return v.error("Envoy filter: json: cannot unmarshal " + go_json_type(x) +
                     " into Go value of type map[string]json.RawMessage");
    if (kind == 'a') {
      if (!x.contains("@type")) return v.error("Envoy filter: Any JSON doesn't have '@type'");
      std::string url = str(x, "@type");
      if (url.find(".v2.") != std::string::npos)
        return v.error(
            "referenced type unknown (hint: try using the v3 XDS API): Envoy filter: could not resolve Any "
            "message type: " +
            url);
    }
    set[std::string(name)] = &x;
  }
  // The strict second decode: an unknown field is a warning, and then there is no object to check.
  for (auto it = value.begin(); it != value.end(); ++it) {
    bool known = false;
    for (const auto& [name, kind] : shape.fields)
      known = known || it.key() == name || it.key() == kube::proto_json_name(name);
    if (!known)
      return v.warn("Envoy filter: unknown field " + go_quote(it.key()) + " in " +
                    std::string(shape.full_name));
  }
  if (!set.count("typed_config") && !set.count("config_discovery")) {
    std::string name = set.count("name") ? set["name"]->get<std::string>() : "";
    v.warn("using deprecated types by name without typed_config; " + name);
  }
  return v;
}

// The checks of one config patch, in Istio's order (it stops at the first structural error).
void config_patch(Validation& v, const Json& cp) {
  const Json& match = field(cp, "match");
  if (match.is_object() && enum_value(match, "context", "ANY") == "WAYPOINT") return;
  std::string apply_to = enum_value(cp, "applyTo", "INVALID");
  if (apply_to == "INVALID") {
    v.error("Envoy filter: missing applyTo");
    return;
  }
  const Json& patch = field(cp, "patch");
  if (!patch.is_object()) {
    v.error("Envoy filter: missing patch");
    return;
  }
  std::string operation = enum_value(patch, "operation", "INVALID");
  if (operation == "INVALID") {
    v.error("Envoy filter: missing patch operation");
    return;
  }
  const Json& value = field(patch, "value");
  if (operation != "REMOVE" && !value.is_object()) {
    v.error("Envoy filter: missing patch value for non-remove operation");
    return;
  }
  std::string version = str(field(match, "proxy"), "proxyVersion");
  if (version.size() > 1024) {
    v.warn("Envoy filter: proxyVersion match exceeds 1024 characters and will be ignored");
  } else if (!version.empty()) {
    auto re = gotemplate::GoRegex::compile(version);
    if (!re.has_value()) {
      v.error("Envoy filter: invalid regex for proxy version, [" + re.error().message + "]");
      return;
    }
  }
  bool typed_match = present(match, "listener") || present(match, "routeConfiguration") ||
                     present(match, "cluster") || present(match, "waypoint");
  if (apply_to == "LISTENER" || apply_to == "FILTER_CHAIN" || apply_to == "NETWORK_FILTER" ||
      apply_to == "HTTP_FILTER") {
    if (typed_match) {
      const Json& listener = field(match, "listener");
      if (!listener.is_object()) {
        v.error("Envoy filter: applyTo for listener class objects cannot have non listener match");
        return;
      }
      const Json& filter = field(field(listener, "filterChain"), "filter");
      if (filter.is_object()) {
        if (apply_to == "LISTENER" || apply_to == "FILTER_CHAIN")
          v.warn("Envoy filter: filter match has no effect when used with " + apply_to);
        std::string name = str(filter, "name");
        const Json& sub = field(filter, "subFilter");
        if (name.empty()) {
          v.error("Envoy filter: filter match has no name to match on");
          return;
        }
        if (sub.is_object()) {
          if (apply_to != "HTTP_FILTER") {
            v.error("Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only");
            return;
          }
          if (name != kHcm && name != "envoy.http_connection_manager") {
            v.error("Envoy filter: subfilter match requires filter match with " + std::string(kHcm));
            return;
          }
          if (str(sub, "name").empty()) {
            v.error("Envoy filter: subfilter match has no name to match on");
            return;
          }
        }
        v.add(listener_match_name(name));
        v.add(listener_match_name(str(sub, "name")));
      }
    }
  } else if (apply_to == "ROUTE_CONFIGURATION" || apply_to == "VIRTUAL_HOST" || apply_to == "HTTP_ROUTE") {
    if (typed_match && !present(match, "routeConfiguration"))
      v.error("Envoy filter: applyTo for http route class objects cannot have non route configuration match");
  } else if (apply_to == "CLUSTER") {
    if (typed_match && !present(match, "cluster"))
      v.error("Envoy filter: applyTo for cluster class objects cannot have non cluster match");
  }
  if (!value.is_object()) return;  // a REMOVE without a value builds nothing
  if (const FilterShape* shape = filter_shape(apply_to)) v.add(decode_filter(*shape, value));
}

}  // namespace

Validation validate_envoy_filter(const ConfigMeta&, const Json& spec) {
  Validation v;
  v.warn(
      "EnvoyFilter exposes internal implementation details that may change at any time. Prefer other APIs if "
      "possible, and exercise extreme caution, especially around upgrades.");
  Validation selector = check_alpha_workload_selector(field(spec, "workloadSelector"));
  if (selector.has_errors()) {
    Validation only;
    only.add_errors(selector);  // Istio returns these alone, without the warning above
    return only;
  }
  if (!selector.warnings.empty())
    v.warn("Envoy filter: " + selector.warnings.front() + ", will be applied to all services in namespace");
  for (const Json& cp : array(spec, "configPatches")) config_patch(v, cp);
  return v;
}

}  // namespace sidecarctl::analyze
