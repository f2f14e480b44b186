// The `iptables-preview` subcommand (pending: issue #5).
#include "commands/subcommands.h"

namespace sidecarctl::commands {

void add_iptables_preview(CLI::App& root, Context& ctx) {
  add_pending(root, ctx, "iptables-preview", "Show the iptables rules istio-init installs in a pod", "issue #5");
}

}  // namespace sidecarctl::commands
