// Go's time.Duration text forms, shared by the template functions (sprig, Istio's helpers), the
// mesh/proxy config loader (legacy jsonpb reads a Duration with time.ParseDuration) and the proto-JSON
// printer: durations are int64 nanoseconds throughout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sidecarctl {

// time.ParseDuration: an optional sign, then one or more decimal numbers (fractions allowed) each
// with a unit ns, us, µs (U+00B5 or U+03BC), ms, s, m, h; "0" alone needs no unit. nullopt on a
// syntax error or when the value does not fit in int64 nanoseconds, as Go reports those.
std::optional<std::int64_t> parse_go_duration(std::string_view text);

// time.Duration(nanos).String(): "1h0m0s", "1m30s", "1.5s", "500ms", "0s".
std::string go_duration_string(std::int64_t nanos);

// A google.protobuf.Duration in proto-JSON: seconds with 0, 3, 6 or 9 fractional digits ("30s",
// "1.500s", "-0.000000001s").
std::string proto_duration_string(std::int64_t nanos);

}  // namespace sidecarctl
