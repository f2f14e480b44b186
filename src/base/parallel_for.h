// Runs a function on every index of a range on several threads at once, the calling thread among
// them, each taking the next index not yet taken: what analyze uses to run its analyzers and make
// its messages' references on every core while its results stay those of one thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace sidecarctl {

// Calls work(i) once for each i in [0, count), on at most `threads` threads; indices are taken in
// increasing order. Returns when every call has returned; an exception a call threw is rethrown
// then, in the calling thread: the one of the lowest index, as one thread going in order would
// have thrown it first (unlike one thread, the calls after it have run too).
template <class Work>
void parallel_for(std::size_t count, int threads, Work&& work) {
  std::vector<std::exception_ptr> failures(count);
  std::atomic<std::size_t> next{0};
  auto take = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        work(i);
      } catch (...) {
        failures[i] = std::current_exception();
      }
    }
  };
  {
    const std::size_t used = std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), count);
    std::vector<std::jthread> helpers;
    for (std::size_t t = 1; t < used; ++t) {
      try {
        helpers.emplace_back(take);
      } catch (const std::system_error&) {
        break;  // the system refused a thread: the calling thread and those started do the work
      }
    }
    take();
  }
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
}

// Splits [0, count) into `parts` contiguous ranges of near-equal size, in order, and calls
// work(part, begin, end) for each as parallel_for calls work(i): for work whose items cost too
// little to be taken one at a time.
template <class Work>
void parallel_for_ranges(std::size_t count, std::size_t parts, int threads, Work&& work) {
  parallel_for(parts, threads,
               [&](std::size_t part) { work(part, part * count / parts, (part + 1) * count / parts); });
}

}  // namespace sidecarctl
