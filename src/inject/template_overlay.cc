// Merging rendered injection templates into pods (see template_overlay.h).
#include "inject/template_overlay.h"

#include <utility>

#include "kube/strategic_merge.h"
#include "kube/typed_object.h"

namespace sidecarctl::inject {

namespace {

// The spec lists of the template pod that injection reads names from.
constexpr const char* kNamedLists[] = {"containers", "initContainers", "volumes", "imagePullSecrets"};

// Whether a patch holds a strategic-merge directive ($patch, $retainKeys, $setElementOrder/...,
// $deleteFromPrimitiveList/...) anywhere: those act on more than the names.
bool has_directive(const Json& value) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
      if (!key.empty() && key[0] == '$') return true;
      if (has_directive(member)) return true;
    }
  } else if (value.is_array()) {
    for (const Json& item : value.get_ref<const Json::array_t&>()) {
      if (has_directive(item)) return true;
    }
  }
  return false;
}

// A template's spec lists with every item cut to its name (items that are not objects, and lists
// that are not lists, kept as they are so that merging them fails as the whole would).
Json names_of(const Json& patch) {
  Json out = Json::object();
  auto spec = patch.find("spec");
  if (spec == patch.end()) return out;
  if (!spec->is_object()) {
    out["spec"] = *spec;
    return out;
  }
  Json& names = out["spec"] = Json::object();
  for (const char* key : kNamedLists) {
    auto list = spec->find(key);
    if (list == spec->end()) continue;
    if (!list->is_array()) {
      names[key] = *list;
      continue;
    }
    Json items = Json::array();
    for (const Json& item : *list) {
      if (!item.is_object()) {
        items.push_back(item);
        continue;
      }
      Json named = Json::object();
      if (auto name = item.find("name"); name != item.end()) named["name"] = *name;
      items.push_back(std::move(named));
    }
    names[key] = std::move(items);
  }
  return out;
}

// An empty Pod as decoding writes it, made once (every injection starts a template pod from it).
const Json& empty_pod() {
  static const Json pod = [] {
    Json empty = Json::object();
    // An empty object has no field to decode wrongly: this cannot fail.
    (void)kube::normalize_as_in_place(empty, "Pod");
    return empty;
  }();
  return pod;
}

Result<void> merge_all(Json& pod, const std::vector<Json>& patches) {
  pod = empty_pod();
  for (const Json& patch : patches) TRY(apply_overlay(pod, patch));
  return {};
}

}  // namespace

Result<void> apply_overlay(Json& pod, const Json& patch) {
  if (patch.is_null()) return {};
  if (auto r = kube::strategic_merge_patch_in_place(pod, patch, kube::pod_schema()); !r) {
    return r.error().with_context("strategic merge");
  }
  if (auto r = kube::normalize_as_in_place(pod, "Pod", nullptr, kube::kJsonDecode); !r) {
    return r.error().with_context("unmarshal patched pod");
  }
  return {};
}

TemplatePod::TemplatePod(bool in_full) : pod_(empty_pod()), in_full_(in_full) {}

Result<void> TemplatePod::add(Json patch) {
  patches_.push_back(std::move(patch));
  const Json& added = patches_.back();
  if (in_full_ || added.is_null()) return apply_overlay(pod_, added);
  if (added.is_object() && !has_directive(added) && apply_overlay(pod_, names_of(added))) return {};
  in_full_ = true;
  return merge_all(pod_, patches_);
}

Result<void> TemplatePod::check_in_full() const {
  if (in_full_) return {};
  Json pod;
  return merge_all(pod, patches_);
}

const Json& TemplatePod::spec() const {
  static const Json kNone = Json::object();
  auto it = pod_.find("spec");
  return it != pod_.end() && it->is_object() ? *it : kNone;
}

}  // namespace sidecarctl::inject
