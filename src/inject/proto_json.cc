// ProxyConfig proto-JSON for protoToJSON (see proto_json.h).
#include "inject/proto_json.h"

#include <array>
#include <cmath>
#include <string_view>
#include <vector>

#include "base/go_duration.h"
#include "base/go_strconv.h"
#include "gotemplate/sprig_support.h"
#include "yaml/object_key.h"

namespace sidecarctl::inject {
namespace {

using gotemplate::Json;

enum class FieldKind { kString, kInt, kEnum, kDuration, kBoolWrapper, kInt32Wrapper, kMessage, kStringMap, kStrings };

struct Field {
  std::string_view proto_name;
  FieldKind kind;
  std::vector<std::string_view> enum_names = {};  // by number, for kEnum
  bool oneof = false;                              // set even when zero
};

const std::vector<std::string_view> kAuthPolicy = {"NONE", "MUTUAL_TLS"};  // INHERIT is 1000
const std::vector<std::string_view> kInterception = {"REDIRECT", "TPROXY", "NONE"};
const std::vector<std::string_view> kTracingServiceName = {"APP_LABEL_AND_NAMESPACE", "CANONICAL_NAME_ONLY",
                                                           "CANONICAL_NAME_AND_NAMESPACE"};

// istio.mesh.v1alpha1.ProxyConfig in declaration order.
const std::vector<Field>& proxy_config_fields() {
  static const std::vector<Field> fields = {
      {"config_path", FieldKind::kString},
      {"binary_path", FieldKind::kString},
      {"service_cluster", FieldKind::kString, {}, true},
      {"tracing_service_name", FieldKind::kEnum, kTracingServiceName, true},
      {"drain_duration", FieldKind::kDuration},
      {"discovery_address", FieldKind::kString},
      {"discovery_refresh_delay", FieldKind::kDuration},
      {"zipkin_address", FieldKind::kString},
      {"statsd_udp_address", FieldKind::kString},
      {"envoy_metrics_service_address", FieldKind::kString},
      {"proxy_admin_port", FieldKind::kInt},
      {"availability_zone", FieldKind::kString},
      {"control_plane_auth_policy", FieldKind::kEnum, kAuthPolicy},
      {"custom_config_file", FieldKind::kString},
      {"stat_name_length", FieldKind::kInt},
      {"concurrency", FieldKind::kInt32Wrapper},
      {"proxy_bootstrap_template_path", FieldKind::kString},
      {"interception_mode", FieldKind::kEnum, kInterception},
      {"tracing", FieldKind::kMessage},
      {"sds", FieldKind::kMessage},
      {"envoy_access_log_service", FieldKind::kMessage},
      {"envoy_metrics_service", FieldKind::kMessage},
      {"proxy_metadata", FieldKind::kStringMap},
      {"runtime_values", FieldKind::kStringMap},
      {"status_port", FieldKind::kInt},
      {"extra_stat_tags", FieldKind::kStrings},
      {"gateway_topology", FieldKind::kMessage},
      {"termination_drain_duration", FieldKind::kDuration},
      {"mesh_id", FieldKind::kString},
      {"readiness_probe", FieldKind::kMessage},
      {"proxy_stats_matcher", FieldKind::kMessage},
      {"hold_application_until_proxy_starts", FieldKind::kBoolWrapper},
      {"ca_certificates_pem", FieldKind::kStrings},
      {"image", FieldKind::kMessage},
      {"private_key_provider", FieldKind::kMessage},
      {"proxy_headers", FieldKind::kMessage},
      {"file_flush_interval", FieldKind::kDuration},
      {"file_flush_min_size_kb", FieldKind::kInt},
      {"stats_compression", FieldKind::kBoolWrapper},
      {"connection_settings", FieldKind::kMessage},
  };
  return fields;
}

// Istio's mesh.DefaultProxyConfig values that cleanProxyConfig drops.
struct Default {
  std::string_view proto_name;
  Json value;
};
const std::vector<Default>& dropped_defaults() {
  static const std::vector<Default> defaults = {
      {"config_path", "./etc/istio/proxy"},
      {"binary_path", "/usr/local/bin/envoy"},
      {"service_cluster", "istio-proxy"},
      {"drain_duration", "45s"},
      {"termination_drain_duration", "5s"},
      {"discovery_address", "istiod.istio-system.svc:15012"},
      {"control_plane_auth_policy", "MUTUAL_TLS"},
      {"proxy_admin_port", 15000},
      {"stat_name_length", 189},
      {"status_port", 15020},
  };
  return defaults;
}

std::string go_name(std::string_view proto) {
  std::string out;
  bool upper = true;
  for (char c : proto) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

std::string json_name(std::string_view proto) {
  std::string out = go_name(proto);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

// The names a field is looked up under, in that order: Go, JSON, proto.
struct FieldKeys {
  std::string go;
  std::string json;
  std::string proto;
};

// The field's value in the object `msg` under its Go name, else its JSON name, else its proto name;
// nullptr when absent or null.
const Json* lookup(const Json& msg, const FieldKeys& keys) {
  for (const std::string* key : {&keys.go, &keys.json, &keys.proto}) {
    const Json* value = yaml::member_of(msg, *key);
    if (value != nullptr && !value->is_null()) return value;
  }
  return nullptr;
}

std::string quote(const std::string& s) { return gotemplate::go_json_marshal(Json(s), false).value_or("\"\""); }

std::optional<std::int64_t> as_integer(const Json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v.get<std::int64_t>();
  if (v.is_number_float()) return whole_int64(v.get<double>());
  if (v.is_string()) return parse_go_int(v.get<std::string>(), 10);
  return std::nullopt;
}

// A wrapper message given as its bare value or as {"Value": v} / {"value": v}.
const Json& unwrap(const Json& v) {
  if (v.is_object()) {
    for (const char* key : {"Value", "value"}) {
      auto it = v.find(key);
      if (it != v.end()) return *it;
    }
  }
  return v;
}

// Nested messages: keys turned to JSON names and sorted, nulls dropped. In a map of messages
// (tracing.customTags) keys stay as written and a null value is an empty message, as jsonpb reads it.
Json nested_message(const Json& v, bool message_map = false) {
  if (v.is_object()) {
    Json out = Json::object();
    for (const auto& [key, item] : v.items()) {
      if (message_map) {
        out[key] = item.is_null() ? Json::object() : nested_message(item);
        continue;
      }
      if (item.is_null()) continue;
      std::string name = key;
      if (!name.empty() && name[0] >= 'A' && name[0] <= 'Z') name[0] = static_cast<char>(name[0] - 'A' + 'a');
      out[name] = nested_message(item, name == "customTags" || name == "custom_tags");
    }
    return out;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& item : v) out.push_back(nested_message(item));
    return out;
  }
  return v;
}

std::string enum_name(const Field& f, const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  auto n = as_integer(v);
  if (n && *n >= 0 && static_cast<std::size_t>(*n) < f.enum_names.size()) return std::string(f.enum_names[static_cast<std::size_t>(*n)]);
  if (n && *n == 1000 && &f.enum_names == &kAuthPolicy) return "INHERIT";
  return n ? std::to_string(*n) : "";
}

// The JSON text of one field, or nullopt when proto-JSON omits it.
std::optional<std::string> field_json(const Field& f, const Json& v) {
  switch (f.kind) {
    case FieldKind::kString: {
      std::string s = v.is_string() ? v.get<std::string>() : v.dump();
      if (s.empty() && !f.oneof) return std::nullopt;
      return quote(s);
    }
    case FieldKind::kInt: {
      auto n = as_integer(v);
      if (!n || *n == 0) return std::nullopt;
      return std::to_string(*n);
    }
    case FieldKind::kEnum: {
      std::string name = enum_name(f, v);
      if (!f.oneof && (name.empty() || name == f.enum_names[0])) return std::nullopt;
      return quote(name);
    }
    case FieldKind::kDuration: {
      auto nanos = duration_nanos(v);
      if (!nanos) return std::nullopt;
      return quote(proto_duration_string(*nanos));
    }
    case FieldKind::kBoolWrapper: {
      const Json& b = unwrap(v);
      return b.is_boolean() ? (b.get<bool>() ? "true" : "false") : (b.is_null() ? "false" : b.dump());
    }
    case FieldKind::kInt32Wrapper: {
      auto n = as_integer(unwrap(v));
      return std::to_string(n.value_or(0));
    }
    case FieldKind::kMessage:
      return gotemplate::go_json_marshal(nested_message(v), false);
    case FieldKind::kStringMap:
    case FieldKind::kStrings: {
      if (v.empty()) return std::nullopt;
      return gotemplate::go_json_marshal(v, false);
    }
  }
  return std::nullopt;
}

bool equals_default(const Field& f, const Json& v, const Json& dflt) {
  if (f.kind == FieldKind::kDuration) return duration_nanos(v) == duration_nanos(dflt);
  if (f.kind == FieldKind::kInt) return as_integer(v) == as_integer(dflt);
  if (f.kind == FieldKind::kEnum) return enum_name(f, v) == dflt.get<std::string>();
  return v == dflt;
}

}  // namespace

std::optional<std::int64_t> duration_nanos(const Json& d) {
  if (d.is_null()) return 0;
  // Proto-JSON "1.5s" is also Go duration syntax, which accepts "1m30s" as well.
  if (d.is_string()) return parse_go_duration(d.get<std::string>());
  if (d.is_object()) {
    std::optional<std::int64_t> seconds = 0;
    std::optional<std::int64_t> nanos = 0;
    for (const char* key : {"Seconds", "seconds"}) {
      if (auto it = d.find(key); it != d.end()) seconds = as_integer(*it);
    }
    for (const char* key : {"Nanos", "nanos"}) {
      if (auto it = d.find(key); it != d.end()) nanos = as_integer(*it);
    }
    std::int64_t total = 0;
    if (!seconds || !nanos || __builtin_mul_overflow(*seconds, std::int64_t{1'000'000'000}, &total) ||
        __builtin_add_overflow(total, *nanos, &total)) {
      return std::nullopt;  // not integers, or beyond what a Duration in nanoseconds can hold
    }
    return total;
  }
  return std::nullopt;
}

// A field of proxy_config_fields() with its look-up names, made once.
struct NamedField {
  const Field* field;
  FieldKeys keys;
};

const std::vector<NamedField>& named_proxy_config_fields() {
  static const std::vector<NamedField> named = [] {
    std::vector<NamedField> out;
    for (const Field& f : proxy_config_fields())
      out.push_back({&f, {go_name(f.proto_name), json_name(f.proto_name), std::string(f.proto_name)}});
    return out;
  }();
  return named;
}

std::string proxy_config_to_json(const gotemplate::Value& proxy_config) {
  if (proxy_config.is_missing() || proxy_config.is_nil()) return "{}";
  Json msg = proxy_config.to_json();
  if (!msg.is_object()) return "{}";
  std::string out = "{";
  bool first = true;
  for (const auto& [field, keys] : named_proxy_config_fields()) {
    const Field& f = *field;
    const Json* v = lookup(msg, keys);
    if (v == nullptr) continue;
    bool dropped = false;
    for (const Default& d : dropped_defaults()) {
      if (d.proto_name == f.proto_name && equals_default(f, *v, d.value)) dropped = true;
    }
    if (dropped) continue;
    auto text = field_json(f, *v);
    if (!text) continue;
    if (!first) out += ',';
    first = false;
    out += '"';
    out += keys.json;
    out += "\":";
    out += *text;
  }
  return out + "}";
}

}  // namespace sidecarctl::inject
