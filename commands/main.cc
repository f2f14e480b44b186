// Entry point: builds the command tree, parses argv, maps CLI11's errors to exit 64, and keeps
// one last-resort catch so that no exception escapes as a crash.
#include <unistd.h>

#include <cstring>
#include <exception>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "commands/subcommands.h"

extern char** environ;

namespace {

sidecarctl::Environment process_environment() {
  std::map<std::string, std::string> vars;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq == nullptr) continue;
    vars.emplace(std::string(*e, static_cast<std::size_t>(eq - *e)), std::string(eq + 1));
  }
  return sidecarctl::Environment(std::move(vars));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sidecarctl::commands;
  std::ios::sync_with_stdio(false);
  Context ctx{GlobalOptions{}, std::cin, std::cout, std::cerr, process_environment(),
              ::isatty(STDOUT_FILENO) == 1, ::isatty(STDERR_FILENO) == 1, kExitOk,
              std::vector<std::string>(argv, argv + argc)};
  try {
    CLI::App app{"sidecarctl", "sidecarctl"};
    build_app(app, ctx);
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
      return app.exit(e, std::cout, std::cerr);
    } catch (const CLI::CallForAllHelp& e) {
      return app.exit(e, std::cout, std::cerr);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e, std::cout, std::cerr);
    } catch (const CLI::ParseError& e) {
      std::cerr << "error: " << e.what() << "\n";
      std::cerr << "Run '" << argv[0] << " --help' for usage.\n";
      return kExitUsage;
    }
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "error: cannot write to standard output\n";
      return kExitError;
    }
    return ctx.exit_code;
  } catch (const std::exception& e) {
    std::cerr << "error: internal error: " << e.what() << "\n";
    return kExitError;
  } catch (...) {
    std::cerr << "error: internal error\n";
    return kExitError;
  }
}
