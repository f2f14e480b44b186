// The connection to the cluster every cluster-reading subcommand shares: istioctl's global flags
// (kubeconfig, context, impersonation, timeout) turned into a kube::ApiClient.
#pragma once

#include <memory>

#include "commands/context.h"
#include "kube/api_client.h"

namespace sidecarctl::commands {

// The client options the global flags give.
kube::ClientOptions client_options(const GlobalOptions& globals);

// False when there is no cluster configuration at all: no --kubeconfig, no KUBECONFIG file or
// ~/.kube/config, no in-cluster environment.
bool cluster_configured(const Context& ctx);

// A client for the cluster the global flags select. With `verbose`, one debug line per API call
// goes to stderr (credentials redacted).
Result<std::unique_ptr<kube::ApiClient>> connect_cluster(Context& ctx, bool verbose = false);

}  // namespace sidecarctl::commands
