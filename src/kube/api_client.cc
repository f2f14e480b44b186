// The API client: request building, authentication, retries, paging and error messages.
#include "kube/api_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "kube/api_status.h"
#include "kube/base64.h"
#include "kube/redact.h"
#include "yaml/json_fields.h"

namespace sidecarctl::kube {
namespace {

constexpr int kMaxPages = 100000;

bool is_safe_method(const std::string& method) { return method == "GET" || method == "HEAD"; }

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t start = s.find_first_not_of(" \t\r\n");
  return start == std::string::npos ? std::string() : s.substr(start);
}

// The seconds of a Retry-After header in its delay-seconds form (client-go reads no other).
std::optional<long> retry_after_of(const HttpResponse& r) {
  std::string value = trim(r.header("Retry-After"));
  if (value.empty() || value.size() >= 7 || value.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stol(value);
}

std::string describe_failure(const HttpResponse& r, const RestConfig& config, const std::string& method,
                             const std::string& url) {
  switch (r.failure) {
    case TransportFailure::kConnect:
      return fmt::format("cannot connect to the API server {}: {}", config.server, r.failure_message);
    case TransportFailure::kTls:
      return fmt::format("TLS connection to {} failed: {} (check certificate-authority, tls-server-name and the "
                         "client certificate of context \"{}\" in {})",
                         config.server, r.failure_message, config.context_name, config.origin);
    case TransportFailure::kTimeout:
      return fmt::format("{} {}: no answer within {} ms ({}; raise --kubeclient-timeout)", method, url,
                         config.timeout.count(), r.failure_message);
    case TransportFailure::kReset:
      return fmt::format("{} {}: the connection broke: {}", method, url, r.failure_message);
    case TransportFailure::kOther:
    case TransportFailure::kNone: break;
  }
  return fmt::format("{} {}: {}", method, url, r.failure_message);
}

// Appends the items of one LIST answer to `items` (apiVersion and kind filled in from the list's); the
// answer's continue token ("" on the last page).
Result<std::string> append_page(const std::string& path, Json doc, std::vector<Json>& items) {
  if (!doc.is_object() || (doc.contains("items") && !doc["items"].is_array() && !doc["items"].is_null())) {
    return make_error(ErrorKind::kRemote, "GET " + path + ": the answer is not a list");
  }
  std::string api_version = yaml::string_field_or(doc, "apiVersion");
  std::string kind = yaml::string_field_or(doc, "kind");
  if (kind.size() > 4 && kind.compare(kind.size() - 4, 4, "List") == 0) kind.resize(kind.size() - 4);
  if (doc.contains("items") && doc["items"].is_array()) {
    for (Json& item : doc["items"]) {
      if (item.is_object()) {
        if (!item.contains("apiVersion") && !api_version.empty()) item["apiVersion"] = api_version;
        if (!item.contains("kind") && !kind.empty()) item["kind"] = kind;
      }
      items.push_back(std::move(item));
    }
  }
  auto meta = doc.find("metadata");
  if (meta != doc.end() && meta->is_object()) {
    auto token = meta->find("continue");
    if (token != meta->end() && token->is_string()) return token->get<std::string>();
  }
  return std::string();
}

}  // namespace

std::string url_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned>(u));
    }
  }
  return out;
}

ApiClient::ApiClient(RestConfig config, std::unique_ptr<HttpTransport> transport, ApiClientOptions options)
    : config_(std::move(config)), transport_(std::move(transport)), options_(std::move(options)) {
  if (!options_.sleep) options_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  if (!options_.now) options_.now = [] { return std::chrono::system_clock::now(); };
  if (!options_.read) options_.read = disk_file_reader();
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  if (options_.page_size < 1) options_.page_size = 500;
}

Result<std::unique_ptr<ApiClient>> ApiClient::connect(const RestConfig& config, ApiClientOptions options) {
  TransportOptions t;
  t.ca_pem = config.ca_pem;
  t.client_cert_pem = config.client_cert_pem;
  t.client_key_pem = config.client_key_pem;
  t.insecure_skip_tls_verify = config.insecure_skip_tls_verify;
  t.tls_server_name = config.tls_server_name;
  t.proxy_url = config.proxy_url;
  t.no_proxy = config.no_proxy;
  t.timeout = config.timeout;
  TRY_ASSIGN(std::unique_ptr<HttpTransport> transport, make_curl_transport(t));
  return std::make_unique<ApiClient>(config, std::move(transport), std::move(options));
}

void ApiClient::log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

