// Exec credential plugins (client.authentication.k8s.io/v1 and v1beta1): running the plugin with
// KUBERNETES_EXEC_INFO and reading the ExecCredential it prints.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/environment.h"
#include "base/result.h"
#include "kube/kubeconfig.h"
#include "kube/process.h"

namespace sidecarctl::kube {

// What a plugin returned: a bearer token and/or a client certificate, maybe with an expiry.
struct ExecCredential {
  std::string token;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::optional<std::chrono::system_clock::time_point> expiry;
};

// The surroundings of a plugin run.
struct ExecContext {
  Environment env;                  // the process environment handed to the plugin
  bool stdin_is_terminal = false;   // decides interactiveMode IfAvailable / Always
  ProcessRunner runner = run_process;
  std::chrono::milliseconds deadline{60000};
};

// Runs the plugin of `exec` (user `user_name` of kubeconfig `origin`) and parses its output.
// Errors say which plugin failed and how (not found + installHint, exit status + stderr, bad output),
// and never repeat the plugin's standard output (it holds the secret).
Result<ExecCredential> run_exec_plugin(const ExecConfig& exec, const std::string& cluster_info_json,
                                       const std::string& user_name, const std::string& origin,
                                       const ExecContext& context);

// Parses an ExecCredential document printed by a plugin of API version `api_version`.
Result<ExecCredential> parse_exec_credential(std::string_view output, const std::string& api_version);

// Parses an RFC 3339 timestamp ("2026-01-02T03:04:05Z", fractions and offsets allowed).
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace sidecarctl::kube
