// Istio's template helpers (pkg/kube/inject/template.go), over JSON-shaped data: typed Go
// arguments (ObjectMeta, []Container, MeshConfig) are read by Go field name or JSON name.
#include "inject/istio_funcs.h"

#include <algorithm>
#include <string>

#include "base/go_duration.h"
#include "gotemplate/go_fmt.h"
#include "gotemplate/sprig.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/sprig_text.h"
#include "gotemplate/step_budget.h"
#include "inject/proto_json.h"
#include "yaml/emit.h"

namespace sidecarctl::inject {
namespace {

using gotemplate::CallContext;
using gotemplate::Json;
using gotemplate::List;
using gotemplate::Map;
using gotemplate::Param;
using gotemplate::StringMap;
using gotemplate::Value;
using Args = std::span<const Value>;

Value str(std::string s) { return Value::from_string(std::move(s)); }

bool is_absent(const Value& v) { return v.is_nil() || v.is_missing(); }

// A struct field of JSON-shaped data: the Go name first, then the JSON name.
std::optional<Value> field(const Value& obj, std::string_view go_name, std::string_view json_name) {
  if (obj.kind() == Value::Kind::kMap || obj.kind() == Value::Kind::kStringMap) {
    if (auto v = obj.map_find(go_name); v && !is_absent(*v)) return v;
    if (auto v = obj.map_find(json_name); v && !is_absent(*v)) return v;
    return std::nullopt;
  }
  if (obj.kind() == Value::Kind::kObject) {
    if (auto v = obj.object().field(go_name); v && !is_absent(*v)) return v;
    return obj.object().field(json_name);
  }
  return std::nullopt;
}

std::string field_string(const Value& obj, std::string_view go_name, std::string_view json_name) {
  auto v = field(obj, go_name, json_name);
  if (!v || v->kind() != Value::Kind::kString) return "";
  return std::string(v->as_string());
}

List items(const Value& v) { return gotemplate::slice_items(v); }

// getContainerPorts: TCP (and unspecified) container ports, comma separated.
std::string container_ports(const Value& containers, bool skip_proxy) {
  std::string out;
  for (const Value& c : items(containers)) {
    if (skip_proxy && field_string(c, "Name", "name") == "istio-proxy") continue;
    auto ports = field(c, "Ports", "ports");
    if (!ports) continue;
    for (const Value& p : items(*ports)) {
      std::string protocol = field_string(p, "Protocol", "protocol");
      if (protocol == "UDP" || protocol == "SCTP") continue;
      std::int64_t port = 0;
      if (auto n = field(p, "ContainerPort", "containerPort")) port = gotemplate::cast_to_int64(*n);
      if (!out.empty()) out += ',';
      out += std::to_string(static_cast<std::int32_t>(port));
    }
  }
  return out;
}

std::string exclude_inbound_port(const Value& port, const std::string& excluded) {
  std::string port_str = gotemplate::go_trim_space(gotemplate::to_go_string(port));
  if (port_str.empty() || port_str == "0") return excluded;
  std::vector<std::string> out;
  for (std::string& p : gotemplate::go_split(excluded, ",")) {
    if (p == port_str) return excluded;
    p = gotemplate::go_trim_space(p);
    if (!p.empty()) out.push_back(p);
  }
  out.push_back(port_str);
  std::string joined;
  for (std::size_t i = 0; i < out.size(); ++i) joined += (i ? "," : "") + out[i];
  return joined;
}

std::string istio_indent(std::int64_t spaces, const std::string& source) {
  // fmt's "% Ns" pads "" to |N| columns (a negative N is the '-' flag with width N).
  std::uint64_t width = spaces < 0 ? 0 - static_cast<std::uint64_t>(spaces) : static_cast<std::uint64_t>(spaces);
  auto breaks = static_cast<std::uint64_t>(std::count(source.begin(), source.end(), '\n'));
  if (breaks == 0) return source;
  // Fails before allocating when the result would be huge (`indent 2000000000 "a\nb"`).
  gotemplate::check_result_size(width > gotemplate::kMaxFunctionResult ? width : source.size() + breaks * width);
  std::string pad(static_cast<std::size_t>(width), ' ');
  std::vector<std::string> lines = gotemplate::go_split(source, "\n");
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\n" + pad;
    out += lines[i];
  }
  return out;
}

std::string append_multus_network(const std::string& existing, const std::string& network) {
  if (existing.empty()) return network;
  std::size_t bracket = existing.rfind(']');
  if (bracket != std::string::npos) {
    Json networks = Json::parse(existing, nullptr, false);
    if (networks.is_discarded() || !networks.is_array()) return existing;
    for (const Json& net : networks) {
      if (!net.is_object() && !net.is_null()) return existing;
    }
    std::size_t slash = network.find('/');
    std::string ns = slash == std::string::npos ? "" : network.substr(0, slash);
    std::string name = slash == std::string::npos ? network : network.substr(slash + 1);
    for (const Json& net : networks) {
      if (!net.is_object()) continue;
      auto n = net.find("name");
      if (n == net.end() || !n->is_string() || n->get<std::string>() != name) continue;
      auto net_ns = net.find("namespace");
      bool ns_nil = net_ns == net.end() || net_ns->is_null();
      if ((ns_nil && ns.empty()) || (!ns_nil && net_ns->is_string() && net_ns->get<std::string>() == ns)) {
        return existing;
      }
    }
    std::string entry = ns.empty() ? ", {\"name\": \"" + name + "\"}"
                                   : ", {\"name\": \"" + name + "\", \"namespace\": \"" + ns + "\"}";
    return existing.substr(0, bracket) + entry + existing.substr(bracket);
  }
  for (const std::string& net : gotemplate::go_split(existing, ",")) {
    if (gotemplate::go_trim_space(net) == network) return existing;
  }
  return existing + ", " + network;
}

// omitNil: nulls removed from maps and lists, recursively; an emptied collection becomes nil.
// Each element is visited once (`changed` says whether anything below it was removed).
std::pair<Value, bool> omit_nil(const Value& v, int depth = 0) {
  gotemplate::enter_value_level(depth, gotemplate::kCopyStepsPerElement);
  if (is_absent(v)) return {Value::nil(), true};
  if (v.kind() == Value::Kind::kMap) {
    bool changed = false;
    Map out;
    v.map_for_each([&](std::string_view key, const Value& item) {
      auto [kept, item_changed] = omit_nil(item, depth + 1);
      changed = changed || item_changed;
      if (!kept.is_nil()) out.emplace(std::string(key), kept);
    });
    if (!changed) return {v, false};
    if (out.empty()) return {Value::nil(), true};
    return {Value::from_map(std::move(out)), true};
  }
  if (v.kind() == Value::Kind::kList && v.list_type_name() == "[]interface {}") {
    bool changed = false;
    List out;
    for (const Value& item : items(v)) {
      auto [kept, item_changed] = omit_nil(item, depth + 1);
      changed = changed || item_changed;
      if (!kept.is_nil()) out.push_back(kept);
    }
    if (!changed) return {v, false};
    if (out.empty()) return {Value::nil(), true};
    return {Value::from_list(std::move(out)), true};
  }
  return {v, false};
}

std::string lookup(const Value& string_map, const std::string& key, bool& found) {
  found = false;
  if (string_map.kind() != Value::Kind::kStringMap) return "";
  auto v = string_map.map_find(key);
  found = v.has_value();
  return found ? std::string(v->as_string()) : "";
}

std::string otel_resource_attributes(const Value& mesh, const Value& annotations, const Value& labels,
                                     const std::string& ns, const Value& containers) {
  bool semconv = false;
  if (auto providers = field(mesh, "ExtensionProviders", "extensionProviders")) {
    for (const Value& p : items(*providers)) {
      auto otel = field(p, "Opentelemetry", "opentelemetry");
      if (otel && field_string(*otel, "ServiceAttributeEnrichment", "serviceAttributeEnrichment") ==
                      "OTEL_SEMANTIC_CONVENTIONS") {
        semconv = true;
        break;
      }
    }
  }
  if (!semconv) return "";
  List cs = items(containers);
  std::vector<std::string> attrs;
  bool found = false;
  std::string v = lookup(annotations, "resource.opentelemetry.io/service.namespace", found);
  if (found && !v.empty()) {
    attrs.push_back("service.namespace=" + v);
  } else if (!ns.empty()) {
    attrs.push_back("service.namespace=" + ns);
  }
  bool label_found = false;
  std::string label = lookup(labels, "app.kubernetes.io/version", label_found);
  bool ann_found = false;
  v = lookup(annotations, "resource.opentelemetry.io/service.version", ann_found);
  if (ann_found && !v.empty()) {
    attrs.push_back("service.version=" + v);
  } else if (label_found && !label.empty()) {
    attrs.push_back("service.version=" + label);
  } else if (cs.size() == 1) {
    std::string image = field_string(cs[0], "Image", "image");
    std::string tag;
    std::string digest;
    if (auto at = image.find('@'); at != std::string::npos) {
      digest = image.substr(at + 1);
      image = image.substr(0, at);
    }
    auto slash = image.rfind('/');
    auto colon = image.rfind(':');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) tag = image.substr(colon + 1);
    if (!tag.empty() && !digest.empty()) {
      attrs.push_back("service.version=" + tag + "@" + digest);
    } else if (!digest.empty()) {
      attrs.push_back("service.version=" + digest);
    } else if (!tag.empty()) {
      attrs.push_back("service.version=" + tag);
    }
  }
  v = lookup(annotations, "resource.opentelemetry.io/service.instance.id", found);
  if (found && !v.empty()) {
    attrs.push_back("service.instance.id=" + v);
  } else if (!cs.empty()) {
    attrs.push_back("service.instance.id=" + ns + ".$(POD_NAME)." + field_string(cs[0], "Name", "name"));
  }
  std::string out;
  for (std::size_t i = 0; i < attrs.size(); ++i) out += (i ? "," : "") + attrs[i];
  return out;
}

