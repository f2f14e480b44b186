// Rewriting of application probes to the sidecar agent (Istio's app_probe.go): the agent answers
// /app-health/<container>/{readyz,livez,startupz} and /app-lifecycle/<container>/{prestopz,poststartz}
// on its status port and forwards to the original probe, which it learns from the
// ISTIO_KUBE_APP_PROBERS environment variable of istio-proxy.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace sidecarctl::inject {

using Json = nlohmann::json;

// Istio's ShouldRewriteAppHTTPProbers: the `sidecar.istio.io/rewriteAppHTTPProbers` annotation
// when it parses as a bool, else `spec_setting`.
bool should_rewrite_probes(const Json& annotations, bool spec_setting);

// The ISTIO_KUBE_APP_PROBERS value for the pod (`pod` has metadata and spec), "" when there is no
// probe to forward. Named probe ports are resolved to numbers in the pod itself, as Istio does.
std::string dump_app_probers(Json& pod, int status_port);

// Points the app containers' probes and lifecycle hooks at the agent (status port from the
// `status.sidecar.istio.io/port` annotation, else `default_port`).
void rewrite_probes(Json& pod, int default_port);

// Sets ISTIO_KUBE_APP_PROBERS on the sidecar's env: appended, or merged into an existing value
// when the pod was injected before (old entries win, as in Istio).
void merge_or_append_probers(Json& env, bool previously_injected, const std::string& probers);

}  // namespace sidecarctl::inject
