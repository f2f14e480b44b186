// Loading a client configuration the way kubectl/client-go do: kubeconfig files (--kubeconfig, else
// the KUBECONFIG list merged first-wins, else ~/.kube/config), else the in-cluster service account.
// A pure function of the options, the environment and the files it reads (see src/kube/README.md).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/environment.h"
#include "base/result.h"

namespace sidecarctl::kube {

// What the user chose on the command line (istioctl's global flags).
struct ClientOptions {
  std::string kubeconfig;                       // -c/--kubeconfig: the only file read when set
  std::string context;                          // --context: instead of current-context
  std::string namespace_override;               // -n/--namespace: wins over the context's namespace
  std::string impersonate_user;                 // --as
  std::vector<std::string> impersonate_groups;  // --as-group
  std::string impersonate_uid;                  // --as-uid
  std::string timeout = "15s";                  // --kubeclient-timeout (Go duration, "0" = none)
};

// Reads a whole file; an error of kind kNotFound when it does not exist.
using FileReader = std::function<Result<std::string>(const std::string& path)>;

// The real file system (base::read_file).
FileReader disk_file_reader();

// A users[].user.exec entry: a credential plugin to run.
struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or v1beta1
  std::string command;      // resolved against the kubeconfig's directory when it contains a '/'
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string interactive_mode;  // Never, IfAvailable, Always
  bool provide_cluster_info = false;
  std::string install_hint;
};

// Everything needed to talk to one API server. Secrets live here and nowhere else.
struct RestConfig {
  std::string server;  // "https://host:port" (path prefix kept, no trailing slash)
  std::string origin;  // where this came from, for messages: the kubeconfig file(s) or "in-cluster"
  std::string context_name;
  std::string cluster_name;
  std::string user_name;
  std::string namespace_ = "default";  // -n, else the context's namespace, else "default"

  // TLS: PEM bytes read from the files or decoded from the *-data fields.
  std::string ca_pem;
  std::string client_cert_pem;
  std::string client_key_pem;
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;
  std::string proxy_url;  // proxy-url, else HTTPS_PROXY/HTTP_PROXY from the environment
  std::string no_proxy;   // NO_PROXY from the environment (ignored when proxy-url is set)

  // Authentication (at most one scheme is used: exec, token/tokenFile, then basic).
  std::string token;
  std::string token_file;  // re-read by the client before every request
  std::string username;
  std::string password;
  std::optional<ExecConfig> exec;
  std::string cluster_info_json;  // ExecCredential spec.cluster (when provideClusterInfo)

  // Impersonation headers.
  std::string impersonate_user;
  std::vector<std::string> impersonate_groups;
  std::string impersonate_uid;
  std::map<std::string, std::vector<std::string>> impersonate_extra;

  std::chrono::milliseconds timeout{15000};  // per request, 0 = none
};

// Builds the configuration for `options` from the environment (KUBECONFIG, HOME,
// KUBERNETES_SERVICE_HOST/PORT, proxies) and the files `read` returns. Errors name the file and the
// entry that is wrong (`config:12:3: users "alice": client-key-data is not valid base64`).
Result<RestConfig> load_rest_config(const ClientOptions& options, const Environment& env,
                                    const FileReader& read = disk_file_reader());

// The kubeconfig files that would be read, in precedence order (empty means in-cluster or nothing).
std::vector<std::string> kubeconfig_paths(const ClientOptions& options, const Environment& env);

// False when load_rest_config could only fail for lack of any configuration: no --kubeconfig, none
// of the KUBECONFIG files (or ~/.kube/config) exists, and no in-cluster environment.
bool client_config_available(const ClientOptions& options, const Environment& env,
                             const FileReader& read = disk_file_reader());

}  // namespace sidecarctl::kube