Result<void> ApiClient::authenticate(HttpRequest& request, bool refresh) {
  if (config_.exec) {
    bool expired = exec_credential_ && exec_credential_->expiry && options_.now() >= *exec_credential_->expiry;
    if (!exec_credential_ || expired || refresh) {
      log(fmt::format("running exec credential plugin {}", config_.exec->command));
      TRY_ASSIGN(ExecCredential cred, run_exec_plugin(*config_.exec, config_.cluster_info_json, config_.user_name,
                                                      config_.origin, options_.exec));
      exec_credential_ = std::move(cred);
    }
    if (!exec_credential_->token.empty()) {
      request.headers.emplace_back("Authorization", "Bearer " + exec_credential_->token);
    }
    request.client_cert_pem = exec_credential_->client_cert_pem;
    request.client_key_pem = exec_credential_->client_key_pem;
    return {};
  }
  std::string token = config_.token;
  if (!config_.token_file.empty()) {
    // Re-read every time: a rotated (projected) token is used as soon as it is on disk.
    auto content = options_.read(config_.token_file);
    if (content && !trim(*content).empty()) {
      token = trim(*content);
    } else if (token.empty()) {
      return make_error(ErrorKind::kIo, "cannot read tokenFile " + config_.token_file +
                                            (content ? ": the file is empty" : ": " + content.error().message));
    }
  }
  if (!token.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + token);
  } else if (!config_.username.empty() || !config_.password.empty()) {
    request.headers.emplace_back("Authorization", "Basic " + base64_encode(config_.username + ":" + config_.password));
  }
  return {};
}

bool ApiClient::retry_allowed(const std::string& method, const HttpResponse& r) const {
  bool safe = is_safe_method(method);
  if (r.failure == TransportFailure::kConnect) return true;
  if (r.failure == TransportFailure::kReset) return safe;
  if (r.failure != TransportFailure::kNone) return false;
  if (r.status == 429) return true;
  // A 5xx with Retry-After is the server saying it did not act (client-go retries it for any verb).
  if (r.status >= 500 && r.status <= 599 && retry_after_of(r)) return true;
  return safe && (r.status == 500 || r.status == 502 || r.status == 503 || r.status == 504);
}

std::chrono::milliseconds ApiClient::delay_for(const HttpResponse& r, int attempt) const {
  if (auto seconds = retry_after_of(r)) {
    return std::min(std::chrono::milliseconds(*seconds * 1000), options_.max_backoff);
  }
  auto delay = options_.initial_backoff * (1LL << std::min(attempt, 20));
  return std::min(std::chrono::duration_cast<std::chrono::milliseconds>(delay), options_.max_backoff);
}

Result<Json> ApiClient::call(const std::string& method, const std::string& path, const Query& query,
                             const std::string& body, std::string_view content_type) {
  std::string url = config_.server + path;
  char sep = path.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : query) {
    url += sep + url_escape(name) + "=" + url_escape(value);
    sep = '&';
  }
  bool refreshed = false;
  for (int attempt = 0;; ++attempt) {
    if (options_.deadline && std::chrono::steady_clock::now() >= *options_.deadline) {
      std::string tries = attempt > 0 ? fmt::format(" (after {} attempts)", attempt) : "";
      return make_error(ErrorKind::kNetwork, fmt::format("{} {}: time limit reached{}", method, path, tries));
    }
    HttpRequest request;
    request.method = method;
    request.url = url;
    request.body = body;
    request.headers.emplace_back("Accept", "application/json");
    if (!content_type.empty()) request.headers.emplace_back("Content-Type", std::string(content_type));
    if (!config_.impersonate_user.empty()) request.headers.emplace_back("Impersonate-User", config_.impersonate_user);
    for (const auto& group : config_.impersonate_groups) request.headers.emplace_back("Impersonate-Group", group);
    if (!config_.impersonate_uid.empty()) request.headers.emplace_back("Impersonate-Uid", config_.impersonate_uid);
    for (const auto& [key, values] : config_.impersonate_extra) {
      for (const auto& v : values) request.headers.emplace_back("Impersonate-Extra-" + url_escape(key), v);
    }
    TRY(authenticate(request, false));
    if (options_.log) {
      log(fmt::format("> {} {}", method, url));
      for (const auto& [name, value] : request.headers) log(fmt::format(">   {}: {}", name, redact_header_value(name, value)));
      if (!body.empty()) log(fmt::format(">   body: {}", body));
    }
    auto started = std::chrono::steady_clock::now();
    HttpResponse response = transport_->send(request);
    last_status_ = response.status;
    bool answered = response.failure == TransportFailure::kNone;
    last_reason_ = answered && response.status >= 300 ? status_reason(response.body) : "";
    last_answer_lost_ = response.failure == TransportFailure::kReset || response.failure == TransportFailure::kTimeout ||
                        (response.failure == TransportFailure::kNone && response.status >= 500 && !retry_after_of(response));
    if (options_.log) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
      if (response.failure != TransportFailure::kNone) {
        log(fmt::format("< failed after {} ms: {}", ms.count(), response.failure_message));
      } else {
        log(fmt::format("< {} {} ({} ms, {} bytes)", response.status, http_reason(response.status), ms.count(),
                        response.body.size()));
      }
    }
    // Exec credentials may have been revoked early: run the plugin again once (the server did
    // not act on an unauthenticated request, so this is safe for any method).
    if (response.status == 401 && config_.exec && !refreshed) {
      refreshed = true;
      TRY(authenticate(request, true));
      --attempt;
      continue;
    }
    bool ok = response.failure == TransportFailure::kNone && response.status >= 200 && response.status < 300;
    if (!ok && attempt + 1 < options_.max_attempts && retry_allowed(method, response)) {
      auto delay = delay_for(response, attempt);
      if (options_.deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*options_.deadline -
                                                                          std::chrono::steady_clock::now());
        delay = std::max(std::chrono::milliseconds(0), std::min(delay, left));
      }
      log(fmt::format("retrying in {} ms (attempt {} of {})", delay.count(), attempt + 2, options_.max_attempts));
      options_.sleep(delay);
      continue;
    }
    std::string tries = attempt > 0 ? fmt::format(" (after {} attempts)", attempt + 1) : "";
    if (response.failure != TransportFailure::kNone) {
      return make_error(ErrorKind::kNetwork, describe_failure(response, config_, method, url) + tries);
    }
    if (!ok) {
      Error e = status_error(response.status, response.body, method, path);
      e.message += tries;
      return e;
    }
    if (trim(response.body).empty()) return Json();
    Json parsed = Json::parse(response.body, nullptr, false);
    if (parsed.is_discarded()) {
      return make_error(ErrorKind::kRemote,
                        fmt::format("{} {}: the server's answer is not JSON ({} bytes)", method, path, response.body.size()));
    }
    return parsed;
  }
}

