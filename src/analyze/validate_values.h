// Value checks of Istio's validation shared by the route and policy kinds: durations,
// percentages, HTTP header names and values, string matches and RE2 regular expressions.
// Each returns Istio's error text, "" when the value is valid.
#pragma once

#include <string>
#include <string_view>

#include "analyze/validation.h"

namespace sidecarctl::analyze {

// agent.ValidateDuration (nanoseconds): at least 1ms, whole milliseconds.
std::string check_duration(long long ns);
// ValidatePercent (0..100) and validatePercentage (a Percent message's value).
std::string check_percent(long long value);
std::string check_percentage(double value);

// Header name checks: ValidateStrictHTTPHeaderName, ValidateCORSHTTPHeaderName,
// ValidateHTTPHeaderNameOrJwtClaimRoute, ValidateHTTPHeaderWithAuthorityOperationName,
// ValidateHTTPHeaderOperationName.
std::string check_strict_header_name(std::string_view name);
std::string check_cors_header_name(std::string_view name);
std::string check_header_name_or_jwt_claim(std::string_view name);
std::string check_header_name_to_add(std::string_view name);
std::string check_header_name_to_change(std::string_view name);
// ValidateHTTPHeaderValue: no control characters, Envoy's %VARIABLE% syntax well formed.
std::string check_header_value(std::string_view value);
// isAuthorityHeader: ":authority" or "host", any case.
bool is_authority_header(std::string_view name);

// jwt.ToRoutingClaim(name).Match: "@request.auth.claims.<a>.<b>" or "@request.auth.claims[a][b]".
bool is_jwt_claim_route(std::string_view name);

// validateStringMatch (an empty prefix or regex, a bad regex) and validateStringMatchRegexp
// (only the regex form) of a StringMatch message; `where` names the field in the text.
std::string check_string_match(const Json& match, std::string_view where);
std::string check_string_match_regex(const Json& match, std::string_view where);
// validateStringRegexp: at most 1024 bytes and Go's RE2 syntax.
std::string check_regex(std::string_view re, std::string_view where);

}  // namespace sidecarctl::analyze
