// Mapping errors to exit statuses and printing them the one way users see them.
#include "commands/context.h"

#include <istream>
#include <ostream>

#include "base/file_io.h"

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

Result<std::string> read_standard_input(Context& ctx) {
  std::string text;
  char chunk[1 << 16];
  while (ctx.in.read(chunk, sizeof chunk) || ctx.in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(ctx.in.gcount()));
    if (text.size() > kMaxInputBytes) {
      return make_error(ErrorKind::kInvalidInput, "standard input: input too large (limit " +
                                                      std::to_string(kMaxInputBytes) + " bytes)");
    }
  }
  return text;
}

void report_warning(Context& ctx, const std::string& text) {
  ctx.err << "warning: " << text << '\n';
}

}  // namespace sidecarctl::commands
