// The `label-namespace` subcommand (pending: issue #6).
#include "commands/subcommands.h"

namespace sidecarctl::commands {

void add_label_namespace(CLI::App& root, Context& ctx) {
  add_pending(root, ctx, "label-namespace", "Label namespaces for automatic sidecar injection", "issue #6");
}

}  // namespace sidecarctl::commands
