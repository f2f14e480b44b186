// The MutatingWebhookConfiguration that sends pod CREATEs to sidecarctl's webhook, with the
// selectors of Istio's istio-discovery chart (templates/mutatingwebhook.yaml): for the default
// revision the `rev.namespace.`, `rev.object.`, `namespace.` and `object.` webhooks, for a
// revision only the two `rev.` ones selecting `istio.io/rev=<revision>`. Webhook names keep the
// chart's `sidecar-injector.istio.io` suffix, so istioctl x check-inject and istioctl analyze
// recognise them; the configuration is named `sidecarctl-sidecar-injector[-<revision>]` so that it
// never replaces Istio's own `istio-sidecar-injector[-<revision>]`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sidecarctl::webhook {

using Json = nlohmann::json;

struct WebhookConfigOptions {
  std::string revision;  // "" for the default revision
  std::string url;       // clientConfig.url (https), or else the service below
  std::string service_namespace;
  std::string service_name;
  int service_port = 443;  // as Istio's chart
  std::string path = "/inject";
  std::string ca_bundle_pem;     // PEM certificates; base64 into caBundle ("" for none)
  std::string ca_bundle_source;  // the file it came from, for errors
  std::string failure_policy = "Fail";
  int timeout_seconds = 10;  // the API server's default, which Istio's chart leaves in place
};

// "NS/NAME[:PORT]" of --service into `options`.
Result<void> parse_service(std::string_view text, WebhookConfigOptions& options);

// `sidecarctl-sidecar-injector`, or `sidecarctl-sidecar-injector-<revision>`.
std::string configuration_name(const std::string& revision);

// The configuration, admissionregistration.k8s.io/v1. Invalid options (no or two endpoints, a
// non-https URL, a CA bundle without a certificate, a bad revision, policy or timeout) are errors.
Result<Json> webhook_configuration(const WebhookConfigOptions& options);

}  // namespace sidecarctl::webhook
