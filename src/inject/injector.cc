// Template rendering, merging and Istio's post-processing of an injected pod (see injector.h).
#include "inject/injector.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <string_view>
#include <utility>

#include "gotemplate/template.h"
#include "inject/go_view.h"
#include "inject/pod_edit.h"
#include "inject/pod_mesh_config.h"
#include "inject/policy.h"
#include "inject/probes.h"
#include "inject/template_data.h"
#include "inject/template_overlay.h"
#include "kube/strategic_merge.h"
#include "kube/typed_object.h"
#include "kube/typed_schema.h"
#include "yaml/block_memo.h"
#include "yaml/document.h"
#include "yaml/emit.h"
#include "yaml/json_fields.h"

namespace sidecarctl::inject {

struct Injector::Parsed {
  std::map<std::string, gotemplate::TemplateSet, std::less<>> templates;
  // The settings' mesh config and values, shared by every workload's template data.
  std::shared_ptr<const Json> mesh;
  std::shared_ptr<const Json> values;
  bool changes_shared_maps = false;  // see injects_in_parallel()
  bool calls_random = false;         // see renders_repeatably()
};

namespace {

using gotemplate::Value;

constexpr const char* kStatusAnnotation = "sidecar.istio.io/status";

Error inject_error(std::string message) { return make_error(ErrorKind::kInvalidInput, std::move(message)); }

// The status annotation of Istio's getInjectionStatus, in SidecarInjectionStatus field order.
std::string injection_status(const Json& template_spec, const std::string& revision) {
  auto names = [&](const char* key) -> std::string {
    const Json* list = template_spec.is_object() && template_spec.contains(key) ? &template_spec[key] : nullptr;
    if (list == nullptr || !list->is_array() || list->empty()) return "null";
    std::string out = "[";
    for (const Json& item : *list) {
      if (out.size() > 1) out += ',';
      out += yaml::to_json(Json(item.is_object() ? yaml::string_field_or(item, "name") : ""));
    }
    return out + "]";
  };
  return fmt::format(R"({{"initContainers":{},"containers":{},"volumes":{},"imagePullSecrets":{},"revision":{}}})",
                     names("initContainers"), names("containers"), names("volumes"), names("imagePullSecrets"),
                     yaml::to_json(Json(revision.empty() ? "default" : revision)));
}

std::string sanitize_label_name(const std::string& k) {
  std::string out = k;
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  }
  return out;
}

bool parse_go_bool(const std::string& v, bool* out) {
  if (v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True") return *out = true, true;
  if (v == "0" || v == "f" || v == "F" || v == "false" || v == "FALSE" || v == "False") return *out = false, true;
  return false;
}

void clear_prometheus_annotations(Json& annotations) {
  std::vector<std::string> remove;
  for (auto it = annotations.begin(); it != annotations.end(); ++it) {
    auto s = sanitize_label_name(it.key());
    if (s == "prometheus_io_path" || s == "prometheus_io_port" || s == "prometheus_io_scrape" ||
        s == "prometheus_istio_io_scrape_targets") {
      remove.push_back(it.key());
    }
  }
  for (const auto& k : remove) annotations.erase(k);
}

// The first annotation whose sanitized name is `sanitized` (Go iterates a map: any one).
const Json* find_sanitized(const Json& annotations, const char* sanitized) {
  for (auto it = annotations.begin(); it != annotations.end(); ++it) {
    if (sanitize_label_name(it.key()) == sanitized && it->is_string()) return &*it;
  }
  return nullptr;
}

int status_port_of(const Json& mesh) {
  const Json* p = json_path(mesh, "defaultConfig.statusPort");
  return p != nullptr && p->is_number() ? p->get<int>() : 0;
}

bool is_reserved_port(const std::string& port, std::string* reason) {
  static const std::map<std::string, std::string> kReserved = {
      {"15000", "Envoy admin"}, {"15001", "outbound traffic capture"}, {"15004", "pilot debug"},
      {"15006", "inbound traffic capture"}, {"15008", "HBONE tunnel"},
      {"15020", "pilot-agent status / merged Prometheus"}, {"15021", "Envoy health"}, {"15053", "DNS proxy"},
      {"15090", "Envoy Prometheus (already merged)"}};
  auto it = kReserved.find(port);
  if (it == kReserved.end()) return false;
  *reason = it->second;
  return true;
}

Result<void> check_scrape_port(const std::string& port, const std::string& target, const char* what) {
  int n = 0;
  bool ok = !port.empty() && std::all_of(port.begin() + (port[0] == '-' || port[0] == '+' ? 1 : 0), port.end(),
                                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (ok) {
    try {
      n = std::stoi(port);
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || n < 1 || n > 65535) {
    return inject_error(fmt::format("invalid prometheus scrape {}: invalid {}port {}", what,
                                    std::string_view(what) == "targets" ? "target " : "", yaml::to_json(Json(port))));
  }
  std::string canon = std::to_string(n);
  if (canon == target) {
    return inject_error(fmt::format("invalid prometheus scrape {}: {}port {} conflicts with agent port", what,
                                    std::string_view(what) == "targets" ? "target " : "", port));
  }
  std::string reason;
  if (is_reserved_port(canon, &reason)) {
    return inject_error(fmt::format("invalid prometheus scrape {}: {}port {} is reserved for Istio ({}) and cannot be scraped",
                                    what, std::string_view(what) == "targets" ? "target " : "", port, reason));
  }
  return {};
}

// applyPrometheusMerge.
Result<void> apply_prometheus_merge(Json& pod, const Json& mesh) {
  Json& annotations = pod["metadata"]["annotations"];
  bool scrape = true;
  if (const Json* s = find_sanitized(annotations, "prometheus_io_scrape")) {
    bool b = true;
    if (parse_go_bool(s->get<std::string>(), &b)) scrape = b;
  }
  bool merge = true;
  if (auto it = annotations.find("prometheus.istio.io/merge-metrics"); it != annotations.end() && it->is_string()) {
    bool b = true;
    if (parse_go_bool(it->get<std::string>(), &b)) merge = b;
    else if (const Json* m = json_path(mesh, "enablePrometheusMerge"); m != nullptr && m->is_boolean()) merge = m->get<bool>();
  } else if (const Json* m = json_path(mesh, "enablePrometheusMerge"); m != nullptr && m->is_boolean()) {
    merge = m->get<bool>();
  }
  if (!scrape || !merge) return {};
  const std::string target = std::to_string(status_port_of(mesh));
  if (const Json* port = find_sanitized(annotations, "prometheus_io_port"); port != nullptr && *port == target) return {};

  std::string cfg_scrape, cfg_path, cfg_port;
  Json targets = Json::array();
  for (auto it = annotations.begin(); it != annotations.end(); ++it) {
    if (!it->is_string()) continue;
    auto s = sanitize_label_name(it.key());
    const std::string v = it->get<std::string>();
    if (s == "prometheus_io_port") cfg_port = v;
    else if (s == "prometheus_io_scrape") cfg_scrape = v;
    else if (s == "prometheus_io_path") cfg_path = v;
    else if (s == "prometheus_istio_io_scrape_targets") {
      Json parsed = Json::array();
      bool bad = false;
      std::size_t start = 0;
      while (start <= v.size()) {
        auto comma = v.find(',', start);
        std::string entry = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        auto b = entry.find_first_not_of(" \t"), e = entry.find_last_not_of(" \t");
        entry = b == std::string::npos ? "" : entry.substr(b, e - b + 1);
        if (!entry.empty()) {
          auto colon = entry.find(':');
          std::string port = entry.substr(0, colon);
          std::string path = colon == std::string::npos ? "" : entry.substr(colon + 1);
          auto trim = [](std::string x) {
            auto b1 = x.find_first_not_of(" \t"), e1 = x.find_last_not_of(" \t");
            return b1 == std::string::npos ? std::string() : x.substr(b1, e1 - b1 + 1);
          };
          port = trim(port);
          path = trim(path);
          if (port.empty()) bad = true;
          parsed.push_back(Json{{"port", port}, {"path", path.empty() ? "/metrics" : path}});
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (!bad) targets = parsed;
    }
  }
  if (!targets.empty()) {
    cfg_port = targets[0]["port"].get<std::string>();
    cfg_path = targets[0]["path"].get<std::string>();
    for (const Json& t : targets) TRY(check_scrape_port(t["port"].get<std::string>(), target, "targets"));
  } else if (!cfg_port.empty()) {
    TRY(check_scrape_port(cfg_port, target, "configuration"));
  }
  Json* sidecar = find_container_in_pod(pod, kProxyContainer);
  bool empty = cfg_scrape.empty() && cfg_path.empty() && cfg_port.empty() && targets.empty();
  if (sidecar != nullptr && !empty) {
    std::string value = fmt::format(R"({{"scrape":{},"path":{},"port":{})", yaml::to_json(Json(cfg_scrape)),
                                    yaml::to_json(Json(cfg_path)), yaml::to_json(Json(cfg_port)));
    if (!targets.empty()) {
      value += R"(,"targets":[)";
      for (std::size_t i = 0; i < targets.size(); ++i) {
        if (i > 0) value += ',';
        value += fmt::format(R"({{"port":{},"path":{}}})", yaml::to_json(targets[i]["port"]), yaml::to_json(targets[i]["path"]));
      }
      value += ']';
    }
    value += '}';
    Json& env = (*sidecar)["env"];
    if (!env.is_array()) env = Json::array();
    env.push_back(Json{{"name", "ISTIO_PROMETHEUS_ANNOTATIONS"}, {"value", value}});
  }
  clear_prometheus_annotations(annotations);
  annotations["prometheus.io/port"] = target;
  annotations["prometheus.io/path"] = "/stats/prometheus";
  annotations["prometheus.io/scrape"] = "true";
  return {};
}

// applySecurePrometheusAnnotation.
void apply_secure_prometheus(Json& pod) {
  Json& annotations = pod["metadata"]["annotations"];
  for (auto it = annotations.begin(); it != annotations.end(); ++it) {
    if (sanitize_label_name(it.key()) == "prometheus_istio_io_secure_port") return;
  }
  Json* sidecar = find_container_in_pod(pod, kProxyContainer);
  if (sidecar == nullptr || !sidecar->contains("env") || !(*sidecar)["env"].is_array()) return;
  for (const Json& e : (*sidecar)["env"]) {
    if (yaml::string_field_or(e, "name") != "ENVOY_SECURE_MERGED_METRICS_PORT") continue;
    std::string v = yaml::string_field_or(e, "value");
    if (!v.empty() && v != "0") {
      annotations["prometheus.istio.io/secure-port"] = v;
      return;
    }
  }
}

bool values_bool(const Json& values, std::string_view path) {
  const Json* v = json_path(values, path);
  return v != nullptr && v->is_boolean() && v->get<bool>();
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// sprig's functions that change a map in place.
constexpr std::string_view kMapChangingFunctions[] = {"set", "unset", "merge", "mustMerge", "mergeOverwrite",
                                                      "mustMergeOverwrite"};
// sprig's functions whose result is random: a template calling one renders differently each time.
constexpr std::string_view kRandomFunctions[] = {"randAlpha", "randAlphaNum", "randAscii", "randBytes",
                                                 "randInt",   "randNumeric",  "shuffle",   "uuidv4"};

// Whether an action of the template `text` (outside comments and string literals) names one of
// `functions`.
bool names_function(std::string_view text, std::span<const std::string_view> functions) {
  std::size_t i = 0;
  while ((i = text.find("{{", i)) != std::string_view::npos) {
    i += 2;
    std::size_t body = i;
    if (text.substr(body, 2) == "- ") body += 2;
    if (text.substr(body, 2) == "/*") {
      std::size_t close = text.find("*/", body + 2);
      if (close == std::string_view::npos) return false;
      i = close + 2;
      continue;
    }
    i = body;
    while (i < text.size() && text.substr(i, 2) != "}}") {
      char c = text[i];
      if (c == '"' || c == '\'' || c == '`') {
        for (++i; i < text.size() && text[i] != c; ++i) {
          if (c != '`' && text[i] == '\\') ++i;
        }
        ++i;
      } else if (is_word_char(c)) {
        std::size_t start = i;
        while (i < text.size() && is_word_char(text[i])) ++i;
        std::string_view word = text.substr(start, i - start);
        if (std::find(functions.begin(), functions.end(), word) != functions.end()) return true;
      } else {
        ++i;
      }
    }
  }
  return false;
}

}  // namespace

bool Injector::injects_in_parallel() const { return !parsed_->changes_shared_maps; }

bool Injector::renders_repeatably() const { return !parsed_->changes_shared_maps && !parsed_->calls_random; }

const std::shared_ptr<const Json>& Injector::mesh_config() const { return parsed_->mesh; }

Result<Injector> Injector::create(Settings settings, const gotemplate::FunctionMap& functions, InjectorOptions options) {
  gotemplate::FunctionMap funcs = functions;
  // structToJSON of a Kubernetes struct view: Go's json.Marshal prints fields in struct order.
  const gotemplate::Function* previous = functions.find("structToJSON");
  gotemplate::FunctionImpl fallback = previous ? previous->impl : gotemplate::FunctionImpl();
  funcs.add("structToJSON", {gotemplate::Param::kAny}, false,
            [fallback](gotemplate::CallContext& ctx, std::span<const Value> args) -> Value {
              std::string out;
              if (!args.empty() && marshal_kube_struct(args[0], out)) return Value::from_string(out);
              if (fallback) return fallback(ctx, args);
              if (args.empty() || args[0].is_nil() || args[0].is_missing()) return Value::from_string("{}");
              return Value::from_string(yaml::to_json(args[0].to_json()));
            });

  auto parsed = std::make_shared<Parsed>();
  for (const auto& [name, text] : settings.config.templates) {
    auto set = gotemplate::TemplateSet::parse("inject", text, funcs);
    if (!set) {
      Error e = set.error();
      e.message = fmt::format("template {:?}: {}", name, e.message);
      return e;
    }
    parsed->templates.emplace(name, std::move(*set));
    if (names_function(text, kMapChangingFunctions)) parsed->changes_shared_maps = true;
    if (names_function(text, kRandomFunctions)) parsed->calls_random = true;
  }
  parsed->mesh = std::make_shared<const Json>(settings.mesh);
  parsed->values = std::make_shared<const Json>(settings.values);
  return Injector(std::make_shared<const Settings>(std::move(settings)), std::move(parsed), std::move(options));
}

namespace {

// The blocks of rendered templates met before, in this thread (InjectorOptions::memo_rendered_blocks).
yaml::BlockMemo& rendered_block_memo() {
  thread_local yaml::BlockMemo memo;
  return memo;
}

}  // namespace

Result<Json> Injector::inject_pod(PodRequest req) const {
  const Settings& s = *settings_;
  Json original = std::move(req.pod);
  normalize_pod_shape(original);
  const Json& annotations = original["metadata"]["annotations"];

  // The pod's proxy.istio.io/config goes into the proxy's config (.ProxyConfig, the proxy image, container
  // overrides, the container order). istioctl kube-inject applies it to the whole mesh config first, so the
  // status port of the probe rewrite, the prometheus port and .MeshConfig see it too; istiod's webhook (and
  // --webhook-policy) keeps the mesh config as it is for those.
  // istiod validates the annotations before it reads the annotation (ignoring one that does not parse);
  // istioctl applies it before anything else.
  auto validate = [&annotations]() -> Result<void> {
    if (auto v = validate_annotations(annotations); !v) {
      return inject_error("failed to run injection template: " + v.error().message);
    }
    return {};
  };
  if (options_.webhook_policy) TRY(validate());
  TRY_ASSIGN(const std::shared_ptr<const Json> proxy_root, pod_mesh_config(mesh_config(), original["metadata"]));
  const std::shared_ptr<const Json> mesh_root = options_.webhook_policy ? mesh_config() : proxy_root;
  const Json& mesh = *mesh_root;
  static const Json kNull;
  const Json& default_config = proxy_root->contains("defaultConfig") ? (*proxy_root)["defaultConfig"] : kNull;

  if (!options_.webhook_policy) TRY(validate());

  // Cluster and network for the proxy's environment.
  std::map<std::string, std::string> proxy_envs = req.url_envs;
  std::string cluster, network;
  if (const Json* c = json_path(s.values, "global.multiCluster.clusterName"); c && c->is_string()) cluster = *c;
  if (const Json* n = json_path(s.values, "global.network"); n && n->is_string()) network = *n;
  if (auto it = req.url_envs.find("ISTIO_META_CLUSTER_ID"); it != req.url_envs.end() && !it->second.empty()) {
    cluster = it->second;
  }
  if (auto it = req.url_envs.find("ISTIO_META_NETWORK"); it != req.url_envs.end() && !it->second.empty()) {
    network = it->second;
  }
  if (auto it = original["metadata"]["labels"].find("topology.istio.io/network");
      it != original["metadata"]["labels"].end() && it->is_string()) {
    network = *it;
  }
  if (!cluster.empty()) proxy_envs["ISTIO_META_CLUSTER_ID"] = cluster;
  if (!network.empty()) proxy_envs["ISTIO_META_NETWORK"] = network;

  // The pod the templates see: previous injection removed, overrides re-inserted.
  auto stripped = strip_pod(original, status_port_of(mesh));
  if (!stripped) return stripped.error().with_context("failed to run injection template");  // RunTemplate's error

  TemplateInput input;
  input.kind = req.kind;
  input.api_version = req.api_version;
  input.deploy_name = req.deploy_name;
  input.deploy_namespace = req.deploy_namespace;
  input.pod = std::move(*stripped);
  input.mesh = mesh_root;
  input.proxy_mesh = proxy_root;
  input.values = parsed_->values;
  input.revision = options_.revision;
  bool native = options_.native_sidecars;
  if (const Json* node = json_path(original, "spec.nodeName"); node != nullptr && node->is_string()) {
    if (auto it = options_.native_sidecars_by_node.find(*node); it != options_.native_sidecars_by_node.end()) {
      native = it->second;
    }
  }
  input.native_sidecars = native;
  input.compliance_policy = options_.env.get_or("COMPLIANCE_POLICY", "");
  const Value data = make_template_data(std::move(input));

  // Template selection.
  std::vector<std::string> names;
  if (auto it = annotations.find("inject.istio.io/templates"); it != annotations.end() && it->is_string()) {
    std::string list = *it;
    std::size_t start = 0;
    while (true) {
      auto comma = list.find(',', start);
      std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      auto b = name.find_first_not_of(" \t\n\r"), e = name.find_last_not_of(" \t\n\r");
      names.push_back(b == std::string::npos ? "" : name.substr(b, e - b + 1));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else {
    names = options_.webhook_policy ? s.config.default_templates : std::vector<std::string>{"sidecar"};
  }
  if (options_.webhook_policy) {
    std::vector<std::string> resolved;
    for (const auto& n : names) {
      auto al = s.config.aliases.find(n);
      if (al != s.config.aliases.end()) resolved.insert(resolved.end(), al->second.begin(), al->second.end());
      else resolved.push_back(n);
    }
    names = std::move(resolved);
  }

  gotemplate::ExecOptions exec;
  exec.env = &options_.env;
  Json merged = original;
  TemplatePod template_pod(options_.every_istio_step);
  auto template_error = [](const std::string& what) {
    return inject_error("failed to run injection template: failed applying injection overlay: " + what);
  };
  // Istio marshals the typed pod before each merge. `original` is typed already and every merge,
  // like the end of this function, decodes the pod again: only the oracle decodes it here.
  if (options_.every_istio_step) TRY(kube::normalize_as_in_place(merged, "Pod"));
  if (auto it = annotations.find("sidecar.istio.io/nativeSidecar"); it != annotations.end() && it->is_string()) {
    if (*it == "true") native = true;
    else if (*it == "false") native = false;
  }
  for (const auto& name : names) {
    auto t = parsed_->templates.find(name);
    if (t == parsed_->templates.end()) {
      std::vector<std::string> known;
      for (const auto& [k, v] : parsed_->templates) known.push_back(k);
      return inject_error(fmt::format("failed to run injection template: requested template {:?} not found; have {}",
                                      name, fmt::join(known, ", ")));
    }
    auto rendered = t->second.execute("inject", data, exec);
    if (!rendered) {
      Error e = rendered.error();
      e.message = "failed to run injection template: " + e.message;
      return e;
    }
    yaml::LoadOptions patch_load;
    patch_load.positions = false;  // errors in a rendered template name no node
    // istioctl turns the rendered YAML into JSON without strictness: a repeated key (a JSON list in
    // sidecar.istio.io/userVolumeMount repeats `name`) keeps its last value.
    patch_load.duplicate_keys_last_wins = true;
    if (options_.memo_rendered_blocks) patch_load.block_memo = &rendered_block_memo();
    std::vector<std::string> lenient;
    auto patch = yaml::parse_value(*rendered, "template " + name, patch_load, &lenient);
    if (req.warnings != nullptr) {
      for (const std::string& w : lenient) req.warnings->push_back("warning: " + w);
    }
    if (!patch) {
      return template_error(fmt::format("strategic merge: invalid JSON document ({})", patch.error().to_string()));
    }
    if (auto r = template_pod.add(std::move(*patch)); !r) return template_error(r.error().message);
    const Json& template_spec = template_pod.spec();
    if (native && template_spec.contains("initContainers") &&
        find_container(template_spec["initContainers"], kProxyContainer) != nullptr &&
        find_container(merged["spec"]["containers"], kProxyContainer) != nullptr) {
      move_container(merged["spec"]["containers"], merged["spec"]["initContainers"], kProxyContainer);
    }
    if (auto r = apply_overlay(merged, template_pod.last()); !r) {
      if (auto full = template_pod.check_in_full(); !full) return template_error(full.error().message);
      return inject_error(
          "failed to run injection template: failed parsing generated injected YAML (check Istio sidecar injector "
          "configuration): " + r.error().message);
    }
  }

  TRY(reapply_overwritten_containers(merged, original, template_pod.pod(), default_config));

  // postProcessPod.
  normalize_pod_shape(merged);
  if (!proxy_envs.empty()) {
    if (Json* sidecar = find_container_in_pod(merged, kProxyContainer)) update_cluster_envs(*sidecar, proxy_envs);
  }
  if (auto r = apply_prometheus_merge(merged, mesh); !r) {
    return inject_error("failed to process pod: " + r.error().message);
  }
  apply_secure_prometheus(merged);
  if (Json* sidecar = find_container_in_pod(merged, kProxyContainer)) {
    (void)sidecar;
    bool spec_setting = values_bool(s.values, "sidecarInjectorWebhook.rewriteAppHTTPProbe");
    if (should_rewrite_probes(merged["metadata"]["annotations"], spec_setting)) {
      std::string probers = dump_app_probers(merged, status_port_of(mesh));
      if (!probers.empty()) {
        bool previously = merged["metadata"]["annotations"].contains(kStatusAnnotation);
        Json* proxy = find_container_in_pod(merged, kProxyContainer);
        merge_or_append_probers((*proxy)["env"], previously, probers);
      }
      rewrite_probes(merged, status_port_of(mesh));
    }
  }
  if (auto it = proxy_envs.find("ISTIO_META_NETWORK"); it != proxy_envs.end()) {
    merged["metadata"]["labels"]["topology.istio.io/network"] = it->second;
  }
  merged["metadata"]["annotations"][kStatusAnnotation] = injection_status(template_pod.spec(), options_.revision);
  if (options_.webhook_policy) {
    for (const auto& [k, v] : s.config.injected_annotations) merged["metadata"]["annotations"][k] = v;
  }

  // reorderPod: the proxy last (first with holdApplicationUntilProxyStarts).
  bool hold = values_bool(s.values, "global.proxy.holdApplicationUntilProxyStarts");
  if (const Json* h = json_path(*proxy_root, "defaultConfig.holdApplicationUntilProxyStarts");
      h && h->is_boolean() && h->get<bool>()) {
    hold = true;
  }
  reorder_containers(merged, hold);

  TRY(kube::normalize_as_in_place(merged, "Pod"));
  return merged;
}

}  // namespace sidecarctl::inject
