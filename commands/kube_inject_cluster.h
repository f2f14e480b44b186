// kube-inject's use of the cluster: the injection ConfigMaps, the default revision and the nodes'
// kubelet versions, read through one connection opened on first use.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands/context.h"
#include "inject/native_sidecars.h"
#include "inject/settings.h"
#include "kube/api_client.h"

namespace sidecarctl::commands {

class InjectCluster {
 public:
  // `revision` is -r/--revision ("" when not given: the cluster's default revision tag decides).
  InjectCluster(Context& ctx, std::string inject_config_map, std::string mesh_config_map, std::string revision);

  // The ConfigMap of `role` (inject::ConfigMapReader), connecting first when needed.
  inject::ClusterConfigMap read(inject::ConfigMapRole role);

  // Whether a connection was made (some setting came from the cluster).
  bool connected() const { return client_ != nullptr; }

  // The revision in use: -r, else the label of the default revision tag, else "default".
  const std::string& revision() const { return revision_; }

  // Lists the nodes and evaluates their kubelets. Failures become warnings (native sidecars off).
  inject::NativeSidecarSupport native_sidecar_support();

 private:
  Result<void> connect();

  Context& ctx_;
  std::string inject_config_map_;
  std::string mesh_config_map_;
  std::string revision_;
  std::unique_ptr<kube::ApiClient> client_;
  std::optional<Error> connect_error_;
};

}  // namespace sidecarctl::commands
