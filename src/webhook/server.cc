// The HTTPS server (see server.h): cpp-httplib wiring, the bounded worker pool and the
// per-connection deadline that ends slow clients.
#include "webhook/server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <thread>
#include <vector>

#include "webhook/inject_handler.h"
#include "webhook/inject_path.h"

namespace sidecarctl::webhook {
namespace {

using Clock = std::chrono::steady_clock;

// A fixed number of workers and a bounded queue of accepted connections: when the queue is full
// the accepting thread waits (the kernel's backlog then holds new clients), so memory stays bounded.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t workers, std::size_t max_queued) : max_queued_(max_queued) {
    for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }
  ~BoundedPool() override { shutdown(); }
  BoundedPool(const BoundedPool&) = delete;
  BoundedPool& operator=(const BoundedPool&) = delete;

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mu_);
    space_.wait(lock, [this] { return jobs_.size() < max_queued_ || stopping_; });
    jobs_.push_back(std::move(fn));
    ready_.notify_one();
  }

  // Runs what is queued, then joins the workers.
  void shutdown() override {
    {
      std::lock_guard lock(mu_);
      if (stopping_ && threads_.empty()) return;
      stopping_ = true;
    }
    ready_.notify_all();
    space_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void work() {
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      space_.notify_one();
      job();
    }
  }

  std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable ready_, space_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

// Every TLS connection gets a deadline when its handshake starts, pushed forward when a request
// starts on it; a thread shuts down the sockets that pass theirs (a client dripping bytes slower
// than the read timeout can otherwise hold a worker for hours). Entries are tied to the SSL
// object through ex_data and removed when OpenSSL frees it. cpp-httplib frees it before closing the
// socket, but that is its internals: a descriptor is shut down only while its peer is still the
// connection's (a closed and reused number has another peer, or none), whatever the order.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::milliseconds budget) : budget_(budget) {
    thread_ = std::thread([this] { run(); });
  }
  ~Watchdog() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  static int ssl_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, &on_free);
    return index;
  }
  static int ctx_index() {
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
  }

  static void on_info(const SSL* ssl, int where, int /*ret*/) {
    if ((where & SSL_CB_HANDSHAKE_START) == 0 || SSL_get_ex_data(ssl, ssl_index()) != nullptr) return;
    auto* self = static_cast<Watchdog*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ctx_index()));
    if (self != nullptr) self->track(const_cast<SSL*>(ssl));
  }

  // A request started on the connection from `addr`:`port`: it gets a new deadline.
  void extend(const std::string& addr, int port) {
    std::lock_guard lock(mu_);
    auto it = by_peer_.find(peer_key(addr, port));
    if (it == by_peer_.end()) return;
    auto entry = entries_.find(it->second);
    if (entry != entries_.end()) entry->second.deadline = Clock::now() + budget_;
  }

  std::uint64_t expired() const { return expired_.load(); }

 private:
  struct Entry {
    int fd = -1;
    std::string peer;
    Clock::time_point deadline;
    bool shut = false;
  };

  static std::string peer_key(const std::string& addr, int port) { return addr + "|" + std::to_string(port); }

  static std::string peer_of(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "";
    char host[INET6_ADDRSTRLEN] = {};
    int port = 0;
    if (ss.ss_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(&ss);
      ::inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
      port = ntohs(in->sin_port);
    } else if (ss.ss_family == AF_INET6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
      ::inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
      port = ntohs(in6->sin6_port);
    }
    return peer_key(host, port);
  }

  void track(SSL* ssl) {
    std::lock_guard registry(registry_mu());  // the lock order of on_free: registry, then mu_
    std::lock_guard lock(mu_);
    std::uint64_t id = ++next_id_;
    Entry e;
    e.fd = SSL_get_fd(ssl);
    e.peer = peer_of(e.fd);
    e.deadline = Clock::now() + budget_;
    by_peer_[e.peer] = id;
    entries_.emplace(id, std::move(e));
    owners_[id] = this;
    SSL_set_ex_data(ssl, ssl_index(), reinterpret_cast<void*>(static_cast<std::uintptr_t>(id)));
  }

  void forget(std::uint64_t id) {
    std::lock_guard lock(mu_);
    auto it = entries_.find(id);
    if (it == entries_.end()) return;
    auto peer = by_peer_.find(it->second.peer);
    if (peer != by_peer_.end() && peer->second == id) by_peer_.erase(peer);
    entries_.erase(it);
  }

  static void on_free(void* /*parent*/, void* ptr, CRYPTO_EX_DATA* /*ad*/, int /*idx*/, long /*argl*/, void* /*argp*/) {
    if (ptr == nullptr) return;
    auto id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(ptr));
    std::lock_guard lock(registry_mu());
    auto it = owners_.find(id);
    if (it == owners_.end()) return;
    Watchdog* owner = it->second;
    owners_.erase(it);
    owner->forget(id);
  }

  static std::mutex& registry_mu() {
    static std::mutex mu;
    return mu;
  }

  void run() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      wake_.wait_for(lock, std::chrono::milliseconds(250));
      auto now = Clock::now();
      for (auto& [id, e] : entries_) {
        if (!e.shut && now > e.deadline) {
          e.shut = true;
          if (e.peer.empty() || peer_of(e.fd) != e.peer) continue;  // closed already, maybe reused
          ::shutdown(e.fd, SHUT_RDWR);
          ++expired_;
        }
      }
    }
  }

  std::chrono::milliseconds budget_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::map<std::uint64_t, Entry> entries_;
  std::map<std::string, std::uint64_t> by_peer_;
  static inline std::map<std::uint64_t, Watchdog*> owners_;  // guarded by registry_mu()
  std::uint64_t next_id_ = 0;
  std::atomic<std::uint64_t> expired_{0};
  bool stopping_ = false;
  std::thread thread_;
};

