// Items processed by worker threads and taken back in the order they were added, a bounded number
// in flight: what kube-inject and analyze use to parse documents in parallel while their output
// stays what one thread going through the documents in order would give.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace sidecarctl {

template <class Item>
class OrderedWorkers {
 public:
  // `process` runs in the worker threads, on one item at a time; at most `window` items are queued.
  OrderedWorkers(int threads, std::size_t window, std::function<void(Item&)> process)
      : threads_(threads < 1 ? 1 : threads), window_(window < 1 ? 1 : window), process_(std::move(process)) {}
  OrderedWorkers(const OrderedWorkers&) = delete;
  OrderedWorkers& operator=(const OrderedWorkers&) = delete;
  ~OrderedWorkers() { stop(); }

  // True when the window is full: take_oldest() before the next add().
  bool full() {
    std::lock_guard lock(mutex_);
    return slots_.size() >= window_;
  }
  bool empty() {
    std::lock_guard lock(mutex_);
    return slots_.empty();
  }

  // Queues an item for the workers.
  void add(Item&& item) {
    auto slot = std::make_unique<Slot>();
    slot->item = std::move(item);
    {
      std::lock_guard lock(mutex_);
      slots_.push_back(std::move(slot));
    }
    start_worker();
    queued_cv_.notify_one();
  }

  // The worker threads started so far: one per item added, up to the number asked for, fewer
  // when the system refused one (after the first).
  std::size_t started() const { return workers_.size(); }

  // Waits for the oldest item to be processed and returns it; an exception `process` threw on it
  // is rethrown here instead, in the calling thread, where one thread would have thrown it.
  Item take_oldest() {
    std::unique_ptr<Slot> slot;
    {
      std::unique_lock lock(mutex_);
      done_cv_.wait(lock, [this] { return slots_.front()->done; });
      slot = std::move(slots_.front());
      slots_.pop_front();
      --taken_;
    }
    if (slot->exception) std::rethrow_exception(slot->exception);
    return std::move(slot->item);
  }

 private:
  struct Slot {
    Item item;
    bool done = false;
    std::exception_ptr exception;
  };

  // One more worker, while fewer run than were asked for: `--jobs 100000` on a file of five
  // documents starts five threads, not a hundred thousand. When the system refuses a thread, the
  // workers already started do the work; refusing the first is the caller's error.
  void start_worker() {
    if (refused_ || workers_.size() >= static_cast<std::size_t>(threads_)) return;
    try {
      workers_.emplace_back([this] { work(); });
    } catch (const std::system_error&) {
      if (workers_.empty()) throw;
      refused_ = true;
    }
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    queued_cv_.notify_all();
    for (std::thread& worker : workers_) worker.join();
    workers_.clear();
  }

  // A worker: takes the oldest item nobody has taken yet, until stop().
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      queued_cv_.wait(lock, [this] { return stopping_ || taken_ < slots_.size(); });
      if (stopping_) return;
      Slot& slot = *slots_[taken_++];
      lock.unlock();
      try {
        process_(slot.item);
      } catch (...) {
        slot.exception = std::current_exception();
      }
      lock.lock();
      slot.done = true;
      done_cv_.notify_all();
    }
  }

  const int threads_;
  const std::size_t window_;
  const std::function<void(Item&)> process_;
  std::mutex mutex_;
  std::condition_variable queued_cv_;        // an item was queued, or stop()
  std::condition_variable done_cv_;          // an item was processed
  std::deque<std::unique_ptr<Slot>> slots_;  // queued, oldest first, until taken back
  std::size_t taken_ = 0;                    // slots_[0, taken_) were taken by a worker
  bool stopping_ = false;
  bool refused_ = false;  // the system refused a thread: start no more
  std::vector<std::thread> workers_;
};

}  // namespace sidecarctl
