// A cache of small heap blocks for one thread. sidecarctl's work is millions of short-lived small
// objects (JSON tree nodes, strings, map nodes) freed in bursts of a whole document; glibc keeps
// only 7 blocks of a size per thread before it goes to its slower bins, which made malloc and free
// a fifth of kube-inject's instructions. Attached to a SmallBlockRegion, the cache carves fresh
// blocks from the region's pages and hands blocks over its limit to the region's shared lists;
// alone, it goes to malloc and free. The program's operator new and delete (src/base/operator_new/)
// keep one of these per thread.
#pragma once

#include <cstddef>

#include "base/small_block_region.h"

namespace sidecarctl {

class SmallBlockCache {
 public:
  static constexpr std::size_t kGranule = small_block::kGranule;
  static constexpr std::size_t kLargest = small_block::kLargest;
  static constexpr std::size_t kClasses = small_block::kClasses;

  // A cache holding at most byte_limit bytes of free blocks; blocks beyond it go back to free(),
  // or to the region once one is attached.
  explicit constexpr SmallBlockCache(std::size_t byte_limit) : limit_(byte_limit) {}
  SmallBlockCache(const SmallBlockCache&) = delete;
  SmallBlockCache& operator=(const SmallBlockCache&) = delete;
  // Trivial on purpose: a thread_local cache must stay usable by destructors that run after its
  // owner has called release_all() (see operator_new/cached_operator_new.cc).
  ~SmallBlockCache() = default;

  // From now on fresh blocks come from region (its shared lists, then its pages; malloc once the
  // class's share is used up) and blocks over the limit go to its shared lists. Call it before
  // the first allocate; region must outlive every block.
  void attach(SmallBlockRegion* region) { region_ = region; }

  // A block for size bytes (size <= kLargest): a cached block of its size class, or a fresh one;
  // nullptr when malloc fails.
  void* allocate(std::size_t size) {
    std::size_t index = class_index(size);
    FreeBlock* block = heads_[index];
    if (block == nullptr) return allocate_miss(size);
    before_reuse(block);
    heads_[index] = block->next;
    --counts_[index];
    cached_bytes_ -= class_size(size);
    after_reuse(block, size);
    return block;
  }

  // Takes back a block that allocate(size) returned, with the same size; keeps it while under the
  // limit, else frees it (attached: hands the whole cache to the region).
  void release(void* block, std::size_t size) {
    std::size_t bytes = class_size(size);
    before_release(block, bytes);
    if (cached_bytes_ + bytes > limit_ && region_ == nullptr) return free_block(block);
    auto* cached = static_cast<FreeBlock*>(block);
    std::size_t index = class_index(size);
    cached->next = heads_[index];
    if (heads_[index] == nullptr) tails_[index] = cached;
    heads_[index] = cached;
    ++counts_[index];
    cached_bytes_ += bytes;
    after_release(block, bytes);
    if (cached_bytes_ > limit_) deposit_all();
  }

  // Gives up every cached block (to free(), or to the region); later releases do the same with
  // their block at once (the limit becomes 0).
  void release_all();

  // Bytes held in free blocks (a block counts as its class size).
  std::size_t cached_bytes() const { return cached_bytes_; }

  static constexpr std::size_t class_size(std::size_t size) { return small_block::class_size(size); }

 private:
  using FreeBlock = small_block::FreeBlock;

  static constexpr std::size_t class_index(std::size_t size) { return small_block::class_index(size); }
  void* allocate_miss(std::size_t size);
  static void* allocate_from_malloc(std::size_t size);
  static void free_block(void* block);
  void deposit_all();  // every cached block to the region's shared lists

  // Under AddressSanitizer a cached block is poisoned, so a use after delete or a second delete of
  // a cached block is still reported (as use-after-poison), and the rounding tail of a block handed
  // out stays poisoned, so an overflow past the requested size is reported too. Elsewhere no-ops.
#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
  static void before_reuse(FreeBlock* block);
  static void after_reuse(void* block, std::size_t size);
  static void before_release(void* block, std::size_t bytes);
  static void after_release(void* block, std::size_t bytes);
#else
  static void before_reuse(FreeBlock*) {}
  static void after_reuse(void*, std::size_t) {}
  static void before_release(void*, std::size_t) {}
  static void after_release(void*, std::size_t) {}
#endif
  FreeBlock* heads_[kClasses] = {};  // each class's free blocks, most recent first
  FreeBlock* tails_[kClasses] = {};  // the last of them, while there are any
  std::size_t counts_[kClasses] = {};
  char* carve_next_[kClasses] = {};  // the unused rest of each class's current page
  char* carve_end_[kClasses] = {};
  std::size_t cached_bytes_ = 0;
  std::size_t limit_;
  SmallBlockRegion* region_ = nullptr;
};

}  // namespace sidecarctl
