// Keeping secrets out of logs: HTTP headers and query values that carry credentials are masked.
#pragma once

#include <string>
#include <string_view>

namespace sidecarctl::kube {

// True for header names whose values are credentials (Authorization, Proxy-Authorization, Cookie,
// anything mentioning token, secret, password or key).
bool is_secret_header(std::string_view name);

// The value of header `name` as it may appear in a log: secrets become "<redacted>", keeping an
// Authorization scheme ("Bearer <redacted>", "Basic <redacted>").
std::string redact_header_value(std::string_view name, std::string_view value);

}  // namespace sidecarctl::kube
