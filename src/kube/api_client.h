// A small Kubernetes API client: JSON over an HttpTransport, with authentication (client
// certificates, bearer tokens and token files, exec plugins, basic auth), impersonation, paging,
// retries where repeating is safe, and Status errors turned into readable messages.
//
// Usage:
//   auto config = kube::load_rest_config(options, env);            // kubeconfig.h
//   auto client = kube::ApiClient::connect(*config, {});           // libcurl transport
//   auto cm = (*client)->get_config_map("istio-system", "istio-sidecar-injector");
//   auto pods = (*client)->list_pods("default");                   // every page, items only
//
// Retries (bounded by ApiClientOptions::max_attempts, exponential backoff, Retry-After honoured):
//   GET and LIST: on 429, 500/502/503/504, refused connections and connections broken mid-answer.
//   PATCH, PUT and anything else: only when the server says or shows it did not act on the request:
//   429 (API priority and fairness rejects before processing), a 5xx carrying Retry-After (as
//   client-go), and connections that never opened. Another 5xx or a broken connection after a write
//   is reported, never repeated here: the caller decides (label-namespace resends its patch under a
//   resourceVersion precondition, which cannot apply twice). Timeouts are never retried (the next
//   attempt would wait as long again).
//   With ApiClientOptions::deadline, retries stop (and backoff sleeps are cut short) at it.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "kube/exec_credential.h"
#include "kube/http_transport.h"
#include "kube/kubeconfig.h"

namespace sidecarctl::kube {

using Json = nlohmann::json;
using Query = std::vector<std::pair<std::string, std::string>>;  // unescaped names and values

// Options of writes (PATCH, PUT).
struct WriteOptions {
  bool dry_run = false;                     // server-side dry run: dryRun=All
  std::string field_manager = "sidecarctl"; // fieldManager=...
  bool force = false;                       // force=true: a server-side apply takes conflicting fields over
};

inline constexpr std::string_view kMergePatch = "application/merge-patch+json";
inline constexpr std::string_view kStrategicMergePatch = "application/strategic-merge-patch+json";
inline constexpr std::string_view kJsonPatch = "application/json-patch+json";
inline constexpr std::string_view kApplyPatch = "application/apply-patch+yaml";  // server-side apply (JSON is YAML)

struct ApiClientOptions {
  int max_attempts = 5;                          // per request, first try included
  std::chrono::milliseconds initial_backoff{250};  // doubled after every retry
  std::chrono::milliseconds max_backoff{8000};     // cap of backoff and of Retry-After
  int page_size = 500;                             // limit= of LIST requests
  std::function<void(std::chrono::milliseconds)> sleep;          // default: sleep the thread
  std::function<std::chrono::system_clock::time_point()> now;    // default: the system clock
  FileReader read;                                 // re-reads tokenFile; default: the disk
  ExecContext exec;                                // environment and runner of exec plugins
  std::function<void(const std::string&)> log;     // debug log (one line per call, secrets redacted)
  // A time limit for everything the client does: no attempt starts and no backoff sleeps past it;
  // the call then fails (kNetwork, "... time limit reached"). Unset: no limit.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

class ApiClient {
 public:
  ApiClient(RestConfig config, std::unique_ptr<HttpTransport> transport, ApiClientOptions options = {});

  // A client over libcurl for `config`.
  static Result<std::unique_ptr<ApiClient>> connect(const RestConfig& config, ApiClientOptions options = {});

  // GET `path` ("/api/v1/namespaces/default"); the parsed JSON body.
  Result<Json> get(const std::string& path, const Query& query = {});
  // LIST `path` page by page (limit/continue); every item, with apiVersion and kind filled in. When a
  // continue token has expired (410, reason Expired), the pages read are dropped and everything is
  // listed again in one request without a limit, as client-go's pager does.
  Result<std::vector<Json>> list(const std::string& path, const Query& query = {});
  // PATCH `path` with `body` of `content_type` (kMergePatch, ...); the updated object.
  Result<Json> patch(const std::string& path, const Json& body, std::string_view content_type,
                     const WriteOptions& options = {});
  // PUT (replace) `path` with `body`; the stored object.
  Result<Json> put(const std::string& path, const Json& body, const WriteOptions& options = {});

  // Conveniences (names are path-escaped).
  Result<Json> get_namespace(const std::string& name);
  Result<Json> get_config_map(const std::string& ns, const std::string& name);
  Result<std::vector<Json>> list_namespaces(const std::string& label_selector = "");
  Result<std::vector<Json>> list_pods(const std::string& ns, const std::string& label_selector = "");
  Result<std::vector<Json>> list_mutating_webhooks(const std::string& label_selector = "");

  const RestConfig& config() const { return config_; }
  // Sets ApiClientOptions::deadline on a connected client.
  void set_deadline(std::chrono::steady_clock::time_point deadline) { options_.deadline = deadline; }
  // The HTTP status of the last answer (0 when none arrived).
  long last_status() const { return last_status_; }
  // Whether the last request may have reached the server without its answer reaching us (a broken
  // connection or a timeout after sending, or a 5xx without Retry-After): the server may or may not
  // have acted.
  bool last_answer_lost() const { return last_answer_lost_; }

 private:
  Result<Json> call(const std::string& method, const std::string& path, const Query& query,
                    const std::string& body, std::string_view content_type);
  Result<void> authenticate(HttpRequest& request, bool refresh);
  bool retry_allowed(const std::string& method, const HttpResponse& response) const;
  std::chrono::milliseconds delay_for(const HttpResponse& response, int attempt) const;
  void log(const std::string& line) const;

  RestConfig config_;
  std::unique_ptr<HttpTransport> transport_;
  ApiClientOptions options_;
  std::optional<ExecCredential> exec_credential_;
  long last_status_ = 0;
  std::string last_reason_;  // the Status reason of the last non-2xx answer
  bool last_answer_lost_ = false;
};

// Percent-escapes one path segment or query value (RFC 3986 unreserved characters kept).
std::string url_escape(std::string_view text);

}  // namespace sidecarctl::kube
