// `webhook serve` in process (sidecarctl-webhook only): loads the injection settings, starts the
// HTTPS server of src/webhook, reloads the settings when they change, and stops gracefully on
// SIGTERM/SIGINT.
#include <pthread.h>
#include <signal.h>

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "commands/webhook_serve.h"
#include "inject/injector_fingerprint.h"
#include "kube/duration.h"
#include "webhook/server.h"

namespace sidecarctl::commands {
namespace {

// The limit flags' ranges; an out-of-range value is a usage error naming the flag.
Result<void> check_limits(const WebhookServeOptions& opts) {
  auto out_of = [](const char* flag, std::size_t value, std::size_t low, std::size_t high) -> Result<void> {
    if (value >= low && value <= high) return {};
    return make_error(ErrorKind::kUsage, fmt::format("{} must be {} to {}, got {}", flag, low, high, value));
  };
  TRY(out_of("--workers", opts.limits.workers, 1, 4096));
  TRY(out_of("--max-pending-connections", opts.limits.max_queued_connections, 1, 65536));
  TRY(out_of("--max-request-bytes", opts.limits.max_body_bytes, 4096, std::size_t{1} << 30));
  TRY(out_of("--max-requests-per-connection", opts.limits.keep_alive_max_requests, 1, 1'000'000));
  TRY(out_of("--patch-cache-entries", opts.patch_cache_entries, 0, 65536));
  return {};
}

// Waits for SIGTERM or SIGINT (blocked in every thread) and calls `on_signal` once.
class SignalWaiter {
 public:
  explicit SignalWaiter(std::function<void(int)> on_signal) : on_signal_(std::move(on_signal)) {
    thread_ = std::thread([this] {
      sigset_t set;
      sigemptyset(&set);
      sigaddset(&set, SIGTERM);
      sigaddset(&set, SIGINT);
      int sig = 0;
      sigwait(&set, &sig);
      if (!done_) on_signal_(sig);
    });
  }
  // Ends the waiting thread when no signal came.
  ~SignalWaiter() {
    done_ = true;
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }
  SignalWaiter(const SignalWaiter&) = delete;
  SignalWaiter& operator=(const SignalWaiter&) = delete;

 private:
  std::function<void(int)> on_signal_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

Result<void> serve_webhook(const WebhookServeOptions& opts, Context& ctx) {
  if (opts.cert_file.empty() || opts.key_file.empty()) {
    return make_error(ErrorKind::kUsage, "--tls-cert-file and --tls-private-key-file are required");
  }
  if (opts.log_format != "text" && opts.log_format != "json") {
    return make_error(ErrorKind::kUsage, "--log-format must be text or json, got " + opts.log_format);
  }
  if (opts.port < 0 || opts.port > 65535) {
    return make_error(ErrorKind::kUsage, fmt::format("--port must be 0 to 65535, got {}", opts.port));
  }
  TRY_ASSIGN(auto interval, kube::parse_duration(opts.reload_interval));
  if (interval < std::chrono::milliseconds(100)) {
    return make_error(ErrorKind::kUsage, "--reload-interval must be at least 100ms, got " + opts.reload_interval);
  }
  TRY_ASSIGN(auto request_timeout, kube::parse_duration(opts.request_timeout));
  if (request_timeout < std::chrono::milliseconds(100)) {
    return make_error(ErrorKind::kUsage, "--request-timeout must be at least 100ms, got " + opts.request_timeout);
  }
  TRY(check_limits(opts));
  TRY_ASSIGN(auto keep_alive, kube::parse_duration(opts.keep_alive_timeout));
  if (keep_alive < std::chrono::seconds(1) || keep_alive > std::chrono::hours(1)) {
    return make_error(ErrorKind::kUsage, "--keep-alive-timeout must be 1s to 1h, got " + opts.keep_alive_timeout);
  }
  TRY_ASSIGN(std::string native, native_sidecars_mode(opts.settings, ctx));

  // Signals go to the waiting thread only: block them before any thread starts.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  std::mutex log_mu;
  webhook::Metrics metrics;
  webhook::InjectorSlot slot(opts.patch_cache_entries, kPatchCacheBytes);
  webhook::ServerOptions so = opts.limits;
  so.keep_alive_timeout_seconds =
      static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(keep_alive).count());
  so.address = opts.address;
  so.port = opts.port;
  so.request_timeout = request_timeout;
  so.log_format = opts.log_format == "json" ? webhook::LogFormat::kJson : webhook::LogFormat::kText;
  so.log = [&ctx, &log_mu](const std::string& line) {
    std::lock_guard lock(log_mu);
    ctx.err << line << '\n' << std::flush;
  };

