// Loading of the injector config, values and mesh config (see settings.h).
#include "inject/settings.h"

#include <fmt/format.h>

#include <tuple>
#include <utility>

#include "inject/embedded_defaults.h"
#include "inject/istio_operator.h"
#include "kube/mesh_config.h"
#include "yaml/document.h"
#include "yaml/emit.h"
#include "yaml/json_fields.h"

namespace sidecarctl::inject {
namespace {

constexpr std::string_view kInjectConfigMap = "istio-sidecar-injector";
constexpr std::string_view kMeshConfigMap = "istio";

Error config_error(const std::string& source, const std::string& message) {
  return make_error(ErrorKind::kInvalidInput, "failed to unmarshal injection template: " + message, SourceLoc{source});
}

Result<std::vector<std::string>> string_list(const Json& v, const std::string& what, const std::string& source) {
  std::vector<std::string> out;
  if (v.is_null()) return out;
  if (!v.is_array()) return config_error(source, what + " must be a list of strings");
  for (const Json& e : v) {
    if (!e.is_string()) return config_error(source, what + " must be a list of strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

Result<std::map<std::string, std::string>> string_map(const Json& v, const std::string& what,
                                                      const std::string& source) {
  std::map<std::string, std::string> out;
  if (v.is_null()) return out;
  if (!v.is_object()) return config_error(source, what + " must be a map of strings");
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it->is_null()) continue;
    if (!it->is_string()) {
      return config_error(source, fmt::format("json: cannot unmarshal {} into Go struct field Config.{} of type string",
                                              it->is_number() ? "number" : it->is_boolean() ? "bool" : "object", what));
    }
    out[it.key()] = it->get<std::string>();
  }
  return out;
}

// Integral numbers as float64, recursively (encoding/json into interface{}).
void numbers_to_float(Json& v) {
  if (v.is_number_integer()) {
    v = static_cast<double>(v.get<std::int64_t>());
  } else if (v.is_number_unsigned()) {
    v = static_cast<double>(v.get<std::uint64_t>());
  } else if (v.is_structured()) {
    for (auto& e : v) numbers_to_float(e);
  }
}

const char* source_name(SettingSource s) {
  switch (s) {
    case SettingSource::kFile: return "file";
    case SettingSource::kOperator: return "IstioOperator file";
    case SettingSource::kCluster: return "cluster";
    case SettingSource::kEmbedded: return "embedded defaults";
  }
  return "";
}

// "file values.json", "cluster istio-system/istio", "embedded defaults".
std::string describe(SettingSource source, const std::string& origin) {
  return origin.empty() ? source_name(source) : fmt::format("{} {}", source_name(source), origin);
}

}  // namespace

Result<InjectConfig> parse_inject_config(std::string_view text, const std::string& source) {
  auto parsed = yaml::parse_value(text, source);
  if (!parsed) return config_error(source, parsed.error().to_string());
  const Json& v = *parsed;
  InjectConfig cfg;
  if (!v.is_null() && !v.is_object()) return config_error(source, "the injection config is not a mapping");
  if (v.is_object()) {
    if (auto it = v.find("templates"); it != v.end()) {
      TRY_ASSIGN(cfg.templates, string_map(*it, "templates", source));
    }
    if (auto it = v.find("defaultTemplates"); it != v.end()) {
      TRY_ASSIGN(cfg.default_templates, string_list(*it, "defaultTemplates", source));
    }
    if (auto it = v.find("aliases"); it != v.end() && !it->is_null()) {
      if (!it->is_object()) return config_error(source, "aliases must be a map of lists");
      for (auto a = it->begin(); a != it->end(); ++a) {
        TRY_ASSIGN(cfg.aliases[a.key()], string_list(*a, "aliases", source));
      }
    }
    if (auto it = v.find("policy"); it != v.end() && !it->is_null()) {
      if (!it->is_string()) return config_error(source, "policy must be a string");
      cfg.policy = it->get<std::string>();
    }
    for (auto [key, target] : {std::pair{"neverInjectSelector", &cfg.never_inject_selector},
                               std::pair{"alwaysInjectSelector", &cfg.always_inject_selector}}) {
      auto it = v.find(key);
      if (it == v.end() || it->is_null()) continue;
      if (!it->is_array()) return config_error(source, std::string(key) + " must be a list of label selectors");
      *target = *it;
    }
    if (auto it = v.find("injectedAnnotations"); it != v.end()) {
      TRY_ASSIGN(cfg.injected_annotations, string_map(*it, "injectedAnnotations", source));
    }
  }
  if (cfg.default_templates.empty()) cfg.default_templates = {"sidecar"};
  return cfg;
}

Result<InjectConfig> read_inject_config_file(std::string_view text, const std::string& source) {
  auto cfg = parse_inject_config(text, source);
  if (!cfg || cfg->templates.empty()) {
    InjectConfig bare;
    bare.default_templates = {"sidecar"};
    bare.templates["sidecar"] = std::string(text);
    return bare;
  }
  return cfg;
}

Result<Json> parse_values(std::string_view text, const std::string& source) {
  auto parsed = yaml::parse_value(text, source);
  if (!parsed) {
    Error e = parsed.error();
    e.message = "could not parse configuration values: " + e.message;
    return e;
  }
  Json v = std::move(*parsed);
  if (v.is_null()) v = Json::object();
  if (!v.is_object()) {
    return make_error(ErrorKind::kInvalidInput, "could not parse configuration values: not a mapping",
                      SourceLoc{source});
  }
  numbers_to_float(v);
  return v;
}

ConfigMapNames config_map_names(std::string_view inject_name, std::string_view mesh_name, std::string_view revision) {
  ConfigMapNames names{std::string(inject_name), std::string(mesh_name)};
  if (revision.empty() || revision == "default") return names;
  if (inject_name == kInjectConfigMap) names.injector += "-" + std::string(revision);
  if (mesh_name == kMeshConfigMap) names.mesh += "-" + std::string(revision);
  return names;
}

std::string default_revision_webhook(std::string_view istio_namespace) {
  std::string name = "istio-revision-tag-default";
  if (!istio_namespace.empty() && istio_namespace != "istio-system") name += "-" + std::string(istio_namespace);
  return name;
}

namespace {

// The cluster's ConfigMaps, each read once.
class ClusterSettings {
 public:
  explicit ClusterSettings(const ConfigMapReader& read) : read_(read) {}

