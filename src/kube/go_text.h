// How Go prints and parses the scalars the typed round trip touches: float64 as encoding/json
// prints it, float32 as sigs.k8s.io/yaml turns a YAML number into a string field, and metav1.Time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sidecarctl::kube {

// strconv.FormatFloat(f, 'f' or 'e', -1, 64) as encoding/json picks between them (exponent form
// below 1e-6 and from 1e21, "e-07" shortened to "e-7").
std::string go_json_float(double f);

// strconv.FormatFloat(f, 'g', -1, 32): 1.1 -> "1.1", 1e6 -> "1e+06", 0.00001 -> "1e-05".
std::string go_float32_g(double f);

// strconv.FormatFloat(f, 'g', -1, 64), which is also fmt's %v of a float64.
std::string go_float64_g(double f);

// metav1.Time's round trip: parses an RFC 3339 time (fractional seconds and offsets accepted) and
// prints it in UTC without fractional seconds ("2024-05-01T10:00:00Z"); nullopt for the zero time
// (printed as null). Errors use Go's wording.
Result<std::optional<std::string>> rfc3339_to_utc(std::string_view text);

}  // namespace sidecarctl::kube