// What the handler of the current request found out, for the log line (one request at a time per
// worker thread).
struct RequestInfo {
  Clock::time_point start;
  bool inject = false;
  Outcome outcome = Outcome::kBadRequest;
  std::string uid, pod, operation, message;
};
thread_local RequestInfo current;

std::string endpoint_of(const std::string& path) {
  if (is_inject_path(path)) return "/inject";
  if (path == "/healthz" || path == "/readyz" || path == "/metrics") return path;
  return "other";
}

std::string utc_now() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(now)), ms);
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::shared_ptr<TlsCertificate> certificate;
  InjectorSlot& injectors;
  Metrics& metrics;
  std::unique_ptr<Watchdog> watchdog;
  std::unique_ptr<httplib::SSLServer> http;
  std::atomic<bool> stopping{false};
  int port = -1;

  Impl(ServerOptions o, std::shared_ptr<TlsCertificate> c, InjectorSlot& i, Metrics& m)
      : options(std::move(o)), certificate(std::move(c)), injectors(i), metrics(m) {
    watchdog = std::make_unique<Watchdog>(2 * options.request_timeout +
                                          std::chrono::seconds(options.keep_alive_timeout_seconds));
    http = std::make_unique<httplib::SSLServer>([this](SSL_CTX& ctx) {
      SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
      SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
      certificate->attach(&ctx);
      SSL_CTX_set_ex_data(&ctx, Watchdog::ctx_index(), watchdog.get());
      SSL_CTX_set_info_callback(&ctx, &Watchdog::on_info);
      return true;
    });
    configure();
  }

  void configure() {
    httplib::SSLServer& s = *http;
    const std::size_t workers = options.workers, queued = options.max_queued_connections;
    s.new_task_queue = [workers, queued] { return new BoundedPool(workers, queued); };
    s.set_payload_max_length(options.max_body_bytes);
    s.set_read_timeout(options.request_timeout);
    s.set_write_timeout(options.request_timeout);
    s.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
    s.set_keep_alive_max_count(options.keep_alive_max_requests);
    s.set_tcp_nodelay(true);

    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      current = RequestInfo{};
      current.start = Clock::now();
      watchdog->extend(req.remote_addr, req.remote_port);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    auto inject = [this](const httplib::Request& req, httplib::Response& res) {
      ServingInjector serving = injectors.get();
      InjectResponse r = handle_inject(serving.injector.get(), serving.patches.get(), req.path,
                                       req.get_header_value("Content-Type"), req.body);
      if (r.reused) metrics.record_patch_reused();
      current.inject = true;
      current.outcome = r.outcome;
      current.uid = std::move(r.uid);
      current.pod = std::move(r.pod);
      current.operation = std::move(r.operation);
      current.message = std::move(r.message);
      res.status = r.status;
      res.set_content(std::move(r.body), r.content_type.c_str());
    };
    const char* inject_paths = R"(/inject(/.*)?)";
    s.Post(inject_paths, inject);
    s.Get(inject_paths, inject);
    s.Put(inject_paths, inject);
    s.Patch(inject_paths, inject);
    s.Delete(inject_paths, inject);
    s.Options(inject_paths, inject);
    s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
    s.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
      bool ready = injectors.get().injector != nullptr && !stopping;
      res.status = ready ? 200 : 503;
      res.set_content(ready ? "ready\n" : "not ready\n", "text/plain");
    });
    s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
    });
    s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.body.empty()) {
        res.set_content(res.status == 404 ? "not found\n" : fmt::format("error {}\n", res.status), "text/plain");
      }
    });
    s.set_exception_handler([this](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      metrics.record_error("internal");
      res.status = 500;
      res.set_content("internal error\n", "text/plain");
    });
    s.set_logger([this](const httplib::Request& req, const httplib::Response& res) { log_request(req, res); });
  }

  void log_request(const httplib::Request& req, const httplib::Response& res) {
    double seconds = current.start == Clock::time_point{}
                         ? 0.0
                         : std::chrono::duration<double>(Clock::now() - current.start).count();
    std::string endpoint = endpoint_of(req.path);
    std::string result;
    if (current.inject) {
      result = std::string(outcome_name(current.outcome));
    } else if (endpoint == "/inject") {
      result = "bad_request";  // refused by the HTTP layer: too large, malformed
    } else {
      result = res.status < 400 ? "ok" : res.status == 404 ? "not_found" : "error";
    }
    metrics.record_request(endpoint, result, res.status, seconds);
    if (options.log) {
      LogLine line;
      line.add("time", utc_now()).add("level", res.status >= 500 || result == "denied" ? "error" : "info");
      line.add("msg", "request").add("method", req.method).add("path", req.path).add("status", std::to_string(res.status));
      line.add("result", result).add("duration_ms", fmt::format("{:.3f}", seconds * 1000));
      line.add("remote", req.remote_addr + ":" + std::to_string(req.remote_port));
      if (!current.uid.empty()) line.add("uid", current.uid);
      if (!current.operation.empty()) line.add("operation", current.operation);
      if (!current.pod.empty()) line.add("pod", current.pod);
      if (!current.message.empty()) line.add("message", current.message);
      options.log(format_log_line(line, options.log_format));
    }
    current = RequestInfo{};
  }
};

