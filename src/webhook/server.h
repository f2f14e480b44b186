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
#include "webhook/server_options.h"
#include "webhook/tls_certificate.h"

namespace sidecarctl::webhook {

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
