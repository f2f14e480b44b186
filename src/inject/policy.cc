// Injection policy and annotation validation (see policy.h).
#include "inject/policy.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "base/go_multierror.h"
#include "base/ip_prefix.h"
#include "kube/label_selector.h"
#include "kube/mesh_config.h"
#include "kube/proxy_config_validation.h"
#include "kube/quantity.h"
#include "yaml/json_fields.h"

namespace sidecarctl::inject {
namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\n\r\v\f");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t\n\r\v\f");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string label_value(const Json& labels, const std::string& key, bool* present) {
  *present = false;
  if (!labels.is_object()) return "";
  auto it = labels.find(key);
  if (it == labels.end() || !it->is_string()) return "";
  *present = true;
  return it->get<std::string>();
}

// strconv.ParseUint(s, 10, bits) with Go's error text.
Result<std::uint64_t> parse_uint(const std::string& s, int bits) {
  auto fail = [&](const char* why) {
    return make_error(ErrorKind::kInvalidInput, fmt::format("strconv.ParseUint: parsing {}: {}", Json(s).dump(), why));
  };
  if (s.empty()) return fail("invalid syntax");
  std::uint64_t v = 0;
  bool overflow = false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return fail("invalid syntax");
    if (v > (UINT64_MAX - 9) / 10) overflow = true;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  std::uint64_t max = bits == 64 ? UINT64_MAX : (std::uint64_t{1} << bits) - 1;
  if (overflow || v > max) return fail("value out of range");
  return v;
}

Result<void> validate_port(const std::string& port) {
  auto r = parse_uint(trim(port), 16);
  if (!r) return make_error(ErrorKind::kInvalidInput, fmt::format("failed parsing port '{}': {}", port, r.error().message));
  return {};
}

using Validator = Result<void> (*)(const std::string&);

Result<void> prefixed(Result<void> r, const char* what) {
  if (r) return r;
  Error e = r.error();
  e.message = fmt::format("{} invalid: {}", what, e.message);
  return e;
}

Result<void> v_interception_mode(const std::string& v) {
  if (v == "REDIRECT" || v == "TPROXY" || v == "NONE") return {};
  return make_error(ErrorKind::kInvalidInput, "interceptionMode invalid, use REDIRECT,TPROXY,NONE: " + v);
}
Result<void> v_status_port(const std::string& v) { return prefixed(validate_port(v), "excludeInboundPorts"); }
Result<void> v_uint32(const std::string& v) {
  auto r = parse_uint(v, 32);
  if (!r) return r.error();
  return {};
}
Result<void> v_include_ip(const std::string& v) {
  return v == "*" ? Result<void>{} : prefixed(validate_cidr_list(v), "includeIPRanges");
}
Result<void> v_exclude_ip(const std::string& v) { return prefixed(validate_cidr_list(v), "excludeIPRanges"); }
Result<void> v_include_inbound(const std::string& v) {
  return v == "*" ? Result<void>{} : prefixed(validate_port_list(v), "includeInboundPorts");
}
Result<void> v_exclude_inbound(const std::string& v) { return prefixed(validate_port_list(v), "excludeInboundPorts"); }
Result<void> v_exclude_outbound(const std::string& v) { return prefixed(validate_port_list(v), "excludeOutboundPorts"); }
Result<void> v_interfaces(const std::string& v) {
  if (v.empty()) return {};
  for (const auto& raw : split(v, ',')) {
    std::string name = trim(raw);
    if (name.empty()) return make_error(ErrorKind::kInvalidInput, "empty interface name");
    if (name.size() > 15) {
      return make_error(ErrorKind::kInvalidInput, fmt::format("interface name {} too long (max 15 chars)", Json(name).dump()));
    }
    bool ok = std::isalpha(static_cast<unsigned char>(name[0])) &&
              std::all_of(name.begin(), name.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
              });
    if (!ok) {
      return make_error(ErrorKind::kInvalidInput, fmt::format("interface name {} contains invalid characters", Json(name).dump()));
    }
  }
  return {};
}
Result<void> v_bool(const std::string& v) {
  static const char* kValid[] = {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"};
  for (const char* ok : kValid) {
    if (v == ok) return {};
  }
  return make_error(ErrorKind::kInvalidInput, fmt::format("strconv.ParseBool: parsing {}: invalid syntax", Json(v).dump()));
}
// Istio validates the annotation over the built-in proxy defaults, not over the mesh's defaultConfig.
Result<void> v_proxy_config(const std::string& v) {
  auto r = kube::merge_proxy_config(kube::default_proxy_config(), v, "");
  if (!r) return make_error(ErrorKind::kInvalidInput, "failed to convert to apply proxy config: " + r.error().message);
  auto problems = kube::proxy_config_problems(*r);
  if (!problems.empty()) return make_error(ErrorKind::kInvalidInput, fmt::format("{}", fmt::join(problems, "; ")));
  return {};
}
Result<void> v_quantity(const std::string& v) {
  if (std::any_of(v.begin(), v.end(), [](char c) { return std::iscntrl(static_cast<unsigned char>(c)); })) {
    return make_error(ErrorKind::kInvalidInput, "value contains control characters");
  }
  auto q = kube::Quantity::parse(v);
  if (!q) return q.error();
  return {};
}

const std::map<std::string, Validator>& validators() {
  static const std::map<std::string, Validator> table = {
      {"sidecar.istio.io/interceptionMode", v_interception_mode},
      {"status.sidecar.istio.io/port", v_status_port},
      {"readiness.status.sidecar.istio.io/initialDelaySeconds", v_uint32},
      {"readiness.status.sidecar.istio.io/periodSeconds", v_uint32},
      {"readiness.status.sidecar.istio.io/failureThreshold", v_uint32},
      {"traffic.sidecar.istio.io/includeOutboundIPRanges", v_include_ip},
      {"traffic.sidecar.istio.io/excludeOutboundIPRanges", v_exclude_ip},
      {"traffic.sidecar.istio.io/includeInboundPorts", v_include_inbound},
      {"traffic.sidecar.istio.io/excludeInboundPorts", v_exclude_inbound},
      {"traffic.sidecar.istio.io/excludeOutboundPorts", v_exclude_outbound},
      {"traffic.sidecar.istio.io/excludeInterfaces", v_interfaces},
      {"traffic.sidecar.istio.io/kubevirtInterfaces", v_interfaces},
      {"istio.io/reroute-virtual-interfaces", v_interfaces},
      {"prometheus.istio.io/merge-metrics", v_bool},
      {"proxy.istio.io/config", v_proxy_config},
      {"sidecar.istio.io/proxyCPU", v_quantity},
      {"sidecar.istio.io/proxyMemory", v_quantity},
      {"sidecar.istio.io/proxyCPULimit", v_quantity},
      {"sidecar.istio.io/proxyMemoryLimit", v_quantity},
  };
  return table;
}

}  // namespace

