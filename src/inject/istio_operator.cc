// IstioOperator over a profile (see istio_operator.h).
#include "inject/istio_operator.h"

#include <fmt/format.h>

#include <cstdlib>
#include <utility>
#include <vector>

#include "yaml/document.h"
#include "yaml/emit.h"

namespace sidecarctl::inject {
namespace {

using Json = nlohmann::json;

// What kube-inject needs of each of Istio's profiles (manifests/profiles/*.yaml): the `spec`
// fields that reach spec.values, and the pilot/cni component switches. Every profile is applied
// over `default`.
struct Profile {
  const char* name;
  const char* spec;  // JSON
};

constexpr Profile kProfiles[] = {
    {"default", R"({"hub": "registry.istio.io/testing", "tag": "latest",
                    "components": {"base": {"enabled": true}, "pilot": {"enabled": true}},
                    "values": {"defaultRevision": "", "global": {"istioNamespace": "istio-system",
                               "configValidation": true},
                               "gateways": {"istio-ingressgateway": {}, "istio-egressgateway": {}},
                               "ztunnel": {"resourceName": "ztunnel"}}})"},
    {"demo", R"({"values": {"profile": "demo"}})"},
    {"minimal", R"({})"},
    {"empty", R"({"components": {"base": {"enabled": false}, "pilot": {"enabled": false}}})"},
    {"ambient", R"({"components": {"cni": {"enabled": true}, "ztunnel": {"enabled": true}},
                    "values": {"profile": "ambient"}})"},
    {"openshift", R"({"components": {"cni": {"enabled": true, "namespace": "kube-system"}},
                      "values": {"global": {"platform": "openshift"}}})"},
    {"openshift-ambient", R"({"components": {"cni": {"enabled": true, "namespace": "kube-system"},
                                             "ztunnel": {"enabled": true, "namespace": "kube-system"}},
                              "values": {"profile": "ambient", "global": {"platform": "openshift"}}})"},
    {"preview", R"({"values": {"profile": "preview"}})"},
    {"remote", R"({"components": {"base": {"enabled": true}, "pilot": {"enabled": true}},
                   "values": {"profile": "remote"}})"},
    {"stable", R"({"values": {"profile": "stable"}})"},
};

const Profile* find_profile(const std::string& name) {
  for (const Profile& p : kProfiles) {
    if (name == p.name) return &p;
  }
  return nullptr;
}

// Sets a dotted path, creating maps on the way (values.Map.SetPath); a non-map on the way is replaced.
void set_path(Json& root, const std::vector<std::string>& path, Json value) {
  Json* at = &root;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    Json& next = (*at)[path[i]];
    if (!next.is_object()) next = Json::object();
    at = &next;
  }
  (*at)[path.back()] = std::move(value);
}

const Json* get_path(const Json& root, const std::vector<std::string>& path) {
  const Json* at = &root;
  for (const auto& key : path) {
    if (!at->is_object()) return nullptr;
    auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

// Go's %v of a decoded YAML scalar.
std::string go_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "<nil>";
  return yaml::to_json(v);
}

// values.parseValue: an int, else a float, else a bool (strconv.ParseBool), else the string.
Json parse_set_value(const std::string& s) {
  if (!s.empty()) {
    char* end = nullptr;
    long long i = std::strtoll(s.c_str(), &end, 10);
    if (end != nullptr && *end == '\0' && s.find_first_of(" \t") == std::string::npos) return Json(i);
    double d = std::strtod(s.c_str(), &end);
    if (end != nullptr && *end == '\0' && s.find_first_of(" \tnNxX") == std::string::npos) return Json(d);
  }
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (s == t) return Json(true);
  }
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (s == f) return Json(false);
  }
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == ',') continue;
    out += s[i];
  }
  return Json(out);
}

Error operator_error(const std::string& source, const std::string& message) {
  return make_error(ErrorKind::kInvalidInput, message, SourceLoc{source});
}

void merge_from(Json& base, const Json& other) { merge_values(base, other); }

}  // namespace

