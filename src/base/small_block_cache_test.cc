// Tests of the per-thread block cache: size classes, reuse, the byte limit, release_all, alone and
// attached to a region, and (in the AddressSanitizer build) that cached blocks and rounding tails
// are poisoned, carved ones included.
#include "base/small_block_cache.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include <doctest/doctest.h>

#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
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

TEST_CASE("SmallBlockCache: attached to a region, fresh blocks are carved from its pages, one class per page") {
  SmallBlockRegion region(4 * SmallBlockRegion::kPageBytes);
  REQUIRE(region.reserved());
  SmallBlockCache cache(1 << 20);
  cache.attach(&region);
  auto* first = static_cast<char*>(cache.allocate(40));
  auto* second = static_cast<char*>(cache.allocate(48));
  auto* other = static_cast<char*>(cache.allocate(200));
  REQUIRE(first != nullptr);
  CHECK(region.contains(first));
  CHECK(region.class_index_of(first) == 2);
  CHECK(second == first + 48);  // carved one after the other
  CHECK(region.class_index_of(other) == 12);
  std::memset(first, 'a', 40);
  std::memset(other, 'o', 200);
  cache.release(first, 40);
  CHECK(cache.allocate(33) == first);  // reuse still comes first
  cache.release(first, 40);
  cache.release(second, 48);
  cache.release(other, 200);
  cache.release_all();  // to the region's shared lists, not to free()
  CHECK(cache.cached_bytes() == 0);
  CHECK(region.deposited(2) == 2);
  CHECK(region.deposited(12) == 1);
}

TEST_CASE("SmallBlockCache: attached, a cache over its limit gives every block to the region, and a miss takes them back") {
  SmallBlockRegion region(4 * SmallBlockRegion::kPageBytes);
  REQUIRE(region.reserved());
  SmallBlockCache cache(64);
  cache.attach(&region);
  std::vector<void*> blocks;
  for (int i = 0; i < 6; ++i) blocks.push_back(cache.allocate(16));
  for (int i = 0; i < 4; ++i) cache.release(blocks[i], 16);
  CHECK(cache.cached_bytes() == 64);
  CHECK(region.deposited(0) == 0);
  cache.release(blocks[4], 16);  // over the limit: all five go to the region
  CHECK(cache.cached_bytes() == 0);
  CHECK(region.deposited(0) == 5);
  void* again = cache.allocate(16);  // a miss withdraws the shared blocks before carving
  CHECK(again == blocks[4]);
  CHECK(region.deposited(0) == 0);
  CHECK(cache.cached_bytes() == 64);

  SmallBlockCache other_thread(1 << 20);  // another thread's cache finds what this one gave back
  other_thread.attach(&region);
  cache.release(again, 16);  // over the limit again
  CHECK(region.deposited(0) == 5);
  CHECK(other_thread.allocate(16) == again);
  other_thread.release(again, 16);
  other_thread.release_all();
  cache.release(blocks[5], 16);
  cache.release_all();
  CHECK(region.deposited(0) == 6);
}

TEST_CASE("SmallBlockCache: attached, a class whose share is used up goes on with malloc") {
  SmallBlockRegion region(SmallBlockRegion::kPageBytes);
  REQUIRE(region.reserved());
  SmallBlockCache cache(std::size_t{1} << 30);
  cache.attach(&region);
  std::vector<void*> blocks;
  constexpr std::size_t kPerPage = SmallBlockRegion::kPageBytes / 256;
  for (std::size_t i = 0; i < kPerPage + 3; ++i) blocks.push_back(cache.allocate(256));
  for (std::size_t i = 0; i < kPerPage; ++i) CHECK(region.contains(blocks[i]));
  for (std::size_t i = kPerPage; i < blocks.size(); ++i) {
    REQUIRE(blocks[i] != nullptr);
    CHECK_FALSE(region.contains(blocks[i]));
  }
  for (void* block : blocks) cache.release(block, 256);
  cache.release_all();
  // malloc's blocks stay in the shared list for reuse: released to the region, never freed.
  CHECK(region.deposited(15) == blocks.size());
  SmallBlockCache drain(std::size_t{1} << 30);
  drain.attach(&region);
  std::size_t from_malloc = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    void* block = drain.allocate(256);
    if (!region.contains(block)) {
      ++from_malloc;
      std::free(block);  // the test's own clean-up, for LeakSanitizer
    }
  }
  CHECK(from_malloc == 3);
}

#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
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
