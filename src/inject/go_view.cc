// Go views of Kubernetes structs and Istio messages for templates (see go_view.h, README.md).
#include "inject/go_view.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

#include "kube/mesh_config.h"
#include "yaml/emit.h"
#include "yaml/object_key.h"

namespace sidecarctl::inject {
namespace {

using gotemplate::List;
using gotemplate::Object;
using gotemplate::StringMap;
using gotemplate::Value;
using kube::schema::Field;
using kube::schema::Shape;
using kube::schema::Struct;

// ASCII case folding, as std::tolower in the "C" locale the program runs in, without a call per byte.
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

const Json* find_key(const Json* node, std::string_view key) {
  if (node == nullptr || !node->is_object()) return nullptr;
  if (const Json* exact = yaml::member_of(*node, key)) return exact;
  for (auto i = node->begin(); i != node->end(); ++i) {
    if (iequals(i.key(), key)) return &*i;
  }
  return nullptr;
}

Value json_view(const std::shared_ptr<const Json>& root, const Json* node) {
  return Value::from_json(std::shared_ptr<const Json>(root, node));
}

// ---------------------------------------------------------------------------------------------
// Kubernetes structs.

class KubeStructView;

std::string list_type_name(const Field& f) {
  if (f.type != nullptr) return "[]v1." + std::string(f.type->name);
  return f.elem == Shape::kString ? "[]string" : "[]interface {}";
}

Value convert_elem(const std::shared_ptr<const Json>& root, const Json* node, Shape shape, const Struct* type);

Value zero_value(const Field& f, const std::shared_ptr<const Json>& root) {
  if (f.pointer) return Value::nil();
  switch (f.shape) {
    case Shape::kStruct:
      return f.type ? kube_struct_value(root, nullptr, f.type->name) : Value::nil();
    case Shape::kList: return Value::from_list({}, list_type_name(f));
    case Shape::kMap: return f.elem == Shape::kString ? Value::from_string_map({}) : Value::from_map({});
    case Shape::kString:
    case Shape::kQuantity:
    case Shape::kTime:
    case Shape::kBytes: return Value::from_string("");
    case Shape::kBool: return Value::from_bool(false);
    case Shape::kInt32:
    case Shape::kInt64:
    case Shape::kIntOrString: return Value::from_int64(0);
    case Shape::kFloat64: return Value::from_float(0);
    case Shape::kAny: return Value::nil();
  }
  return Value::nil();
}

Value convert_field(const Field& f, const std::shared_ptr<const Json>& root, const Json* node) {
  if (node == nullptr || node->is_null()) return zero_value(f, root);
  switch (f.shape) {
    case Shape::kStruct:
      return f.type ? kube_struct_value(root, node, f.type->name) : json_view(root, node);
    case Shape::kList: {
      if (!node->is_array()) return json_view(root, node);
      List items;
      items.reserve(node->size());
      for (const Json& e : *node) items.push_back(convert_elem(root, &e, f.elem, f.type));
      return Value::from_list(std::move(items), list_type_name(f));
    }
    case Shape::kMap: {
      if (!node->is_object()) return json_view(root, node);
      if (f.elem == Shape::kString) {
        StringMap m;
        for (auto it = node->begin(); it != node->end(); ++it) {
          m.emplace(it.key(), it->is_string() ? it->get<std::string>() : it->dump());
        }
        return Value::from_string_map(std::move(m));
      }
      gotemplate::Map m;
      for (auto it = node->begin(); it != node->end(); ++it) m.emplace(it.key(), convert_elem(root, &*it, f.elem, f.type));
      return Value::from_map(std::move(m));
    }
    default: return json_view(root, node);
  }
}

Value convert_elem(const std::shared_ptr<const Json>& root, const Json* node, Shape shape, const Struct* type) {
  if (shape == Shape::kStruct && type != nullptr && node->is_object()) return kube_struct_value(root, node, type->name);
  return json_view(root, node);
}

class KubeStructView final : public Object {
 public:
  KubeStructView(std::shared_ptr<const Json> root, const Json* node, const Struct* type)
      : root_(std::move(root)), node_(node), type_(type) {}

  std::string go_type_name() const override { return "v1." + std::string(type_->name); }

  std::optional<Value> field(std::string_view name) const override {
    for (const Field& f : type_->fields) {
      if (iequals(f.json, name)) return convert_field(f, root_, find_key(node_, f.json));
    }
    if (const Json* child = find_key(node_, name)) return json_view(root_, child);
    return std::nullopt;
  }

