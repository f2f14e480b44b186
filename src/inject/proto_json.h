// protoToJSON's view of a ProxyConfig: Istio drops the fields equal to the mesh defaults
// (cleanProxyConfig) and prints the message as proto-JSON (lowerCamel names in the declaration order
// of istio.mesh.v1alpha1.ProxyConfig, zero values omitted, wrappers unwrapped, durations "1.500s").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gotemplate/value.h"

namespace sidecarctl::inject {

// The proto-JSON text of `proxy_config` after dropping defaults; "{}" for nil or missing. Fields are
// read under their Go name (DrainDuration) or JSON name (drainDuration); enums as names or numbers,
// durations as "45s" / {"Seconds": n, "Nanos": m}, wrappers as bare values or {"Value": v}.
std::string proxy_config_to_json(const gotemplate::Value& proxy_config);

// A google.protobuf.Duration given as JSON data, in nanoseconds (nil: 0; nullopt when malformed).
std::optional<std::int64_t> duration_nanos(const gotemplate::Json& duration);

}  // namespace sidecarctl::inject
