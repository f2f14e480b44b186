// Where injection settings come from, shared by kube-inject and webhook serve: the flags (files,
// ConfigMap names, -r, --native-sidecars, --offline), loading them (files, else the cluster's
// ConfigMaps, else the embedded defaults) and building the injector.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "commands/context.h"
#include "commands/kube_inject_cluster.h"
#include "inject/injector.h"
#include "inject/native_sidecars.h"
#include "inject/settings.h"

namespace sidecarctl::commands {

struct InjectSettingsOptions {
  inject::SettingsFiles files;
  std::string inject_config_map = "istio-sidecar-injector";
  std::string mesh_config_map = "istio";
  std::string revision;
  bool offline = false;
  std::string native_sidecars;  // true | false | auto ("" = ENABLE_NATIVE_SIDECARS)
};

// --injectConfigFile, --valuesFile, --meshConfigFile, --operatorFileName, --injectConfigMapName,
// --meshConfigMapName, -r/--revision.
void add_settings_source_flags(CLI::App* cmd, InjectSettingsOptions& opts);

// --native-sidecars, --offline.
void add_settings_mode_flags(CLI::App* cmd, InjectSettingsOptions& opts);

// The native sidecar mode: the flag, else ENABLE_NATIVE_SIDECARS, else auto; a bad flag value is a
// usage error.
Result<std::string> native_sidecars_mode(const InjectSettingsOptions& opts, const Context& ctx);

// The cluster to read settings from, unless --offline or no cluster is configured.
std::optional<InjectCluster> settings_cluster(const InjectSettingsOptions& opts, Context& ctx);

// Loads the settings; unless `quiet`, a note on stderr says which came from the cluster or the
// embedded defaults.
Result<inject::Settings> load_inject_settings(const InjectSettingsOptions& opts, Context& ctx, InjectCluster* cluster,
                                              bool quiet = false);

// Which pods get istio-proxy as a native sidecar for the mode `native`: true and false for all pods;
// auto lists the cluster's Nodes (Istio's DetectNativeSidecar), and is false without a cluster. Nodes
// that cannot be judged are named in the result's warnings.
inject::NativeSidecarSupport native_sidecar_decision(const std::string& native, InjectCluster* cluster);

// The injector for `settings`: the revision from the flags or the cluster, native sidecars as
// `native` decided, the environment of the process.
Result<inject::Injector> make_injector(const InjectSettingsOptions& opts, Context& ctx, InjectCluster* cluster,
                                       inject::Settings settings, inject::NativeSidecarSupport native,
                                       bool webhook_policy);

}  // namespace sidecarctl::commands
