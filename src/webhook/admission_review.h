// AdmissionReview (admission.k8s.io/v1 and v1beta1) as the API server sends it to a mutating
// webhook, and the review that answers it (istiod's kube.AdmissionReview adapter).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sidecarctl::webhook {

using Json = nlohmann::json;

// Refused before parsing: nesting deeper than this (arrays and objects).
inline constexpr std::size_t kMaxReviewDepth = 200;

// The parts of an AdmissionRequest injection reads.
struct AdmissionRequest {
  std::string api_version;  // of the review: admission.k8s.io/v1 or admission.k8s.io/v1beta1
  std::string uid;
  std::string namespace_;
  std::string name;
  std::string operation;
  Json object;  // request.object (a JSON object)
};

// The answer: allowed with an optional JSON Patch, or denied with a message.
struct AdmissionAnswer {
  bool allowed = false;
  std::string message;                // status.message, when set
  std::optional<std::string> patch;   // the patch's JSON text (base64-encoded in the review)
};

// What decoding a review gives: the request, or why there is none. `api_version` is set as soon
// as the body names a known review version (the answer then has that version, as istiod's).
struct DecodedReview {
  std::string api_version;
  Result<AdmissionRequest> request = make_error(ErrorKind::kInvalidInput, "no request");
};

// Decodes a review body. Errors (kInvalidInput) say what is wrong: not JSON, too deep, not an
// AdmissionReview of a known version, no `request`, a field of the wrong type, an `object`
// that is not a JSON object.
DecodedReview decode_review(std::string_view body);

// The AdmissionReview answering `uid` in `api_version`:
// `{"kind","apiVersion","response":{"uid","allowed","status","patch","patchType"}}`; with no
// version (the body named none), only `response`, as istiod answers.
std::string encode_review(std::string_view api_version, std::string_view uid, const AdmissionAnswer& answer);

}  // namespace sidecarctl::webhook
