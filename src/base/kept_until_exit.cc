// keep_until_exit: the objects behind a static pointer that is never deleted.
#include "base/kept_until_exit.h"

#include <mutex>
#include <utility>
#include <vector>

namespace sidecarctl {

void keep_until_exit(std::shared_ptr<const void> object) {
  static std::mutex mutex;
  // Never deleted, so its objects are never destroyed, and never a leak.
  static auto* kept = new std::vector<std::shared_ptr<const void>>();
  std::lock_guard lock(mutex);
  kept->push_back(std::move(object));
}

}  // namespace sidecarctl
