// Mesh configuration loading with Istio's defaults and merge rules (see mesh_config.h).
#include "kube/mesh_config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>
#include <utility>

#include "base/go_duration.h"
#include "base/go_strconv.h"
#include "yaml/document.h"

namespace sidecarctl::kube {
namespace {

// Field kinds checked on load, as jsonpb would refuse a value of the wrong JSON type.
enum class FieldKind { kString, kInt, kBool, kDuration, kObject, kList, kEnum };

struct FieldRule {
  const char* name;
  FieldKind kind;
  std::initializer_list<std::string_view> enum_names = {};  // kEnum: the names jsonpb accepts
};

// The scalar ProxyConfig fields whose type we check (others are taken as given).
const FieldRule kProxyFields[] = {
    {"configPath", FieldKind::kString},         {"binaryPath", FieldKind::kString},
    {"serviceCluster", FieldKind::kString},     {"drainDuration", FieldKind::kDuration},
    {"terminationDrainDuration", FieldKind::kDuration},
    {"discoveryAddress", FieldKind::kString},   {"statNameLength", FieldKind::kInt},
    {"concurrency", FieldKind::kInt},           {"proxyBootstrapTemplatePath", FieldKind::kString},
    {"interceptionMode", FieldKind::kEnum, {"REDIRECT", "TPROXY", "NONE"}},     {"tracing", FieldKind::kObject},
    {"proxyAdminPort", FieldKind::kInt},        {"statusPort", FieldKind::kInt},
    {"controlPlaneAuthPolicy", FieldKind::kEnum, {"NONE", "MUTUAL_TLS", "INHERIT"}}, {"proxyMetadata", FieldKind::kObject},
    {"holdApplicationUntilProxyStarts", FieldKind::kBool},
    {"caCertificatesPem", FieldKind::kList},    {"image", FieldKind::kObject},
    {"proxyHeaders", FieldKind::kObject},       {"privateKeyProvider", FieldKind::kObject},
    {"readinessProbe", FieldKind::kObject},     {"gatewayTopology", FieldKind::kObject},
    {"extraStatTags", FieldKind::kList},        {"envoyMetricsService", FieldKind::kObject},
    {"envoyAccessLogService", FieldKind::kObject}, {"sds", FieldKind::kObject},
    {"meshId", FieldKind::kString},             {"proxyStatsMatcher", FieldKind::kObject},
    {"runtimeValues", FieldKind::kObject},      {"fileFlushInterval", FieldKind::kDuration},
};

const FieldRule kMeshFields[] = {
    {"proxyListenPort", FieldKind::kInt},        {"proxyInboundListenPort", FieldKind::kInt},
    {"proxyHttpPort", FieldKind::kInt},          {"connectTimeout", FieldKind::kDuration},
    {"protocolDetectionTimeout", FieldKind::kDuration}, {"dnsRefreshRate", FieldKind::kDuration},
    {"ingressClass", FieldKind::kString},        {"ingressService", FieldKind::kString},
    {"ingressControllerMode", FieldKind::kEnum, {"UNSPECIFIED", "OFF", "DEFAULT", "STRICT"}}, {"enableTracing", FieldKind::kBool},
    {"accessLogFile", FieldKind::kString},       {"accessLogFormat", FieldKind::kString},
    {"accessLogEncoding", FieldKind::kEnum, {"TEXT", "JSON"}},     {"enableEnvoyAccessLogService", FieldKind::kBool},
    {"disableEnvoyListenerLog", FieldKind::kBool}, {"defaultConfig", FieldKind::kObject},
    {"outboundTrafficPolicy", FieldKind::kObject}, {"inboundTrafficPolicy", FieldKind::kObject},
    {"trustDomain", FieldKind::kString},         {"trustDomainAliases", FieldKind::kList},
    {"enableAutoMtls", FieldKind::kBool},        {"rootNamespace", FieldKind::kString},
    {"enablePrometheusMerge", FieldKind::kBool}, {"extensionProviders", FieldKind::kList},
    {"defaultProviders", FieldKind::kObject},    {"certificates", FieldKind::kList},
    {"serviceSettings", FieldKind::kList},       {"localityLbSetting", FieldKind::kObject},
    {"defaultServiceExportTo", FieldKind::kList}, {"defaultVirtualServiceExportTo", FieldKind::kList},
    {"defaultDestinationRuleExportTo", FieldKind::kList},
};

const char* kind_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::kString: return "a string";
    case FieldKind::kInt: return "an integer";
    case FieldKind::kBool: return "a boolean";
    case FieldKind::kDuration: return "a duration such as \"45s\" or \"1m30s\"";
    case FieldKind::kObject: return "a mapping";
    case FieldKind::kList: return "a list";
    case FieldKind::kEnum: return "an enum name";
  }
  return "a value";
}

