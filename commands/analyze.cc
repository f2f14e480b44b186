// The `analyze` subcommand (pending: issue #7).
#include "commands/subcommands.h"

namespace sidecarctl::commands {

void add_analyze(CLI::App& root, Context& ctx) {
  add_pending(root, ctx, "analyze", "Analyze Istio configuration and report IST0xxx messages", "issue #7");
}

}  // namespace sidecarctl::commands
