// Turning API server error answers (metav1.Status bodies, or anything else) into messages a person
// understands: the server's own message first, the HTTP status as context.
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"

namespace sidecarctl::kube {

// The reason phrase of an HTTP status ("Forbidden", "Too Many Requests"), or "" when unknown.
std::string_view http_reason(long status);

// The error for a non-2xx answer to `method path`: a Status body's message with the code
// ("namespaces \"foo\" is forbidden: User \"viewer\" cannot patch ... (403 Forbidden)"), otherwise a
// description naming the request and the start of the body. 404 gives kNotFound, others kRemote.
Error status_error(long status, std::string_view body, const std::string& method, const std::string& path);

// The `reason` of a Status body ("Expired", "Conflict"), or "" when the body is not a Status.
std::string status_reason(std::string_view body);

}  // namespace sidecarctl::kube
