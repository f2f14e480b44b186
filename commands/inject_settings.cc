// Injection settings flags and loading shared by kube-inject and webhook serve (see inject_settings.h).
#include "commands/inject_settings.h"

#include <fmt/format.h>

#include "base/file_io.h"
#include "commands/cluster.h"
#include "inject/embedded_defaults.h"
#include "inject/istio_funcs.h"

namespace sidecarctl::commands {

void add_settings_source_flags(CLI::App* cmd, InjectSettingsOptions& opts) {
  cmd->add_option("--injectConfigFile", opts.files.inject_config,
                  "Injection configuration filename (a config with templates:, or a bare template)");
  cmd->add_option("--valuesFile", opts.files.values, "Injection values configuration filename (JSON or YAML)");
  cmd->add_option("--meshConfigFile", opts.files.mesh_config, "Mesh configuration filename");
  cmd->add_option("--operatorFileName", opts.files.operator_file,
                  "IstioOperator file whose spec.values and spec.meshConfig override the other files");
  cmd->add_option("--injectConfigMapName", opts.inject_config_map,
                  "ConfigMap name for Istio sidecar injection, key should be \"config\"")
      ->capture_default_str();
  cmd->add_option("--meshConfigMapName", opts.mesh_config_map,
                  "ConfigMap name for Istio mesh configuration, key should be \"mesh\"")
      ->capture_default_str();
  cmd->add_option("-r,--revision", opts.revision, "Control plane revision");
}

void add_settings_mode_flags(CLI::App* cmd, InjectSettingsOptions& opts) {
  cmd->add_option("--native-sidecars", opts.native_sidecars,
                  "Inject istio-proxy as a native sidecar: true, false or auto (default: $ENABLE_NATIVE_SIDECARS; "
                  "auto asks the cluster's kubelets, false without a cluster)");
  cmd->add_flag("--offline", opts.offline, "Never contact a cluster: use files and the embedded defaults");
}

Result<std::string> native_sidecars_mode(const InjectSettingsOptions& opts, const Context& ctx) {
  std::string native = opts.native_sidecars.empty() ? ctx.env.get_or("ENABLE_NATIVE_SIDECARS", "auto")
                                                    : opts.native_sidecars;
  if (!opts.native_sidecars.empty() && native != "true" && native != "false" && native != "auto") {
    return make_error(ErrorKind::kUsage, "--native-sidecars must be true, false or auto, got " + native);
  }
  return native;
}

std::optional<InjectCluster> settings_cluster(const InjectSettingsOptions& opts, Context& ctx) {
  std::optional<InjectCluster> cluster;
  if (!opts.offline && cluster_configured(ctx)) {
    cluster.emplace(ctx, opts.inject_config_map, opts.mesh_config_map, opts.revision);
  }
  return cluster;
}

Result<inject::Settings> load_inject_settings(const InjectSettingsOptions& opts, Context& ctx, InjectCluster* cluster,
                                              bool quiet) {
  inject::ConfigMapReader reader;
  if (cluster != nullptr) reader = [cluster](inject::ConfigMapRole role) { return cluster->read(role); };
  TRY_ASSIGN(auto settings,
             inject::load_settings(opts.files, [](const std::string& p) { return read_file(p); }, reader));
  if (quiet) return settings;
  if (auto from = inject::cluster_parts(settings); !from.empty()) {
    ctx.err << fmt::format("sidecarctl: using the cluster's settings: {}\n", from);
  }
  if (auto parts = inject::embedded_parts(settings); !parts.empty()) {
    ctx.err << fmt::format("sidecarctl: using the embedded defaults of Istio {} for: {} ({})\n",
                           inject::kEmbeddedIstioRelease, fmt::join(parts, ", "),
                           opts.offline ? "--offline" : "no file given and no kubeconfig found");
  }
  return settings;
}

inject::NativeSidecarSupport native_sidecar_decision(const std::string& native, InjectCluster* cluster) {
  if (native == "auto" && cluster != nullptr && cluster->connected()) return cluster->native_sidecar_support();
  inject::NativeSidecarSupport fixed;
  fixed.all_nodes = native == "true";
  return fixed;
}

Result<inject::Injector> make_injector(const InjectSettingsOptions& opts, Context& ctx, InjectCluster* cluster,
                                       inject::Settings settings, inject::NativeSidecarSupport native,
                                       bool webhook_policy) {
  inject::InjectorOptions io;
  io.native_sidecars = native.all_nodes;
  io.native_sidecars_by_node = std::move(native.by_node);
  std::string revision = opts.revision;
  if (cluster != nullptr && cluster->connected()) revision = cluster->revision();
  io.webhook_policy = webhook_policy;
  io.revision = revision == "default" ? "" : revision;
  io.env = ctx.env;
  return inject::Injector::create(std::move(settings), inject::istio_function_map(ctx.env), io);
}

}  // namespace sidecarctl::commands
