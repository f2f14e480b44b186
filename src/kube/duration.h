// Go-style durations ("15s", "1m30s", "250ms", "0") as accepted by --kubeclient-timeout.
#pragma once

#include <chrono>
#include <string_view>

#include "base/result.h"

namespace sidecarctl::kube {

// Parses a Go time.ParseDuration string (units ns, us, µs, ms, s, m, h; fractions allowed; a sign
// allowed). A bare integer means seconds, as kubectl's --request-timeout. Negative values are an
// error; "0" means no timeout. The result is rounded down to whole milliseconds.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace sidecarctl::kube
