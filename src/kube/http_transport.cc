// The libcurl transport (the only file that includes curl).
#include "kube/http_transport.h"

#include <arpa/inet.h>

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "kube/curl_library.h"

namespace sidecarctl::kube {
namespace {

// libcurl's functions. Only reached through a handle, which make_curl_transport or fetch_url made
// after loading the library.
const CurlLibrary& curl() { return *curl_library().value(); }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

size_t write_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t write_header(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<Headers*>(user);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();  // a new response (after 100 Continue or a proxy CONNECT)
    return size * count;
  }
  std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    headers->emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return size * count;
}

TransportFailure classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return TransportFailure::kConnect;
    case CURLE_OPERATION_TIMEDOUT: return TransportFailure::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR: return TransportFailure::kTls;
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return TransportFailure::kReset;
    default: return TransportFailure::kOther;
  }
}

// Splits "https://host:port/path" into host and port ("443"/"80" when absent).
bool split_host_port(const std::string& url, std::string& host, std::string& port) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  std::size_t start = scheme + 3;
  std::size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  std::size_t colon = authority.rfind(':');
  bool bracketed = !authority.empty() && authority.front() == '[';
  if (colon != std::string::npos && (!bracketed || authority.rfind(']') < colon)) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  } else {
    host = authority;
    port = url.rfind("https://", 0) == 0 ? "443" : "80";
  }
  return !host.empty();
}

class CurlTransport final : public HttpTransport {
 public:
  CurlTransport(CURL* handle, TransportOptions options) : handle_(handle), options_(std::move(options)) {}
  ~CurlTransport() override {
    curl().easy_cleanup(handle_);
    if (connect_to_ != nullptr) curl().slist_free_all(connect_to_);
  }
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpResponse send(const HttpRequest& request) override;

 private:
  // With tls-server-name the URL names that host and curl is told where it really lives, so SNI
  // and certificate verification use the configured name (client-go's ServerName).
  std::string rewrite_for_server_name(const std::string& url);

  CURL* handle_;
  TransportOptions options_;
  curl_slist* connect_to_ = nullptr;
};

std::string CurlTransport::rewrite_for_server_name(const std::string& url) {
  if (options_.tls_server_name.empty() || url.rfind("https://", 0) != 0) return url;
  std::string host, port;
  if (!split_host_port(url, host, port)) return url;
  if (connect_to_ == nullptr) {
    std::string rule = options_.tls_server_name + ":" + port + ":" + host + ":" + port;
    connect_to_ = curl().slist_append(nullptr, rule.c_str());
    curl().easy_setopt(handle_, CURLOPT_CONNECT_TO, connect_to_);
  }
  std::size_t start = url.find("://") + 3;
  return url.substr(0, start) + options_.tls_server_name + ":" + port + url.substr(start + host.size() + 1 + port.size());
}

void set_blob(CURL* h, CURLoption option, const std::string& pem) {
  curl_blob blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
  curl().easy_setopt(h, option, &blob);
}

HttpResponse CurlTransport::send(const HttpRequest& request) {
  HttpResponse response;
  CURL* h = handle_;
  std::string url = rewrite_for_server_name(request.url);
  curl().easy_setopt(h, CURLOPT_URL, url.c_str());
  curl().easy_setopt(h, CURLOPT_HTTPGET, 1L);
  if (request.method != "GET") {
    curl().easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl().easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    curl().easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else {
    curl().easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);
  }
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    headers = curl().slist_append(headers, (name + ": " + value).c_str());
  }
  headers = curl().slist_append(headers, "Expect:");
  curl().easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  const std::string& cert = request.client_cert_pem.empty() ? options_.client_cert_pem : request.client_cert_pem;
  const std::string& key = request.client_cert_pem.empty() ? options_.client_key_pem : request.client_key_pem;
  if (!cert.empty()) {
    set_blob(h, CURLOPT_SSLCERT_BLOB, cert);
    curl().easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    set_blob(h, CURLOPT_SSLKEY_BLOB, key);
    curl().easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
  }
  curl().easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
  curl().easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  curl().easy_setopt(h, CURLOPT_HEADERFUNCTION, write_header);
  curl().easy_setopt(h, CURLOPT_HEADERDATA, &response.headers);

  CURLcode code = curl().easy_perform(h);
  curl().slist_free_all(headers);
  if (code != CURLE_OK) {
    response.failure = classify(code);
    response.failure_message = curl().easy_strerror(code);
    response.body.clear();
    response.headers.clear();
    return response;
  }
  curl().easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

// The body of a download, capped.
struct Download {
  std::string body;
  std::size_t max_bytes = 0;
  bool too_big = false;
  std::string status_line;  // of the last response ("HTTP/1.1 404 Not Found")
};

size_t write_capped(char* data, size_t size, size_t count, void* user) {
  auto* d = static_cast<Download*>(user);
  if (d->body.size() + size * count > d->max_bytes) {
    d->too_big = true;
    return 0;  // aborts the transfer
  }
  d->body.append(data, size * count);
  return size * count;
}

size_t keep_status_line(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    static_cast<Download*>(user)->status_line = std::string(line);
  }
  return size * count;
}

// "404 Not Found" from "HTTP/1.1 404 Not Found" (the reason phrase may be absent, as in HTTP/2).
std::string status_text(long status, const std::string& status_line) {
  std::string text = std::to_string(status);
  std::size_t code = status_line.find(' ');
  if (code != std::string::npos) {
    std::size_t reason = status_line.find(' ', code + 1);
    if (reason != std::string::npos && reason + 1 < status_line.size()) text += status_line.substr(reason);
  }
  return text;
}

