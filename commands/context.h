// What every subcommand receives: istioctl's global flags, the standard streams, the environment,
// and the exit status it sets. Only commands/ knows about argv, stdout/stderr and exit codes.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "base/environment.h"
#include "base/error.h"
#include "base/result.h"

namespace sidecarctl::commands {

// Exit statuses (istioctl's sysexits).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 64;
inline constexpr int kExitBadInput = 65;
inline constexpr int kExitAnalyzeIssues = 79;

// istioctl's persistent flags, shared by every subcommand.
struct GlobalOptions {
  std::string kubeconfig;                    // -c/--kubeconfig
  std::string context;                       // --context
  std::string namespace_;                    // -n/--namespace
  std::string istio_namespace = "istio-system";  // -i/--istioNamespace
  std::string as;                            // --as
  std::vector<std::string> as_groups;        // --as-group
  std::string as_uid;                        // --as-uid
  std::string kubeclient_timeout = "15s";    // --kubeclient-timeout
};

struct Context {
  GlobalOptions globals;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  Environment env;
  bool stdout_is_terminal = false;
  bool stderr_is_terminal = false;
  int exit_code = kExitOk;
  std::vector<std::string> args;  // the command line, argv[0] first (webhook serve runs it again)
};

// The exit status for an error of this kind: usage 64, invalid input 65, anything else 1.
int exit_code_for(const Error& error);

// Prints "error: <file:line:col: message>" on stderr and returns exit_code_for(error).
int report_error(Context& ctx, const Error& error);

// All of standard input, refused (invalid input, nothing kept) beyond kMaxInputBytes, the limit
// files have too, so `cat huge | sidecarctl ...` cannot exhaust memory.
Result<std::string> read_standard_input(Context& ctx);

// Prints "warning: <text>" on stderr.
void report_warning(Context& ctx, const std::string& text);

}  // namespace sidecarctl::commands
