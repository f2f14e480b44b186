// Tests of the small-block region: pages per class, a block's class from its address, the end of
// a class's share, huge pages for the classes that grow, and the shared lists (deposit, withdraw,
// across threads).
#include "base/small_block_region.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace sidecarctl {

namespace {

constexpr std::size_t kShare = 4 * SmallBlockRegion::kPageBytes;  // four pages per class

// A list of count blocks of class index, cut from one page.
SmallBlockRegion::List list_from_page(char* page, std::size_t index, std::size_t count) {
  SmallBlockRegion::List list;
  std::size_t bytes = (index + 1) * small_block::kGranule;
  for (std::size_t i = count; i-- > 0;) {
    auto* block = reinterpret_cast<small_block::FreeBlock*>(page + i * bytes);
    block->next = list.head;
    if (list.head == nullptr) list.tail = block;
    list.head = block;
  }
  list.count = count;
  return list;
}

// Whether the mapping holding `address` is advised for huge pages (VmFlags "hg" in smaps).
bool advised_huge(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  auto at = reinterpret_cast<std::uintptr_t>(address);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-' && line.find(':') > line.find(' ')) {
      inside = at >= begin && at < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return (line + " ").find(" hg ") != std::string::npos;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("SmallBlockRegion: a class that outgrows its first huge page asks for the next ones huge") {
  constexpr std::size_t kHuge = SmallBlockRegion::kHugePageBytes;
  SmallBlockRegion region(4 * kHuge);
  REQUIRE(region.reserved());
  char* first = region.take_page(1);
  CHECK(reinterpret_cast<std::uintptr_t>(first) % kHuge == 0);  // shares start on huge-page bounds
  std::vector<char*> pages{first};
  while (pages.size() * SmallBlockRegion::kPageBytes < 2 * kHuge) pages.push_back(region.take_page(1));
  for (char* page : pages) std::memset(page, 1, SmallBlockRegion::kPageBytes);
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage")) return;  // no THP in this kernel
  CHECK_FALSE(advised_huge(first));          // a class's first 4 MiB are left as they are:
  CHECK_FALSE(advised_huge(first + kHuge));  // most classes never fill them
  CHECK(advised_huge(first + 2 * kHuge));    // advised once the class reached its second
  CHECK(advised_huge(first + 3 * kHuge - 1));
  CHECK_FALSE(advised_huge(first + 3 * kHuge));    // not yet needed
  CHECK_FALSE(advised_huge(region.take_page(2)));  // another class
}

TEST_CASE("SmallBlockRegion: a huge page that commits slower than the budget ends the advice") {
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage")) return;  // no THP in this kernel
  constexpr std::size_t kHuge = SmallBlockRegion::kHugePageBytes;
  // Carves class 1 to its fourth huge page, class 2 to its third: huge pages asked for at the
  // third and fourth of class 1 and the third of class 2, as long as no commit overran.
  auto carve = [](SmallBlockRegion& region) {
    char* first = region.take_page(1);
    for (std::size_t carved = SmallBlockRegion::kPageBytes; carved <= 2 * kHuge;
         carved += SmallBlockRegion::kPageBytes)
      region.take_page(1);
    char* other = region.take_page(2);
    for (std::size_t carved = SmallBlockRegion::kPageBytes; carved <= kHuge;
         carved += SmallBlockRegion::kPageBytes)
      region.take_page(2);
    return std::pair{first, other};
  };
  SmallBlockRegion patient(6 * kHuge, std::chrono::hours(1));
  REQUIRE(patient.reserved());
  auto [first, other] = carve(patient);
  CHECK(advised_huge(first + 2 * kHuge));
  CHECK(advised_huge(first + 3 * kHuge));
  CHECK(advised_huge(other + 2 * kHuge));
  SmallBlockRegion hasty(6 * kHuge, std::chrono::nanoseconds(0));  // every commit overruns
  REQUIRE(hasty.reserved());
  std::tie(first, other) = carve(hasty);
  CHECK(advised_huge(first + 2 * kHuge));  // the first, committed and timed
  CHECK_FALSE(advised_huge(first + 3 * kHuge));
  CHECK_FALSE(advised_huge(other + 2 * kHuge));
}

TEST_CASE("SmallBlockRegion: pages of a class lie in its share and tell their class") {
  SmallBlockRegion region(kShare);
  REQUIRE(region.reserved());
  for (std::size_t index : {std::size_t{0}, std::size_t{4}, small_block::kClasses - 1}) {
    char* page = region.take_page(index);
    REQUIRE(page != nullptr);
    std::memset(page, 0x5a, SmallBlockRegion::kPageBytes);  // the page is writable
    CHECK(region.contains(page));
    CHECK(region.contains(page + SmallBlockRegion::kPageBytes - 1));
    CHECK(region.class_index_of(page) == index);
    CHECK(region.class_index_of(page + SmallBlockRegion::kPageBytes - 1) == index);
  }
  int outside = 0;
  CHECK_FALSE(region.contains(&outside));
  CHECK_FALSE(region.contains(nullptr));
}

TEST_CASE("SmallBlockRegion: a class's share runs out, the others do not") {
  SmallBlockRegion region(kShare);
  REQUIRE(region.reserved());
  std::vector<char*> pages;
  while (char* page = region.take_page(2)) pages.push_back(page);
  CHECK(pages.size() == 4);
  CHECK(region.take_page(2) == nullptr);
  CHECK(region.take_page(3) != nullptr);
}

TEST_CASE("SmallBlockRegion: a share smaller than a page reserves nothing") {
  SmallBlockRegion region(SmallBlockRegion::kPageBytes - 1);
  CHECK_FALSE(region.reserved());
  CHECK(region.take_page(0) == nullptr);
  int block = 0;
  CHECK_FALSE(region.contains(&block));
}

TEST_CASE("SmallBlockRegion: deposited lists are withdrawn whole, the most recent first") {
  SmallBlockRegion region(kShare);
  REQUIRE(region.reserved());
  char* page = region.take_page(1);
  REQUIRE(page != nullptr);
  auto first = list_from_page(page, 1, 10);
  auto second = list_from_page(page + 10 * 32, 1, 5);
  region.deposit(1, first);
  region.deposit(1, second);
  region.deposit(1, {});  // an empty list changes nothing
  CHECK(region.deposited(1) == 15);
  CHECK(region.deposited(0) == 0);

  auto taken = region.withdraw(1);
  CHECK(taken.count == 15);
  CHECK(taken.head == second.head);
  CHECK(taken.tail == first.tail);
  CHECK(second.tail->next == first.head);  // spliced
  CHECK(taken.tail->next == nullptr);
  std::size_t walked = 0;
  for (auto* block = taken.head; block != nullptr; block = block->next) ++walked;
  CHECK(walked == 15);
  CHECK(region.deposited(1) == 0);
  CHECK(region.withdraw(1).head == nullptr);

  region.deposit(1, taken);  // back into an empty shared list: its tail is kept
  region.deposit(1, list_from_page(page + 15 * 32, 1, 2));
  auto again = region.withdraw(1);
  CHECK(again.count == 17);
  CHECK(again.tail == first.tail);
}

TEST_CASE("SmallBlockRegion: threads take pages and trade blocks without losing any") {
  SmallBlockRegion region(64 * SmallBlockRegion::kPageBytes);
  REQUIRE(region.reserved());
  constexpr int kThreads = 4;
  constexpr std::size_t kBlocksPerPage = SmallBlockRegion::kPageBytes / 64;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&region] {
      for (int round = 0; round < 8; ++round) {
        char* page = region.take_page(3);  // 64-byte blocks
        CHECK(page != nullptr);  // REQUIRE would throw out of the thread
        if (page == nullptr) return;
        region.deposit(3, list_from_page(page, 3, kBlocksPerPage));
        region.deposit(3, region.withdraw(3));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(region.deposited(3) == kThreads * 8 * kBlocksPerPage);
}

}  // namespace sidecarctl
