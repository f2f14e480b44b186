// The `webhook` parent command and `webhook serve`'s flags: the HTTPS admission webhook over the
// injector, with kube-inject's settings sources, reloaded when they change, and a graceful stop on
// SIGTERM/SIGINT (see webhook_serve.h for where it runs).
#include <memory>

#include "commands/subcommands.h"
#include "commands/webhook_serve.h"

namespace sidecarctl::commands {

void add_webhook_serve(CLI::App& webhook, Context& ctx) {
  auto opts = std::make_shared<WebhookServeOptions>();
  CLI::App* cmd = webhook.add_subcommand(
      "serve", "Serve the sidecar injection admission webhook over HTTPS (what istiod's /inject does)");
  cmd->add_option("--tls-cert-file", opts->cert_file,
                  "PEM certificate (chain) to serve; read again when the file changes")
      ->required();
  cmd->add_option("--tls-private-key-file", opts->key_file, "PEM private key of the certificate")->required();
  cmd->add_option("--port", opts->port, "Port to listen on (0: any free port)")->capture_default_str();
  cmd->add_option("--address", opts->address, "Address to listen on")->capture_default_str();
  add_settings_source_flags(cmd, opts->settings);
  add_settings_mode_flags(cmd, opts->settings);
  cmd->add_option("--reload-interval", opts->reload_interval,
                  "How often settings files and ConfigMaps are read again to pick up changes")
      ->capture_default_str();
  cmd->add_option("--request-timeout", opts->request_timeout,
                  "Longest wait for one read or write of a client; a connection gets twice this plus the keep-alive timeout per request")
      ->capture_default_str();
  cmd->add_option("--log-format", opts->log_format, "Request log format on stderr: text or json")
      ->capture_default_str();
  cmd->add_option("--workers", opts->limits.workers, "Connections served at once (a thread each)")
      ->capture_default_str();
  cmd->add_option("--max-pending-connections", opts->limits.max_queued_connections,
                  "Accepted connections waiting for a worker; beyond them accepting waits")
      ->capture_default_str();
  cmd->add_option("--max-request-bytes", opts->limits.max_body_bytes,
                  "Largest request body; a larger one gets 413 unread")
      ->capture_default_str();
  cmd->add_option("--keep-alive-timeout", opts->keep_alive_timeout,
                  "Idle time a connection is kept open between requests (whole seconds)")
      ->capture_default_str();
  cmd->add_option("--max-requests-per-connection", opts->limits.keep_alive_max_requests,
                  "Requests served on one keep-alive connection before it is closed")
      ->capture_default_str();
  cmd->add_option("--patch-cache-entries", opts->patch_cache_entries,
                  "Patches kept for reuse on an equal pod (a ReplicaSet's replicas), at most 32 MiB; 0: none")
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  # Serve with the cluster's settings for revision canary.\n"
      "  sidecarctl webhook serve --tls-cert-file tls.crt --tls-private-key-file tls.key -r canary\n"
      "  # Serve the embedded defaults on loopback, JSON logs.\n"
      "  sidecarctl webhook serve --tls-cert-file tls.crt --tls-private-key-file tls.key --offline \\\n"
      "      --address 127.0.0.1 --port 8443 --log-format json");
  cmd->fallthrough();  // the global flags may follow `serve` too
  cmd->callback([opts, &ctx] {
    if (auto r = serve_webhook(*opts, ctx); !r) ctx.exit_code = report_error(ctx, r.error());
  });
}

void add_webhook(CLI::App& root, Context& ctx) {
  CLI::App* webhook = root.add_subcommand("webhook", "The sidecar injection admission webhook");
  webhook->require_subcommand(1);
  webhook->fallthrough();
  add_webhook_serve(*webhook, ctx);
  add_webhook_config(*webhook, ctx);
}

}  // namespace sidecarctl::commands
