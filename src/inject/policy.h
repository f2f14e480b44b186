// Whether a pod gets a sidecar (Istio's injectRequired) and the validation of the sidecar
// annotations a pod may carry (Istio's validateAnnotations).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "base/result.h"
#include "inject/settings.h"

namespace sidecarctl::inject {

using Json = nlohmann::json;

// The namespaces Istio never injects into (kube-system, kube-public, kube-node-lease,
// local-path-storage).
bool is_ignored_namespace(std::string_view ns);

// Istio's injectRequired for a pod (`metadata` and `spec` as JSON): hostNetwork and ignored
// namespaces are never injected; the `sidecar.istio.io/inject` label (preferred) or annotation
// decides when "true"/"false"; otherwise the never/always selectors of `config` and its policy.
// kube-inject calls it with policy "enabled" and no selectors (webhook_policy off).
bool injection_required(const Json& metadata, const Json& spec, const InjectConfig& config);

// injection_required with the reason: "pod label sidecar.istio.io/inject=false", "policy enabled",
// "neverInjectSelector {...} matches the pod", "the pod uses hostNetwork", ...
struct InjectionDecision {
  bool inject = false;
  std::string reason;
};
InjectionDecision injection_decision(const Json& metadata, const Json& spec, const InjectConfig& config);

// Does a metav1.LabelSelector (JSON) match `labels`? An empty selector matches nothing here
// (Istio skips empty selectors). Invalid selectors do not match.
bool label_selector_matches(const Json& selector, const Json& labels);

// Checks the sidecar annotations of `annotations` (a JSON object of strings) as Istio does before
// rendering; the error lists every invalid one:
// "invalid value 'X' for annotation 'traffic.sidecar.istio.io/...': ...".
Result<void> validate_annotations(const Json& annotations);

// Port list parsing of the traffic annotations ("80, 443"): Go's strconv wording on error.
Result<void> validate_port_list(std::string_view ports);

// A comma-separated CIDR list as netip.ParsePrefix accepts it.
Result<void> validate_cidr_list(std::string_view cidrs);

}  // namespace sidecarctl::inject