Result<Json> ApiClient::get(const std::string& path, const Query& query) { return call("GET", path, query, "", ""); }

Result<std::vector<Json>> ApiClient::list(const std::string& path, const Query& query) {
  std::vector<Json> items;
  std::string continue_token;
  for (int page = 0; page < kMaxPages; ++page) {
    Query q = query;
    q.emplace_back("limit", std::to_string(options_.page_size));
    if (!continue_token.empty()) q.emplace_back("continue", continue_token);
    auto doc = call("GET", path, q, "", "");
    if (!doc && !continue_token.empty() && last_status_ == 410 && last_reason_ == "Expired") {
      // The first page's resourceVersion was compacted away: as client-go's pager, list everything again in
      // one request (the pages read so far may be out of date; the token of the Expired answer would continue
      // inconsistently).
      log("continue token expired: listing " + path + " again without paging");
      items.clear();
      TRY_ASSIGN(Json full, call("GET", path, query, "", ""));
      TRY(append_page(path, std::move(full), items));
      return items;
    }
    if (!doc) return doc.error();
    TRY_ASSIGN(continue_token, append_page(path, std::move(*doc), items));
    if (continue_token.empty()) return items;
  }
  return make_error(ErrorKind::kRemote, "GET " + path + ": the server kept returning continue tokens");
}

Result<Json> ApiClient::patch(const std::string& path, const Json& body, std::string_view content_type,
                              const WriteOptions& options) {
  Query q;
  if (!options.field_manager.empty()) q.emplace_back("fieldManager", options.field_manager);
  if (options.dry_run) q.emplace_back("dryRun", "All");
  if (options.force) q.emplace_back("force", "true");
  return call("PATCH", path, q, body.dump(), content_type);
}

Result<Json> ApiClient::put(const std::string& path, const Json& body, const WriteOptions& options) {
  Query q;
  if (!options.field_manager.empty()) q.emplace_back("fieldManager", options.field_manager);
  if (options.dry_run) q.emplace_back("dryRun", "All");
  return call("PUT", path, q, body.dump(), "application/json");
}

Result<Json> ApiClient::get_namespace(const std::string& name) { return get("/api/v1/namespaces/" + url_escape(name)); }

Result<Json> ApiClient::get_config_map(const std::string& ns, const std::string& name) {
  return get("/api/v1/namespaces/" + url_escape(ns) + "/configmaps/" + url_escape(name));
}

Result<std::vector<Json>> ApiClient::list_namespaces(const std::string& label_selector) {
  Query q;
  if (!label_selector.empty()) q.emplace_back("labelSelector", label_selector);
  return list("/api/v1/namespaces", q);
}

Result<std::vector<Json>> ApiClient::list_pods(const std::string& ns, const std::string& label_selector) {
  Query q;
  if (!label_selector.empty()) q.emplace_back("labelSelector", label_selector);
  return list(ns.empty() ? "/api/v1/pods" : "/api/v1/namespaces/" + url_escape(ns) + "/pods", q);
}

Result<std::vector<Json>> ApiClient::list_mutating_webhooks(const std::string& label_selector) {
  Query q;
  if (!label_selector.empty()) q.emplace_back("labelSelector", label_selector);
  return list("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", q);
}

}  // namespace sidecarctl::kube