  // The text of `key` in the ConfigMap of `role`, and its name for messages ("ns/name").
  Result<std::pair<std::string, std::string>> text(ConfigMapRole role, const std::string& key) {
    auto it = read_maps_.find(role);
    if (it == read_maps_.end()) it = read_maps_.emplace(role, read_(role)).first;
    const ClusterConfigMap& cm = it->second;
    bool injector = role == ConfigMapRole::kInjector;
    if (cm.error) {
      Error e = *cm.error;
      if (e.kind == ErrorKind::kUsage || e.kind == ErrorKind::kInvalidInput) e.kind = ErrorKind::kRemote;
      e.message = fmt::format(
          "could not read ConfigMap {:?} in namespace {:?}: {}; use {}, -i/--istioNamespace or -r/--revision "
          "to name the control plane, or --offline for the embedded defaults",
          cm.name, cm.namespace_, e.to_string(),
          injector ? "--injectConfigFile and --valuesFile" : "--meshConfigFile");
      e.loc = {};
      return e;
    }
    auto value = cm.data.find(key);
    if (value == cm.data.end()) {
      return make_error(ErrorKind::kNotFound,
                        fmt::format("missing configuration map key {:?} in {:?} (namespace {:?})", key, cm.name,
                                    cm.namespace_));
    }
    return std::pair{value->second, cm.namespace_ + "/" + cm.name};
  }

