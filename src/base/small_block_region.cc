// SmallBlockRegion: the reservation (mmap), pages handed out per class, and the shared lists.
#include "base/small_block_region.h"

#include <sys/mman.h>
#include <sys/resource.h>

#include <cstdint>
#include <utility>

#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace sidecarctl {

namespace small_block {

void set_next(FreeBlock* block, FreeBlock* next) {
#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
  bool poisoned = __asan_address_is_poisoned(block);
  ASAN_UNPOISON_MEMORY_REGION(block, sizeof(FreeBlock));
  block->next = next;
  if (poisoned) ASAN_POISON_MEMORY_REGION(block, sizeof(FreeBlock));
#else
  block->next = next;
#endif
}

}  // namespace small_block

namespace {

bool address_space_limited() {
  rlimit limit{};
  return getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY;
}

}  // namespace

SmallBlockRegion::SmallBlockRegion(std::size_t bytes_per_class, std::chrono::nanoseconds huge_page_budget)
    : huge_page_budget_(huge_page_budget) {
  std::size_t pages = bytes_per_class / kPageBytes;
  if (pages == 0 || address_space_limited()) return;
  std::size_t bytes = pages * kPageBytes * small_block::kClasses;
  // One huge page more than the shares, so that they can start on a huge-page bound.
  void* base = mmap(nullptr, bytes + kHugePageBytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) return;
  mapping_ = static_cast<char*>(base);
  auto address = reinterpret_cast<std::uintptr_t>(base);
  base_ = mapping_ + (kHugePageBytes - address % kHugePageBytes) % kHugePageBytes;
  bytes_per_class_ = pages * kPageBytes;
}

SmallBlockRegion::~SmallBlockRegion() {
  if (base_ != nullptr) munmap(mapping_, bytes_per_class_ * small_block::kClasses + kHugePageBytes);
}

char* SmallBlockRegion::take_page(std::size_t index) {
  if (base_ == nullptr) return nullptr;
  std::size_t offset = carved_[index].fetch_add(kPageBytes, std::memory_order_relaxed);
  if (offset + kPageBytes > bytes_per_class_) return nullptr;
  char* page = base_ + index * bytes_per_class_ + offset;
  if (offset % kHugePageBytes == 0 && offset >= kHugePageBytes &&
      offset + 2 * kHugePageBytes <= bytes_per_class_ && huge_pages_.load(std::memory_order_relaxed)) {
    // The class's next huge page's worth, advised while no thread has touched it (a best effort:
    // without transparent huge pages the call fails and changes nothing), then committed, timed.
    char* next = page + kHugePageBytes;
    madvise(next, kHugePageBytes, MADV_HUGEPAGE);
    const auto start = std::chrono::steady_clock::now();
    if (madvise(next, kHugePageBytes, MADV_POPULATE_WRITE) == 0 &&
        std::chrono::steady_clock::now() - start > huge_page_budget_)
      huge_pages_.store(false, std::memory_order_relaxed);
  }
#ifdef SIDECARCTL_SMALL_BLOCK_ASAN
  // Shadow memory outlives munmap: a page may carry the poison of an earlier mapping's blocks.
  ASAN_UNPOISON_MEMORY_REGION(page, kPageBytes);
#endif
  return page;
}

void SmallBlockRegion::deposit(std::size_t index, List list) {
  if (list.head == nullptr) return;
  std::lock_guard lock(mutex_);
  List& shared = shared_[index];
  small_block::set_next(list.tail, shared.head);
  if (shared.head == nullptr) shared.tail = list.tail;
  shared.head = list.head;
  shared.count += list.count;
  holds_[index].store(true, std::memory_order_relaxed);
}

SmallBlockRegion::List SmallBlockRegion::withdraw(std::size_t index) {
  std::lock_guard lock(mutex_);
  holds_[index].store(false, std::memory_order_relaxed);
  return std::exchange(shared_[index], List{});
}

std::size_t SmallBlockRegion::deposited(std::size_t index) {
  std::lock_guard lock(mutex_);
  return shared_[index].count;
}

}  // namespace sidecarctl