// `url` with any user:password@ replaced, for messages.
std::string without_userinfo(const std::string& url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  std::size_t end = url.find_first_of("/?#", scheme + 3);
  std::size_t at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < scheme) return url;
  return url.substr(0, scheme + 3) + "<redacted>" + url.substr(at);
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) return v;
  }
  return "";
}

Result<std::unique_ptr<HttpTransport>> make_curl_transport(const TransportOptions& options) {
  TRY(curl_library());
  CURL* h = curl().easy_init();
  if (h == nullptr) return make_error(ErrorKind::kInternal, "cannot initialise libcurl");
  auto transport = std::make_unique<CurlTransport>(h, options);
  curl().easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl().easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl().easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl().easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl().easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl().easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl().easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  long timeout = static_cast<long>(options.timeout.count());
  curl().easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout);
  curl().easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout == 0 ? 30000L : std::min(timeout, 30000L));
  if (options.insecure_skip_tls_verify) {
    curl().easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl().easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!options.ca_pem.empty()) {
    set_blob(h, CURLOPT_CAINFO_BLOB, options.ca_pem);
    curl().easy_setopt(h, CURLOPT_CAPATH, nullptr);
  }
  // An empty proxy disables curl's own reading of the environment: the caller decided.
  curl().easy_setopt(h, CURLOPT_PROXY, options.proxy_url.c_str());
  if (!options.no_proxy.empty()) curl().easy_setopt(h, CURLOPT_NOPROXY, options.no_proxy.c_str());
  return std::unique_ptr<HttpTransport>(std::move(transport));
}

Result<std::string> fetch_url(const std::string& url, const FetchOptions& options) {
  TRY(curl_library());
  std::unique_ptr<CURL, void (*)(CURL*)> handle(curl().easy_init(), curl().easy_cleanup);
  if (handle == nullptr) return make_error(ErrorKind::kInternal, "cannot initialise libcurl");
  CURL* h = handle.get();
  Download download;
  download.max_bytes = options.max_bytes;
  curl().easy_setopt(h, CURLOPT_URL, url.c_str());
  curl().easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl().easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl().easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl().easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl().easy_setopt(h, CURLOPT_MAXREDIRS, static_cast<long>(options.max_redirects));
  curl().easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl().easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl().easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
  long timeout = static_cast<long>(options.timeout.count());
  curl().easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout);
  curl().easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout == 0 ? 30000L : std::min(timeout, 30000L));
  if (!options.ca_file.empty()) curl().easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!options.ca_dir.empty()) curl().easy_setopt(h, CURLOPT_CAPATH, options.ca_dir.c_str());
  curl().easy_setopt(h, CURLOPT_PROXY, options.proxy_url.c_str());
  if (!options.no_proxy.empty()) curl().easy_setopt(h, CURLOPT_NOPROXY, options.no_proxy.c_str());
  curl().easy_setopt(h, CURLOPT_WRITEFUNCTION, write_capped);
  curl().easy_setopt(h, CURLOPT_WRITEDATA, &download);
  curl().easy_setopt(h, CURLOPT_HEADERFUNCTION, keep_status_line);
  curl().easy_setopt(h, CURLOPT_HEADERDATA, &download);

  CURLcode code = curl().easy_perform(h);
  const std::string shown = without_userinfo(url);
  if (download.too_big || code == CURLE_FILESIZE_EXCEEDED) {
    return make_error(ErrorKind::kInvalidInput,
                      fmt::format("GET {}: the body is larger than {} MiB", shown, options.max_bytes >> 20));
  }
  if (code == CURLE_TOO_MANY_REDIRECTS) {
    return make_error(ErrorKind::kNetwork, fmt::format("GET {}: more than {} redirects", shown, options.max_redirects));
  }
  if (code != CURLE_OK) {
    return make_error(ErrorKind::kNetwork, fmt::format("GET {}: {}", shown, curl().easy_strerror(code)));
  }
  long status = 0;
  curl().easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    char* effective = nullptr;
    curl().easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
    std::string where = effective != nullptr && url != effective ? fmt::format(" (redirected to {})", without_userinfo(effective)) : "";
    return make_error(status == 404 ? ErrorKind::kNotFound : ErrorKind::kNetwork,
                      fmt::format("GET {}{}: HTTP {}", shown, where, status_text(status, download.status_line)));
  }
  return std::move(download.body);
}

namespace {

// Whether the URL's host is localhost or a loopback address.
bool is_loopback_url(const std::string& server) {
  std::size_t start = server.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  std::string authority = server.substr(start, server.find_first_of("/?#", start) - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  std::string host;
  if (!authority.empty() && authority.front() == '[') {
    host = authority.substr(1, authority.find(']') - 1);
  } else {
    host = authority.substr(0, authority.rfind(':'));
  }
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host == "localhost") return true;
  unsigned char v4[4];
  if (inet_pton(AF_INET, host.c_str(), v4) == 1) return v4[0] == 127;
  unsigned char v6[16];
  if (inet_pton(AF_INET6, host.c_str(), v6) != 1) return false;
  static constexpr unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::equal(v6, v6 + 16, kLoopback) || (std::equal(v6, v6 + 12, kMappedPrefix) && v6[12] == 127);
}

}  // namespace

EnvironmentProxy proxy_from_environment(const std::string& url, const Environment& env) {
  if (is_loopback_url(url)) return {};
  bool https = url.rfind("https://", 0) == 0;
  return {https ? env.get_or("HTTPS_PROXY", env.get_or("https_proxy", ""))
                : env.get_or("HTTP_PROXY", env.get_or("http_proxy", "")),
          env.get_or("NO_PROXY", env.get_or("no_proxy", ""))};
}

}  // namespace sidecarctl::kube
