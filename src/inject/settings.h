// Injection settings: the injector config (templates and the webhook's policy), the Helm values and
// the mesh config, loaded from files, an IstioOperator file, or the embedded defaults.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sidecarctl::inject {

using Json = nlohmann::json;

// The `config` key of the istio-sidecar-injector ConfigMap (Istio's inject.Config).
struct InjectConfig {
  std::map<std::string, std::string> templates;                 // templates: name -> Go template text
  std::vector<std::string> default_templates;                   // defaultTemplates (default: [sidecar])
  std::map<std::string, std::vector<std::string>> aliases;      // aliases: name -> template names
  std::string policy;                                           // policy: enabled | disabled
  Json never_inject_selector = Json::array();                   // []metav1.LabelSelector
  Json always_inject_selector = Json::array();                  // []metav1.LabelSelector
  std::map<std::string, std::string> injected_annotations;      // injectedAnnotations
};

// Parses an injector config as Istio's UnmarshalConfig does. Errors name `source`.
Result<InjectConfig> parse_inject_config(std::string_view text, const std::string& source);

// istioctl's --injectConfigFile reading: a config with `templates:`, or else (no templates, or
// not a config at all) the whole file is the `sidecar` template.
Result<InjectConfig> read_inject_config_file(std::string_view text, const std::string& source);

// Parses Helm values (JSON or YAML) into the map templates see as .Values: numbers become
// float64 as Go's encoding/json makes them. Errors name `source`.
Result<Json> parse_values(std::string_view text, const std::string& source);

// Where each setting came from.
enum class SettingSource { kFile, kOperator, kEmbedded };

struct Settings {
  InjectConfig config;
  Json values = Json::object();  // .Values (numbers as float64)
  Json mesh;                     // MeshConfig with defaults (mesh_config.h)
  std::string values_text;       // values as given (for --show-config)
  std::string mesh_text;         // mesh config as given
  std::string config_text;       // injector config as given
  SettingSource config_source = SettingSource::kEmbedded;
  SettingSource values_source = SettingSource::kEmbedded;
  SettingSource mesh_source = SettingSource::kEmbedded;
};

// The files named on the command line (empty = not given).
struct SettingsFiles {
  std::string inject_config;  // --injectConfigFile
  std::string values;         // --valuesFile
  std::string mesh_config;    // --meshConfigFile
  std::string operator_file;  // --operatorFileName
};

using FileReader = std::function<Result<std::string>(const std::string& path)>;

// Loads settings as istioctl orders them: the IstioOperator file's spec.values / spec.meshConfig
// override --valuesFile / --meshConfigFile; what no file gives comes from the embedded defaults.
Result<Settings> load_settings(const SettingsFiles& files, const FileReader& read);

// Settings from the embedded defaults only.
Result<Settings> embedded_settings();

// Names of the settings taken from the embedded defaults ("injection config", "values",
// "mesh config"), empty when every setting came from a file.
std::vector<std::string> embedded_parts(const Settings& settings);

// The effective settings as three YAML documents (config, values, mesh), for --show-config.
std::string show_config(const Settings& settings);

}  // namespace sidecarctl::inject