  Json to_json() const override { return node_ ? *node_ : Json::object(); }
  const Json* node() const { return node_; }
  const Struct* type() const { return type_; }

 private:
  std::shared_ptr<const Json> root_;
  const Json* node_;
  const Struct* type_;
};

// ---------------------------------------------------------------------------------------------
// Istio messages.

enum class PKind { kString, kInt, kBool, kEnum, kBoolValue, kIntValue, kDuration, kMessage, kStringMap, kList };

struct PField {
  const char* go;
  const char* json;
  PKind kind;
  const char* sub = nullptr;  // message name for kMessage, enum name for kEnum
};

const std::vector<PField>& proxy_config_fields() {
  static const std::vector<PField> fields = {
      {"ConfigPath", "configPath", PKind::kString},
      {"BinaryPath", "binaryPath", PKind::kString},
      {"ServiceCluster", "serviceCluster", PKind::kString},
      {"DrainDuration", "drainDuration", PKind::kDuration},
      {"TerminationDrainDuration", "terminationDrainDuration", PKind::kDuration},
      {"DiscoveryAddress", "discoveryAddress", PKind::kString},
      {"StatNameLength", "statNameLength", PKind::kInt},
      {"Concurrency", "concurrency", PKind::kIntValue},
      {"ProxyBootstrapTemplatePath", "proxyBootstrapTemplatePath", PKind::kString},
      {"InterceptionMode", "interceptionMode", PKind::kEnum, "InterceptionMode"},
      {"Tracing", "tracing", PKind::kMessage, "Tracing"},
      {"ProxyAdminPort", "proxyAdminPort", PKind::kInt},
      {"ControlPlaneAuthPolicy", "controlPlaneAuthPolicy", PKind::kEnum, "AuthenticationPolicy"},
      {"StatusPort", "statusPort", PKind::kInt},
      {"ProxyMetadata", "proxyMetadata", PKind::kStringMap},
      {"ExtraStatTags", "extraStatTags", PKind::kList},
      {"MeshId", "meshId", PKind::kString},
      {"HoldApplicationUntilProxyStarts", "holdApplicationUntilProxyStarts", PKind::kBoolValue},
      {"CaCertificatesPem", "caCertificatesPem", PKind::kList},
      {"Image", "image", PKind::kMessage, "ProxyImage"},
      {"FileFlushInterval", "fileFlushInterval", PKind::kDuration},
      {"FileFlushMinSizeKb", "fileFlushMinSizeKb", PKind::kIntValue},
  };
  return fields;
}

const std::vector<PField>& mesh_config_fields() {
  static const std::vector<PField> fields = {
      {"ProxyListenPort", "proxyListenPort", PKind::kInt},
      {"ProxyInboundListenPort", "proxyInboundListenPort", PKind::kInt},
      {"ProxyHttpPort", "proxyHttpPort", PKind::kInt},
      {"ConnectTimeout", "connectTimeout", PKind::kDuration},
      {"ProtocolDetectionTimeout", "protocolDetectionTimeout", PKind::kDuration},
      {"IngressClass", "ingressClass", PKind::kString},
      {"IngressService", "ingressService", PKind::kString},
      {"EnableTracing", "enableTracing", PKind::kBool},
      {"AccessLogFile", "accessLogFile", PKind::kString},
      {"AccessLogFormat", "accessLogFormat", PKind::kString},
      {"AccessLogEncoding", "accessLogEncoding", PKind::kEnum, "AccessLogEncoding"},
      {"EnableEnvoyAccessLogService", "enableEnvoyAccessLogService", PKind::kBool},
      {"DefaultConfig", "defaultConfig", PKind::kMessage, "ProxyConfig"},
      {"TrustDomain", "trustDomain", PKind::kString},
      {"TrustDomainAliases", "trustDomainAliases", PKind::kList},
      {"EnableAutoMtls", "enableAutoMtls", PKind::kBoolValue},
      {"RootNamespace", "rootNamespace", PKind::kString},
      {"EnablePrometheusMerge", "enablePrometheusMerge", PKind::kBoolValue},
      {"InboundTrafficPolicy", "inboundTrafficPolicy", PKind::kMessage, "InboundTrafficPolicy"},
      {"OutboundTrafficPolicy", "outboundTrafficPolicy", PKind::kMessage, "OutboundTrafficPolicy"},
  };
  return fields;
}

const std::vector<PField>& message_fields(std::string_view message) {
  static const std::vector<PField> none;
  static const std::vector<PField> traffic_policy = {{"Mode", "mode", PKind::kEnum, "TrafficPolicyMode"}};
  static const std::vector<PField> image = {{"ImageType", "imageType", PKind::kString}};
  static const std::vector<PField> tracing = {{"TlsSettings", "tlsSettings", PKind::kMessage, "ClientTLSSettings"},
                                              {"SampleRate", "sampling", PKind::kInt}};
  static const std::vector<PField> tls = {{"CaCertificates", "caCertificates", PKind::kString},
                                          {"ClientCertificate", "clientCertificate", PKind::kString},
                                          {"PrivateKey", "privateKey", PKind::kString},
                                          {"Sni", "sni", PKind::kString},
                                          {"Mode", "mode", PKind::kEnum, "TLSmode"}};
  if (message == "ProxyConfig") return proxy_config_fields();
  if (message == "MeshConfig") return mesh_config_fields();
  if (message == "InboundTrafficPolicy" || message == "OutboundTrafficPolicy") return traffic_policy;
  if (message == "ProxyImage") return image;
  if (message == "Tracing") return tracing;
  if (message == "ClientTLSSettings") return tls;
  return none;
}

// Enum names by number, for the enums templates print.
const std::vector<std::string>& enum_names(std::string_view e) {
  static const std::vector<std::string> interception = {"REDIRECT", "TPROXY", "NONE"};
  static const std::vector<std::string> auth = {"NONE", "MUTUAL_TLS", "INHERIT"};
  static const std::vector<std::string> encoding = {"TEXT", "JSON"};
  static const std::vector<std::string> traffic = {"REGISTRY_ONLY", "ALLOW_ANY"};
  static const std::vector<std::string> inbound = {"PASSTHROUGH", "LOCALHOST"};
  static const std::vector<std::string> tls = {"DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"};
  static const std::vector<std::string> none = {"UNSPECIFIED"};
  if (e == "InterceptionMode") return interception;
  if (e == "AuthenticationPolicy") return auth;
  if (e == "AccessLogEncoding") return encoding;
  if (e == "TrafficPolicyMode") return traffic;
  if (e == "TLSmode") return tls;
  if (e == "InboundMode") return inbound;
  return none;
}

class EnumView final : public Object {
 public:
  EnumView(std::string type, std::string name, std::int64_t number)
      : type_(std::move(type)), name_(std::move(name)), number_(number) {}
  std::string go_type_name() const override { return "v1alpha1." + type_; }
  std::optional<Value> field(std::string_view name) const override {
    if (name == "String") return Value::from_string(name_);
    if (name == "Number") return Value::from_int64(number_);
    return std::nullopt;
  }
  std::optional<std::string> string_method() const override { return name_; }
  Value plain_value() const override { return Value::from_int64(number_); }
  Json to_json() const override { return name_; }

