// Injection settings: the injector config (templates and the webhook's policy), the Helm values and
// the mesh config, loaded from files, an IstioOperator file, or the embedded defaults.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
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
enum class SettingSource { kFile, kOperator, kCluster, kEmbedded };

struct Settings {
  InjectConfig config;
  Json values = Json::object();  // .Values (numbers as float64)
  Json mesh;                     // MeshConfig with defaults (kube/mesh_config.h)
  std::string values_text;       // values as given (for --show-config)
  std::string mesh_text;         // mesh config as given
  std::string config_text;       // injector config as given
  SettingSource config_source = SettingSource::kEmbedded;
  SettingSource values_source = SettingSource::kEmbedded;
  SettingSource mesh_source = SettingSource::kEmbedded;
  std::string config_origin;  // the file or ConfigMap ("istio-system/istio-sidecar-injector") it came from
  std::string values_origin;
  std::string mesh_origin;
};

// The files named on the command line (empty = not given).
struct SettingsFiles {
  std::string inject_config;  // --injectConfigFile
  std::string values;         // --valuesFile
  std::string mesh_config;    // --meshConfigFile
  std::string operator_file;  // --operatorFileName
};

using FileReader = std::function<Result<std::string>(const std::string& path)>;

// The two ConfigMaps of an Istio control plane that hold injection settings.
enum class ConfigMapRole {
  kInjector,  // istio-sidecar-injector: keys `config` and `values`
  kMesh,      // istio: key `mesh`
};

// A ConfigMap as read from the cluster, or why it could not be read.
struct ClusterConfigMap {
  std::string namespace_;
  std::string name;
  std::map<std::string, std::string> data;
  std::optional<Error> error;  // set when the read failed (connection, permission, not found)
};

// Reads the ConfigMap of a role from the cluster (commands/ makes the API calls); called at most
// once per role, and only for settings no file gives.
using ConfigMapReader = std::function<ClusterConfigMap(ConfigMapRole role)>;

// The ConfigMaps to read, named as istioctl names them: --injectConfigMapName and
// --meshConfigMapName, with `-<revision>` appended to a name left at its default when a revision
// other than "default" is in use. (istioctl reads the values from the injector ConfigMap of the
// default name even when --injectConfigMapName is set; sidecarctl reads them from the same
// ConfigMap as the config.)
struct ConfigMapNames {
  std::string injector;
  std::string mesh;
};
ConfigMapNames config_map_names(std::string_view inject_name, std::string_view mesh_name, std::string_view revision);

// The MutatingWebhookConfiguration whose `istio.io/rev` label names the default revision
// (istioctl's RevisionOrDefault): istio-revision-tag-default, suffixed with the Istio namespace
// when that is not istio-system.
std::string default_revision_webhook(std::string_view istio_namespace);

// Loads settings as istioctl orders them: the IstioOperator file (merged over Istio's profile,
// istio_operator.h) gives the values and, when it has spec.meshConfig, the mesh config, over
// --valuesFile / --meshConfigFile; --injectConfigFile gives the config. What no file gives comes
// from `cluster` when there is one, else from the embedded defaults.
Result<Settings> load_settings(const SettingsFiles& files, const FileReader& read,
                               const ConfigMapReader& cluster = nullptr);

// Settings from the embedded defaults only.
Result<Settings> embedded_settings();

// Names of the settings taken from the embedded defaults ("injection config", "values",
// "mesh config"), empty when every setting came from a file.
std::vector<std::string> embedded_parts(const Settings& settings);

// What came from the cluster, for the stderr note: "injection config and values from ConfigMap
// istio-system/istio-sidecar-injector, mesh config from ConfigMap istio-system/istio"; "" when
// nothing did.
std::string cluster_parts(const Settings& settings);

// The effective settings as three YAML documents (config, values, mesh), for --show-config.
std::string show_config(const Settings& settings);

}  // namespace sidecarctl::inject
