// Tests of the per-thread block cache: size classes, reuse, the byte limit, release_all, and (in the
// AddressSanitizer build) that cached blocks and rounding tails are poisoned.
#include "base/small_block_cache.h"

#include <cstring>
#include <vector>

#include <doctest/doctest.h>

#ifdef SIDECARCTL_SMALL_BLOCK_CACHE_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace sidecarctl {

TEST_CASE("SmallBlockCache: sizes round up to classes of 16 bytes") {
  CHECK(SmallBlockCache::class_size(0) == 16);
  CHECK(SmallBlockCache::class_size(1) == 16);
  CHECK(SmallBlockCache::class_size(16) == 16);
  CHECK(SmallBlockCache::class_size(17) == 32);
  CHECK(SmallBlockCache::class_size(255) == 256);
  CHECK(SmallBlockCache::class_size(SmallBlockCache::kLargest) == SmallBlockCache::kLargest);
}

TEST_CASE("SmallBlockCache: a released block comes back for a request of its class, last in first out") {
  SmallBlockCache cache(1 << 20);
  void* first = cache.allocate(40);
  void* second = cache.allocate(48);  // the same class as 40
  REQUIRE(first != nullptr);
  REQUIRE(second != nullptr);
  std::memset(first, 'a', 40);
  std::memset(second, 'b', 48);
  cache.release(first, 40);
  cache.release(second, 48);
  CHECK(cache.cached_bytes() == 96);
  CHECK(cache.allocate(33) == second);
  CHECK(cache.allocate(40) == first);
  CHECK(cache.cached_bytes() == 0);
  void* other = cache.allocate(100);  // another class: a fresh block
  CHECK(other != first);
  CHECK(other != second);
  cache.release(first, 40);
  cache.release(second, 48);
  cache.release(other, 100);
  cache.release_all();
}

TEST_CASE("SmallBlockCache: blocks beyond the byte limit are freed, not kept") {
  SmallBlockCache cache(64);
  std::vector<void*> blocks;
  for (int i = 0; i < 6; ++i) blocks.push_back(cache.allocate(16));
  for (void* block : blocks) cache.release(block, 16);
  CHECK(cache.cached_bytes() == 64);  // four of the six
  cache.release_all();
  CHECK(cache.cached_bytes() == 0);
}

TEST_CASE("SmallBlockCache: after release_all nothing is kept any more") {
  SmallBlockCache cache(1 << 20);
  void* block = cache.allocate(200);
  cache.release(block, 200);
  CHECK(cache.cached_bytes() == 208);
  cache.release_all();
  CHECK(cache.cached_bytes() == 0);
  void* again = cache.allocate(200);  // still usable: malloc's block
  REQUIRE(again != nullptr);
  cache.release(again, 200);
  CHECK(cache.cached_bytes() == 0);
}

#ifdef SIDECARCTL_SMALL_BLOCK_CACHE_ASAN
TEST_CASE("SmallBlockCache: cached blocks and rounding tails are poisoned for AddressSanitizer") {
  SmallBlockCache cache(1 << 20);
  auto* block = static_cast<char*>(cache.allocate(20));
  CHECK(__asan_region_is_poisoned(block, 20) == nullptr);
  CHECK(__asan_address_is_poisoned(block + 20));
  CHECK(__asan_address_is_poisoned(block + 31));
  cache.release(block, 20);
  CHECK(__asan_address_is_poisoned(block));
  CHECK(__asan_address_is_poisoned(block + 19));
  auto* again = static_cast<char*>(cache.allocate(25));  // the same 32-byte class
  REQUIRE(again == block);
  CHECK(__asan_region_is_poisoned(again, 25) == nullptr);
  CHECK(__asan_address_is_poisoned(again + 25));
  auto* empty = static_cast<char*>(cache.allocate(0));
  CHECK_FALSE(__asan_address_is_poisoned(empty));  // told apart from a cached block
  CHECK(__asan_address_is_poisoned(empty + 1));
  cache.release(empty, 0);
  cache.release(again, 25);
  cache.release_all();
}
#endif

}  // namespace sidecarctl