void merge_values(Json& base, const Json& overlay) {
  for (auto it = overlay.begin(); it != overlay.end(); ++it) {
    if (it->is_object()) {
      auto b = base.find(it.key());
      if (b != base.end() && b->is_object()) {
        merge_values(*b, *it);
        continue;
      }
    }
    base[it.key()] = *it;
  }
}

Result<OperatorSettings> merge_istio_operator(std::string_view text, const std::string& source, const std::string& hub,
                                              const std::string& tag) {
  TRY_ASSIGN(std::vector<yaml::Document> docs, yaml::load_stream(text, source));
  std::vector<const Json*> objects;
  for (const auto& d : docs) {
    if (!d.value.is_null()) objects.push_back(&d.value);
  }
  if (objects.size() > 1) {
    return operator_error(source, "contains multiple IstioOperator CRs, only one per file is supported");
  }
  Json user = {{"apiVersion", "install.istio.io/v1alpha1"}, {"kind", "IstioOperator"},
               {"metadata", Json::object()}, {"spec", Json::object()}};
  if (!objects.empty()) {
    if (!objects[0]->is_object()) return operator_error(source, "not an IstioOperator: the document is not a mapping");
    Json file = *objects[0];
    if (auto s = file.find("spec"); s != file.end() && s->is_null()) file.erase(s);
    merge_from(user, file);
  }
  const Json& user_spec = user["spec"];
  if (!user_spec.is_object()) return operator_error(source, "not an IstioOperator: spec is not a mapping");
  if (const Json* p = get_path(user_spec, {"installPackagePath"}); p != nullptr && p->is_string() && !p->empty()) {
    return operator_error(source, "spec.installPackagePath is not supported: sidecarctl knows only Istio's built-in "
                                  "profiles");
  }
  std::string profile = "default";
  if (const Json* p = get_path(user_spec, {"profile"}); p != nullptr && p->is_string() && !p->empty()) profile = *p;

  Json base = {{"apiVersion", "install.istio.io/v1alpha1"}, {"kind", "IstioOperator"},
               {"metadata", {{"namespace", "istio-system"}}}, {"spec", Json::parse(find_profile("default")->spec)}};
  if (profile != "default") {
    const Profile* named = find_profile(profile);
    if (named == nullptr) return operator_error(source, fmt::format("profile {:?} not found", profile));
    merge_from(base["spec"], Json::parse(named->spec));
  }
  base["spec"]["hub"] = hub;
  base["spec"]["tag"] = tag;
  merge_from(base, user);

  // translateIstioOperatorToHelm.
  Json& spec = base["spec"];
  const std::pair<const char*, std::vector<std::string>> translations[] = {
      {"hub", {"global", "hub"}},
      {"tag", {"global", "tag"}},
      {"revision", {"revision"}},
      {"meshConfig", {"meshConfig"}},
      {"compatibilityVersion", {"compatibilityVersion"}}};
  for (const auto& [in, out] : translations) {
    auto it = spec.find(in);
    if (it == spec.end()) continue;
    if (it->is_object()) {
      Json overlay = {{"values", {{"meshConfig", *it}}}};
      merge_from(spec, overlay);
      continue;
    }
    std::vector<std::string> path = {"values"};
    path.insert(path.end(), out.begin(), out.end());
    bool always_string = out.back() == "tag" || out.back() == "compatibilityVersion";
    std::string v = go_text(*it);
    set_path(spec, path, always_string ? Json(v) : parse_set_value(v));
  }
  auto enabled = [&spec](const char* component) {
    const Json* e = get_path(spec, {"components", component, "enabled"});
    return e != nullptr && e->is_boolean() && e->get<bool>();
  };
  set_path(spec, {"values", "pilot", "enabled"}, enabled("pilot"));
  set_path(spec, {"values", "pilot", "cni", "enabled"}, enabled("cni"));
  if (const Json* v = get_path(user_spec, {"values"}); v != nullptr && v->is_object()) {
    Json overlay = {{"values", *v}};
    merge_from(spec, overlay);
  }

  OperatorSettings out;
  if (const Json* v = get_path(spec, {"values"}); v != nullptr && v->is_object()) out.values = *v;
  if (const Json* m = get_path(spec, {"meshConfig"}); m != nullptr && m->is_object()) out.mesh = *m;
  return out;
}

}  // namespace sidecarctl::inject
