// The program's global operator new and delete: requests up to SmallBlockCache::kLargest bytes go
// through a cache of free blocks per thread, larger ones straight to malloc. Linked into the
// sidecarctl executable only (the fuzz targets keep their sanitizer's allocator) and left out of
// ThreadSanitizer builds. Every form but the aligned ones is defined here: AddressSanitizer's
// runtime replaces each form it finds undefined, and a block from its nothrow new must not reach
// this cache's free().
#include <cstdlib>
#include <new>

#include "base/small_block_cache.h"

namespace {

using sidecarctl::SmallBlockCache;

// What one thread may hold in free blocks: the working set of a large document.
constexpr std::size_t kThreadCacheBytes = std::size_t{4} << 20;

constinit thread_local SmallBlockCache thread_cache{kThreadCacheBytes};
constinit thread_local bool thread_cache_closer_armed = false;

// Frees the thread's cached blocks when the thread ends. The cache itself is trivially destructible,
// so destructors running after this one still find it, and free what they release at once.
struct ThreadCacheCloser {
  ThreadCacheCloser() = default;
  ThreadCacheCloser(const ThreadCacheCloser&) = delete;
  ThreadCacheCloser& operator=(const ThreadCacheCloser&) = delete;
  ~ThreadCacheCloser() { thread_cache.release_all(); }
};

void arm_thread_cache_closer() {
  thread_cache_closer_armed = true;
  thread_local ThreadCacheCloser closer;
}

// The thread's cache, with its closer armed: a thread may only release blocks others allocated.
SmallBlockCache& cache() {
  if (!thread_cache_closer_armed) arm_thread_cache_closer();
  return thread_cache;
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

void operator delete(void* block) noexcept { std::free(block); }

void operator delete(void* block, std::size_t size) noexcept {
  if (block == nullptr) return;
  if (size > SmallBlockCache::kLargest) {
    std::free(block);
    return;
  }
  cache().release(block, size);
}

void operator delete[](void* block) noexcept { std::free(block); }

// An array's size as given here can include a cookie the compiler added, or leave it out: not
// trusted for the cache.
void operator delete[](void* block, std::size_t) noexcept { std::free(block); }

void operator delete(void* block, const std::nothrow_t&) noexcept { std::free(block); }

void operator delete[](void* block, const std::nothrow_t&) noexcept { std::free(block); }
