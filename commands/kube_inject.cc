// The `kube-inject` subcommand (pending: issue #4).
#include "commands/subcommands.h"

namespace sidecarctl::commands {

void add_kube_inject(CLI::App& root, Context& ctx) {
  add_pending(root, ctx, "kube-inject", "Inject the Istio sidecar into Kubernetes workload manifests", "issue #4");
}

}  // namespace sidecarctl::commands
