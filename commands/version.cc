// The `version` subcommand: prints sidecarctl's version.
#include "commands/subcommands.h"

#ifndef SIDECARCTL_VERSION
#error "SIDECARCTL_VERSION must be defined by the build"
#endif

namespace sidecarctl::commands {

void add_version(CLI::App& root, Context& ctx) {
  CLI::App* sub = root.add_subcommand("version", "Print the version of sidecarctl");
  sub->footer("Example:\n  sidecarctl version");
  sub->callback([&ctx] { ctx.out << "sidecarctl version " << SIDECARCTL_VERSION << "\n"; });
}

}  // namespace sidecarctl::commands
