// MeshConfig and ProxyConfig as Istio loads them, held as proto-JSON (lowerCamel field names,
// durations as "45s", enums as names, wrapper types as plain values).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "base/result.h"

namespace sidecarctl::kube {

// google.protobuf.Duration's range: 10,000 years either way, in seconds; protojson refuses more.
inline constexpr double kMaxProtoDurationSeconds = 315'576'000'000;

using Json = nlohmann::json;

// Istio's built-in ProxyConfig defaults (pkg/config/mesh DefaultProxyConfig).
Json default_proxy_config();

// Istio's built-in MeshConfig defaults (DefaultMeshConfig), defaultConfig included.
Json default_mesh_config();

// Loads a mesh config file's text over the built-in defaults as istioctl does
// (mesh.ApplyMeshConfigDefaults): `defaultConfig` fields are merged over the proxy defaults
// (proxyMetadata merged key by key), other top-level fields replace the defaults,
// `extensionProviders` replace a built-in provider of the same name or are appended after
// prometheus/stackdriver/envoy, `trustDomainAliases` become a sorted set. snake_case field names
// are accepted. Errors name `source`.
Result<Json> load_mesh_config(std::string_view text, const std::string& source);

// Same, over a parsed value (e.g. an IstioOperator's spec.meshConfig).
Result<Json> apply_mesh_config(const Json& overlay, const std::string& source);

// Merges a ProxyConfig overlay (YAML/JSON text, e.g. the `proxy.istio.io/config` annotation) over
// `proxy_config` (mesh.MergeProxyConfig): fields replace, proxyMetadata merges, null is ignored.
Result<Json> merge_proxy_config(const Json& proxy_config, std::string_view overlay_text, const std::string& source);

// Same, over a parsed overlay.
Result<Json> merge_proxy_config_value(const Json& proxy_config, const Json& overlay, const std::string& source);

// A proto field name in lowerCamel form ("proxy_metadata" -> "proxyMetadata").
std::string proto_json_name(std::string_view name);

}  // namespace sidecarctl::kube
