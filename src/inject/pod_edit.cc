// Pod edits around the template merge (see pod_edit.h).
#include "inject/pod_edit.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "inject/go_view.h"
#include "kube/strategic_merge.h"
#include "kube/typed_object.h"
#include "kube/typed_schema.h"
#include "yaml/json_fields.h"

namespace sidecarctl::inject {
namespace {

constexpr const char* kStatusAnnotation = "sidecar.istio.io/status";
constexpr const char* kOverridesAnnotation = "proxy.istio.io/overrides";

Json parse_json_object(const std::string& text) {
  Json v = Json::parse(text, nullptr, false);
  return v.is_discarded() ? Json() : v;
}

std::vector<std::string> names_at(const Json& status, const char* key) {
  std::vector<std::string> out;
  if (!status.is_object() || !status.contains(key) || !status[key].is_array()) return out;
  for (const Json& n : status[key]) {
    if (n.is_string()) out.push_back(n.get<std::string>());
  }
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// Removes every container named `name` (modifyContainers with Remove).
void remove_container(Json& list, const std::string& name) {
  if (!list.is_array()) return;
  Json out = Json::array();
  for (Json& c : list) {
    if (!(c.is_object() && yaml::string_field_or(c, "name") == name)) out.push_back(std::move(c));
  }
  list = std::move(out);
}

enum class Move { kFirst, kLast };

// modifyContainers with MoveFirst / MoveLast (the last container of that name wins).
void move_to(Json& list, const std::string& name, Move where) {
  if (!list.is_array()) return;
  Json rest = Json::array();
  Json match;
  bool found = false;
  for (Json& c : list) {
    if (c.is_object() && yaml::string_field_or(c, "name") == name) {
      match = std::move(c);
      found = true;
    } else {
      rest.push_back(std::move(c));
    }
  }
  if (!found) {
    list = std::move(rest);
    return;
  }
  if (where == Move::kFirst) rest.insert(rest.begin(), std::move(match));
  else rest.push_back(std::move(match));
  list = std::move(rest);
}

Result<Json> parse_overrides(const Json& annotations) {
  auto it = annotations.find(kOverridesAnnotation);
  if (it == annotations.end() || !it->is_string()) return Json::object();
  Json v = parse_json_object(it->get<std::string>());
  if (!v.is_object()) {
    return make_error(ErrorKind::kInvalidInput,
                      fmt::format("invalid {} annotation: not a JSON object", kOverridesAnnotation));
  }
  // Istio decodes the annotation with encoding/json into a struct of two []Container fields,
  // `containers` and `initContainers`: PodSpec's fields of those names, decoded the same way, give
  // the same containers and Go's errors word for word (a number aimed at a string field fails).
  Json lists = Json::object();
  for (const char* key : {"containers", "initContainers"}) {
    if (v.contains(key)) lists[key] = std::move(v[key]);
  }
  TRY(kube::normalize_as_in_place(lists, "PodSpec", nullptr, kube::kJsonDecode));
  Json out = Json::object();
  for (const char* key : {"containers", "initContainers"}) {
    if (v.contains(key)) out[key] = std::move(lists[key]);
  }
  return out;
}

const Json* override_for(const Json& overrides, const char* key, const std::string& name) {
  if (!overrides.is_object() || !overrides.contains(key)) return nullptr;
  return find_container(overrides[key], name);
}

}  // namespace

void normalize_pod_shape(Json& pod) {
  if (!pod.is_object()) pod = Json::object();
  if (!pod.contains("metadata") || !pod["metadata"].is_object()) pod["metadata"] = Json::object();
  Json& meta = pod["metadata"];
  if (!meta.contains("annotations") || !meta["annotations"].is_object()) meta["annotations"] = Json::object();
  if (!meta.contains("labels") || !meta["labels"].is_object()) meta["labels"] = Json::object();
  if (!pod.contains("spec") || !pod["spec"].is_object()) pod["spec"] = Json::object();
}

// The value at `path` in `j`, null where a step is missing or not a mapping (nlohmann's const
// operator[] is undefined for a missing key).
static const Json& field_at(const Json& j, std::initializer_list<const char*> path) {
  static const Json kNull;
  const Json* at = &j;
  for (const char* key : path) {
    if (!at->is_object()) return kNull;
    auto it = at->find(key);
    if (it == at->end()) return kNull;
    at = &*it;
  }
  return *at;
}

Json* find_container(Json& list, const std::string& name) {
  if (!list.is_array()) return nullptr;
  for (Json& c : list) {
    if (c.is_object() && yaml::string_field_or(c, "name") == name) return &c;
  }
  return nullptr;
}

const Json* find_container(const Json& list, const std::string& name) {
  return find_container(const_cast<Json&>(list), name);
}

Json* find_container_in_pod(Json& pod, const std::string& name) {
  if (!pod.contains("spec")) return nullptr;
  Json& spec = pod["spec"];
  if (spec.contains("containers")) {
    if (Json* c = find_container(spec["containers"], name)) return c;
  }
  if (spec.contains("initContainers")) return find_container(spec["initContainers"], name);
  return nullptr;
}

const Json* find_container_in_pod(const Json& pod, const std::string& name) {
  return find_container_in_pod(const_cast<Json&>(pod), name);
}

void move_container(Json& from, Json& to, const std::string& name) {
  if (!from.is_array()) return;
  for (auto it = from.begin(); it != from.end(); ++it) {
    if (it->is_object() && yaml::string_field_or(*it, "name") == name) {
      Json c = std::move(*it);
      from.erase(it);
      if (!to.is_array()) to = Json::array();
      to.push_back(std::move(c));
      return;
    }
  }
}

Result<Json> strip_pod(const Json& original, int status_port) {
  Json pod = original;
  normalize_pod_shape(pod);
  Json& annotations = pod["metadata"]["annotations"];
  auto status_it = annotations.find(kStatusAnnotation);
  if (status_it != annotations.end() && status_it->is_string()) {
    Json status = parse_json_object(status_it->get<std::string>());
    if (status.is_object()) {
      for (const auto& c : names_at(status, "containers")) remove_container(pod["spec"]["containers"], c);
      for (const auto& c : names_at(status, "initContainers")) remove_container(pod["spec"]["initContainers"], c);
      for (auto it = annotations.begin(); it != annotations.end(); ++it) {
        std::string sanitized = it.key();
        for (char& ch : sanitized) {
          if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') ch = '_';
        }
        if (sanitized != "prometheus_io_port") continue;
        if (*it == std::to_string(status_port)) {
          std::vector<std::string> remove;
          for (auto a = annotations.begin(); a != annotations.end(); ++a) {
            std::string s = a.key();
            for (char& ch : s) {
              if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') ch = '_';
            }
            if (s == "prometheus_io_path" || s == "prometheus_io_port" || s == "prometheus_io_scrape" ||
                s == "prometheus_istio_io_scrape_targets") {
              remove.push_back(a.key());
            }
          }
          for (const auto& k : remove) annotations.erase(k);
        }
        break;
      }
      annotations.erase(kStatusAnnotation);
    }
  }
  // reinsertOverrides.
  TRY_ASSIGN(Json overrides, parse_overrides(annotations));
  for (const char* key : {"containers", "initContainers"}) {
    if (!overrides.contains(key)) continue;
    Json& list = pod["spec"][key];
    if (!list.is_array()) list = Json::array();
    for (const Json& c : overrides[key]) {
      if (find_container(list, yaml::string_field_or(c, "name")) == nullptr) list.push_back(c);
    }
  }
  return pod;
}

Result<void> reapply_overwritten_containers(Json& merged, const Json& original, const Json& template_pod,
                                            const Json& proxy_config) {
  const Json& annotations = field_at(original, {"metadata", "annotations"});
  TRY_ASSIGN(Json existing, parse_overrides(annotations));
  bool already_injected = annotations.contains(kStatusAnnotation);
  Json status = already_injected && annotations[kStatusAnnotation].is_string()
                    ? parse_json_object(annotations[kStatusAnnotation].get<std::string>())
                    : Json();
  auto injected_containers = names_at(status, "containers");
  auto injected_init = names_at(status, "initContainers");

  Json overrides = Json::object();
  const Json& tspec = field_at(template_pod, {"spec"});
  for (const char* key : {"containers", "initContainers"}) {
    const bool init = std::string_view(key) == "initContainers";
    if (!tspec.contains(key) || !tspec[key].is_array()) continue;
    for (const Json& c : tspec[key]) {
      const std::string name = yaml::string_field_or(c, "name");
      if (contains(init ? injected_init : injected_containers, name)) continue;
      const Json* match = override_for(existing, key, name);
      if (match == nullptr) {
        match = init ? find_container_in_pod(original, name) : find_container(field_at(original, {"spec", "containers"}), name);
      }
      if (match == nullptr) continue;
      Json overlay = *match;
      if (yaml::string_field_or(overlay, "image") == "auto") overlay.erase("image");
      overrides[key].push_back(overlay);
      Json patch = {{"spec", {{key, Json::array({overlay})}}}};
      if (init) patch["spec"]["containers"] = Json::array();
      TRY(kube::strategic_merge_patch_in_place(merged, patch, kube::pod_schema()));
      TRY(kube::normalize_as_in_place(merged, "Pod"));
    }
  }
  if (!already_injected && !overrides.empty()) {
    const kube::schema::Struct* container = kube::schema::find_struct("Container");
    std::string js = "{";
    for (const char* key : {"containers", "initContainers"}) {
      if (!overrides.contains(key)) continue;
      if (js.size() > 1) js += ',';
      js += fmt::format("\"{}\":[", key);
      bool first = true;
      for (const Json& c : overrides[key]) {
        if (!first) js += ',';
        first = false;
        js += marshal_go_json(c, container);
      }
      js += ']';
    }
    js += '}';
    normalize_pod_shape(merged);
    merged["metadata"]["annotations"][kOverridesAnnotation] = js;
  }

  // adjustInitContainerUser.
  const Json* user = find_container_in_pod(original, kProxyContainer);
  if (user == nullptr || !user->contains("securityContext") || !(*user)["securityContext"].is_object()) return {};
  const Json& usc = (*user)["securityContext"];
  const bool has_uid = usc.contains("runAsUser") && usc["runAsUser"].is_number();
  const bool has_gid = usc.contains("runAsGroup") && usc["runAsGroup"].is_number();
  if (!has_uid && !has_gid) return {};
  Json* init = nullptr;
  for (const char* name : {"istio-init", "istio-validation"}) {
    if (merged["spec"].contains("initContainers")) init = find_container(merged["spec"]["initContainers"], name);
    if (init != nullptr) break;
  }
  if (init == nullptr) return {};
  bool tproxy = yaml::string_field_or(proxy_config, "interceptionMode") == "TPROXY";
  if (const Json& ann = merged["metadata"]["annotations"]; ann.is_object() && yaml::string_field_or(ann, "sidecar.istio.io/interceptionMode") == "TPROXY") {
    tproxy = true;
  }
  if (tproxy && has_uid) {
    if (Json* sidecar = find_container_in_pod(merged, kProxyContainer)) (*sidecar)["securityContext"]["runAsUser"] = 0;
  }
  if (!tproxy && yaml::string_field_or(*init, "name") == "istio-validation") {
    if (has_uid) (*init)["securityContext"]["runAsUser"] = usc["runAsUser"];
    if (has_gid) (*init)["securityContext"]["runAsGroup"] = usc["runAsGroup"];
  }
  if (!has_uid || usc["runAsUser"].get<std::int64_t>() == 0) return {};
  if (init->contains("args") && (*init)["args"].is_array()) {
    Json& args = (*init)["args"];
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "-u") {
        args[i + 1] = std::to_string(usc["runAsUser"].get<std::int64_t>());
        break;
      }
    }
  }
  return {};
}

