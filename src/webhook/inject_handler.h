// The injection endpoint as a pure function: an HTTP request's path, content type and body in,
// the status, body and what happened out (istiod's serveInject and inject), no sockets involved.
#pragma once

#include <string>
#include <string_view>

#include "inject/injector.h"
#include "webhook/patch_cache.h"

namespace sidecarctl::webhook {

// What became of a request, for metrics and the log line.
enum class Outcome {
  kInjected,     // allowed with a patch
  kSkipped,      // allowed without a patch: policy, hostNetwork, ignored namespace
  kDenied,       // allowed: false (the review or the pod could not be decoded, injection failed)
  kBadRequest,   // no review at all: empty body, wrong content type (HTTP 4xx)
  kUnavailable,  // no injector yet (HTTP 503)
};

std::string_view outcome_name(Outcome outcome);

struct InjectResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Outcome outcome = Outcome::kDenied;
  std::string message;    // why it was denied or skipped, or a bad request's reason
  std::string uid;        // of the review, when decoded
  std::string pod;        // namespace/name (generateName + "*****" before the name is known)
  std::string operation;
  bool reused = false;    // the patch came from the PatchCache
};

// Answers one request to an injection path. `injector` (nullptr: settings not loaded yet) must
// have been created with webhook_policy on. With `patches` (nullptr: none), an injection's patch is
// kept there and an equal pod on the same path is answered with it, without injecting again.
InjectResponse handle_inject(const inject::Injector* injector, PatchCache* patches, std::string_view path,
                             std::string_view content_type, std::string_view body);

}  // namespace sidecarctl::webhook
