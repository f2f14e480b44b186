// The text of Go's hashicorp/go-multierror error list, which Istio's validators return and istioctl
// and istiod print as it is.
#pragma once

#include <string>
#include <vector>

namespace sidecarctl {

// What `%v` prints for a *multierror.Error: "1 error occurred:\n\t* a\n\n" or
// "2 errors occurred:\n\t* a\n\t* b\n\n".
std::string go_multierror_text(const std::vector<std::string>& errors);

}  // namespace sidecarctl