// The integer jsonpb reads from `v`: a JSON integer, a float without a fraction within range, or a
// decimal string (jsonpb accepts quoted integers).
std::optional<long long> int_value(const Json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_number_float()) return whole_int64(v.get<double>());
  if (v.is_string()) return parse_go_int(v.get_ref<const std::string&>(), 10);
  return std::nullopt;
}

bool matches(const Json& v, const FieldRule& rule) {
  switch (rule.kind) {
    case FieldKind::kString: return v.is_string();
    case FieldKind::kInt: return int_value(v).has_value();
    case FieldKind::kBool: return v.is_boolean();
    case FieldKind::kDuration: return v.is_string() && parse_go_duration(v.get<std::string>()).has_value();
    case FieldKind::kObject: return v.is_object();
    case FieldKind::kList: return v.is_array();
    case FieldKind::kEnum:
      if (v.is_number_integer()) return int_value(v).value_or(0) == static_cast<std::int32_t>(int_value(v).value_or(0));
      return v.is_string() && std::find(rule.enum_names.begin(), rule.enum_names.end(), v.get<std::string>()) != rule.enum_names.end();
  }
  return true;
}

template <std::size_t N>
Result<void> check_fields(const Json& obj, const FieldRule (&rules)[N], const std::string& what,
                          const std::string& source) {
  for (const auto& rule : rules) {
    auto it = obj.find(rule.name);
    if (it == obj.end() || it->is_null()) continue;
    if (!matches(*it, rule)) {
      std::string expected = kind_name(rule.kind);
      if (rule.kind == FieldKind::kEnum) expected = fmt::format("one of {}", fmt::join(rule.enum_names, ", "));
      return make_error(ErrorKind::kInvalidInput,
                        fmt::format("{}: field {} must be {}, got {}", what, rule.name, expected, it->dump()),
                        SourceLoc{source});
    }
  }
  return {};
}

// Values in the form jsonpb stores them: integers given as strings or floats become JSON integers,
// durations in Go syntax ("1h", "1500ms") their proto-JSON form ("3600s", "1.500s").
void normalize_scalars(Json& obj, const FieldRule* rules, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    auto it = obj.find(rules[i].name);
    if (it == obj.end()) continue;
    if (rules[i].kind == FieldKind::kInt) {
      if (auto number = int_value(*it)) *it = *number;
    } else if (rules[i].kind == FieldKind::kDuration && it->is_string()) {
      if (auto nanos = parse_go_duration(it->get<std::string>())) *it = proto_duration_string(*nanos);
    }
  }
}

// Copies `in` with message field names in lowerCamel form (map-valued fields keep their keys).
Json camel_keys(const Json& in) {
  if (!in.is_object()) return in;
  Json out = Json::object();
  for (auto it = in.begin(); it != in.end(); ++it) out[proto_json_name(it.key())] = it.value();
  return out;
}

}  // namespace

std::string proto_json_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool upper = false;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

Json default_proxy_config() {
  return Json{
      {"configPath", "./etc/istio/proxy"},
      {"binaryPath", "/usr/local/bin/envoy"},
      {"serviceCluster", "istio-proxy"},
      {"drainDuration", "45s"},
      {"terminationDrainDuration", "5s"},
      {"discoveryAddress", "istiod.istio-system.svc:15012"},
      {"statNameLength", 189},
      {"proxyAdminPort", 15000},
      {"controlPlaneAuthPolicy", "MUTUAL_TLS"},
      {"statusPort", 15020},
  };
}

Json default_mesh_config() {
  Json mesh{
      {"enableTracing", true},
      {"accessLogEncoding", "TEXT"},
      {"protocolDetectionTimeout", "0s"},
      {"ingressService", "istio-ingressgateway"},
      {"ingressControllerMode", "STRICT"},
      {"ingressClass", "istio"},
      {"trustDomain", "cluster.local"},
      {"trustDomainAliases", Json::array()},
      {"enableAutoMtls", true},
      {"outboundTrafficPolicy", {{"mode", "ALLOW_ANY"}}},
      {"inboundTrafficPolicy", {{"mode", "PASSTHROUGH"}}},
      {"localityLbSetting", {{"enabled", true}}},
      {"certificates", Json::array()},
      {"defaultConfig", default_proxy_config()},
      {"rootNamespace", "istio-system"},
      {"proxyListenPort", 15001},
      {"proxyInboundListenPort", 15006},
      {"connectTimeout", "10s"},
      {"defaultServiceExportTo", {"*"}},
      {"defaultVirtualServiceExportTo", {"*"}},
      {"defaultDestinationRuleExportTo", {"*"}},
      {"dnsRefreshRate", "60s"},
      {"serviceSettings", Json::array()},
      {"enablePrometheusMerge", true},
      {"defaultProviders", Json::object()},
  };
  mesh["extensionProviders"] = Json::array({
      {{"name", "prometheus"}, {"prometheus", Json::object()}},
      {{"name", "stackdriver"}, {"stackdriver", Json::object()}},
      {{"name", "envoy"}, {"envoyFileAccessLog", {{"path", "/dev/stdout"}}}},
  });
  return mesh;
}

