// Objects a command keeps to the end of the process instead of destroying them: freeing a large
// heap one block at a time just before the process exits is work nobody waits for the result of
// (analyze's documents and store: a tenth of its run). Compilers do the same (clang's
// -disable-free). The objects stay reachable from a static, so leak checkers count them as kept,
// not lost.
#pragma once

#include <memory>

namespace sidecarctl {

// Keeps `object` alive until the process exits; it is never destroyed.
void keep_until_exit(std::shared_ptr<const void> object);

}  // namespace sidecarctl
