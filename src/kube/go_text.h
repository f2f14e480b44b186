// metav1.Time as the typed round trip sees it (Go's float formatting is in yaml/go_format.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sidecarctl::kube {

// metav1.Time's round trip: parses an RFC 3339 time (fractional seconds and offsets accepted) and
// prints it in UTC without fractional seconds ("2024-05-01T10:00:00Z"); nullopt for the zero time
// (printed as null). Errors use Go's wording.
Result<std::optional<std::string>> rfc3339_to_utc(std::string_view text);

}  // namespace sidecarctl::kube