std::string string_map_json(const StringMap& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return gotemplate::go_json_marshal(j).value_or("{}");
}

StringMap merge_maps(Args a) {
  StringMap out;
  for (const Value& m : a) {
    if (m.kind() != Value::Kind::kStringMap) continue;
    for (const auto& [k, v] : m.string_map()) out.insert_or_assign(k, v);
  }
  return out;
}

}  // namespace

void register_istio(gotemplate::FunctionMap& m, const Environment& environment) {
  using P = Param;
  m.add("formatDuration", {P::kAny}, false, [](CallContext&, Args a) {
    auto nanos = duration_nanos(a[0].to_json());
    if (!nanos) gotemplate::throw_function_error("wrong type for value; expected *durationpb.Duration; got " + a[0].go_type_name());
    return str(go_duration_string(*nanos));
  });
  m.add("isset", {P::kStringMap, P::kString}, false, [](CallContext&, Args a) {
    bool found = false;
    lookup(a[0], std::string(a[1].as_string()), found);
    return Value::from_bool(found);
  });
  m.add("excludeInboundPort", {P::kAny, P::kString}, false,
        [](CallContext&, Args a) { return str(exclude_inbound_port(a[0], std::string(a[1].as_string()))); });
  m.add("includeInboundPorts", {P::kAny}, false, [](CallContext&, Args a) { return str(container_ports(a[0], false)); });
  m.add("applicationPorts", {P::kAny}, false, [](CallContext&, Args a) { return str(container_ports(a[0], true)); });
  for (const char* name : {"kubevirtInterfaces", "excludeInterfaces"}) {
    m.add(name, {P::kString}, false, [](CallContext&, Args a) { return a[0]; });
  }
  m.add("annotation", {P::kAny, P::kString, P::kAny}, false, [](CallContext&, Args a) {
    // Annotations that are not a map (data given to `sidecarctl template`) hold no annotation.
    auto annotations = field(a[0], "Annotations", "annotations");
    if (annotations && (annotations->kind() == Value::Kind::kMap || annotations->kind() == Value::Kind::kStringMap)) {
      if (auto v = annotations->map_find(a[1].as_string())) {
        return str(v->kind() == Value::Kind::kString ? std::string(v->as_string()) : gotemplate::to_go_string(*v));
      }
    }
    return str(gotemplate::to_go_string(a[2]));
  });
  m.add("valueOrDefault", {P::kAny, P::kAny}, false, [](CallContext&, Args a) {
    bool empty_string = a[0].kind() == Value::Kind::kString && a[0].as_string().empty();
    return empty_string || is_absent(a[0]) ? a[1] : a[0];
  });
  m.add("toJSON", {P::kStringMap}, false, [](CallContext&, Args a) {
    if (a[0].kind() != Value::Kind::kStringMap) return str("{}");
    return str(string_map_json(a[0].string_map()));
  });
  m.add("fromJSON", {P::kString}, false,
        [](CallContext&, Args a) { return gotemplate::go_json_unmarshal(a[0].as_string()).value_or(str("{}")); });
  m.add("structToJSON", {P::kAny}, false, [](CallContext&, Args a) {
    if (is_absent(a[0])) return str("{}");
    return str(gotemplate::go_json_marshal(a[0].to_json()).value_or("{}"));
  });
  m.add("protoToJSON", {P::kAny}, false, [](CallContext&, Args a) { return str(proxy_config_to_json(a[0])); });
  m.add("toYaml", {P::kAny}, false, [](CallContext&, Args a) { return str(yaml::to_yaml(a[0].to_json())); });
  m.add("indent", {P::kInt, P::kString}, false,
        [](CallContext&, Args a) { return str(istio_indent(a[0].as_int(), std::string(a[1].as_string()))); });
  m.add("directory", {P::kString}, false,
        [](CallContext&, Args a) { return str(gotemplate::go_path_split(a[0].as_string()).first); });
  m.add("contains", {P::kString, P::kString}, false, [](CallContext&, Args a) {
    return Value::from_bool(a[1].as_string().find(a[0].as_string()) != std::string_view::npos);
  });
  m.add("toLower", {P::kString}, false, [](CallContext&, Args a) { return str(gotemplate::go_to_lower(a[0].as_string())); });
  m.add("appendMultusNetwork", {P::kString, P::kString}, false, [](CallContext&, Args a) {
    return str(append_multus_network(std::string(a[0].as_string()), std::string(a[1].as_string())));
  });
  m.add("env", {P::kString, P::kString}, false, [environment](CallContext&, Args a) {
    return str(environment.get_or(std::string(a[0].as_string()), std::string(a[1].as_string())));
  });
  m.add("omit", {P::kStringMap, P::kString}, true, [](CallContext&, Args a) {
    StringMap out;
    if (a[0].kind() == Value::Kind::kStringMap) out = a[0].string_map();
    for (std::size_t i = 1; i < a.size(); ++i) {
      auto it = out.find(a[i].as_string());
      if (it != out.end()) out.erase(it);
    }
    return Value::from_string_map(std::move(out));
  });
  m.add("strdict", {P::kString}, true, [](CallContext&, Args a) {
    StringMap out;
    for (std::size_t i = 0; i < a.size(); i += 2) {
      out.insert_or_assign(std::string(a[i].as_string()), i + 1 < a.size() ? std::string(a[i + 1].as_string()) : "");
    }
    return Value::from_string_map(std::move(out));
  });
  m.add("toJsonMap", {P::kStringMap}, true, [](CallContext&, Args a) {
    if (a.empty()) return str("null");
    return str(string_map_json(merge_maps(a)));
  });
  m.add("mergeMaps", {P::kStringMap}, true,
        [](CallContext&, Args a) { return Value::from_string_map(merge_maps(a)); });
  m.add("omitNil", {P::kAny}, false, [](CallContext&, Args a) { return omit_nil(a[0]).first; });
  m.add("otelResourceAttributes", {P::kAny, P::kStringMap, P::kStringMap, P::kString, P::kAny}, false,
        [](CallContext&, Args a) {
          return str(otel_resource_attributes(a[0], a[1], a[2], std::string(a[3].as_string()), a[4]));
        });
}

gotemplate::FunctionMap istio_function_map(const Environment& environment) {
  gotemplate::FunctionMap map;
  gotemplate::register_builtins(map);
  gotemplate::register_sprig(map);
  register_istio(map, environment);
  return map;
}

}  // namespace sidecarctl::inject
