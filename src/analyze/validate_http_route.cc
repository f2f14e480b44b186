// validateHTTPRoute: one `http` entry of a VirtualService (conflicts, matches, header operations,
// CORS, faults, mirrors, redirects, direct responses, retries, rewrites, destinations).
#include <algorithm>
#include <set>

#include "analyze/message.h"
#include "analyze/validate.h"
#include "analyze/validate_names.h"
#include "analyze/validate_values.h"
#include "base/go_strconv.h"
#include "kube/base64.h"

namespace sidecarctl::analyze {

namespace {

constexpr long long kKiB = 1024, kMiB = 1024 * kKiB;

std::string duration_error(const Json& j, std::string_view key) {
  auto ns = duration_ns(j, key);
  return ns ? check_duration(*ns) : "";
}

// The request/response header operations of a Headers message.
Validation header_operations(const Json& headers) {
  Validation v;
  auto map_each = [](const Json& ops, std::string_view key, auto fn) {
    const Json& m = field(ops, key);
    if (m.is_object())
      for (auto it = m.begin(); it != m.end(); ++it) fn(it.key(), scalar_string(it.value()));
  };
  const Json& request = field(headers, "request");
  const Json& response = field(headers, "response");
  for (std::string_view op : {"add", "set"})
    map_each(request, op, [&](const std::string& name, const std::string& value) {
      v.error(check_header_name_to_add(name));
      v.error(check_header_value(value));
    });
  for (const std::string& name : strings(request, "remove")) v.error(check_header_name_to_change(name));
  for (std::string_view op : {"add", "set"})
    map_each(response, op, [&](const std::string& name, const std::string& value) {
      v.error(check_header_name_to_change(name));
      v.error(check_header_value(value));
    });
  for (const std::string& name : strings(response, "remove")) v.error(check_header_name_to_change(name));
  return v;
}

Validation route_conflict(const Json& http, bool delegate) {
  Validation v;
  bool has_route = !array(http, "route").empty();
  bool redirect = present(http, "redirect"), direct = present(http, "directResponse");
  bool fault = present(http, "fault"), rewrite = present(http, "rewrite");
  if (!delegate && present(http, "delegate")) {
    if (redirect) v.error("root HTTP route " + str(http, "name") + " must not specify redirect");
    if (has_route) v.error("root HTTP route " + str(http, "name") + " must not specify route");
    return v;
  }
  if (delegate && present(http, "delegate")) v.error("delegate HTTP route cannot contain delegate");
  if (redirect) {
    if (has_route) v.error("HTTP route cannot contain both route and redirect");
    if (fault) v.error("HTTP route cannot contain both fault and redirect");
    if (rewrite) v.error("HTTP route rule cannot contain both rewrite and redirect");
    if (direct) v.error("HTTP route rule cannot contain both direct_response and redirect");
  } else if (direct) {
    if (has_route) v.error("HTTP route cannot contain both route and direct_response");
    if (fault) v.error("HTTP route cannot contain both fault and direct_response");
    if (rewrite) v.error("HTTP route rule cannot contain both rewrite and direct_response");
  } else if (!has_route) {
    v.error("HTTP route, redirect or direct_response is required");
  }
  if (present(http, "mirror") && !array(http, "mirrors").empty())
    v.error("HTTP route cannot contain both mirror and mirrors");
  return v;
}

Validation match_requests(const Json& http) {
  Validation v;
  const Json& matches = array(http, "match");
  for (const Json& m : matches) {
    if (const Json& headers = field(m, "headers"); headers.is_object())
      for (auto it = headers.begin(); it != headers.end(); ++it) {
        v.error(check_header_name_or_jwt_claim(it.key()));
        v.error(check_string_match(it.value(), "headers"));
      }
    if (const Json& without = field(m, "withoutHeaders"); without.is_object())
      for (auto it = without.begin(); it != without.end(); ++it) {
        v.error(check_header_name_or_jwt_claim(it.key()));
        // `*` is a presence match, not a regexp.
        if (!(present(it.value(), "regex") && str(it.value(), "regex") == "*"))
          v.error(check_string_match(it.value(), "withoutHeaders"));
      }
    v.error(check_string_match_regex(field(m, "uri"), "uri"));
    v.error(check_string_match(field(m, "scheme"), "scheme"));
    v.error(check_string_match(field(m, "method"), "method"));
    v.error(check_string_match(field(m, "authority"), "authority"));
    if (const Json& qp = field(m, "queryParams"); qp.is_object())
      for (auto it = qp.begin(); it != qp.end(); ++it) v.error(check_string_match(it.value(), "queryParams"));
  }
  for (const Json& m : matches) {
    if (long long port = integer(m, "port")) v.error(check_port(port));
    v.add_errors(check_labels(field(m, "sourceLabels")));
    v.add_errors(check_gateway_names(strings(m, "gateways")));
    std::string source_ns = str(m, "sourceNamespace");
    if (!source_ns.empty() && !is_dns1123_label(source_ns))
      v.error("sourceNamespace match " + source_ns + " is invalid");
  }
  return v;
}

Validation cors_policy(const Json& cors) {
  Validation v;
  if (!cors.is_object()) return v;
  for (const Json& origin : array(cors, "allowOrigins")) {
    std::string value;
    for (std::string_view kind : {"exact", "prefix", "regex"})
      if (present(origin, kind)) value = str(origin, kind);
    if (value.empty())
      v.error("'' is not a valid match type for CORS allow origins");
    else
      v.error(check_string_match_regex(origin, "corsPolicy.allowOrigins"));
  }
  static const std::set<std::string, std::less<>> kMethods = {
      "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE", "*"};
  for (const std::string& method : strings(cors, "allowMethods"))
    if (!kMethods.count(method)) v.error(go_quote(method) + " is not a supported HTTP method");
  for (const std::string& name : strings(cors, "allowHeaders")) v.error(check_cors_header_name(name));
  for (const std::string& name : strings(cors, "exposeHeaders")) v.error(check_cors_header_name(name));
  if (auto age = duration_ns(cors, "maxAge")) {
    v.error(check_duration(*age));
    if (*age % 1'000'000'000 > 0) v.error("max_age duration is accurate only to seconds precision");
  }
  return v;
}

std::string http_status(long long status) {
  if (status < 200 || status > 600)
    return "HTTP status " + std::to_string(status) + " is not in range 200-599";
  return "";
}

Validation fault_injection(const Json& fault) {
  Validation v;
  if (!fault.is_object()) return v;
  const Json& abort = field(fault, "abort");
  const Json& delay = field(fault, "delay");
  if (!abort.is_object() && !delay.is_object())
    v.error("HTTP fault injection must have an abort and/or a delay");
  if (abort.is_object()) {
    // The abort's "error type not set" warning is lost: Istio appends the abort as a plain error.
    if (present(abort, "percentage")) v.error(check_percentage(number(field(abort, "percentage"), "value")));
    if (present(abort, "httpStatus")) {
      v.error(http_status(integer(abort, "httpStatus")));
    } else if (present(abort, "http2Error")) {
      v.error("HTTP/2 abort fault injection not supported yet");
    } else if (present(abort, "grpcStatus")) {
      static const std::set<std::string, std::less<>> kCodes = {
          "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
          "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
          "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
          "DATA_LOSS", "UNAUTHENTICATED"};
      std::string status = str(abort, "grpcStatus");
      if (!kCodes.count(status))
        v.error("gRPC status " + go_quote(status) +
                " is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a "
                "list of "
                "supported codes, for example 'NOT_FOUND'");
    }
  }
  if (delay.is_object()) {
    if (present(delay, "percentage")) v.error(check_percentage(number(field(delay, "percentage"), "value")));
    if (present(delay, "exponentialDelay")) {
      v.error(duration_error(delay, "exponentialDelay"));
      v.error("exponentialDelay not supported yet");
    } else if (present(delay, "fixedDelay")) {
      v.error(duration_error(delay, "fixedDelay"));
    }
  }
  return v;
}

Validation mirrors(const Json& list) {
  Validation v;
  for (const Json& mirror : list) {
    if (!present(mirror, "destination")) {
      v.error("destination is required for mirrors");
      continue;
    }
    v.add(check_destination(field(mirror, "destination")));
    if (present(mirror, "percentage")) {
      double value = number(field(mirror, "percentage"), "value");
      if (value > 100)
        v.error("mirror percentage must have a max value of 100 (it has " + go_float_f(value) + ")");
      if (value < 0)
        v.error("mirror percentage must have a min value of 0 (it has " + go_float_f(value) + ")");
    }
  }
  return v;
}

std::string redirect_error(const Json& redirect, const Json& matches) {
  if (!redirect.is_object()) return "";
  std::string uri = str(redirect, "uri"), prefix = str(redirect, "prefixRewrite"),
              scheme = str(redirect, "scheme");
  if (!uri.empty() && !prefix.empty()) return "redirect may only specify one of uri or prefix_rewrite";
  if (!prefix.empty())
    for (const Json& m : matches)
      if (present(m, "uri") && !present(field(m, "uri"), "prefix"))
        return "redirect prefix_rewrite requires all URI matches to use prefix match type";
  bool port_set = present(redirect, "port") || present(redirect, "derivePort");
  if (uri.empty() && prefix.empty() && str(redirect, "authority").empty() && !port_set && scheme.empty())
    return "redirect must specify URI, authority, scheme, or port";
  long long code = integer(redirect, "redirectCode");
  if (code != 0 && (code < 300 || code > 399))
    return std::to_string(code) + " is not a valid redirect code, must be 3xx";
  if (!scheme.empty() && scheme != "http" && scheme != "https")
    return "invalid redirect scheme, must be \"http\" or \"https\"";
  if (long long port = integer(redirect, "port"); port > 0) return check_port(port);
  return "";
}

Validation direct_response(const Json& dr) {
  Validation v;
  if (!dr.is_object()) return v;
  if (const Json& body = field(dr, "body"); body.is_object()) {
    std::size_t size = 0;
    if (present(body, "string"))
      size = str(body, "string").size();
    else if (present(body, "bytes"))
      size = kube::base64_decode(str(body, "bytes")).value_or("").size();
    if (static_cast<long long>(size) > kMiB)
      v.error("large direct_responses may impact control plane performance, must be less than 1MB");
    else if (static_cast<long long>(size) > 100 * kKiB)
      v.warn("large direct_responses may impact control plane performance");
  }
  v.error(http_status(integer(dr, "status")));
  return v;
}

// net/http.StatusText(code) != "".
bool known_http_status(long long code) {
  static const std::set<long long> kCodes = {
      100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307,
      308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421,
      422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511};
  return kCodes.count(code) > 0;
}

Validation retries(const Json& r) {
  Validation v;
  if (!r.is_object()) return v;
  long long attempts = integer(r, "attempts");
  std::string retry_on = str(r, "retryOn");
  if (attempts < 0) v.error("attempts cannot be negative");
  if (attempts == 0 &&
      (present(r, "perTryTimeout") || !retry_on.empty() || present(r, "retryRemoteLocalities")))
    v.error("http retry policy configured when attempts are set to 0 (disabled)");
  v.error(duration_error(r, "perTryTimeout"));
  if (!retry_on.empty()) {
    static const std::set<std::string, std::less<>> kPolicies = {"5xx",
                                                                 "gateway-error",
                                                                 "reset",
                                                                 "reset-before-request",
                                                                 "connect-failure",
                                                                 "retriable-4xx",
                                                                 "refused-stream",
                                                                 "retriable-status-codes",
                                                                 "retriable-headers",
                                                                 "envoy-ratelimited",
                                                                 "http3-post-connect-failure",
                                                                 "cancelled",
                                                                 "deadline-exceeded",
                                                                 "internal",
                                                                 "resource-exhausted",
                                                                 "unavailable"};
    std::string_view rest = retry_on;
    while (true) {
      auto comma = rest.find(',');
      std::string_view policy = rest.substr(0, comma);
      long long code = parse_go_int(policy, 10).value_or(0);
      if (!known_http_status(code) && !kPolicies.count(policy))
        v.error(go_quote(policy) + " is not a valid retryOn policy");
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  v.error(duration_error(r, "backoff"));
  return v;
}

std::string rewrite_error(const Json& rewrite) {
  if (!rewrite.is_object()) return "";
  std::string uri = str(rewrite, "uri");
  const Json& regex = field(rewrite, "uriRegexRewrite");
  if (!uri.empty() && regex.is_object()) return "rewrite may only contain one of URI or UriRegexRewrite";
  if (uri.empty() && !regex.is_object() && str(rewrite, "authority").empty())
    return "rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or "
           "UriRegexRewrite may be specified";
  if (!regex.is_object()) return "";
  std::string err;
  if (str(regex, "match").empty() || str(regex, "rewrite").empty())
    err = "UriRegexRewrite requires both Rewrite and Match fields to be specified";
  else
    err = check_regex(str(regex, "match"), "HTTPRewrite.UriRegexRewrite.Match");
  return err.empty() ? "" : "UriRegexRewrite has errors\n" + err;  // errors.Join
}

std::string authority_rewrite_error(const Json& rewrite, const Json& headers) {
  std::string current = str(rewrite, "authority");
  const Json& request = field(headers, "request");
  for (std::string_view op : {"set", "add"}) {
    const Json& m = field(request, op);
    if (!m.is_object()) continue;
    for (auto it = m.begin(); it != m.end(); ++it) {
      if (!is_authority_header(it.key())) continue;
      std::string value = scalar_string(it.value());
      if (!current.empty())
        return "authority header cannot be set multiple times: have " + go_quote(current) +
               ", attempting to set " + go_quote(value);
      current = value;
    }
  }
  return "";
}

}  // namespace

Validation check_route_destinations(const Json& list) {
  Validation v;
  long long total = 0;
  for (const Json& d : list) {
    if (!present(d, "destination")) v.error("destination is required");
    v.add_errors(header_operations(field(d, "headers")));
    v.add_errors(check_destination(field(d, "destination")));
    long long weight = integer(d, "weight");
    if (weight < 0) v.error("weight " + std::to_string(weight) + " < 0");
    total += weight;
  }
  if (list.size() > 1 && total == 0) v.error("total destination weight = 0");
  return v;
}

Validation check_http_route(const Json& http, bool delegate) {
  Validation v = route_conflict(http, delegate);
  v.add(match_requests(http));
  v.add(header_operations(field(http, "headers")));
  v.add(cors_policy(field(http, "corsPolicy")));
  v.add(fault_injection(field(http, "fault")));
  if (present(http, "mirrorPercent")) {
    long long value = integer(http, "mirrorPercent");
    if (value > 100)
      v.error("mirror_percent must have a max value of 100 (it has " + std::to_string(value) + ")");
    v.warn("using deprecated setting \"mirrorPercent\", use \"mirrorPercentage\" instead");
  }
  if (present(http, "mirrorPercentage")) {
    double value = number(field(http, "mirrorPercentage"), "value");
    if (value > 100)
      v.error("mirror_percentage must have a max value of 100 (it has " + go_float_f(value) + ")");
    if (value < 0) v.error("mirror_percentage must have a min value of 0 (it has " + go_float_f(value) + ")");
  }
  v.add(check_destination(field(http, "mirror")));
  v.add(mirrors(array(http, "mirrors")));
  v.error(redirect_error(field(http, "redirect"), array(http, "match")));
  v.add(direct_response(field(http, "directResponse")));
  v.add(retries(field(http, "retries")));
  v.error(rewrite_error(field(http, "rewrite")));
  v.error(authority_rewrite_error(field(http, "rewrite"), field(http, "headers")));
  v.add(check_route_destinations(array(http, "route")));
  v.error(duration_error(http, "timeout"));
  return v;
}

}  // namespace sidecarctl::analyze
