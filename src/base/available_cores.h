// How many threads a command's --jobs default gives: the cores this process may run on.
#pragma once

namespace sidecarctl {

// The cores in this process's CPU affinity mask, as Go's runtime.NumCPU counts them (at least 1).
int available_cores();

}  // namespace sidecarctl
