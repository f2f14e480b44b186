// Tests of the program's operator new and delete (linked into this test as into sidecarctl): small
// blocks are reused on their thread, blocks cross threads, a thread's cache is freed when it ends
// (LeakSanitizer would report it otherwise), and a failed allocation throws std::bad_alloc.
#include <cstddef>
#include <map>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

// malloc returns null for an impossible size instead of stopping the test under AddressSanitizer.
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1"; }

TEST_CASE("operator new: a small block deleted with its size is reused by the next request of its class") {
  void* first = ::operator new(72);
  ::operator delete(first, 72);
  void* second = ::operator new(80);  // the same 80-byte class
  CHECK(second == first);
  ::operator delete(second, 80);
}

TEST_CASE("operator new: large blocks, unsized deletes and arrays") {
  void* large = ::operator new(4096);
  ::operator delete(large, 4096);
  void* unsized = ::operator new(24);
  ::operator delete(unsized);
  auto* array = new std::string[3]{"a", std::string(100, 'b'), "c"};
  CHECK(array[1].size() == 100);
  delete[] array;
  void* nothrow = ::operator new(10, std::nothrow);
  CHECK(nothrow != nullptr);
  ::operator delete(nothrow, std::nothrow);
}

TEST_CASE("operator new: blocks allocated on one thread and freed on another; each thread's cache freed at its end") {
  std::vector<std::map<std::string, std::string>> maps(4);
  std::thread producer([&] {
    for (auto& map : maps) {
      for (int i = 0; i < 1000; ++i) map[std::to_string(i) + std::string(20, 'k')] = std::string(40, 'v');
    }
  });
  producer.join();
  std::thread consumer([&] { maps.clear(); });
  consumer.join();
  CHECK(maps.empty());
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([] {
      std::vector<std::string> strings;
      for (int i = 0; i < 5000; ++i) strings.push_back(std::string(static_cast<std::size_t>(16 + i % 200), 'x'));
    });
  }
  for (auto& worker : workers) worker.join();
}

TEST_CASE("operator new: a failed allocation calls the new handler, then throws std::bad_alloc") {
  static int calls = 0;
  std::new_handler previous = std::set_new_handler([] {
    ++calls;
    std::set_new_handler(nullptr);
  });
  void* block = nullptr;
  CHECK_THROWS_AS(block = ::operator new(static_cast<std::size_t>(-1) / 2), std::bad_alloc);
  CHECK(block == nullptr);
  CHECK(calls == 1);
  std::set_new_handler(previous);
}
