// Istio injection labels: planning label changes and predicting pod restarts.
#include "kube/injection_labels.h"
#include "yaml/json_fields.h"

#include <set>

namespace sidecarctl::kube {
namespace {

std::string label(const Json& labels, std::string_view key) {
  auto it = labels.find(std::string(key));
  return it != labels.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool has_label(const Json& labels, std::string_view key) { return labels.contains(std::string(key)); }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

PodSidecar current_sidecar(const Json& pod) {
  PodSidecar s;
  const Json& meta = yaml::object_field_or_empty(pod, "metadata");
  Json annotations = yaml::object_field_or_empty(meta, "annotations");
  if (!annotations.is_object()) annotations = Json::object();
  auto status = annotations.find(std::string(kSidecarStatusAnnotation));
  if (status != annotations.end()) {
    s.injected = true;
    if (status->is_string()) {
      Json parsed = Json::parse(status->get<std::string>(), nullptr, false);
      if (parsed.is_object() && parsed.contains("revision") && parsed["revision"].is_string()) {
        s.revision = parsed["revision"].get<std::string>();
      }
    }
  }
  const Json& spec = yaml::object_field_or_empty(pod, "spec");
  for (const char* list : {"containers", "initContainers"}) {
    auto it = spec.find(list);
    if (it == spec.end() || !it->is_array()) continue;
    for (const Json& c : *it) {
      if (c.is_object() && yaml::string_field_or(c, "name") == "istio-proxy") s.injected = true;
    }
  }
  if (s.injected && s.revision.empty()) s.revision = label(labels_of(pod), kRevisionLabel);
  return s;
}

namespace {

// What the injector webhooks would do for this pod under the namespace labels.
PodSidecar expected_sidecar(const Json& pod, const Json& ns_labels, const InstalledRevisions& installed) {
  Json pod_labels = labels_of(pod);
  std::string pod_inject = label(pod_labels, kPodInjectLabel);
  NamespaceInjection ns = namespace_injection(ns_labels);
  PodSidecar s;
  if (pod_inject == "false" || ns.state == NamespaceInjection::kDisabled) return s;
  if (ns.state == NamespaceInjection::kEnabled) {
    s.injected = true;
    s.revision = resolve_revision(ns.revision, installed);
    return s;
  }
  // A namespace without labels: the object selectors (pod label) decide.
  std::string pod_rev = label(pod_labels, kRevisionLabel);
  if (pod_inject == "true") {
    s.injected = true;
    s.revision = resolve_revision(pod_rev.empty() ? "default" : pod_rev, installed);
  } else if (!pod_rev.empty() && installed.has(pod_rev)) {
    s.injected = true;
    s.revision = resolve_revision(pod_rev, installed);
  }
  return s;
}

}  // namespace

std::string restartable_owner(const Json& pod) {
  const Json& meta = yaml::object_field_or_empty(pod, "metadata");
  auto refs = meta.find("ownerReferences");
  if (refs == meta.end() || !refs->is_array()) return "";
  const Json* owner = nullptr;
  for (const Json& ref : *refs) {
    if (ref.is_object() && yaml::bool_field_or(ref, "controller", false)) owner = &ref;
  }
  if (owner == nullptr && !refs->empty() && (*refs)[0].is_object()) owner = &(*refs)[0];
  if (owner == nullptr) return "";
  std::string kind = yaml::string_field_or(*owner, "kind");
  std::string name = yaml::string_field_or(*owner, "name");
  if (kind == "ReplicaSet") {
    std::string hash = label(labels_of(pod), "pod-template-hash");
    if (!hash.empty() && name.size() > hash.size() + 1 &&
        name.compare(name.size() - hash.size() - 1, std::string::npos, "-" + hash) == 0) {
      return "deployment/" + name.substr(0, name.size() - hash.size() - 1);
    }
    return "";
  }
  if (kind == "StatefulSet") return "statefulset/" + name;
  if (kind == "DaemonSet") return "daemonset/" + name;
  if (kind == "Deployment") return "deployment/" + name;
  return "";
}

std::string InstalledRevisions::describe() const {
  std::vector<std::string> revisions, tags;
  for (const auto& [name, _] : targets) (is_tag.at(name) ? tags : revisions).push_back(name);
  if (revisions.empty() && tags.empty()) return "none";
  std::string out;
  if (!revisions.empty()) out = "revisions " + join(revisions);
  if (!tags.empty()) out += (out.empty() ? "" : "; ") + std::string("tags ") + join(tags);
  return out;
}

InstalledRevisions installed_revisions(const std::vector<Json>& webhooks) {
  InstalledRevisions installed;
  for (const Json& hook : webhooks) {
    Json labels = labels_of(hook);
    std::string rev = label(labels, kRevisionLabel);
    if (rev.empty()) continue;
    std::string tag = label(labels, kTagLabel);
    if (!tag.empty()) {
      installed.targets[tag] = rev;
      installed.is_tag[tag] = true;
    } else if (!installed.has(rev)) {
      installed.targets[rev] = rev;
      installed.is_tag[rev] = false;
    }
  }
  return installed;
}

Json labels_of(const Json& object) {
  if (!object.is_object()) return Json::object();
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return Json::object();
  auto labels = meta->find("labels");
  if (labels == meta->end() || !labels->is_object()) return Json::object();
  return *labels;
}

Json LabelChange::merge_patch(const std::string& resource_version) const {
  Json labels = Json::object();
  for (const auto& [key, value] : changes) labels[key] = value ? Json(*value) : Json(nullptr);
  Json meta = {{"labels", labels}};
  if (!resource_version.empty()) meta["resourceVersion"] = resource_version;
  return Json{{"metadata", meta}};
}

Json LabelChange::apply(const Json& labels) const {
  Json out = labels.is_object() ? labels : Json::object();
  for (const auto& [key, value] : changes) {
    if (value) {
      out[key] = *value;
    } else {
      out.erase(key);
    }
  }
  return out;
}

std::string LabelChange::describe() const {
  std::vector<std::string> parts;
  for (const auto& [key, value] : changes) {
    auto old = previous.find(key);
    if (value) {
      parts.push_back(key + "=" + *value + (old != previous.end() ? " (was " + old->second + ")" : ""));
    } else {
      parts.push_back(key + " removed" + (old != previous.end() ? " (was " + old->second + ")" : ""));
    }
  }
  return join(parts);
}

Result<LabelChange> plan_label_change(const std::string& ns, const Json& labels, const LabelRequest& request) {
  std::map<std::string, std::optional<std::string>> desired;
  std::string injection(kInjectionLabel), revision(kRevisionLabel);
  switch (request.action) {
    case LabelAction::kEnable: desired = {{injection, "enabled"}, {revision, std::nullopt}}; break;
    case LabelAction::kRevision: desired = {{injection, std::nullopt}, {revision, request.revision}}; break;
    case LabelAction::kDisable: desired = {{injection, "disabled"}, {revision, std::nullopt}}; break;
    case LabelAction::kRemove: desired = {{injection, std::nullopt}, {revision, std::nullopt}}; break;
  }
  LabelChange change;
  std::vector<std::string> conflicts;
  for (const auto& [key, value] : desired) {
    bool exists = has_label(labels, key);
    std::string old = label(labels, key);
    if (value ? (exists && old == *value) : !exists) continue;
    change.changes[key] = value;
    if (exists) {
      change.previous[key] = old;
      if (request.action != LabelAction::kRemove) conflicts.push_back(key + "=" + old);
    }
  }
  if (!conflicts.empty() && !request.overwrite) {
    return make_error(ErrorKind::kUsage, "namespace \"" + ns + "\" already has " + join(conflicts) +
                                             "; use --overwrite to change it (" + change.describe() + ")");
  }
  return change;
}

std::string NamespaceInjection::state_text() const {
  switch (state) {
    case kEnabled: return "enabled";
    case kDisabled: return "disabled";
    case kNotLabelled: break;
  }
  return "not labelled";
}

NamespaceInjection namespace_injection(const Json& labels) {
  NamespaceInjection ns;
  ns.ambient = label(labels, kDataplaneModeLabel) == "ambient";
  // istio-injection wins over istio.io/rev (the revision webhooks require it to be absent).
  if (has_label(labels, kInjectionLabel)) {
    if (label(labels, kInjectionLabel) == "enabled") {
      ns.state = NamespaceInjection::kEnabled;
      ns.revision = "default";
    } else {
      ns.state = NamespaceInjection::kDisabled;
    }
  } else if (has_label(labels, kRevisionLabel)) {
    ns.state = NamespaceInjection::kEnabled;
    ns.revision = label(labels, kRevisionLabel);
  }
  return ns;
}

std::string resolve_revision(const std::string& name, const InstalledRevisions& installed) {
  auto it = installed.targets.find(name);
  return it == installed.targets.end() ? name : it->second;
}

std::vector<PodRestart> pods_to_restart(const std::vector<Json>& pods, const Json& ns_labels,
                                        const InstalledRevisions& installed) {
  std::vector<PodRestart> out;
  for (const Json& pod : pods) {
    if (!pod.is_object()) continue;
    std::string phase = yaml::string_field_or(yaml::object_field_or_empty(pod, "status"), "phase");
    if (phase == "Succeeded" || phase == "Failed") continue;
    if (yaml::object_field_or_empty(pod, "metadata").contains("deletionTimestamp")) continue;
    PodSidecar now = current_sidecar(pod);
    PodSidecar next = expected_sidecar(pod, ns_labels, installed);
    std::string reason;
    if (next.injected && !now.injected) {
      reason = "get the sidecar";
    } else if (!next.injected && now.injected) {
      reason = "lose the sidecar";
    } else if (next.injected && !now.revision.empty() && !next.revision.empty() && now.revision != next.revision) {
      reason = "move from revision " + now.revision + " to " + next.revision;
    }
    if (reason.empty()) continue;
    out.push_back({yaml::string_field_or(yaml::object_field_or_empty(pod, "metadata"), "name"), restartable_owner(pod), reason});
  }
  return out;
}

std::vector<std::string> restart_lines(const std::vector<PodRestart>& restarts, const std::string& ns) {
  // owner -> reason -> pod count, in first-seen order of owners.
  std::vector<std::string> owners;
  std::map<std::string, std::map<std::string, int>> reasons;
  std::vector<std::string> lines;
  for (const PodRestart& r : restarts) {
    if (r.owner.empty()) {
      lines.push_back("pod/" + r.pod + " -n " + ns + " has no controller to restart: recreate it to " + r.reason);
      continue;
    }
    if (reasons.count(r.owner) == 0) owners.push_back(r.owner);
    reasons[r.owner][r.reason]++;
  }
  std::vector<std::string> commands;
  for (const std::string& owner : owners) {
    std::vector<std::string> why;
    for (const auto& [reason, count] : reasons[owner]) {
      why.push_back(std::to_string(count) + (count == 1 ? " pod" : " pods") + " to " + reason);
    }
    commands.push_back("kubectl rollout restart " + owner + " -n " + ns + "   # " + join(why));
  }
  commands.insert(commands.end(), lines.begin(), lines.end());
  return commands;
}

}  // namespace sidecarctl::kube
