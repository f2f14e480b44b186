// The connection to the cluster every cluster-reading subcommand shares: istioctl's global flags
// (kubeconfig, context, impersonation, timeout) turned into a kube::ApiClient.
#pragma once

#include <memory>

#include "commands/context.h"
#include "kube/api_client.h"

namespace sidecarctl::commands {

// A client for the cluster the global flags select. With `verbose`, one debug line per API call
// goes to stderr (credentials redacted).
Result<std::unique_ptr<kube::ApiClient>> connect_cluster(Context& ctx, bool verbose = false);

}  // namespace sidecarctl::commands