  std::optional<InjectCluster> cluster = settings_cluster(opts.settings, ctx);
  InjectCluster* source = cluster ? &*cluster : nullptr;
  TRY_ASSIGN(inject::Settings settings, load_inject_settings(opts.settings, ctx, source));
  inject::NativeSidecarSupport support = native_sidecar_decision(native, source);
  for (const auto& w : support.warnings) report_warning(ctx, w);
  std::string loaded = inject::injector_fingerprint(settings, support);
  std::vector<std::string> node_warnings = std::move(support.warnings);
  TRY_ASSIGN(inject::Injector first,
             make_injector(opts.settings, ctx, source, std::move(settings), std::move(support), true));
  slot.set(std::make_shared<const inject::Injector>(std::move(first)));
  metrics.set_ready(true);

  webhook::Server* server_ptr = nullptr;
  auto on_cert_reload = [&](const Result<void>& outcome) {
    metrics.record_certificate_reload(outcome.has_value());
    if (server_ptr == nullptr) return;
    if (outcome) {
      server_ptr->log_event("info", "certificate reloaded");
    } else {
      server_ptr->log_event("error", "certificate reload failed, serving the previous one",
                            webhook::LogLine().add("error", outcome.error().message));
    }
  };
  TRY_ASSIGN(auto certificate, webhook::TlsCertificate::load(opts.cert_file, opts.key_file, on_cert_reload));
  webhook::Server server(so, certificate, slot, metrics);
  server_ptr = &server;
  TRY(server.bind());

  // Settings polls: files and ConfigMaps, and with --native-sidecars auto the cluster's Nodes (istiod
  // watches them and decides per pod), are read again every interval; a change builds a new injector,
  // a failure keeps the current one.
  std::mutex stop_mu;
  std::condition_variable stop_cv;
  bool stopping = false;
  std::thread reloader([&] {
    std::unique_lock lock(stop_mu);
    while (!stop_cv.wait_for(lock, interval, [&] { return stopping; })) {
      lock.unlock();
      auto fresh = load_inject_settings(opts.settings, ctx, source, /*quiet=*/true);
      inject::NativeSidecarSupport nodes = native_sidecar_decision(native, source);
      if (nodes.warnings != node_warnings) {
        for (const auto& w : nodes.warnings) server.log_event("warning", w);
        node_warnings = nodes.warnings;
      }
      if (fresh && inject::injector_fingerprint(*fresh, nodes) != loaded) {
        std::string next = inject::injector_fingerprint(*fresh, nodes);
        auto injector = make_injector(opts.settings, ctx, source, std::move(*fresh), std::move(nodes), true);
        if (injector) {
          slot.set(std::make_shared<const inject::Injector>(std::move(*injector)));
          loaded = std::move(next);
          metrics.record_settings_reload(true);
          server.log_event("info", "injection settings reloaded");
        } else {
          fresh = injector.error();
        }
      }
      if (!fresh) {
        metrics.record_settings_reload(false);
        server.log_event("error", "injection settings reload failed, keeping the current ones",
                         webhook::LogLine().add("error", fresh.error().to_string()));
      }
      lock.lock();
    }
  });

  {
    SignalWaiter signals([&](int sig) {
      server.log_event("info", "shutting down", webhook::LogLine().add("signal", sig == SIGINT ? "SIGINT" : "SIGTERM"));
      server.stop();
    });
    server.log_event("info", "serving",
                     webhook::LogLine()
                         .add("address", fmt::format("{}:{}", opts.address, server.port()))
                         .add("revision", opts.settings.revision.empty() ? "default" : opts.settings.revision));
    auto served = server.serve();
    {
      std::lock_guard lock(stop_mu);
      stopping = true;
    }
    stop_cv.notify_all();
    reloader.join();
    TRY(served);
  }
  server.log_event("info", "stopped");
  return {};
}


}  // namespace sidecarctl::commands