bool is_ignored_namespace(std::string_view ns) {
  return ns == "kube-system" || ns == "kube-public" || ns == "kube-node-lease" || ns == "local-path-storage";
}

bool label_selector_matches(const Json& selector, const Json& labels) {
  auto parsed = kube::LabelSelector::parse(selector);
  if (!parsed || parsed->requirements().empty()) return false;
  return parsed->matches(kube::label_map(labels));
}

InjectionDecision injection_decision(const Json& metadata, const Json& spec, const InjectConfig& config) {
  if (spec.is_object() && yaml::bool_field_or(spec, "hostNetwork", false)) {
    return {false, "the pod uses hostNetwork"};
  }
  std::string ns = metadata.is_object() ? yaml::string_field_or(metadata, "namespace") : "";
  if (is_ignored_namespace(ns)) return {false, fmt::format("namespace {} is never injected", ns)};

  const Json empty = Json::object();
  const Json& annotations = metadata.is_object() && metadata.contains("annotations") ? metadata["annotations"] : empty;
  const Json& labels = metadata.is_object() && metadata.contains("labels") ? metadata["labels"] : empty;
  bool annotation_present = false;
  std::string annotation = label_value(annotations, "sidecar.istio.io/inject", &annotation_present);
  bool label_present = false;
  std::string label = label_value(labels, "sidecar.istio.io/inject", &label_present);
  if (label_present || annotation_present) {
    std::string where = label_present ? "label" : "annotation";
    std::string value = label_present ? label : annotation;
    if (value == "true" || value == "false") {
      return {value == "true", fmt::format("pod {} sidecar.istio.io/inject={}", where, value)};
    }
  }
  for (const Json& s : config.never_inject_selector) {
    if (label_selector_matches(s, labels)) return {false, "neverInjectSelector " + s.dump() + " matches the pod"};
  }
  for (const Json& s : config.always_inject_selector) {
    if (label_selector_matches(s, labels)) return {true, "alwaysInjectSelector " + s.dump() + " matches the pod"};
  }
  if (config.policy == "enabled" || config.policy == "disabled") {
    return {config.policy == "enabled", "policy " + config.policy};
  }
  return {false, fmt::format("policy \"{}\" is neither enabled nor disabled", config.policy)};
}

bool injection_required(const Json& metadata, const Json& spec, const InjectConfig& config) {
  return injection_decision(metadata, spec, config).inject;
}

Result<void> validate_port_list(std::string_view ports) {
  std::string trimmed = trim(ports);
  if (trimmed.empty()) return {};
  for (const auto& port : split(trimmed, ',')) {
    auto r = validate_port(port);
    if (!r) {
      return make_error(ErrorKind::kInvalidInput, fmt::format("failed parsing port '{}': {}", port, r.error().message));
    }
  }
  return {};
}

Result<void> validate_cidr_list(std::string_view cidrs) {
  if (cidrs.empty()) return {};
  for (const auto& cidr : split(cidrs, ',')) {
    if (auto prefix = parse_ip_prefix(cidr); !prefix) {
      return make_error(ErrorKind::kInvalidInput, fmt::format("failed parsing cidr '{}': {}", cidr, prefix.error().message));
    }
  }
  return {};
}

Result<void> validate_annotations(const Json& annotations) {
  if (!annotations.is_object()) return {};
  std::vector<std::string> problems;
  for (const auto& [name, validate] : validators()) {
    auto it = annotations.find(name);
    if (it == annotations.end() || !it->is_string()) continue;
    const std::string value = it->get<std::string>();
    if (auto r = validate(value); !r) {
      problems.push_back(fmt::format("invalid value '{}' for annotation '{}': {}", value, name, r.error().message));
    }
  }
  if (problems.empty()) return {};
  return make_error(ErrorKind::kInvalidInput, go_multierror_text(problems));
}

}  // namespace sidecarctl::inject
