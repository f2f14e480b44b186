// The injection endpoint (see inject_handler.h).
#include "webhook/inject_handler.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "inject/policy.h"
#include "kube/typed_object.h"
#include "webhook/admission_review.h"
#include "webhook/inject_path.h"
#include "webhook/json_patch.h"
#include "yaml/json_fields.h"

namespace sidecarctl::webhook {
namespace {

InjectResponse answer(InjectResponse r, const std::string& api_version, Outcome outcome, AdmissionAnswer a) {
  r.outcome = outcome;
  if (r.message.empty()) r.message = a.message;
  r.body = encode_review(api_version, r.uid, a);
  return r;
}

InjectResponse plain(int status, Outcome outcome, std::string message) {
  InjectResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.outcome = outcome;
  r.body = message + "\n";
  r.message = std::move(message);
  return r;
}

}  // namespace

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kInjected: return "injected";
    case Outcome::kSkipped: return "skipped";
    case Outcome::kDenied: return "denied";
    case Outcome::kBadRequest: return "bad_request";
    case Outcome::kUnavailable: return "unavailable";
  }
  return "unknown";
}

InjectResponse handle_inject(const inject::Injector* injector, PatchCache* patches, std::string_view path,
                             std::string_view content_type, std::string_view body) {
  if (body.empty()) return plain(400, Outcome::kBadRequest, "no body found");
  if (content_type != "application/json") {
    return plain(415, Outcome::kBadRequest, "invalid Content-Type, want `application/json`");
  }
  if (injector == nullptr) return plain(503, Outcome::kUnavailable, "injection settings are not loaded yet");

  InjectResponse r;
  DecodedReview review = decode_review(body);
  if (!review.request) {
    return answer(std::move(r), review.api_version, Outcome::kDenied, {false, review.request.error().message, {}});
  }
  AdmissionRequest& req = *review.request;
  r.uid = req.uid;
  r.operation = req.operation;

  // The pod as istiod sees it: decoded as a corev1.Pod, managedFields dropped (they never matter
  // and only slow the patch down), the namespace from the request when the pod has none.
  Json pod = std::move(req.object);
  if (!pod.contains("metadata") || pod["metadata"].is_null()) pod["metadata"] = Json::object();
  if (pod["metadata"].is_object()) {
    pod["metadata"].erase("managedFields");
    if (yaml::string_field_or(pod["metadata"], "namespace").empty() && !req.namespace_.empty()) {
      pod["metadata"]["namespace"] = req.namespace_;
    }
    std::string name = yaml::string_field_or(pod["metadata"], "name");
    if (name.empty() && !yaml::string_field_or(pod["metadata"], "generateName").empty()) {
      name = yaml::string_field_or(pod["metadata"], "generateName") + "*****";
    }
    r.pod = yaml::string_field_or(pod["metadata"], "namespace") + "/" + name;
  }
  pod["kind"] = "Pod";
  pod["apiVersion"] = "v1";
  // istiod decodes the object with encoding/json (no scalar coercion, keys matched case-insensitively)
  // and answers with Go's error alone.
  if (auto typed = kube::normalize_as_in_place(pod, "Pod", nullptr, kube::kJsonDecode); !typed) {
    return answer(std::move(r), req.api_version, Outcome::kDenied, {false, typed.error().message, {}});
  }

  const Json& metadata = pod["metadata"];
  const Json empty = Json::object();
  const Json& spec = pod.contains("spec") && pod["spec"].is_object() ? pod["spec"] : empty;
  if (spec.contains("hostNetwork") && spec["hostNetwork"] == true) {
    r.message = "host networking";
    return answer(std::move(r), req.api_version, Outcome::kSkipped, {true, "", {}});
  }
  if (!inject::injection_required(metadata, spec, injector->settings().config)) {
    r.message = "policy";
    return answer(std::move(r), req.api_version, Outcome::kSkipped, {true, "", {}});
  }

  if (patches != nullptr) {
    if (std::optional<std::string> kept = patches->find(path, pod)) {
      r.reused = true;
      return answer(std::move(r), req.api_version, Outcome::kInjected, {true, "", std::move(kept)});
    }
  }
  InjectPath params = parse_inject_path(path);
  std::vector<std::string> warnings;
  auto injected = injector->inject_object(pod, warnings, params.envs);
  if (!injected) {
    return answer(std::move(r), req.api_version, Outcome::kDenied, {false, injected.error().message, {}});
  }
  std::string patch = create_patch(pod, *injected).dump();
  // The decoded pod's tree takes a few times the bytes of its JSON text: four times the body's.
  if (patches != nullptr) patches->insert(path, pod, patch, 4 * body.size());
  return answer(std::move(r), req.api_version, Outcome::kInjected, {true, "", std::move(patch)});
}

}  // namespace sidecarctl::webhook
