// AdmissionReview decoding and encoding (see admission_review.h).
#include "webhook/admission_review.h"

#include <fmt/format.h>

#include "kube/base64.h"
#include "yaml/json_fields.h"

namespace sidecarctl::webhook {
namespace {

constexpr std::string_view kV1 = "admission.k8s.io/v1";
constexpr std::string_view kV1beta1 = "admission.k8s.io/v1beta1";

Error invalid(std::string message) { return make_error(ErrorKind::kInvalidInput, std::move(message)); }

// The deepest nesting of arrays and objects, strings skipped; stops counting past `limit`.
std::size_t nesting_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// A string field of `obj` ("" when absent or null), or an error naming it.
Result<std::string> string_field(const Json& obj, const char* key, const char* where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return invalid(fmt::format("cannot decode AdmissionReview: {}.{}: expected a string, got {}", where, key,
                               yaml::json_type_name(*it)));
  }
  return it->get<std::string>();
}

}  // namespace

DecodedReview decode_review(std::string_view body) {
  DecodedReview out;
  if (nesting_depth(body, kMaxReviewDepth) > kMaxReviewDepth) {
    out.request = invalid(fmt::format("cannot decode AdmissionReview: nesting deeper than {}", kMaxReviewDepth));
    return out;
  }
  Json review = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (review.is_discarded()) {
    out.request = invalid("cannot decode AdmissionReview: the body is not valid JSON");
    return out;
  }
  if (!review.is_object()) {
    out.request = invalid(fmt::format("cannot decode AdmissionReview: expected a JSON object, got {}", yaml::json_type_name(review)));
    return out;
  }
  auto api_version = string_field(review, "apiVersion", "AdmissionReview");
  auto kind = string_field(review, "kind", "AdmissionReview");
  if (!api_version || !kind) {
    out.request = !api_version ? api_version.error() : kind.error();
    return out;
  }
  if (kind->empty()) {
    out.request = invalid("cannot decode AdmissionReview: Object 'Kind' is missing");
    return out;
  }
  if (*kind != "AdmissionReview" || (*api_version != kV1 && *api_version != kV1beta1)) {
    out.request = invalid(fmt::format(
        "cannot decode AdmissionReview: unsupported kind {:?} of apiVersion {:?} (want AdmissionReview of {} or {})",
        *kind, *api_version, kV1, kV1beta1));
    return out;
  }
  out.api_version = *api_version;
  auto request = review.find("request");
  if (request == review.end() || request->is_null()) {
    out.request = invalid("AdmissionReview has no request");
    return out;
  }
  if (!request->is_object()) {
    out.request = invalid(fmt::format("cannot decode AdmissionReview: request: expected an object, got {}",
                                      yaml::json_type_name(*request)));
    return out;
  }
  AdmissionRequest req;
  req.api_version = *api_version;
  for (auto [key, field] : {std::pair{"uid", &req.uid}, std::pair{"namespace", &req.namespace_},
                            std::pair{"name", &req.name}, std::pair{"operation", &req.operation}}) {
    auto value = string_field(*request, key, "request");
    if (!value) {
      out.request = value.error();
      return out;
    }
    *field = std::move(*value);
  }
  auto object = request->find("object");
  if (object == request->end() || object->is_null()) {
    out.request = invalid("cannot decode the pod: request.object is missing");
    return out;
  }
  if (!object->is_object()) {
    out.request = invalid(fmt::format("cannot decode the pod: request.object: expected an object, got {}",
                                      yaml::json_type_name(*object)));
    return out;
  }
  req.object = std::move(*object);
  out.request = std::move(req);
  return out;
}

std::string encode_review(std::string_view api_version, std::string_view uid, const AdmissionAnswer& answer) {
  // Written directly rather than through a JSON tree: the patch's base64 text, most of the answer,
  // needs no escaping. Only uid and message come from elsewhere, and they are escaped as JSON.
  auto quoted = [](std::string_view text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  std::string out = "{";
  if (!api_version.empty()) {  // istiod leaves the type out when the body named none it knows
    out += R"("kind":"AdmissionReview","apiVersion":)" + quoted(api_version) + ",";
  }
  out += R"("response":{"uid":)" + quoted(uid) + R"(,"allowed":)" + (answer.allowed ? "true" : "false");
  if (!answer.message.empty()) out += R"(,"status":{"metadata":{},"message":)" + quoted(answer.message) + "}";
  if (answer.patch) out += R"(,"patch":")" + kube::base64_encode(*answer.patch) + R"(","patchType":"JSONPatch")";
  out += "}}";
  return out;
}

}  // namespace sidecarctl::webhook
