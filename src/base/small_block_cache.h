// A cache of small heap blocks for one thread, in front of malloc/free. sidecarctl's work is
// millions of short-lived small objects (JSON tree nodes, strings, map nodes) freed in bursts of a
// whole document; glibc keeps only 7 blocks of a size per thread before it goes to its slower bins,
// which made malloc and free a fifth of kube-inject's instructions. The program's operator new and
// delete (src/base/operator_new/) keep one of these per thread.
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define SIDECARCTL_SMALL_BLOCK_CACHE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIDECARCTL_SMALL_BLOCK_CACHE_ASAN 1
#endif
#endif

namespace sidecarctl {

class SmallBlockCache {
 public:
  static constexpr std::size_t kGranule = 16;   // sizes are rounded up to a multiple of this
  static constexpr std::size_t kLargest = 256;  // larger requests go straight to malloc
  static constexpr std::size_t kClasses = kLargest / kGranule;

  // A cache holding at most byte_limit bytes of free blocks; blocks beyond it go back to free().
  explicit constexpr SmallBlockCache(std::size_t byte_limit) : limit_(byte_limit) {}
  SmallBlockCache(const SmallBlockCache&) = delete;
  SmallBlockCache& operator=(const SmallBlockCache&) = delete;
  // Trivial on purpose: a thread_local cache must stay usable by destructors that run after its
  // owner has called release_all() (see operator_new/cached_operator_new.cc).
  ~SmallBlockCache() = default;

  // A block for size bytes (size <= kLargest): a cached block of its size class, or a new one from
  // malloc; nullptr when malloc fails.
  void* allocate(std::size_t size) {
    std::size_t index = class_index(size);
    FreeBlock* block = heads_[index];
    if (block == nullptr) return allocate_fresh(size);
    before_reuse(block);
    heads_[index] = block->next;
    cached_bytes_ -= class_size(size);
    after_reuse(block, size);
    return block;
  }

  // Takes back a block that allocate(size) returned, with the same size; keeps it while under the
  // limit, else frees it.
  void release(void* block, std::size_t size) {
    std::size_t bytes = class_size(size);
    before_release(block, bytes);
    if (cached_bytes_ + bytes > limit_) return free_block(block);
    auto* cached = static_cast<FreeBlock*>(block);
    std::size_t index = class_index(size);
    cached->next = heads_[index];
    heads_[index] = cached;
    cached_bytes_ += bytes;
    after_release(block, bytes);
  }

  // Frees every cached block; later releases free their block at once (the limit becomes 0).
  void release_all();

  // Bytes held in free blocks (a block counts as its class size).
  std::size_t cached_bytes() const { return cached_bytes_; }

  // The size a request is rounded up to (its class), for size <= kLargest.
  static constexpr std::size_t class_size(std::size_t size) {
    return size == 0 ? kGranule : (size + kGranule - 1) / kGranule * kGranule;
  }

 private:
  struct FreeBlock {
    FreeBlock* next;
  };

  static constexpr std::size_t class_index(std::size_t size) { return class_size(size) / kGranule - 1; }
  static void* allocate_fresh(std::size_t size);  // a miss: malloc
  static void free_block(void* block);

  // Under AddressSanitizer a cached block is poisoned, so a use after delete or a second delete of
  // a cached block is still reported (as use-after-poison), and the rounding tail of a block handed
  // out stays poisoned, so an overflow past the requested size is reported too. Elsewhere no-ops.
#ifdef SIDECARCTL_SMALL_BLOCK_CACHE_ASAN
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
  FreeBlock* heads_[kClasses] = {};
  std::size_t cached_bytes_ = 0;
  std::size_t limit_;
};

}  // namespace sidecarctl
