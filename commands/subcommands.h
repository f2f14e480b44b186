// The subcommands of sidecarctl; each add_* registers one on the root app (one file each).
#pragma once

#include <CLI/CLI.hpp>

#include "commands/context.h"

namespace sidecarctl::commands {

void add_kube_inject(CLI::App& root, Context& ctx);
void add_label_namespace(CLI::App& root, Context& ctx);
void add_analyze(CLI::App& root, Context& ctx);
void add_iptables_preview(CLI::App& root, Context& ctx);
void add_template(CLI::App& root, Context& ctx);
void add_version(CLI::App& root, Context& ctx);
void add_completion(CLI::App& root, Context& ctx);
void add_check_inject(CLI::App& root, Context& ctx);
// `webhook` and its subcommands (webhook_serve.cc registers the parent and `serve`).
void add_webhook(CLI::App& root, Context& ctx);
void add_webhook_serve(CLI::App& webhook, Context& ctx);
// `webhook config`, under the `webhook` parent command.
void add_webhook_config(CLI::App& webhook, Context& ctx);

// Builds the whole command tree (used by main and by the docs drift test).
void build_app(CLI::App& app, Context& ctx);

}  // namespace sidecarctl::commands
