// Builds the API client from istioctl's global flags (see cluster.h).
#include "commands/cluster.h"

#include <unistd.h>

namespace sidecarctl::commands {

kube::ClientOptions client_options(const GlobalOptions& g) {
  return kube::ClientOptions{g.kubeconfig, g.context, g.namespace_, g.as, g.as_groups, g.as_uid, g.kubeclient_timeout};
}

bool cluster_configured(const Context& ctx) { return kube::client_config_available(client_options(ctx.globals), ctx.env); }

Result<std::unique_ptr<kube::ApiClient>> connect_cluster(Context& ctx, bool verbose) {
  TRY_ASSIGN(kube::RestConfig config, kube::load_rest_config(client_options(ctx.globals), ctx.env));
  kube::ApiClientOptions client;
  client.exec.env = ctx.env;
  client.exec.stdin_is_terminal = ::isatty(0) == 1;
  if (verbose) client.log = [&ctx](const std::string& line) { ctx.err << "debug: " << line << '\n'; };
  return kube::ApiClient::connect(config, std::move(client));
}

}  // namespace sidecarctl::commands
