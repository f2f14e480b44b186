// Mapping errors to exit statuses and printing them the one way users see them.
#include "commands/context.h"

#include <ostream>

namespace sidecarctl::commands {

int exit_code_for(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kUsage: return kExitUsage;
    case ErrorKind::kInvalidInput: return kExitBadInput;
    case ErrorKind::kInternal:
    case ErrorKind::kIo:
    case ErrorKind::kNotFound:
    case ErrorKind::kNetwork:
    case ErrorKind::kRemote: return kExitError;
  }
  return kExitError;
}

int report_error(Context& ctx, const Error& error) {
  ctx.err << "error: " << error.to_string() << '\n';
  ctx.err.flush();
  return exit_code_for(error);
}

void report_warning(Context& ctx, const std::string& text) {
  ctx.err << "warning: " << text << '\n';
}

}  // namespace sidecarctl::commands
