// `webhook serve` in sidecarctl: runs sidecarctl-webhook in this process's place with the same
// command line (see webhook_serve.h); sidecarctl itself links no HTTPS server.
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include "commands/webhook_serve.h"

namespace sidecarctl::commands {
namespace {

constexpr const char* kHelper = "sidecarctl-webhook";

// This program's folder (empty when /proc/self/exe cannot be read).
std::string own_folder() {
  std::vector<char> buffer(4096);
  ssize_t n = ::readlink("/proc/self/exe", buffer.data(), buffer.size());
  if (n <= 0 || static_cast<std::size_t>(n) >= buffer.size()) return "";
  std::string path(buffer.data(), static_cast<std::size_t>(n));
  return path.substr(0, path.rfind('/'));
}

}  // namespace

Result<void> serve_webhook(const WebhookServeOptions& /*opts: parsed again by the helper*/, Context& ctx) {
  std::string folder = own_folder();
  // A build tree keeps both programs in one folder; an installation has /usr/bin/sidecarctl and
  // /usr/libexec/sidecarctl/sidecarctl-webhook.
  std::vector<std::string> candidates = {folder + "/" + kHelper, folder + "/../libexec/sidecarctl/" + kHelper};
  ctx.out.flush();
  ctx.err.flush();
  for (const std::string& helper : candidates) {
    if (::access(helper.c_str(), X_OK) != 0) continue;
    std::vector<std::string> args = ctx.args;
    if (args.empty()) args.push_back(helper);
    args[0] = helper;
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(helper.c_str(), argv.data());
    return make_error(ErrorKind::kInternal,
                      fmt::format("cannot run {}: {}", helper, std::system_category().message(errno)));
  }
  return make_error(ErrorKind::kInternal,
                    fmt::format("webhook serve: {} (the HTTPS server, installed with sidecarctl) is neither in {} nor "
                                "in {}/../libexec/sidecarctl",
                                kHelper, folder, folder));
}

}  // namespace sidecarctl::commands
