// Tests of OrderedWorkers: items come back in the order they were added, however the threads
// finish them; at most the window is queued; an item's exception comes back with that item.
#include "base/ordered_workers.h"

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace sidecarctl {
namespace {

struct Item {
  int number = 0;
  std::string result;
};

// Later items finish first: the first item of every four sleeps longest.
void slow_first(Item& item) {
  std::this_thread::sleep_for(std::chrono::microseconds(200 * (3 - item.number % 4)));
  if (item.number == 13) throw std::runtime_error("item 13");
  item.result = "done " + std::to_string(item.number);
}

TEST_CASE("OrderedWorkers: items come back in order, the window bounds what is queued") {
  for (int threads : {1, 3}) {
    OrderedWorkers<Item> workers(threads, 4, slow_first);
    CHECK(workers.empty());
    int next_back = 0;
    auto take = [&] {
      if (next_back == 13) {
        CHECK_THROWS_WITH_AS(workers.take_oldest(), "item 13", std::runtime_error);
      } else {
        Item item = workers.take_oldest();
        CHECK(item.number == next_back);
        CHECK(item.result == "done " + std::to_string(next_back));
      }
      ++next_back;
    };
    for (int n = 0; n < 20; ++n) {
      while (workers.full()) take();
      CHECK(n - next_back < 4);
      workers.add(Item{n, ""});
    }
    CHECK(workers.full());
    while (!workers.empty()) take();
    CHECK(next_back == 20);
  }
}

TEST_CASE("OrderedWorkers: a thread per item added, up to the number asked for") {
  OrderedWorkers<Item> many(1000, 4000, slow_first);
  CHECK(many.started() == 0);
  for (int n = 0; n < 3; ++n) many.add(Item{n, ""});
  CHECK(many.started() == 3);
  for (int n = 0; n < 3; ++n) CHECK(many.take_oldest().result == "done " + std::to_string(n));

  OrderedWorkers<Item> two(2, 8, slow_first);
  for (int n = 0; n < 6; ++n) two.add(Item{n, ""});
  CHECK(two.started() == 2);
  for (int n = 0; n < 6; ++n) CHECK(two.take_oldest().number == n);
}

TEST_CASE("OrderedWorkers: destroyed with items still queued, the workers stop") {
  OrderedWorkers<Item> workers(2, 8, slow_first);
  for (int n = 0; n < 8; ++n) workers.add(Item{n, ""});
  CHECK(workers.full());
}

}  // namespace
}  // namespace sidecarctl
