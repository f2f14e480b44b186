// The `template` subcommand (pending: issue #3).
#include "commands/subcommands.h"

namespace sidecarctl::commands {

void add_template(CLI::App& root, Context& ctx) {
  add_pending(root, ctx, "template", "Render a Go text/template with Istio's injection function set", "issue #3");
}

}  // namespace sidecarctl::commands