 private:
  const ConfigMapReader& read_;
  std::map<ConfigMapRole, ClusterConfigMap> read_maps_;
};

// The text of one setting: from its file, else from the cluster; nullopt when neither gives it.
struct PartText {
  std::string text;
  std::string name;  // for messages: the file, or "namespace/configmap[key]"
  SettingSource source;
  std::string origin;
};

Result<std::optional<PartText>> part_text(const std::string& file, const FileReader& read,
                                          std::optional<ClusterSettings>& cluster, ConfigMapRole role,
                                          const std::string& key) {
  if (!file.empty()) {
    TRY_ASSIGN(std::string text, read(file));
    return std::optional<PartText>(PartText{std::move(text), file, SettingSource::kFile, file});
  }
  if (!cluster) return std::optional<PartText>();
  TRY_ASSIGN(auto text, cluster->text(role, key));
  return std::optional<PartText>(
      PartText{std::move(text.first), text.second + "[" + key + "]", SettingSource::kCluster, text.second});
}

// The embedded parts, each parsed only when a setting falls back to it: most runs get every part
// from files or the cluster, and parsing the embedded injection config is most of a run's start-up.
Result<InjectConfig> embedded_config_value() {
  return parse_inject_config(std::string(embedded_inject_config()), "<embedded injection config>");
}
Result<Json> embedded_values_value() { return parse_values(std::string(embedded_values()), "<embedded values>"); }

// Stores a setting read from a file or the cluster: its parsed value, text, source and origin.
template <typename Value, typename Parse>
Result<void> take_part(const PartText& part, Parse parse, Value& value, std::string& text, SettingSource& source,
                       std::string& origin) {
  TRY_ASSIGN(value, parse(part));
  std::tie(text, source, origin) = std::tuple{part.text, part.source, part.origin};
  return {};
}

}  // namespace

Result<Settings> load_settings(const SettingsFiles& files, const FileReader& read, const ConfigMapReader& cluster) {
  Settings s;
  std::optional<OperatorSettings> iop;
  std::optional<Json> embedded_values_json;  // parsed at most once, and only when needed
  if (!files.operator_file.empty()) {
    TRY_ASSIGN(std::string text, read(files.operator_file));
    TRY_ASSIGN(embedded_values_json, embedded_values_value());
    const Json& g = yaml::object_field_or_empty(*embedded_values_json, "global");
    TRY_ASSIGN(iop, merge_istio_operator(text, files.operator_file, yaml::string_field_or(g, "hub", "docker.io/istio"),
                                         yaml::string_field_or(g, "tag", std::string(kEmbeddedIstioRelease))));
  }
  std::optional<ClusterSettings> from_cluster;
  if (cluster) from_cluster.emplace(cluster);

  if (iop && iop->mesh) {
    TRY_ASSIGN(s.mesh, kube::apply_mesh_config(*iop->mesh, files.operator_file));
    s.mesh_text = yaml::to_yaml(*iop->mesh);
    s.mesh_source = SettingSource::kOperator;
    s.mesh_origin = files.operator_file;
  } else {
    TRY_ASSIGN(auto part, part_text(files.mesh_config, read, from_cluster, ConfigMapRole::kMesh, "mesh"));
    if (part) {
      auto parse = [](const PartText& p) { return kube::load_mesh_config(p.text, p.name); };
      TRY(take_part(*part, parse, s.mesh, s.mesh_text, s.mesh_source, s.mesh_origin));
    } else {
      s.mesh_text = std::string(embedded_mesh_config());
      TRY_ASSIGN(s.mesh, kube::load_mesh_config(s.mesh_text, "<embedded mesh config>"));
    }
  }

  TRY_ASSIGN(auto config, part_text(files.inject_config, read, from_cluster, ConfigMapRole::kInjector, "config"));
  if (config) {
    // A file may be a bare template (istioctl's readInjectConfigFile); the ConfigMap is a config.
    auto parse = [](const PartText& p) {
      return p.source == SettingSource::kFile ? read_inject_config_file(p.text, p.name)
                                              : parse_inject_config(p.text, p.name);
    };
    TRY(take_part(*config, parse, s.config, s.config_text, s.config_source, s.config_origin));
  } else {
    s.config_text = std::string(embedded_inject_config());
    TRY_ASSIGN(s.config, embedded_config_value());
  }

  if (iop) {
    // With the embedded template, the file describes an install of the embedded release: its values
    // go over that install's values, which the template needs (istioctl has no embedded template;
    // with a given config it uses the profile's values alone, as below).
    Json values = iop->values;
    if (s.config_source == SettingSource::kEmbedded) {
      values = *embedded_values_json;
      merge_values(values, iop->values);
    }
    s.values_text = yaml::to_json(values, 2);
    TRY_ASSIGN(s.values, parse_values(s.values_text, files.operator_file));
    s.values_source = SettingSource::kOperator;
    s.values_origin = files.operator_file;
  } else {
    TRY_ASSIGN(auto part, part_text(files.values, read, from_cluster, ConfigMapRole::kInjector, "values"));
    if (part) {
      auto parse = [](const PartText& p) { return parse_values(p.text, p.name); };
      TRY(take_part(*part, parse, s.values, s.values_text, s.values_source, s.values_origin));
    } else {
      s.values_text = std::string(embedded_values());
      TRY_ASSIGN(s.values, embedded_values_value());
    }
  }
  return s;
}

Result<Settings> embedded_settings() { return load_settings({}, nullptr, nullptr); }

std::vector<std::string> embedded_parts(const Settings& settings) {
  std::vector<std::string> parts;
  if (settings.config_source == SettingSource::kEmbedded) parts.emplace_back("injection config");
  if (settings.values_source == SettingSource::kEmbedded) parts.emplace_back("values");
  if (settings.mesh_source == SettingSource::kEmbedded) parts.emplace_back("mesh config");
  return parts;
}

std::string cluster_parts(const Settings& settings) {
  // ConfigMap -> the parts it gave, in the order config, values, mesh.
  std::vector<std::pair<std::string, std::vector<std::string>>> by_map;
  auto add = [&by_map](SettingSource source, const std::string& origin, const char* part) {
    if (source != SettingSource::kCluster) return;
    for (auto& [name, parts] : by_map) {
      if (name == origin) {
        parts.emplace_back(part);
        return;
      }
    }
    by_map.push_back({origin, {part}});
  };
  add(settings.config_source, settings.config_origin, "injection config");
  add(settings.values_source, settings.values_origin, "values");
  add(settings.mesh_source, settings.mesh_origin, "mesh config");
  std::vector<std::string> out;
  for (const auto& [name, parts] : by_map) {
    out.push_back(fmt::format("{} from ConfigMap {}", fmt::join(parts, " and "), name));
  }
  return fmt::format("{}", fmt::join(out, ", "));
}

std::string show_config(const Settings& settings) {
  std::string out;
  out += fmt::format("# injection config ({}; the `config` key of ConfigMap istio-sidecar-injector)\n",
                     describe(settings.config_source, settings.config_origin));
  out += settings.config_text;
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += fmt::format("---\n# values ({}; the `values` key of ConfigMap istio-sidecar-injector)\n",
                     describe(settings.values_source, settings.values_origin));
  out += settings.values_text;
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += fmt::format("---\n# mesh config ({}; the `mesh` key of ConfigMap istio), with Istio's defaults applied\n",
                     describe(settings.mesh_source, settings.mesh_origin));
  out += yaml::to_yaml(settings.mesh);
  return out;
}

}  // namespace sidecarctl::inject
