// The cores this process may run on (see available_cores.h).
#include "base/available_cores.h"

#include <sched.h>

#include <algorithm>
#include <thread>

namespace sidecarctl {

int available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace sidecarctl