 private:
  std::string type_;
  std::string name_;
  std::int64_t number_;
};

Value enum_value(const char* type, const Json* node, std::string_view owner) {
  std::string e = type;
  if (e == "TrafficPolicyMode" && owner == "InboundTrafficPolicy") e = "InboundMode";
  const auto& names = enum_names(e);
  if (node != nullptr && node->is_string()) {
    auto name = node->get<std::string>();
    auto it = std::find(names.begin(), names.end(), name);
    return Value::from_object(std::make_shared<EnumView>(e, name, it == names.end() ? 0 : it - names.begin()));
  }
  std::int64_t n = node != nullptr && node->is_number_integer() ? node->get<std::int64_t>() : 0;
  std::string name = n >= 0 && static_cast<std::size_t>(n) < names.size() ? names[static_cast<std::size_t>(n)]
                                                                          : std::to_string(n);
  return Value::from_object(std::make_shared<EnumView>(e, name, n));
}

// *wrapperspb.BoolValue / Int32Value / UInt32Value: nil when unset; GetValue is nil-safe.
class WrapperView final : public Object {
 public:
  WrapperView(std::string type, std::optional<Json> value) : type_(std::move(type)), value_(std::move(value)) {}
  std::string go_type_name() const override { return "*wrapperspb." + type_; }
  std::optional<Value> field(std::string_view name) const override {
    if (name != "GetValue" && name != "Value") return std::nullopt;
    if (type_ == "BoolValue") return Value::from_bool(value_ && value_->is_boolean() && value_->get<bool>());
    return Value::from_int64(value_ && value_->is_number() ? value_->get<std::int64_t>() : 0);
  }
  std::optional<std::string> string_method() const override {
    if (!value_) return "<nil>";
    return "value:" + value_->dump();
  }
  bool truth() const override { return value_.has_value(); }
  Json to_json() const override { return value_ ? *value_ : Json(); }

