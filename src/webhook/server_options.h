// The HTTPS server's settings (`webhook serve`'s flags), apart from the server (server.h), which
// only sidecarctl-webhook links.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "webhook/request_log.h"

namespace sidecarctl::webhook {

struct ServerOptions {
  std::string address = "0.0.0.0";
  int port = 15017;                                 // 0: any free port (see Server::port)
  std::size_t workers = 64;                         // threads serving connections (one per connection)
  std::size_t max_queued_connections = 512;         // accepted, waiting for a worker; then accept waits
  std::size_t max_body_bytes = 16u << 20;           // larger bodies get 413 unread
  // One read or write of a silent peer; also bounds a connection's life to 2x this plus the
  // keep-alive timeout from its handshake or its last request's start (slowloris clients).
  std::chrono::milliseconds request_timeout{10'000};
  int keep_alive_timeout_seconds = 5;               // idle time between requests on one connection
  std::size_t keep_alive_max_requests = 1000;       // requests per connection before it is closed
  LogFormat log_format = LogFormat::kText;
  std::function<void(const std::string& line)> log;  // one line, without newline (stderr in the CLI)
};

}  // namespace sidecarctl::webhook