Server::Server(ServerOptions options, std::shared_ptr<TlsCertificate> certificate, InjectorSlot& injectors,
               Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(certificate), injectors, metrics)) {}

Server::~Server() = default;

Result<void> Server::bind() {
  if (!impl_->http->is_valid()) return make_error(ErrorKind::kInternal, "cannot set up TLS");
  if (impl_->options.port == 0) {
    impl_->port = impl_->http->bind_to_any_port(impl_->options.address);
  } else if (impl_->http->bind_to_port(impl_->options.address, impl_->options.port)) {
    impl_->port = impl_->options.port;
  }
  if (impl_->port < 0) {
    return make_error(ErrorKind::kUsage, fmt::format("cannot listen on {}:{} (address in use, or not an address "
                                                     "of this host)",
                                                     impl_->options.address, impl_->options.port));
  }
  return {};
}

int Server::port() const { return impl_->port; }

Result<void> Server::serve() {
  bool ok = impl_->http->listen_after_bind();
  if (!ok && !impl_->stopping) return make_error(ErrorKind::kInternal, "the server stopped accepting connections");
  return {};
}

void Server::stop() {
  impl_->stopping = true;
  impl_->http->stop();
}

void Server::log_event(const std::string& level, const std::string& message, const LogLine& extra) const {
  if (!impl_->options.log) return;
  LogLine line;
  line.add("time", utc_now()).add("level", level).add("msg", message);
  for (const auto& f : extra.fields) line.fields.push_back(f);
  impl_->options.log(format_log_line(line, impl_->options.log_format));
}

}  // namespace sidecarctl::webhook
