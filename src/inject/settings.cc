// Loading of the injector config, values and mesh config (see settings.h).
#include "inject/settings.h"

#include <fmt/format.h>

#include <utility>

#include "inject/embedded_defaults.h"
#include "inject/mesh_config.h"
#include "yaml/document.h"
#include "yaml/emit.h"

namespace sidecarctl::inject {
namespace {

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
    case SettingSource::kEmbedded: return "embedded defaults";
  }
  return "";
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

Result<Settings> load_settings(const SettingsFiles& files, const FileReader& read) {
  Settings s;
  std::optional<Json> operator_values;
  std::optional<Json> operator_mesh;
  if (!files.operator_file.empty()) {
    TRY_ASSIGN(std::string text, read(files.operator_file));
    TRY_ASSIGN(Json iop, yaml::parse_value(text, files.operator_file));
    const Json* spec = iop.is_object() && iop.contains("spec") ? &iop["spec"] : nullptr;
    if (spec == nullptr || !spec->is_object()) {
      return make_error(ErrorKind::kInvalidInput, "not an IstioOperator: no spec", SourceLoc{files.operator_file});
    }
    if (auto it = spec->find("values"); it != spec->end() && it->is_object()) operator_values = *it;
    else operator_values = Json::object();
    if (auto it = spec->find("meshConfig"); it != spec->end() && !it->is_null()) operator_mesh = *it;
  }

  TRY_ASSIGN(Settings embedded, embedded_settings());

  if (operator_mesh) {
    TRY_ASSIGN(s.mesh, apply_mesh_config(*operator_mesh, files.operator_file));
    s.mesh_text = yaml::to_yaml(*operator_mesh);
    s.mesh_source = SettingSource::kOperator;
  } else if (!files.mesh_config.empty()) {
    TRY_ASSIGN(s.mesh_text, read(files.mesh_config));
    TRY_ASSIGN(s.mesh, load_mesh_config(s.mesh_text, files.mesh_config));
    s.mesh_source = SettingSource::kFile;
  } else {
    s.mesh = embedded.mesh;
    s.mesh_text = embedded.mesh_text;
  }

  if (!files.inject_config.empty()) {
    TRY_ASSIGN(s.config_text, read(files.inject_config));
    TRY_ASSIGN(s.config, read_inject_config_file(s.config_text, files.inject_config));
    s.config_source = SettingSource::kFile;
  } else {
    s.config = embedded.config;
    s.config_text = embedded.config_text;
  }

  if (operator_values) {
    s.values_text = yaml::to_json(*operator_values, 2);
    TRY_ASSIGN(s.values, parse_values(s.values_text, files.operator_file));
    s.values_source = SettingSource::kOperator;
  } else if (!files.values.empty()) {
    TRY_ASSIGN(s.values_text, read(files.values));
    TRY_ASSIGN(s.values, parse_values(s.values_text, files.values));
    s.values_source = SettingSource::kFile;
  } else {
    s.values = embedded.values;
    s.values_text = embedded.values_text;
  }
  return s;
}

Result<Settings> embedded_settings() {
  Settings s;
  s.config_text = std::string(embedded_inject_config());
  s.values_text = std::string(embedded_values());
  s.mesh_text = std::string(embedded_mesh_config());
  TRY_ASSIGN(s.config, parse_inject_config(s.config_text, "<embedded injection config>"));
  TRY_ASSIGN(s.values, parse_values(s.values_text, "<embedded values>"));
  TRY_ASSIGN(s.mesh, load_mesh_config(s.mesh_text, "<embedded mesh config>"));
  return s;
}

std::vector<std::string> embedded_parts(const Settings& settings) {
  std::vector<std::string> parts;
  if (settings.config_source == SettingSource::kEmbedded) parts.emplace_back("injection config");
  if (settings.values_source == SettingSource::kEmbedded) parts.emplace_back("values");
  if (settings.mesh_source == SettingSource::kEmbedded) parts.emplace_back("mesh config");
  return parts;
}

std::string show_config(const Settings& settings) {
  std::string out;
  out += fmt::format("# injection config ({}; the `config` key of ConfigMap istio-sidecar-injector)\n",
                     source_name(settings.config_source));
  out += settings.config_text;
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += fmt::format("---\n# values ({}; the `values` key of ConfigMap istio-sidecar-injector)\n",
                     source_name(settings.values_source));
  out += settings.values_text;
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += fmt::format("---\n# mesh config ({}; the `mesh` key of ConfigMap istio), with Istio's defaults applied\n",
                     source_name(settings.mesh_source));
  out += yaml::to_yaml(settings.mesh);
  return out;
}

}  // namespace sidecarctl::inject
