// What Istio's injection labels mean, as pure functions over Kubernetes objects: the label change
// label-namespace makes, the installed revisions and tags, which revision injects a namespace's
// pods, and which pods need a restart after a change (with the controller to restart).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sidecarctl::kube {

using Json = nlohmann::json;

inline constexpr std::string_view kInjectionLabel = "istio-injection";
inline constexpr std::string_view kRevisionLabel = "istio.io/rev";
inline constexpr std::string_view kTagLabel = "istio.io/tag";
inline constexpr std::string_view kDataplaneModeLabel = "istio.io/dataplane-mode";
inline constexpr std::string_view kPodInjectLabel = "sidecar.istio.io/inject";
inline constexpr std::string_view kSidecarStatusAnnotation = "sidecar.istio.io/status";

enum class LabelAction { kEnable, kRevision, kDisable, kRemove };

struct LabelRequest {
  LabelAction action = LabelAction::kEnable;
  std::string revision;  // for kRevision
  bool overwrite = false;
};

// Revisions and tags with an injector (MutatingWebhookConfigurations labelled istio.io/rev).
struct InstalledRevisions {
  std::map<std::string, std::string> targets;  // revision or tag name -> the revision it injects with
  std::map<std::string, bool> is_tag;

  bool has(const std::string& name) const { return targets.count(name) != 0; }
  // "revisions 1-20, default; tags prod" or "none".
  std::string describe() const;
};
InstalledRevisions installed_revisions(const std::vector<Json>& webhook_configurations);

// The labels of an object (empty object when it has none).
Json labels_of(const Json& object);

// Label changes for one namespace: label -> new value, or nullopt to remove it. Only labels whose
// value actually changes are present.
struct LabelChange {
  std::map<std::string, std::optional<std::string>> changes;
  std::map<std::string, std::string> previous;  // old values of the changed labels that existed

  bool empty() const { return changes.empty(); }
  // A JSON merge patch setting/removing the labels, with resourceVersion as a precondition.
  Json merge_patch(const std::string& resource_version) const;
  // `labels` with the change applied.
  Json apply(const Json& labels) const;
  // "istio-injection=enabled, istio.io/rev removed (was canary)".
  std::string describe() const;
};

// The change `request` makes to a namespace with `labels`. Changing or removing an existing
// injection label needs overwrite (except --remove, whose purpose is removal).
Result<LabelChange> plan_label_change(const std::string& ns, const Json& labels, const LabelRequest& request);

// How pods of a namespace with `labels` get injected.
struct NamespaceInjection {
  enum State { kNotLabelled, kEnabled, kDisabled } state = kNotLabelled;
  std::string revision;  // the revision or tag named (kEnabled: "default" for istio-injection=enabled)
  bool ambient = false;  // istio.io/dataplane-mode=ambient

  std::string state_text() const;  // "enabled", "disabled", "not labelled"
};
NamespaceInjection namespace_injection(const Json& labels);

// The revision a name resolves to ("prod" tag -> "1-20"); the name itself when unknown.
std::string resolve_revision(const std::string& name, const InstalledRevisions& installed);

// Whether a pod carries a sidecar now (an istio-proxy container or the sidecar status annotation),
// and of which revision: the status annotation's, else its istio.io/rev label ("" when neither).
struct PodSidecar {
  bool injected = false;
  std::string revision;
};
PodSidecar current_sidecar(const Json& pod);

// What restarting a pod means: "deployment/web" for a pod of ReplicaSet web-5d8f9 with
// pod-template-hash 5d8f9, "statefulset/db", "daemonset/x"; "" when nothing can be restarted.
std::string restartable_owner(const Json& pod);

// A pod whose sidecar state would change, and what to restart for it.
struct PodRestart {
  std::string pod;
  std::string owner;   // "deployment/web", "statefulset/db", "daemonset/x"; "" when nothing can be restarted
  std::string reason;  // "get the sidecar", "lose the sidecar", "move to revision canary"
};

// Pods of a namespace with labels `ns_labels` whose injection differs from what they have now.
std::vector<PodRestart> pods_to_restart(const std::vector<Json>& pods, const Json& ns_labels,
                                        const InstalledRevisions& installed);

// Human lines summarising restarts: one `kubectl rollout restart KIND/NAME -n NS   # why` per owner,
// then one `pod/NAME -n NS has no controller to restart: ...` per pod without one.
std::vector<std::string> restart_lines(const std::vector<PodRestart>& restarts, const std::string& ns);

}  // namespace sidecarctl::kube
