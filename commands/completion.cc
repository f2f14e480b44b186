// The `completion` subcommand (pending: the foundation issue #2 ships the scripts).
#include "commands/subcommands.h"

namespace sidecarctl::commands {

void add_completion(CLI::App& root, Context& ctx) {
  add_pending(root, ctx, "completion", "Print a shell completion script (bash, zsh, fish)", "issue #2");
}

}  // namespace sidecarctl::commands
