// `check-inject`: would a pod be injected, and by which MutatingWebhookConfiguration? istioctl x
// check-inject's verdicts (every configuration holding a webhook whose name ends in "istio.io",
// its namespaceSelector/objectSelector evaluated on the pod's and the namespace's labels, with
// istioctl's reasons and table), plus, for the one configuration that injects, the injector's own
// policy (its ConfigMap's policy, never/always selectors and the pod's sidecar.istio.io/inject
// label or annotation: inject::injection_decision).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "kube/label_selector.h"
#include "webhook/check_inject_source.h"

namespace sidecarctl::webhook {

using Json = nlohmann::json;

// One configuration's verdict (istioctl's webhookAnalysis).
struct WebhookVerdict {
  std::string name;      // the MutatingWebhookConfiguration
  std::string revision;  // its istio.io/rev label
  bool injected = false;
  std::string reason;
};

// istioctl's analyzeRunningWebhooks: the configurations holding an Istio webhook, sorted by name.
std::vector<WebhookVerdict> check_webhooks(const std::vector<Json>& configurations,
                                           const kube::LabelMap& pod_labels, const kube::LabelMap& ns_labels);

// What the injector's policy says for the pod (only checked when exactly one configuration injects).
struct PolicyVerdict {
  std::string config_map;  // "istio-system/istio-sidecar-injector-canary"
  std::string revision;
  bool injected = false;
  std::string reason;
};

struct CheckInjectReport {
  std::string
      subject;  // "pod shop/web-1", "Deployment shop/web (pod template)", "labels app=web in namespace shop"
  std::string ns;
  Json pod_metadata;  // name, namespace, labels, annotations the verdicts were computed on
  kube::LabelMap ns_labels;
  std::vector<WebhookVerdict> webhooks;
  std::optional<PolicyVerdict> policy;

  // Exactly one configuration injects and its policy (when checked) agrees.
  bool injected() const;
};

struct CheckInjectRequest {
  std::string target;                    // "[TYPE/]NAME[.NAMESPACE]", or "" with labels
  std::optional<kube::LabelMap> labels;  // -l: a hypothetical pod
  std::string ns;                        // -n, else the context's (or "default")
  std::string istio_namespace = "istio-system";
};

// Reads what the request needs from `source` and computes the verdicts. Warnings (a namespace or an
// injector ConfigMap that could not be read) go to `warnings`.
Result<CheckInjectReport> check_inject(ObjectSource& source, const CheckInjectRequest& request,
                                       std::vector<std::string>& warnings);

// istioctl's output: the WEBHOOK/REVISION/INJECTED/REASON table (colored marks, its column widths),
// "ERROR: ..." lines, then our injector policy line.
std::string format_text(const CheckInjectReport& report);
// The report as data (-o json|yaml).
Json report_json(const CheckInjectReport& report);

}  // namespace sidecarctl::webhook
