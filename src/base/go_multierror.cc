// go-multierror's text (see go_multierror.h).
#include "base/go_multierror.h"

namespace sidecarctl {

std::string go_multierror_text(const std::vector<std::string>& errors) {
  std::string out = errors.size() == 1 ? "1 error occurred:" : std::to_string(errors.size()) + " errors occurred:";
  for (const std::string& e : errors) out += "\n\t* " + e;
  return out + "\n\n";
}

}  // namespace sidecarctl
