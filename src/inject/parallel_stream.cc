// Parallel document processing for kube-inject (see parallel_stream.h). The calling thread reads and
// splits the inputs and hands each document's outcome on in input order; `jobs` worker threads parse
// and inject the documents in between.
#include "inject/parallel_stream.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include "yaml/visit.h"

namespace sidecarctl::inject {
namespace {

// One document in flight: its text, then what processing it gave.
struct Task {
  yaml::Document doc;
  bool done = false;
  Result<void> result;
  std::exception_ptr exception;  // rethrown in the calling thread, where one thread would have thrown it
  std::string out;
  std::vector<std::string> warnings;
};

// Documents in input order, processed by worker threads, delivered in order by the calling thread.
class Pipeline {
 public:
  Pipeline(const StreamOptions& options, const Injector* injector, StreamMode mode,
           std::vector<std::string>& warnings, const OutputSink& write)
      : options_(options), injector_(injector), mode_(mode), warnings_(warnings), write_(write),
        window_(4 * static_cast<std::size_t>(options.jobs)) {}
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;
  ~Pipeline() { stop(); }

  // Queues a document; while the window is full, delivers the oldest first. A delivered document's
  // error, or the sink's, is returned (and failed() is true from then on).
  Result<void> add(yaml::Document&& doc) {
    while (queued() >= window_) TRY(deliver_oldest());
    if (workers_.empty()) {
      for (int i = 0; i < options_.jobs; ++i) workers_.emplace_back([this] { work(); });
    }
    auto task = std::make_unique<Task>();
    task->doc = std::move(doc);
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    queued_cv_.notify_one();
    return {};
  }

  // Delivers every queued document, in order.
  Result<void> finish() {
    while (queued() > 0) TRY(deliver_oldest());
    return {};
  }

  bool failed() const { return failed_; }

 private:
  std::size_t queued() {
    std::lock_guard lock(mutex_);
    return tasks_.size();
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

  // A worker: takes the oldest document nobody has taken yet, until stop().
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      queued_cv_.wait(lock, [this] { return stopping_ || taken_ < tasks_.size(); });
      if (stopping_) return;
      Task& task = *tasks_[taken_++];
      lock.unlock();
      process(task);
      lock.lock();
      task.done = true;
      done_cv_.notify_all();
    }
  }

  void process(Task& task) const {
    try {
      task.result = yaml::parse_document(task.doc, options_.load);
      if (task.result) task.result = process_document(task.doc, injector_, mode_, task.warnings, task.out);
    } catch (...) {
      task.exception = std::current_exception();
    }
    task.doc = yaml::Document{};  // its text and value are no longer needed
  }

  // Waits for the oldest queued document and hands its output and warnings on, or returns its error.
  Result<void> deliver_oldest() {
    std::unique_ptr<Task> task;
    {
      std::unique_lock lock(mutex_);
      done_cv_.wait(lock, [this] { return tasks_.front()->done; });
      task = std::move(tasks_.front());
      tasks_.pop_front();
      --taken_;
    }
    if (task->exception) {
      failed_ = true;
      std::rethrow_exception(task->exception);
    }
    if (!task->result) {
      failed_ = true;
      return std::move(task->result);
    }
    warnings_.insert(warnings_.end(), std::make_move_iterator(task->warnings.begin()),
                     std::make_move_iterator(task->warnings.end()));
    Result<void> written = write_(task->out);
    if (!written) failed_ = true;
    return written;
  }

  const StreamOptions& options_;
  const Injector* injector_;
  StreamMode mode_;
  std::vector<std::string>& warnings_;
  const OutputSink& write_;
  const std::size_t window_;
  bool failed_ = false;
  std::mutex mutex_;
  std::condition_variable queued_cv_;  // a document was queued, or stop()
  std::condition_variable done_cv_;    // a document was processed
  std::deque<std::unique_ptr<Task>> tasks_;  // queued, oldest first, until delivered
  std::size_t taken_ = 0;                     // tasks_[0, taken_) were taken by a worker
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace

Result<void> process_inputs(const std::vector<std::string>& paths, bool recursive, const yaml::InputTexts& texts,
                            const StreamOptions& options, const Injector* injector, StreamMode mode,
                            std::vector<std::string>& warnings, const OutputSink& write) {
  // Templates that change the shared values or mesh config in place see them as one thread would.
  if (options.jobs <= 1 || (injector != nullptr && !injector->injects_in_parallel())) {
    std::string chunk;
    return yaml::visit_inputs(paths, recursive, texts, options.load, [&](yaml::Document&& doc) -> Result<void> {
      chunk.clear();
      TRY(process_document(doc, injector, mode, warnings, chunk));
      return write(chunk);
    });
  }
  Pipeline pipeline(options, injector, mode, warnings, write);
  Result<void> read = yaml::visit_input_documents(
      paths, recursive, texts, [&](yaml::Document&& doc) { return pipeline.add(std::move(doc)); });
  if (pipeline.failed()) return read;  // a document's error, delivered in order: nothing after it is written
  // The documents read before a reading error (a file that is missing, a bad separator) come first.
  TRY(pipeline.finish());
  return read;
}

}  // namespace sidecarctl::inject
