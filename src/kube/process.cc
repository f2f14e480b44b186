// Child processes with captured output and a deadline.
#include "kube/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sidecarctl::kube {
namespace {

// Closes the file descriptors it owns.
struct Pipe {
  int fds[2] = {-1, -1};
  ~Pipe() {
    for (int& fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  void close_end(int i) {
    if (fds[i] >= 0) ::close(fds[i]);
    fds[i] = -1;
  }
};

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

}  // namespace

std::string find_executable(const std::string& command, const std::string& path_variable) {
  if (command.empty()) return "";
  if (command.find('/') != std::string::npos) return is_executable_file(command) ? command : "";
  std::size_t start = 0;
  while (start <= path_variable.size()) {
    std::size_t colon = path_variable.find(':', start);
    if (colon == std::string::npos) colon = path_variable.size();
    std::string dir = path_variable.substr(start, colon - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + command;
    if (is_executable_file(candidate)) return candidate;
    start = colon + 1;
  }
  return "";
}

Result<ProcessResult> run_process(const ProcessSpec& spec) {
  Pipe out_pipe, err_pipe;
  if (::pipe2(out_pipe.fds, O_CLOEXEC) != 0 || ::pipe2(err_pipe.fds, O_CLOEXEC) != 0) {
    return make_error(ErrorKind::kInternal, std::string("cannot create pipes: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!spec.inherit_stdin) posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.fds[1], 1);
  if (!spec.inherit_stderr) posix_spawn_file_actions_adddup2(&actions, err_pipe.fds[1], 2);

  std::vector<char*> argv;
  for (const std::string& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& e : spec.envp) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, spec.program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return make_error(ErrorKind::kIo, "cannot run " + spec.program + ": " + std::strerror(rc));
  }
  out_pipe.close_end(1);
  err_pipe.close_end(1);
  if (spec.inherit_stderr) err_pipe.close_end(0);

  ProcessResult result;
  auto deadline = std::chrono::steady_clock::now() + spec.deadline;
  bool timed_out = false;
  constexpr std::size_t kMaxOutput = 16 * 1024 * 1024;
  while (out_pipe.fds[0] >= 0 || err_pipe.fds[0] >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[2] = {{out_pipe.fds[0], POLLIN, 0}, {err_pipe.fds[0], POLLIN, 0}};
    int n = ::poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (n < 0 && errno != EINTR) break;
    Pipe* pipes[2] = {&out_pipe, &err_pipe};
    std::string* sinks[2] = {&result.out, &result.err};
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char buf[8192];
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0 && sinks[i]->size() < kMaxOutput) sinks[i]->append(buf, static_cast<std::size_t>(got));
      if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN)) pipes[i]->close_end(0);
    }
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return make_error(ErrorKind::kNetwork, spec.program + " did not finish within " +
                                               std::to_string(spec.deadline.count()) + " ms and was killed");
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace sidecarctl::kube
