// --verify: each payload goes to the real iptables-restore (nft and legacy back ends) inside a
// network namespace of its own, created by a forked child with unshare(2) and gone when the
// child exits, so the caller's namespace is never touched. Processes are spawned with argv
// arrays (posix_spawn), never through a shell.
#include "commands/iptables_verify.h"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "iptables/render.h"

extern char** environ;

namespace sidecarctl::commands {
namespace {

struct Outcome {
  bool ran = false;
  int status = -1;
  std::string output;  // stdout and stderr
};

// Runs argv with `input` on stdin; returns its exit status and combined output.
Outcome run_process(const std::vector<std::string>& argv, const std::string& input) {
  Outcome o;
  int in_pipe[2], out_pipe[2];
  if (pipe(in_pipe) != 0) return o;
  if (pipe(out_pipe) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    return o;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 2);
  posix_spawn_file_actions_addclose(&actions, in_pipe[1]);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (rc != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    o.output = argv[0] + ": " + std::strerror(rc);
    return o;
  }
  // Payloads are small (well under a pipe buffer), so writing all before reading cannot block.
  std::size_t off = 0;
  while (off < input.size()) {
    ssize_t n = write(in_pipe[1], input.data() + off, input.size() - off);
    if (n <= 0) break;
    off += static_cast<std::size_t>(n);
  }
  close(in_pipe[1]);
  char buf[4096];
  ssize_t n = 0;
  while ((n = read(out_pipe[0], buf, sizeof buf)) > 0) o.output.append(buf, static_cast<std::size_t>(n));
  close(out_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  o.ran = true;
  o.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return o;
}

// Group names used in --gid-owner that this system cannot resolve.
std::set<std::string> missing_groups(const std::string& payload) {
  std::set<std::string> missing;
  std::istringstream in(payload);
  std::string token, previous;
  while (in >> token) {
    if (previous == "--gid-owner" && token.find_first_not_of("0123456789") != std::string::npos && getgrnam(token.c_str()) == nullptr) {
      missing.insert(token);
    }
    previous = token;
  }
  return missing;
}

// In the child, inside its own mount namespace: /etc/group gains the missing groups, as they
// would exist in the pod (a bind mount private to this namespace).
std::string add_groups(const std::set<std::string>& groups) {
  if (groups.empty()) return "";
  if (unshare(CLONE_NEWNS) != 0 || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return std::string("cannot make a private mount namespace for groups: ") + std::strerror(errno);
  }
  char path[] = "/tmp/sidecarctl-verify-group-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return std::string("mkstemp: ") + std::strerror(errno);
  close(fd);
  std::ifstream in("/etc/group");
  std::ofstream out(path);
  out << in.rdbuf();
  unsigned gid = 61000;
  for (const std::string& g : groups) out << g << ":x:" << gid++ << ":\n";
  out.close();
  std::string error;
  if (mount(path, "/etc/group", nullptr, MS_BIND, nullptr) != 0) error = std::string("bind /etc/group: ") + std::strerror(errno);
  unlink(path);
  return error;
}

struct Check {
  std::string family, backend;
  bool accepted = false;
  std::string detail;  // restore's error output, or the rules read back
};

// Forks a child that makes a fresh network namespace, loads `payload` and reads it back.
Check check_in_namespace(const std::string& restore, const std::string& save, const std::string& payload) {
  Check c;
  int report[2];
  if (pipe(report) != 0) {
    c.detail = std::string("pipe: ") + std::strerror(errno);
    return c;
  }
  pid_t pid = fork();
  if (pid < 0) {
    c.detail = std::string("fork: ") + std::strerror(errno);
    close(report[0]);
    close(report[1]);
    return c;
  }
  if (pid == 0) {
    close(report[0]);
    std::string text;
    if (unshare(CLONE_NEWNET) != 0) {
      text = "E" + std::string("unshare(CLONE_NEWNET): ") + std::strerror(errno);
    } else {
      std::string group_error = add_groups(missing_groups(payload));
      Outcome loaded = run_process({restore, "--noflush"}, payload);
      if (!group_error.empty()) {
        text = "E" + group_error;
      } else if (!loaded.ran || loaded.status != 0) {
        text = "R" + loaded.output;
      } else {
        Outcome saved = run_process({save}, "");
        text = (saved.ran && saved.status == 0 ? "A" : "E") + saved.output;
      }
    }
    std::size_t off = 0;
    while (off < text.size()) {
      ssize_t n = write(report[1], text.data() + off, text.size() - off);
      if (n <= 0) break;
      off += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(report[1]);
  std::string text;
  char buf[4096];
  ssize_t n = 0;
  while ((n = read(report[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  close(report[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  c.accepted = !text.empty() && text[0] == 'A';
  c.detail = text.empty() ? "no report from the verification process" : text.substr(1);
  if (!c.accepted && !text.empty() && text[0] == 'E') c.detail = "cannot verify: " + c.detail;
  return c;
}

// Keeps the rule lines of iptables-save output (drops comments and counters).
std::string rules_read_back(const std::string& saved) {
  std::istringstream in(saved);
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == ':') {
      std::size_t space = line.find(' ');
      line = line.substr(0, space);
    }
    out += "    " + line + "\n";
  }
  return out;
}

}  // namespace

int verify_payloads(const std::vector<iptables::PreviewSection>& sections, Context& ctx) {
  if (geteuid() != 0) {
    ctx.err << "error: --verify needs root (CAP_SYS_ADMIN to create a network namespace and CAP_NET_ADMIN to load rules); "
               "run it as root, e.g. with sudo\n";
    return kExitUsage;
  }
  bool all = true;
  int unverifiable = 0;
  ctx.out << "# verify: each payload loaded with iptables-restore --noflush in a fresh network namespace\n";
  for (const iptables::PreviewSection& s : sections) {
    if (s.has_workload) ctx.out << "# workload: " << s.workload.title() << "\n";
    for (const iptables::FamilyRules* fam : {&s.rules.v4, &s.rules.v6}) {
      if (fam == &s.rules.v6 && !s.rules.ipv6) continue;
      std::string payload = iptables::restore_payload(*fam);
      std::string family = fam->family == iptables::Family::kV4 ? "iptables" : "ip6tables";
      for (const char* backend : {"nft", "legacy"}) {
        Check c = check_in_namespace(family + "-" + backend + "-restore", family + "-" + backend + "-save", payload);
        if (c.detail.rfind("cannot verify: ", 0) == 0) {
          ++unverifiable;
          ctx.out << "# " << family << " (" << backend << "): " << c.detail << "\n";
          continue;
        }
        all = all && c.accepted;
        ctx.out << "# " << family << " (" << backend << "): " << (c.accepted ? "accepted" : "REJECTED") << "\n";
        ctx.out << (c.accepted ? rules_read_back(c.detail) : "    " + c.detail + "\n");
      }
    }
  }
  if (!all) return kExitError;
  if (unverifiable > 0) {
    ctx.err << "error: --verify could not run " << unverifiable << " check(s) (see above)\n";
    return kExitError;
  }
  return kExitOk;
}

}  // namespace sidecarctl::commands
