// ValidateWorkloadGroup: a template, valid metadata labels and a well-formed readiness probe.
#include <algorithm>

#include "analyze/validate.h"
#include "analyze/validate_names.h"
#include "base/go_multierror.h"

namespace sidecarctl::analyze {

namespace {

// ValidateProbeHeaderName: Kubernetes' header name rules.
std::string probe_header_name(const std::string& name) {
  if (name.empty()) return "header name cannot be empty";
  bool ok = std::all_of(name.begin(), name.end(), [](char c) {
    return c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
  return ok ? "" : "header name " + name + " is not a valid header name";
}

Validation readiness_probe(const Json& probe) {
  Validation v;
  if (!probe.is_object()) return v;
  for (const char* key :
       {"periodSeconds", "initialDelaySeconds", "timeoutSeconds", "successThreshold", "failureThreshold"})
    if (integer(probe, key) < 0) v.error(std::string(key) + " must be non-negative");
  if (const Json& http = field(probe, "httpGet"); http.is_object()) {
    v.error(check_port(integer(http, "port")));
    std::string scheme = str(http, "scheme");
    if (!scheme.empty() && scheme != "HTTPS" && scheme != "HTTP")
      v.error("httpGet.scheme must be one of \"HTTPS\", \"HTTP\"");
    for (const Json& header : array(http, "httpHeaders")) v.error(probe_header_name(str(header, "name")));
  } else if (const Json& tcp = field(probe, "tcpSocket"); tcp.is_object()) {
    v.error(check_port(integer(tcp, "port")));
  } else if (const Json& exec = field(probe, "exec"); exec.is_object()) {
    if (array(exec, "command").empty()) v.error("exec.command is required");
  } else {
    // Go's %T of the method: nil, or the gRPC check Istio does not validate.
    v.error(std::string("unknown health check method ") +
            (present(probe, "grpc") ? "*v1alpha3.ReadinessProbe_Grpc" : "<nil>"));
  }
  return v;
}

}  // namespace

Validation validate_workload_group(const ConfigMeta&, const Json& spec) {
  if (!present(spec, "template")) return error_of("template is required");
  Validation labels = check_labels(field(field(spec, "metadata"), "labels"));
  if (labels.has_errors()) return error_of("invalid labels: " + go_multierror_text(labels.errors));
  return readiness_probe(field(spec, "probe"));
}

}  // namespace sidecarctl::analyze