 private:
  std::string type_;
  std::optional<Json> value_;
};

// *durationpb.Duration in its JSON form ("45s"); nil when unset.
class DurationView final : public Object {
 public:
  explicit DurationView(std::optional<std::string> text) : text_(std::move(text)) {}
  std::string go_type_name() const override { return "*durationpb.Duration"; }
  std::optional<Value> field(std::string_view name) const override {
    double secs = 0;
    if (text_ && !text_->empty()) secs = std::strtod(text_->c_str(), nullptr);
    if (!(std::fabs(secs) <= kube::kMaxProtoDurationSeconds)) secs = 0;  // out of a Duration's range, or NaN
    if (name == "Seconds" || name == "GetSeconds") return Value::from_int64(static_cast<std::int64_t>(secs));
    if (name == "Nanos" || name == "GetNanos") {
      return Value::from_int64(static_cast<std::int64_t>((secs - static_cast<double>(static_cast<std::int64_t>(secs))) * 1e9));
    }
    return std::nullopt;
  }
  std::optional<std::string> string_method() const override {
    if (!text_) return "<nil>";
    auto secs = field("Seconds")->as_int();
    auto nanos = field("Nanos")->as_int();
    std::string out;
    if (secs != 0) out += "seconds:" + std::to_string(secs);
    if (nanos != 0) out += std::string(out.empty() ? "" : " ") + "nanos:" + std::to_string(nanos);
    return out;
  }
  bool truth() const override { return text_.has_value(); }
  Json to_json() const override { return text_ ? Json(*text_) : Json(); }

 private:
  std::optional<std::string> text_;
};

class ProtoView final : public Object {
 public:
  ProtoView(std::shared_ptr<const Json> root, const Json* node, std::string message)
      : root_(std::move(root)), node_(node), message_(std::move(message)) {}

  std::string go_type_name() const override { return "*v1alpha1." + message_; }

  std::optional<Value> field(std::string_view name) const override {
    std::string_view field_name = name;
    if (name.size() > 3 && name.substr(0, 3) == "Get") field_name = name.substr(3);
    for (const PField& f : message_fields(message_)) {
      if (field_name == f.go) return convert(f);
    }
    std::string json = std::string(field_name);
    if (json.empty()) return std::nullopt;
    json[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(json[0])));
    if (const Json* child = find_key(node_, json)) {
      if (child->is_object()) return Value::from_object(std::make_shared<ProtoView>(root_, child, std::string(field_name)));
      return json_view(root_, child);
    }
    if (field_name == "String" && node_ == nullptr) return Value::from_string("<nil>");
    return Value::nil();
  }

  std::optional<std::string> string_method() const override {
    if (node_ == nullptr) return "<nil>";
    return std::nullopt;
  }
  bool truth() const override { return node_ != nullptr; }
  Json to_json() const override { return node_ ? *node_ : Json(); }
  const Json* node() const { return node_; }

 private:
  Value convert(const PField& f) const {
    const Json* child = find_key(node_, f.json);
    if (child != nullptr && child->is_null()) child = nullptr;
    switch (f.kind) {
      case PKind::kString:
        return Value::from_string(child && child->is_string() ? child->get<std::string>() : "");
      case PKind::kInt:
        return Value::from_int64(child && child->is_number() ? child->get<std::int64_t>() : 0);
      case PKind::kBool: return Value::from_bool(child && child->is_boolean() && child->get<bool>());
      case PKind::kEnum: return enum_value(f.sub, child, message_);
      case PKind::kBoolValue:
        return Value::from_object(std::make_shared<WrapperView>(
            "BoolValue", child ? std::optional<Json>(*child) : std::nullopt));
      case PKind::kIntValue:
        return Value::from_object(std::make_shared<WrapperView>(
            "Int32Value", child ? std::optional<Json>(*child) : std::nullopt));
      case PKind::kDuration:
        return Value::from_object(std::make_shared<DurationView>(
            child && child->is_string() ? std::optional<std::string>(child->get<std::string>()) : std::nullopt));
      case PKind::kMessage:
        return Value::from_object(std::make_shared<ProtoView>(root_, child, f.sub));
      case PKind::kStringMap: {
        StringMap m;
        if (child && child->is_object()) {
          for (auto it = child->begin(); it != child->end(); ++it) {
            m.emplace(it.key(), it->is_string() ? it->get<std::string>() : it->dump());
          }
        }
        return Value::from_string_map(std::move(m));
      }
      case PKind::kList:
        if (child == nullptr) return Value::from_list({}, "[]string");
        return json_view(root_, child);
    }
    return Value::nil();
  }

