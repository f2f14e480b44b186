// Tests of parallel_for: every index once, on as many threads as asked, and the exception of the
// lowest index rethrown after every call has run.
#include "base/parallel_for.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace sidecarctl {
namespace {

TEST_CASE("parallel_for: each index once, on at most the threads asked for") {
  for (int threads : {0, 1, 2, 5}) {
    CAPTURE(threads);
    std::vector<std::atomic<int>> calls(40);
    std::mutex mutex;
    std::set<std::thread::id> used;
    parallel_for(calls.size(), threads, [&](std::size_t i) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
      ++calls[i];
      std::lock_guard lock(mutex);
      used.insert(std::this_thread::get_id());
    });
    for (const auto& c : calls) CHECK(c == 1);
    CHECK(used.size() >= 1);
    CHECK(used.size() <= static_cast<std::size_t>(std::max(threads, 1)));
    CHECK(used.count(std::this_thread::get_id()) == 1);
  }
}

TEST_CASE("parallel_for: nothing to do runs nothing") {
  int calls = 0;
  parallel_for(0, 4, [&](std::size_t) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("parallel_for: the lowest index's exception, after every call ran") {
  for (int threads : {1, 3}) {
    CAPTURE(threads);
    std::atomic<int> calls{0};
    auto work = [&](std::size_t i) {
      ++calls;
      // The later failure comes first in time with several threads.
      if (i == 7) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        throw std::runtime_error("index 7");
      }
      if (i == 9) throw std::runtime_error("index 9");
    };
    CHECK_THROWS_WITH_AS(parallel_for(12, threads, work), "index 7", std::runtime_error);
    CHECK(calls == 12);
  }
}

TEST_CASE("parallel_for_ranges: contiguous ranges in part order, covering every index once") {
  for (std::size_t count : {std::size_t{0}, std::size_t{5}, std::size_t{103}}) {
    for (std::size_t parts : {std::size_t{1}, std::size_t{4}, std::size_t{5}}) {
      if (parts > count && count > 0) continue;
      CAPTURE(count);
      CAPTURE(parts);
      std::vector<std::pair<std::size_t, std::size_t>> ranges(parts);
      std::vector<std::atomic<int>> seen(count);
      parallel_for_ranges(count, count == 0 ? 0 : parts, 3,
                          [&](std::size_t part, std::size_t begin, std::size_t end) {
                            ranges[part] = {begin, end};
                            for (std::size_t i = begin; i < end; ++i) ++seen[i];
                          });
      for (const auto& s : seen) CHECK(s == 1);
      if (count == 0) continue;
      CHECK(ranges.front().first == 0);
      CHECK(ranges.back().second == count);
      for (std::size_t p = 1; p < parts; ++p) CHECK(ranges[p].first == ranges[p - 1].second);
    }
  }
}

}  // namespace
}  // namespace sidecarctl
