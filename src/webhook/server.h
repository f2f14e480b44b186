// The HTTPS server of `sidecarctl webhook serve`: cpp-httplib's SSLServer (this is the only file
// that knows it) with /inject (and istiod's path forms), /healthz, /readyz and /metrics, a
// bounded worker pool, limits against slow and large clients, and a graceful stop.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "webhook/injector_slot.h"
#include "webhook/metrics.h"
#include "webhook/request_log.h"
#include "webhook/tls_certificate.h"

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

class Server {
 public:
  Server(ServerOptions options, std::shared_ptr<TlsCertificate> certificate, InjectorSlot& injectors,
         Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket (an error names the address).
  Result<void> bind();

  // The bound port (after bind()).
  int port() const;

  // Serves until stop(); in-flight requests finish before it returns.
  Result<void> serve();

  // Stops accepting and makes serve() return once the connections' current requests are done.
  // Safe from any thread.
  void stop();

  // A log line of the server's own (start, stop, reloads) with `level` and `message` first.
  void log_event(const std::string& level, const std::string& message, const LogLine& extra = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sidecarctl::webhook