  std::shared_ptr<const Json> root_;
  const Json* node_;
  std::string message_;
};

void marshal_value(const Json& node, Shape shape, const Struct* type, std::string& out);

void marshal_struct(const Json& node, const Struct* type, std::string& out) {
  if (type == nullptr || !node.is_object()) {
    out += yaml::to_json(node);
    return;
  }
  out += '{';
  bool first = true;
  auto emit_key = [&](const std::string& key) {
    if (!first) out += ',';
    first = false;
    out += yaml::to_json(Json(key));
    out += ':';
  };
  for (const Field& f : type->fields) {
    auto it = node.find(f.json);
    if (it == node.end()) continue;
    emit_key(it.key());
    marshal_value(*it, f.shape, f.type, out);
  }
  for (auto it = node.begin(); it != node.end(); ++it) {  // fields the schema does not model
    if (type->find(it.key()) != nullptr) continue;
    emit_key(it.key());
    out += yaml::to_json(*it);
  }
  out += '}';
}

void marshal_value(const Json& node, Shape shape, const Struct* type, std::string& out) {
  if (shape == Shape::kStruct) {
    marshal_struct(node, type, out);
  } else if (shape == Shape::kList && node.is_array() && type != nullptr) {
    out += '[';
    bool first = true;
    for (const Json& e : node) {
      if (!first) out += ',';
      first = false;
      marshal_struct(e, type, out);
    }
    out += ']';
  } else if (shape == Shape::kMap && node.is_object() && type != nullptr) {
    out += '{';
    bool first = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!first) out += ',';
      first = false;
      out += yaml::to_json(Json(it.key()));
      out += ':';
      marshal_struct(*it, type, out);
    }
    out += '}';
  } else {
    out += yaml::to_json(node);
  }
}

}  // namespace

Value kube_struct_value(std::shared_ptr<const Json> root, const Json* node, std::string_view go_type) {
  const Struct* type = kube::schema::find_struct(go_type);
  if (type == nullptr) return node ? json_view(root, node) : Value::nil();
  return Value::from_object(std::make_shared<KubeStructView>(std::move(root), node, type));
}

Value kube_struct_value(Json value, std::string_view go_type) {
  auto root = std::make_shared<const Json>(std::move(value));
  const Json* node = root.get();
  return kube_struct_value(std::move(root), node, go_type);
}

Value proto_message_value(Json value, std::string_view message) {
  auto root = std::make_shared<const Json>(std::move(value));
  const Json* node = root.get();
  return proto_message_value(std::move(root), node, message);
}

Value proto_message_value(std::shared_ptr<const Json> root, const Json* node, std::string_view message) {
  return Value::from_object(std::make_shared<ProtoView>(std::move(root), node, std::string(message)));
}

std::string marshal_go_json(const Json& node, const Struct* type) {
  std::string out;
  marshal_struct(node, type, out);
  return out;
}

bool marshal_kube_struct(const Value& value, std::string& out) {
  if (value.kind() != Value::Kind::kObject) return false;
  const auto* view = dynamic_cast<const KubeStructView*>(&value.object());
  if (view == nullptr) return false;
  if (view->node() == nullptr) {
    out += "{}";
    return true;
  }
  marshal_struct(*view->node(), view->type(), out);
  return true;
}

const Json* proto_message_json(const Value& value) {
  if (value.kind() != Value::Kind::kObject) return nullptr;
  const auto* view = dynamic_cast<const ProtoView*>(&value.object());
  return view ? view->node() : nullptr;
}

}  // namespace sidecarctl::inject
