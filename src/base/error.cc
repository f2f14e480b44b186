// Formatting of errors and source locations for users.
#include "base/error.h"

#include <fmt/format.h>

namespace sidecarctl {

std::string SourceLoc::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  return out;
}

std::string Error::to_string() const {
  std::string where = loc.to_string();
  std::string out;
  if (!where.empty()) out = where + ": ";
  if (loc.document >= 0 && !loc.file.empty()) out += fmt::format("(document {}) ", loc.document + 1);
  return out + message;
}

Error Error::with_context(const std::string& context) const {
  Error copy = *this;
  copy.message = context + ": " + message;
  return copy;
}

Error make_error(ErrorKind kind, std::string message, SourceLoc loc) {
  return Error{kind, std::move(message), std::move(loc)};
}

}  // namespace sidecarctl