void update_cluster_envs(Json& container, const std::map<std::string, std::string>& envs) {
  Json out = Json::array();
  if (container.contains("env") && container["env"].is_array()) {
    for (Json& e : container["env"]) {
      if (!envs.contains(yaml::string_field_or(e, "name"))) out.push_back(std::move(e));
    }
  }
  for (const auto& [k, v] : envs) out.push_back(Json{{"name", k}, {"value", v}});
  container["env"] = std::move(out);
}

void reorder_containers(Json& pod, bool hold) {
  Json& spec = pod["spec"];
  // Istio rebuilds the list, so a pod whose only container became a native sidecar has `containers: []`.
  if (!spec.contains("containers") || spec["containers"].is_null()) spec["containers"] = Json::array();
  move_to(spec["containers"], kProxyContainer, hold ? Move::kFirst : Move::kLast);
  if (!spec.contains("initContainers")) return;
  Json& init = spec["initContainers"];
  if (find_container(init, kProxyContainer) != nullptr) {
    move_to(init, "enable-core-dump", Move::kFirst);
    move_to(init, kProxyContainer, Move::kFirst);
    move_to(init, "istio-validation", Move::kFirst);
    move_to(init, "istio-init", Move::kFirst);
  } else {
    move_to(init, "istio-validation", Move::kFirst);
    move_to(init, "istio-init", Move::kLast);
    move_to(init, "enable-core-dump", Move::kLast);
  }
}

}  // namespace sidecarctl::inject
