// Merging rendered injection templates into pods: Istio's applyOverlay, and the "template pod"
// (injectPod merges every rendered template into an empty pod as well as into the workload's).
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "base/result.h"

namespace sidecarctl::inject {

using Json = nlohmann::json;

// applyOverlayYAML / applyOverlay: a strategic merge of `patch` into the Pod `pod`, decoded back as
// a Pod by encoding/json (no YAML scalar coercion). Errors are worded as Istio's: "strategic merge:
// ..." or "unmarshal patched pod: ...". A null patch changes nothing.
Result<void> apply_overlay(Json& pod, const Json& patch);

// The pod the rendered templates make on their own. Injection reads only the names in its
// containers, init containers, volumes and image pull secrets (the status annotation, containers
// the workload overrides, native sidecars), so while no template holds a strategic-merge directive
// only those names are merged: merging whole templates into it cost a tenth of kube-inject's
// instructions. Where the short way fails, or a template holds a directive, every template so far
// is merged whole, as istioctl does, so errors and results stay istioctl's.
class TemplatePod {
 public:
  // `in_full`: always merge whole templates (the shortcut's oracle in inject_fuzz).
  explicit TemplatePod(bool in_full = false);

  // Merges the next rendered template, kept for replays. An error is the whole merge's.
  Result<void> add(Json patch);

  // The template added last.
  const Json& last() const { return patches_.back(); }

  // Merges every template so far whole into an empty pod; the first error, if any. Called when the
  // same templates failed to merge into the workload's pod: istioctl reports the template pod's
  // error first.
  Result<void> check_in_full() const;

  // spec of the pod so far (an empty object when it has none).
  const Json& spec() const;

  const Json& pod() const { return pod_; }

 private:
  std::vector<Json> patches_;
  Json pod_;
  bool in_full_;
};

}  // namespace sidecarctl::inject
