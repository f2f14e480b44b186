// Where the program's small heap blocks come from: one reservation of address space, a share per
// size class, carved into pages that threads cut blocks from, and a shared list per class of
// blocks threads gave back. glibc puts an 8-byte header before every block and searches its bins
// for each fresh one; analyze keeps millions of small blocks alive (every value of every resource),
// so headers were a seventh of its heap and malloc a fifth of its time. A block's class follows
// from its address, so a delete without a size still finds it. Blocks never go back to malloc:
// a thread's SmallBlockCache hands them here (deposit), and takes them back before carving more.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>

#if defined(__SANITIZE_ADDRESS__)
#define SIDECARCTL_SMALL_BLOCK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIDECARCTL_SMALL_BLOCK_ASAN 1
#endif
#endif

namespace sidecarctl {

// Size classes of small blocks, shared by SmallBlockRegion and SmallBlockCache.
namespace small_block {

inline constexpr std::size_t kGranule = 16;   // sizes are rounded up to a multiple of this
inline constexpr std::size_t kLargest = 256;  // larger requests go straight to malloc
inline constexpr std::size_t kClasses = kLargest / kGranule;

// The size a request is rounded up to (its class), for size <= kLargest.
constexpr std::size_t class_size(std::size_t size) {
  return size == 0 ? kGranule : (size + kGranule - 1) / kGranule * kGranule;
}
constexpr std::size_t class_index(std::size_t size) { return class_size(size) / kGranule - 1; }

// A free block, linked through its first bytes.
struct FreeBlock {
  FreeBlock* next;
};

// Sets the link of a free block; under AddressSanitizer free blocks stay poisoned, so the link is
// unpoisoned around the write.
void set_next(FreeBlock* block, FreeBlock* next);

}  // namespace small_block

class SmallBlockRegion {
 public:
  static constexpr std::size_t kPageBytes = std::size_t{64} << 10;
  static constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
  // The longest a huge page may take to commit before the region stops asking for them: about
  // what its 512 small pages take. Under a hypervisor that took back the guest's free memory, a
  // huge page's first touch waits on the host (4-5 ms where small pages, taken from memory
  // the guest still holds, take under 1 ms for the same 2 MiB).
  static constexpr std::chrono::microseconds kHugePageBudget{1000};

  // A list of free blocks of one class, first to last.
  struct List {
    small_block::FreeBlock* head = nullptr;
    small_block::FreeBlock* tail = nullptr;
    std::size_t count = 0;
  };

  // Reserves bytes_per_class of address space for each class (nothing is committed until it is
  // touched). Reserves nothing when the process has an address-space limit (RLIMIT_AS: the
  // reservation would count against it) or the kernel refuses; see reserved().
  explicit SmallBlockRegion(std::size_t bytes_per_class,
                            std::chrono::nanoseconds huge_page_budget = kHugePageBudget);
  SmallBlockRegion(const SmallBlockRegion&) = delete;
  SmallBlockRegion& operator=(const SmallBlockRegion&) = delete;
  ~SmallBlockRegion();

  bool reserved() const { return base_ != nullptr; }
  bool contains(const void* block) const {
    auto* byte = static_cast<const char*>(block);
    return base_ != nullptr && byte >= base_ && byte < base_ + bytes_per_class_ * small_block::kClasses;
  }
  // The class of a block in the region (contains(block)).
  std::size_t class_index_of(const void* block) const {
    return static_cast<std::size_t>(static_cast<const char*>(block) - base_) / bytes_per_class_;
  }

  // A fresh page of kPageBytes for blocks of class index, or nullptr once the class's share is
  // used up (or nothing is reserved). Any thread may call it. Shares start on huge-page bounds;
  // once a class has reached its second huge page's worth, each next one is advised huge
  // (MADV_HUGEPAGE) and committed before it is touched: the few classes that hold most of a large
  // run's blocks then cost one TLB entry per 2 MiB (analyze's analyzers walk their trees at
  // random), while a class that stays small commits no more than it uses. The first commit that
  // takes longer than the huge-page budget ends the advice for every class (small pages are then
  // the cheaper).
  char* take_page(std::size_t index);

  // Adds a list of free blocks of class index to the shared list. The blocks may come from the
  // region or from malloc: once given here they are only ever reused, never freed.
  void deposit(std::size_t index, List list);
  // Takes every block of class index from the shared list (an empty list if it has none): a thread
  // that ends up over its limit gives them back on its next release.
  List withdraw(std::size_t index);
  // Whether the shared list of class index had blocks a moment ago, read without the lock: a
  // thread carving fresh blocks asks this before every one, and takes the lock only when the
  // answer is yes (a stale answer costs a fresh block, or a lock that finds nothing).
  bool holds_deposits(std::size_t index) const { return holds_[index].load(std::memory_order_relaxed); }

  // Blocks of class index in the shared list.
  std::size_t deposited(std::size_t index);

 private:
  char* mapping_ = nullptr;  // the reservation, one huge page longer than the shares
  char* base_ = nullptr;     // the first share, on a huge-page bound
  std::size_t bytes_per_class_ = 0;
  std::atomic<std::size_t> carved_[small_block::kClasses] = {};  // bytes handed out as pages, per class
  std::mutex mutex_;                                             // guards shared_
  List shared_[small_block::kClasses];
  std::atomic<bool> holds_[small_block::kClasses] = {};  // shared_[i].head != nullptr, set under mutex_
  std::chrono::nanoseconds huge_page_budget_;
  std::atomic<bool> huge_pages_{true};  // still advised: no commit has overrun the budget
};

}  // namespace sidecarctl
