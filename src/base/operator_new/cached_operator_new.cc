// The program's global operator new and delete: requests up to SmallBlockCache::kLargest bytes go
// through a cache of free blocks per thread over one SmallBlockRegion, larger ones straight to
// malloc. Linked into the sidecarctl executable only (the fuzz targets keep their sanitizer's
// allocator) and left out of ThreadSanitizer builds. Under AddressSanitizer there is no region:
// fresh blocks come from malloc, so LeakSanitizer still sees every block a test leaks. Every form
// but the aligned ones is defined here: AddressSanitizer's runtime replaces each form it finds
// undefined, and a block from its nothrow new must not reach this cache's free().
#include <cstdlib>
#include <new>

#include "base/small_block_cache.h"
#include "base/small_block_region.h"

namespace {

using sidecarctl::SmallBlockCache;
using sidecarctl::SmallBlockRegion;

// What one thread may hold in free blocks: the working set of a large document.
constexpr std::size_t kThreadCacheBytes = std::size_t{4} << 20;

constinit thread_local SmallBlockCache thread_cache{kThreadCacheBytes};
constinit thread_local bool thread_cache_closer_armed = false;

// Gives up the thread's cached blocks when the thread ends. The cache itself is trivially
// destructible, so destructors running after this one still find it, and give up what they
// release at once.
struct ThreadCacheCloser {
  ThreadCacheCloser() = default;
  ThreadCacheCloser(const ThreadCacheCloser&) = delete;
  ThreadCacheCloser& operator=(const ThreadCacheCloser&) = delete;
  ~ThreadCacheCloser() { thread_cache.release_all(); }
};

// The process's region, or nullptr (AddressSanitizer builds, or no reservation). Never destroyed:
// destructors of static objects free blocks until the process ends.
SmallBlockRegion* shared_region() {
#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
  return nullptr;
#else
  // Address space for each size class: far more than any input within the program's limits
  // needs; a class that runs out goes on with malloc.
  constexpr std::size_t kRegionBytesPerClass = std::size_t{4} << 30;
  alignas(SmallBlockRegion) static unsigned char storage[sizeof(SmallBlockRegion)];
  static SmallBlockRegion* const region = new (storage) SmallBlockRegion(kRegionBytesPerClass);
  return region->reserved() ? region : nullptr;
#endif
}

void arm_thread_cache_closer() {
  thread_cache_closer_armed = true;
  thread_cache.attach(shared_region());
  thread_local ThreadCacheCloser closer;
}

// The thread's cache, with its closer armed: a thread may only release blocks others allocated.
SmallBlockCache& cache() {
  if (!thread_cache_closer_armed) arm_thread_cache_closer();
  return thread_cache;
}

// A block deleted without its size (or with one not to be trusted): the region's blocks know
// their class by their address; the rest came from malloc.
void release_unsized(void* block) {
  SmallBlockRegion* region = shared_region();
  if (region != nullptr && region->contains(block)) {
    cache().release(block, (region->class_index_of(block) + 1) * SmallBlockCache::kGranule);
  } else {
    std::free(block);
  }
}

void* allocate_or_null(std::size_t size) {
  if (size > SmallBlockCache::kLargest) return std::malloc(size);
  return cache().allocate(size);
}

}  // namespace

void* operator new(std::size_t size) {
  while (true) {
    if (void* block = allocate_or_null(size)) return block;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* operator new[](std::size_t size) { return ::operator new(size); }

void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return ::operator new(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

void* operator new[](std::size_t size, const std::nothrow_t& nothrow) noexcept { return ::operator new(size, nothrow); }

void operator delete(void* block) noexcept { release_unsized(block); }

void operator delete(void* block, std::size_t size) noexcept {
  if (block == nullptr) return;
  if (size > SmallBlockCache::kLargest) {
    std::free(block);
    return;
  }
  cache().release(block, size);
}

void operator delete[](void* block) noexcept { release_unsized(block); }

// An array's size as given here can include a cookie the compiler added, or leave it out: not
// trusted for the cache.
void operator delete[](void* block, std::size_t) noexcept { release_unsized(block); }

void operator delete(void* block, const std::nothrow_t&) noexcept { release_unsized(block); }

void operator delete[](void* block, const std::nothrow_t&) noexcept { release_unsized(block); }
