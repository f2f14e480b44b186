// `webhook serve`'s options and the function that serves them. The HTTPS server (cpp-httplib and
// OpenSSL) is linked into sidecarctl-webhook only, the program `sidecarctl webhook serve` runs in its
// place (webhook_serve_exec.cc), so that no other command pays for loading and initialising OpenSSL
// (over half of `sidecarctl version`'s start-up); sidecarctl-webhook serves in process
// (webhook_serve_server.cc). Both parse the same command line with the same command tree.
#pragma once

#include <cstddef>
#include <string>

#include "commands/context.h"
#include "commands/inject_settings.h"
#include "webhook/server_options.h"

namespace sidecarctl::commands {

struct WebhookServeOptions {
  InjectSettingsOptions settings;
  std::string cert_file;
  std::string key_file;
  int port = 15017;
  std::string address = "0.0.0.0";
  std::string reload_interval = "5s";
  std::string request_timeout = "10s";
  std::string log_format = "text";
  webhook::ServerOptions limits;  // --workers, --max-pending-connections, --max-request-bytes, keep-alive
  std::string keep_alive_timeout = "5s";
  std::size_t patch_cache_entries = 256;
};

// The patch cache's memory budget, whatever its number of entries.
constexpr std::size_t kPatchCacheBytes = std::size_t{32} << 20;

// Serves until SIGTERM or SIGINT: in this process (sidecarctl-webhook), or by running
// sidecarctl-webhook with this process's command line (sidecarctl; returns only on an error).
Result<void> serve_webhook(const WebhookServeOptions& opts, Context& ctx);

}  // namespace sidecarctl::commands
