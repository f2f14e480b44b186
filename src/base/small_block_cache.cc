// SmallBlockCache's slow paths (a miss, a cache over its limit, the end of a thread) and its
// AddressSanitizer bookkeeping.
#include "base/small_block_cache.h"

#include <cstdlib>

#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
#include <cstdio>

#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace sidecarctl {

#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
namespace {

// The bytes of a block its user may touch: at least one, so that an empty request's block is told
// apart from a cached one.
std::size_t user_bytes(std::size_t size) { return size == 0 ? 1 : size; }

}  // namespace

void SmallBlockCache::before_reuse(FreeBlock* block) { ASAN_UNPOISON_MEMORY_REGION(block, sizeof(FreeBlock)); }

void SmallBlockCache::after_reuse(void* block, std::size_t size) {
  ASAN_POISON_MEMORY_REGION(block, class_size(size));
  ASAN_UNPOISON_MEMORY_REGION(block, user_bytes(size));
}

// A block released while it is cached is a second delete: ASan reports that for a block that went
// to free(), so it is reported here too.
void SmallBlockCache::before_release(void* block, std::size_t bytes) {
  if (__asan_address_is_poisoned(block)) {
    std::fprintf(stderr, "sidecarctl: SmallBlockCache: a block released twice: %p\n", block);
    __sanitizer_print_stack_trace();
    std::abort();
  }
  ASAN_UNPOISON_MEMORY_REGION(block, bytes);
}

void SmallBlockCache::after_release(void* block, std::size_t bytes) { ASAN_POISON_MEMORY_REGION(block, bytes); }
#endif

void* SmallBlockCache::allocate_miss(std::size_t size) {
  if (region_ == nullptr) return allocate_from_malloc(size);
  std::size_t index = class_index(size);
  std::size_t bytes = class_size(size);
  SmallBlockRegion::List shared;
  if (region_->holds_deposits(index)) shared = region_->withdraw(index);
  if (shared.head != nullptr) {
    heads_[index] = shared.head;
    tails_[index] = shared.tail;
    counts_[index] = shared.count;
    cached_bytes_ += shared.count * bytes;
    return allocate(size);
  }
  if (static_cast<std::size_t>(carve_end_[index] - carve_next_[index]) < bytes) {
    char* page = region_->take_page(index);
    if (page == nullptr) return allocate_from_malloc(size);
    carve_next_[index] = page;
    carve_end_[index] = page + SmallBlockRegion::kPageBytes;
  }
  void* block = carve_next_[index];
  carve_next_[index] += bytes;
  after_reuse(block, size);
  return block;
}

void* SmallBlockCache::allocate_from_malloc(std::size_t size) {
  void* block = std::malloc(class_size(size));
#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
  if (block != nullptr) {
    ASAN_POISON_MEMORY_REGION(static_cast<char*>(block) + user_bytes(size), class_size(size) - user_bytes(size));
  }
#endif
  return block;
}

void SmallBlockCache::free_block(void* block) { std::free(block); }

void SmallBlockCache::deposit_all() {
  for (std::size_t index = 0; index < kClasses; ++index) {
    if (heads_[index] == nullptr) continue;
    region_->deposit(index, {heads_[index], tails_[index], counts_[index]});
    heads_[index] = nullptr;
    counts_[index] = 0;
  }
  cached_bytes_ = 0;
}

void SmallBlockCache::release_all() {
  limit_ = 0;
  if (region_ != nullptr) return deposit_all();
  for (std::size_t index = 0; index < kClasses; ++index) {
    while (FreeBlock* head = heads_[index]) {
#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
      ASAN_UNPOISON_MEMORY_REGION(head, (index + 1) * kGranule);
#endif
      heads_[index] = head->next;
      std::free(head);
    }
    counts_[index] = 0;
  }
  cached_bytes_ = 0;
}

}  // namespace sidecarctl
