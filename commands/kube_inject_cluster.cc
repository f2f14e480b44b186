// kube-inject's API calls (see kube_inject_cluster.h); what they mean is decided in src/inject.
#include "commands/kube_inject_cluster.h"

#include <fmt/format.h>

#include <utility>

#include "commands/cluster.h"

namespace sidecarctl::commands {

InjectCluster::InjectCluster(Context& ctx, std::string inject_config_map, std::string mesh_config_map,
                             std::string revision)
    : ctx_(ctx),
      inject_config_map_(std::move(inject_config_map)),
      mesh_config_map_(std::move(mesh_config_map)),
      revision_(std::move(revision)) {}

Result<void> InjectCluster::connect() {
  if (client_ != nullptr) return {};
  if (connect_error_) return *connect_error_;
  auto client = connect_cluster(ctx_);
  if (!client) {
    connect_error_ = client.error();
    return client.error();
  }
  if (revision_.empty()) {
    // istioctl's RevisionOrDefault: the revision the default tag points at. Any HTTP answer other
    // than the webhook (404, 403) means "default"; no answer at all is the connection's failure.
    auto webhook = (*client)->get("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/" +
                                  kube::url_escape(inject::default_revision_webhook(ctx_.globals.istio_namespace)));
    if (webhook) {
      auto label = nlohmann::json::json_pointer("/metadata/labels/istio.io~1rev");
      if (webhook->contains(label) && webhook->at(label).is_string()) revision_ = webhook->at(label).get<std::string>();
    } else if ((*client)->last_status() == 0) {
      connect_error_ = webhook.error();
      return webhook.error();
    }
    if (revision_.empty()) revision_ = "default";
  }
  client_ = std::move(*client);
  return {};
}

inject::ClusterConfigMap InjectCluster::read(inject::ConfigMapRole role) {
  inject::ClusterConfigMap cm;
  cm.namespace_ = ctx_.globals.istio_namespace;
  auto connected = connect();
  inject::ConfigMapNames names = inject::config_map_names(inject_config_map_, mesh_config_map_, revision_);
  cm.name = role == inject::ConfigMapRole::kInjector ? names.injector : names.mesh;
  if (!connected) {
    cm.error = connected.error();
    return cm;
  }
  auto object = client_->get_config_map(cm.namespace_, cm.name);
  if (!object) {
    cm.error = object.error();
    return cm;
  }
  if (auto data = object->find("data"); data != object->end() && data->is_object()) {
    for (auto it = data->begin(); it != data->end(); ++it) {
      if (it->is_string()) cm.data[it.key()] = it->get<std::string>();
    }
  }
  return cm;
}

inject::NativeSidecarSupport InjectCluster::native_sidecar_support() {
  inject::NativeSidecarSupport none;
  none.all_nodes = false;
  if (client_ == nullptr) return none;
  auto nodes = client_->list("/api/v1/nodes");
  if (!nodes) {
    none.warnings.push_back("cannot list the cluster's nodes to detect native sidecar support (" +
                            nodes.error().to_string() + "): native sidecars off");
    return none;
  }
  return inject::native_sidecar_support(*nodes);
}

}  // namespace sidecarctl::commands
