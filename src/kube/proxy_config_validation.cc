// ProxyConfig validation as Istio's agent package does it (see proxy_config_validation.h).
#include "kube/proxy_config_validation.h"

#include <fmt/format.h>

#include <optional>
#include <string_view>

#include "base/go_duration.h"
#include "base/go_strconv.h"
#include "base/ip_prefix.h"

namespace sidecarctl::kube {
namespace {

using Json = nlohmann::json;

constexpr std::int64_t kMillisecond = 1'000'000;
constexpr std::int64_t kSecond = 1'000'000'000;

// A message field under its JSON name or its proto (snake_case) name; nullptr when absent or null.
const Json* field(const Json& message, std::string_view json_name, std::string_view proto_name = {}) {
  if (!message.is_object()) return nullptr;
  for (std::string_view name : {json_name, proto_name}) {
    if (name.empty()) continue;
    auto it = message.find(std::string(name));
    if (it != message.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

std::string string_of(const Json* v) { return v != nullptr && v->is_string() ? v->get<std::string>() : ""; }

std::optional<std::int64_t> integer_of(const Json* v) {
  if (v == nullptr) return 0;
  if (v->is_number_integer()) return v->get<std::int64_t>();
  if (v->is_number_float()) return whole_int64(v->get<double>());
  if (v->is_string()) return parse_go_int(v->get<std::string>(), 10);
  return std::nullopt;
}

// A wrapper (Int32Value, UInt32Value) given bare or as {"value": n}.
std::optional<std::int64_t> wrapped_integer(const Json* v) {
  if (v != nullptr && v->is_object()) v = field(*v, "value");
  if (v == nullptr) return std::nullopt;
  return integer_of(v);
}

std::optional<std::int64_t> duration_of(const Json* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return parse_go_duration(v->get<std::string>());
  return std::nullopt;
}

std::string port_problem(std::int64_t port) {
  if (port >= 1 && port <= 65535) return "";
  return fmt::format("port number {} must be in the range 1..65535", port);
}

bool dns1123_label(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (!alnum(label.front()) || !alnum(label.back())) return false;
  for (char c : label) {
    if (!alnum(c) && c != '-') return false;
  }
  return true;
}

// ValidateFQDN: at most 255 bytes, labels DNS-1123, the last may be empty ("istio.io."), and the top
// level label not a number strconv.Atoi reads.
bool valid_fqdn(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = name.find('.', start);
    labels.push_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parse_go_int(labels.back(), 10).has_value()) return false;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i + 1 == labels.size() && labels[i].empty()) return true;
    if (!dns1123_label(labels[i])) return false;
  }
  return true;
}

// net.SplitHostPort; the error text is Go's.
std::optional<std::pair<std::string, std::string>> split_host_port(const std::string& hostport, std::string* why) {
  auto fail = [&](std::string_view reason) {
    *why = fmt::format("address {}: {}", hostport, reason);
    return std::nullopt;
  };
  std::size_t last_colon = hostport.rfind(':');
  if (last_colon == std::string::npos) return fail("missing port in address");
  std::string host;
  std::size_t no_open_before = 0, no_close_before = 0;
  if (hostport[0] == '[') {
    std::size_t end = hostport.find(']');
    if (end == std::string::npos) return fail("missing ']' in address");
    if (end + 1 == hostport.size()) return fail("missing port in address");
    if (end + 1 != last_colon) {
      return fail(hostport[end + 1] == ':' ? "too many colons in address" : "missing port in address");
    }
    host = hostport.substr(1, end - 1);
    no_open_before = 1;
    no_close_before = end + 1;
  } else {
    host = hostport.substr(0, last_colon);
    if (host.find(':') != std::string::npos) return fail("too many colons in address");
  }
  if (hostport.find('[', no_open_before) != std::string::npos) return fail("unexpected '[' in address");
  if (hostport.find(']', no_close_before) != std::string::npos) return fail("unexpected ']' in address");
  return std::make_pair(host, hostport.substr(last_colon + 1));
}

// strconv.Atoi: an optional sign, then decimal digits; the error text is Go's.
std::optional<std::int64_t> atoi(const std::string& text, std::string* why) {
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
  bool syntax = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  auto value = syntax ? parse_go_int(text, 10) : std::nullopt;
  if (!value) {
    *why = fmt::format("strconv.Atoi: parsing {}: {}", nlohmann::json(text).dump(),
                       syntax ? "value out of range" : "invalid syntax");
  }
  return value;
}

std::string with_prefix(std::string_view prefix, const std::string& problem) {
  return problem.empty() ? "" : fmt::format("{} {}", prefix, problem);
}

std::string replace_host_ip(std::string address) {
  constexpr std::string_view kHostIp = "$(HOST_IP)";
  if (auto at = address.find(kHostIp); at != std::string::npos) address.replace(at, kHostIp.size(), "127.0.0.1");
  return address;
}

// An enum value as its name ("SIMPLE"), numbers mapped through `names` (index = number).
std::string enum_name(const Json* v, std::initializer_list<std::string_view> names) {
  if (v == nullptr) return std::string(*names.begin());
  if (v->is_string()) return v->get<std::string>();
  if (auto n = integer_of(v); n && *n >= 0 && static_cast<std::size_t>(*n) < names.size()) {
    return std::string(*(names.begin() + *n));
  }
  return v->dump();
}

// ValidateTLS for the tracing client settings (no configuration namespace).
void tls_problems(const Json& tls, std::vector<std::string>& out) {
  auto add = [&](const std::string& p) { out.push_back("invalid tracing TLS config: " + p); };
  std::string mode = enum_name(field(tls, "mode"), {"DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"});
  std::string credential = string_of(field(tls, "credentialName", "credential_name"));
  std::string ca = string_of(field(tls, "caCertificates", "ca_certificates"));
  std::string client_cert = string_of(field(tls, "clientCertificate", "client_certificate"));
  std::string key = string_of(field(tls, "privateKey", "private_key"));
  std::string crl = string_of(field(tls, "caCrl", "ca_crl"));
  bool sans = field(tls, "subjectAltNames", "subject_alt_names") != nullptr;
  if (credential.rfind("configmap://", 0) == 0) {
    add("invalid configmap:// credentialName: namespace must match the configuration namespace \"\"");
  }
  const Json* skip = field(tls, "insecureSkipVerify", "insecure_skip_verify");
  if (skip != nullptr && skip->is_object()) skip = field(*skip, "value");
  if (skip != nullptr && skip->is_boolean() && skip->get<bool>()) {
    if (mode == "SIMPLE" && (!ca.empty() || !credential.empty() || sans)) {
      add("cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true");
    }
    if (mode == "MUTUAL" && (!ca.empty() || sans)) {
      add("cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true");
    }
  }
  if ((mode == "SIMPLE" || mode == "MUTUAL") && !credential.empty()) {
    if (!client_cert.empty() || !ca.empty() || !key.empty() || !crl.empty()) {
      add("cannot specify client certificates or CA certificate or CA CRL If credentialName is set");
    }
    return;
  }
  if (mode == "MUTUAL") {
    if (client_cert.empty()) add("client certificate required for mutual tls");
    if (key.empty()) add("private key required for mutual tls");
  }
}

void private_key_provider_problems(const Json& provider, std::vector<std::string>& out) {
  auto add = [&](const std::string& p) { out.push_back("invalid private key provider configuration: " + p); };
  const Json* cryptomb = field(provider, "cryptomb");
  const Json* qat = field(provider, "qat");
  const Json* chosen = cryptomb != nullptr ? cryptomb : qat;
  if (chosen == nullptr) {
    add("private key provider configuration is required");
    add("unknown private key provider");
    return;
  }
  auto delay = duration_of(field(*chosen, "pollDelay", "poll_delay"));
  if (field(*chosen, "pollDelay", "poll_delay") == nullptr) {
    add("pollDelay is required");
  } else if (delay && *delay == 0) {
    add("pollDelay must be non zero");
  }
}

void connection_settings_problems(const Json& cs, std::vector<std::string>& out) {
  auto add = [&](const std::string& p) { out.push_back("invalid connection settings: " + p); };
  struct Bound {
    const char* json_name;
    const char* proto_name;
    std::int64_t floor;  // the smallest valid value
    const char* rule;
  };
  static constexpr Bound kIntegers[] = {
      {"listenerPerConnectionBufferLimitBytes", "listener_per_connection_buffer_limit_bytes", 0, "must be non-negative"},
      {"clusterPerConnectionBufferLimitBytes", "cluster_per_connection_buffer_limit_bytes", 0, "must be non-negative"},
      {"httpMaxConcurrentStreams", "http_max_concurrent_streams", 1, "must be positive"},
      {"http2InitialStreamWindowSize", "http2_initial_stream_window_size", 65535, "must be at least 65535"},
      {"http2InitialConnectionWindowSize", "http2_initial_connection_window_size", 65535, "must be at least 65535"},
      {"listenerConnectionLimit", "listener_connection_limit", 1, "must be positive"},
      {"globalDownstreamConnectionLimit", "global_downstream_connection_limit", 1, "must be positive"},
  };
  static constexpr const char* kDurations[][2] = {
      {"httpIdleTimeout", "http_idle_timeout"},           {"httpMaxConnectionDuration", "http_max_connection_duration"},
      {"httpDrainTimeout", "http_drain_timeout"},         {"httpRequestTimeout", "http_request_timeout"},
      {"httpRequestHeadersTimeout", "http_request_headers_timeout"},
      {"httpStreamIdleTimeout", "http_stream_idle_timeout"}, {"httpMaxStreamDuration", "http_max_stream_duration"},
  };
  // Istio checks the buffer limits, then the durations, then the stream and connection limits.
  auto check_integer = [&](const Bound& b) {
    auto v = wrapped_integer(field(cs, b.json_name, b.proto_name));
    if (v && *v < b.floor) add(fmt::format("{} {}", b.proto_name, b.rule));
  };
  check_integer(kIntegers[0]);
  check_integer(kIntegers[1]);
  for (const auto& [json_name, proto_name] : kDurations) {
    auto d = duration_of(field(cs, json_name, proto_name));
    if (d && *d < 0) add(fmt::format("{} must be non-negative", proto_name));
  }
  for (std::size_t i = 2; i < std::size(kIntegers); ++i) check_integer(kIntegers[i]);
}

}  // namespace

std::string proxy_address_problem(const std::string& address) {
  std::string why;
  auto parts = split_host_port(address, &why);
  if (!parts) return fmt::format("unable to split {}: {}", nlohmann::json(address).dump(), why);
  const auto& [host, port_text] = *parts;
  auto port = atoi(port_text, &why);
  if (!port) return fmt::format("port ({}) is not a number: {}", port_text, why);
  if (std::string p = port_problem(*port); !p.empty()) return p;
  if (!valid_fqdn(host) && !parse_ip_address(host)) {
    return fmt::format("{} is not a valid hostname or an IP address", nlohmann::json(host).dump());
  }
  return "";
}

std::vector<std::string> proxy_config_problems(const Json& pc) {
  std::vector<std::string> out;
  auto add = [&](const std::string& p) {
    if (!p.empty()) out.push_back(p);
  };
  if (string_of(field(pc, "configPath")).empty()) add("config path must be set");
  if (string_of(field(pc, "binaryPath")).empty()) add("binary path must be set");
  if (field(pc, "tracingServiceName") == nullptr) {
    if (field(pc, "serviceCluster") == nullptr) {
      add("oneof service cluster or tracing service name must be specified");
    } else if (string_of(field(pc, "serviceCluster")).empty()) {
      add("service cluster must be specified");
    }
  }

  std::int64_t drain = duration_of(field(pc, "drainDuration")).value_or(0);
  if (drain < kMillisecond) {
    add("invalid drain duration: duration must be greater than 1ms");
  } else if (drain % kMillisecond != 0) {
    add("invalid drain duration: only durations to ms precision are supported");
  } else if (drain % kSecond != 0) {
    add("drain time only supports durations to seconds precision");
  }

  std::string discovery = string_of(field(pc, "discoveryAddress"));
  if (discovery.empty()) {
    add("discovery address must be set to the proxy discovery service");
  } else {
    add(with_prefix("invalid discovery address:", proxy_address_problem(discovery)));
  }

  if (const Json* tracing = field(pc, "tracing")) {
    if (const Json* lightstep = field(*tracing, "lightstep")) {
      std::string address = string_of(field(*lightstep, "address"));
      if (address.empty()) add("invalid lightstep config: address is required");
      add(with_prefix("invalid lightstep config: invalid lightstep address:", proxy_address_problem(address)));
      if (string_of(field(*lightstep, "accessToken", "access_token")).empty()) {
        add("invalid lightstep config: access token is required");
      }
    }
    for (const char* tracer : {"zipkin", "datadog"}) {
      if (const Json* t = field(*tracing, tracer)) {
        add(with_prefix(fmt::format("invalid {} config:", tracer),
                        proxy_address_problem(replace_host_ip(string_of(field(*t, "address"))))));
      }
    }
    if (const Json* tls = field(*tracing, "tlsSettings", "tls_settings")) tls_problems(*tls, out);
  }

  struct NamedAddress {
    const char* what;
    std::string address;
  };
  std::string statsd = string_of(field(pc, "statsdUdpAddress"));
  std::string metrics_legacy = string_of(field(pc, "envoyMetricsServiceAddress"));
  const Json* metrics = field(pc, "envoyMetricsService");
  const Json* access_log = field(pc, "envoyAccessLogService");
  for (const NamedAddress& a : {NamedAddress{"statsd udp address", statsd},
                                NamedAddress{"envoy metrics service address", metrics_legacy},
                                NamedAddress{"envoy metrics service address", metrics ? string_of(field(*metrics, "address")) : ""},
                                NamedAddress{"envoy access log service address",
                                             access_log ? string_of(field(*access_log, "address")) : ""}}) {
    if (a.address.empty()) continue;
    add(with_prefix(fmt::format("invalid {} {}:", a.what, nlohmann::json(a.address).dump()), proxy_address_problem(a.address)));
  }

  if (auto port = integer_of(field(pc, "proxyAdminPort"))) add(with_prefix("invalid proxy admin port:", port_problem(*port)));
  std::string policy = enum_name(field(pc, "controlPlaneAuthPolicy"), {"NONE", "MUTUAL_TLS"});
  if (policy != "NONE" && policy != "MUTUAL_TLS") {
    add(fmt::format("invalid authentication policy: unrecognized control plane auth policy {}",
                    nlohmann::json(policy == "1000" ? "INHERIT" : policy).dump()));
  }
  if (auto port = integer_of(field(pc, "statusPort"))) add(with_prefix("invalid status port:", port_problem(*port)));
  if (const Json* provider = field(pc, "privateKeyProvider")) private_key_provider_problems(*provider, out);
  if (const Json* cs = field(pc, "connectionSettings")) connection_settings_problems(*cs, out);
  return out;
}

}  // namespace sidecarctl::kube
