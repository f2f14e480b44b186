// Running a helper program (exec credential plugins): posix_spawn with pipes, an argv array (no
// shell), an explicit environment, and a deadline after which the child is killed.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"

namespace sidecarctl::kube {

struct ProcessSpec {
  std::string program;             // an absolute or relative path (resolved by the caller)
  std::vector<std::string> argv;   // argv[0] included
  std::vector<std::string> envp;   // "NAME=value" entries, the child's whole environment
  bool inherit_stdin = false;      // interactive plugins read the terminal; otherwise /dev/null
  bool inherit_stderr = false;     // interactive plugins prompt on stderr; otherwise captured
  std::chrono::milliseconds deadline{60000};
};

struct ProcessResult {
  int exit_code = 0;  // 128+N when killed by signal N
  std::string out;
  std::string err;    // empty when stderr was inherited
};

// Runs a program to completion (or the deadline). Errors: cannot spawn, timed out.
using ProcessRunner = std::function<Result<ProcessResult>(const ProcessSpec&)>;

// The real runner.
Result<ProcessResult> run_process(const ProcessSpec& spec);

// Finds `command` like execvp: as given when it contains '/', else in the PATH directories.
// Returns "" when there is no executable file of that name.
std::string find_executable(const std::string& command, const std::string& path_variable);

}  // namespace sidecarctl::kube
