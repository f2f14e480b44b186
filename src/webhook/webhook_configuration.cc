#include "webhook/webhook_configuration.h"

#include <fmt/format.h>

#include <charconv>

#include "kube/base64.h"
#include "kube/label_selector.h"

namespace sidecarctl::webhook {
namespace {

Error usage(std::string message) { return make_error(ErrorKind::kUsage, std::move(message)); }

Json expression(const char* key, const char* op, Json values = nullptr) {
  Json e = {{"key", key}, {"operator", op}};
  if (!values.is_null()) e["values"] = std::move(values);
  return e;
}

Json selector(Json expressions) { return {{"matchExpressions", std::move(expressions)}}; }

Result<void> validate(const WebhookConfigOptions& o) {
  bool has_service = !o.service_name.empty();
  if (o.url.empty() == !has_service) return usage("give exactly one of --url and --service");
  if (!o.url.empty()) {
    if (o.url.rfind("https://", 0) != 0 || o.url.size() == 8) {
      return usage(fmt::format("--url {}: the API server calls webhooks over https only", o.url));
    }
    if (o.url.find_first_of("?#") != std::string::npos || o.url.find('@') != std::string::npos) {
      return usage(fmt::format("--url {}: a webhook URL has no user, query or fragment", o.url));
    }
  }
  if (!o.path.empty() && o.path.front() != '/')
    return usage(fmt::format("--path {}: must start with /", o.path));
  if (!o.revision.empty() && !kube::valid_label_value(o.revision)) {
    return usage(fmt::format("--revision {}: not a valid label value", o.revision));
  }
  if (o.failure_policy != "Fail" && o.failure_policy != "Ignore") {
    return usage(fmt::format("--failure-policy {}: Fail or Ignore", o.failure_policy));
  }
  if (o.timeout_seconds < 1 || o.timeout_seconds > 30) {
    return usage(fmt::format("--timeout {}: between 1 and 30 seconds", o.timeout_seconds));
  }
  if (!o.ca_bundle_pem.empty() && o.ca_bundle_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return make_error(ErrorKind::kInvalidInput,
                      "no PEM certificate (-----BEGIN CERTIFICATE-----) in the CA bundle",
                      SourceLoc{o.ca_bundle_source});
  }
  return {};
}

}  // namespace

Result<void> parse_service(std::string_view text, WebhookConfigOptions& options) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0) {
    return usage(fmt::format("--service {}: expected NAMESPACE/NAME[:PORT]", text));
  }
  std::string_view name = text.substr(slash + 1);
  auto colon = name.find(':');
  if (colon != std::string_view::npos) {
    std::string_view port = name.substr(colon + 1);
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
      return usage(fmt::format("--service {}: port {} is not a number from 1 to 65535", text, port));
    }
    options.service_port = value;
    name = name.substr(0, colon);
  }
  if (name.empty()) return usage(fmt::format("--service {}: expected NAMESPACE/NAME[:PORT]", text));
  options.service_namespace = std::string(text.substr(0, slash));
  options.service_name = std::string(name);
  return {};
}

std::string configuration_name(const std::string& revision) {
  return revision.empty() ? "sidecarctl-sidecar-injector" : "sidecarctl-sidecar-injector-" + revision;
}

Result<Json> webhook_configuration(const WebhookConfigOptions& o) {
  if (auto ok = validate(o); !ok) return ok.error();
  Json client_config;
  if (!o.url.empty()) {
    client_config["url"] = o.url;
  } else {
    client_config["service"] = {{"name", o.service_name},
                                {"namespace", o.service_namespace},
                                {"path", o.path},
                                {"port", o.service_port}};
  }
  if (!o.ca_bundle_pem.empty()) client_config["caBundle"] = kube::base64_encode(o.ca_bundle_pem);
  std::string rev = o.revision.empty() ? "default" : o.revision;
  auto webhook = [&](const std::string& prefix, Json namespace_selector, Json object_selector) {
    return Json{{"name", prefix + "sidecar-injector.istio.io"},
                {"clientConfig", client_config},
                {"rules", Json::array({{{"operations", {"CREATE"}},
                                        {"apiGroups", {""}},
                                        {"apiVersions", {"v1"}},
                                        {"resources", {"pods"}}}})},
                {"failurePolicy", o.failure_policy},
                {"sideEffects", "None"},
                {"admissionReviewVersions", {"v1"}},
                {"timeoutSeconds", o.timeout_seconds},
                {"reinvocationPolicy", "Never"},
                {"namespaceSelector", std::move(namespace_selector)},
                {"objectSelector", std::move(object_selector)}};
  };
  Json not_disabled = expression("sidecar.istio.io/inject", "NotIn", {"false"});
  Json webhooks = Json::array();
  // A namespace labelled with the revision, unless istio-injection (which wins) is set too.
  webhooks.push_back(webhook(
      "rev.namespace.",
      selector({expression("istio.io/rev", "In", {rev}), expression("istio-injection", "DoesNotExist")}),
      selector({not_disabled})));
  // An unlabelled namespace, a pod labelled with the revision.
  webhooks.push_back(webhook(
      "rev.object.",
      selector({expression("istio.io/rev", "DoesNotExist"), expression("istio-injection", "DoesNotExist")}),
      selector({not_disabled, expression("istio.io/rev", "In", {rev})})));
  if (o.revision.empty()) {
    webhooks.push_back(webhook("namespace.", selector({expression("istio-injection", "In", {"enabled"})}),
                               selector({not_disabled})));
    webhooks.push_back(webhook(
        "object.",
        selector({expression("istio-injection", "DoesNotExist"), expression("istio.io/rev", "DoesNotExist")}),
        selector({expression("sidecar.istio.io/inject", "In", {"true"}),
                  expression("istio.io/rev", "DoesNotExist")})));
  }
  return Json{{"apiVersion", "admissionregistration.k8s.io/v1"},
              {"kind", "MutatingWebhookConfiguration"},
              {"metadata",
               {{"name", configuration_name(o.revision)},
                {"labels", {{"istio.io/rev", rev}, {"app.kubernetes.io/managed-by", "sidecarctl"}}}}},
              {"webhooks", std::move(webhooks)}};
}

}  // namespace sidecarctl::webhook