Result<Json> merge_proxy_config_value(const Json& proxy_config, const Json& overlay_in, const std::string& source) {
  if (overlay_in.is_null()) return proxy_config;
  if (!overlay_in.is_object()) {
    return make_error(ErrorKind::kInvalidInput, "could not parse proxy config: not a mapping", SourceLoc{source});
  }
  Json overlay = camel_keys(overlay_in);
  TRY(check_fields(overlay, kProxyFields, "could not parse proxy config", source));
  normalize_scalars(overlay, kProxyFields, std::size(kProxyFields));
  Json out = proxy_config.is_object() ? proxy_config : Json::object();
  for (auto it = overlay.begin(); it != overlay.end(); ++it) {
    if (it->is_null()) continue;
    const std::string& key = it.key();
    if (key == "proxyMetadata") {
      Json merged = out.contains(key) && out[key].is_object() ? out[key] : Json::object();
      for (auto m = it->begin(); m != it->end(); ++m) {
        if (!m->is_string()) {
          return make_error(ErrorKind::kInvalidInput,
                            fmt::format("could not parse proxy config: proxyMetadata.{} must be a string", m.key()),
                            SourceLoc{source});
        }
        merged[m.key()] = *m;
      }
      out[key] = std::move(merged);
    } else if (key == "proxyHeaders" && out.contains(key) && out[key].is_object()) {
      Json headers = camel_keys(*it);
      for (const char* keep : {"forwardedClientCert", "requestId", "attemptCount", "server", "envoyDebugHeaders"}) {
        if (!headers.contains(keep) && out[key].contains(keep)) headers[keep] = out[key][keep];
      }
      out[key] = std::move(headers);
    } else {
      out[key] = *it;
    }
  }
  return out;
}

Result<Json> merge_proxy_config(const Json& proxy_config, std::string_view overlay_text, const std::string& source) {
  auto parsed = yaml::parse_value(overlay_text, source);
  if (!parsed) {
    Error e = parsed.error();
    e.message = "could not parse proxy config: " + e.message;
    return e;
  }
  return merge_proxy_config_value(proxy_config, *parsed, source);
}

Result<Json> apply_mesh_config(const Json& overlay_in, const std::string& source) {
  Json mesh = default_mesh_config();
  if (overlay_in.is_null()) return mesh;
  if (!overlay_in.is_object()) {
    return make_error(ErrorKind::kInvalidInput, "failed to convert to proto: mesh config is not a mapping",
                      SourceLoc{source});
  }
  Json overlay = camel_keys(overlay_in);
  TRY(check_fields(overlay, kMeshFields, "failed to convert to proto", source));
  normalize_scalars(overlay, kMeshFields, std::size(kMeshFields));
  for (auto it = overlay.begin(); it != overlay.end(); ++it) {
    const std::string& key = it.key();
    if (it->is_null()) continue;
    if (key == "defaultConfig") {
      TRY_ASSIGN(Json pc, merge_proxy_config_value(mesh["defaultConfig"], *it, source));
      mesh["defaultConfig"] = std::move(pc);
    } else if (key == "defaultProviders") {
      Json providers = camel_keys(*it);
      for (auto p = providers.begin(); p != providers.end(); ++p) {
        if (!p->is_null()) mesh["defaultProviders"][p.key()] = *p;
      }
    } else if (key == "extensionProviders") {
      Json& existing = mesh["extensionProviders"];
      for (const Json& provider : *it) {
        if (!provider.is_object()) {
          return make_error(ErrorKind::kInvalidInput, "failed to convert to proto: extensionProviders entry is not a mapping",
                            SourceLoc{source});
        }
        Json p = camel_keys(provider);
        auto same = std::find_if(existing.begin(), existing.end(), [&](const Json& e) {
          return p.contains("name") && e.value("name", Json()) == p["name"];
        });
        if (same != existing.end()) {
          *same = std::move(p);
        } else {
          existing.push_back(std::move(p));
        }
      }
    } else if (key == "trustDomainAliases") {
      std::set<std::string> aliases;
      for (const Json& a : *it) {
        if (a.is_string()) aliases.insert(a.get<std::string>());
      }
      mesh[key] = Json(aliases);
    } else {
      mesh[key] = *it;
    }
  }
  return mesh;
}

Result<Json> load_mesh_config(std::string_view text, const std::string& source) {
  TRY_ASSIGN(Json overlay, yaml::parse_value(text, source));
  return apply_mesh_config(overlay, source);
}

}  // namespace sidecarctl::kube
