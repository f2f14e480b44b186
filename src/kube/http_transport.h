// The seam between the API client and the network: one request in, one response out. The only
// implementation that touches the network is libcurl's (http_transport.cc); tests use fakes.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/environment.h"
#include "base/result.h"

namespace sidecarctl::kube {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // GET, PATCH, PUT, POST, DELETE
  std::string url;     // absolute, query included
  Headers headers;
  std::string body;
  std::string client_cert_pem;  // from an exec plugin; overrides the transport's certificate
  std::string client_key_pem;
};

// Why no HTTP response arrived.
enum class TransportFailure {
  kNone,
  kConnect,  // could not connect (refused, unreachable, DNS): the request was never sent
  kTls,      // handshake or certificate verification failed
  kTimeout,  // no complete answer in time
  kReset,    // the connection broke (reset, closed without a reply) after the request was sent
  kOther,
};

struct HttpResponse {
  long status = 0;  // 0 when `failure` is set
  Headers headers;  // names as sent by the server
  std::string body;
  TransportFailure failure = TransportFailure::kNone;
  std::string failure_message;

  // The first header called `name` (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

// Connection settings fixed for the life of a transport.
struct TransportOptions {
  std::string ca_pem;  // trust only this CA bundle; empty = the system store
  std::string client_cert_pem;
  std::string client_key_pem;
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;  // SNI and the name verified in the server certificate
  std::string proxy_url;        // "" = direct
  std::string no_proxy;
  std::chrono::milliseconds timeout{15000};  // whole request, 0 = none
  std::string user_agent = "sidecarctl";
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends one request and waits for the whole answer (bodies are decompressed).
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

// libcurl: one handle reused for every request (keep-alive), HTTP/2 over TLS when offered, gzip.
Result<std::unique_ptr<HttpTransport>> make_curl_transport(const TransportOptions& options);

// Settings of a plain download (a manifest named by URL).
struct FetchOptions {
  std::chrono::milliseconds timeout{30000};  // whole transfer, 0 = none
  std::size_t max_bytes = std::size_t{256} << 20;
  int max_redirects = 10;
  std::string ca_file;    // trust these CAs instead of the system store (Go's SSL_CERT_FILE)
  std::string ca_dir;     // ... or the CAs of this directory (SSL_CERT_DIR)
  std::string proxy_url;  // "" = direct
  std::string no_proxy;
  std::string user_agent = "sidecarctl";
};

// GETs an http(s) URL, following redirects, and returns the body. Any status other than 2xx, a
// body over `max_bytes`, a timeout or a TLS failure is an error naming the URL (kNotFound for 404,
// kNetwork otherwise).
Result<std::string> fetch_url(const std::string& url, const FetchOptions& options = {});

// The proxy Go's ProxyFromEnvironment (client-go's, istioctl's) picks for `url`: HTTPS_PROXY (or
// https_proxy) for https, HTTP_PROXY (or http_proxy) otherwise, with NO_PROXY (or no_proxy); none for a
// URL whose host is localhost or a loopback address (127.0.0.0/8, ::1, ::ffff:127.x.x.x).
struct EnvironmentProxy {
  std::string url;       // empty: no proxy
  std::string no_proxy;
};
EnvironmentProxy proxy_from_environment(const std::string& url, const Environment& env);

}  // namespace sidecarctl::kube
