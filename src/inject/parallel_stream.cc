// Parallel document processing for kube-inject (see parallel_stream.h). The calling thread reads and
// splits the inputs and hands each document's outcome on in input order; `jobs` worker threads parse
// and inject the documents in between.
#include "inject/parallel_stream.h"

#include <iterator>
#include <utility>

#include "base/ordered_workers.h"
#include "yaml/visit.h"

namespace sidecarctl::inject {
namespace {

// One document in flight: its text, then what processing it gave.
struct Task {
  yaml::Document doc;
  Result<void> result;
  std::string out;
  std::vector<std::string> warnings;
};

// Documents handed to a worker at once: enough text that handing them over costs little next to
// injecting them (a Service or ConfigMap alone is copied through in microseconds).
using Batch = std::vector<Task>;
constexpr std::size_t kBatchBytes = 16 * 1024;

// Documents in input order, processed by worker threads, delivered in order by the calling thread.
class Pipeline {
 public:
  Pipeline(const StreamOptions& options, const Injector* injector, StreamMode mode,
           std::vector<std::string>& warnings, const OutputSink& write)
      : warnings_(warnings),
        write_(write),
        workers_(options.jobs, 4 * static_cast<std::size_t>(options.jobs),
                 [&options, injector, mode](Batch& batch) {
                   for (Task& task : batch) {
                     task.result = yaml::parse_document(task.doc, options.load);
                     if (task.result)
                       task.result = process_document(task.doc, injector, mode, task.warnings, task.out);
                     task.doc = yaml::Document{};  // its text and value are no longer needed
                   }
                 }) {}

  // Queues a document; while the window is full, delivers the oldest first. A delivered document's
  // error, or the sink's, is returned (and failed() is true from then on).
  Result<void> add(yaml::Document&& doc) {
    batch_bytes_ += doc.text.size();
    batch_.emplace_back().doc = std::move(doc);
    if (batch_bytes_ >= kBatchBytes) TRY(submit());
    return {};
  }

  // Delivers every queued document, in order.
  Result<void> finish() {
    if (!batch_.empty()) TRY(submit());
    while (!workers_.empty()) TRY(deliver_oldest());
    return {};
  }

  bool failed() const { return failed_; }

 private:
  Result<void> submit() {
    while (workers_.full()) TRY(deliver_oldest());
    workers_.add(std::move(batch_));
    batch_ = Batch();
    batch_bytes_ = 0;
    return {};
  }

  // Waits for the oldest queued batch and hands its documents' output and warnings on, in order,
  // or returns the first document's error.
  Result<void> deliver_oldest() {
    failed_ = true;  // until delivered: an exception leaves the pipeline failed
    Batch batch = workers_.take_oldest();
    for (Task& task : batch) {
      if (!task.result) return std::move(task.result);
      warnings_.insert(warnings_.end(), std::make_move_iterator(task.warnings.begin()),
                       std::make_move_iterator(task.warnings.end()));
      TRY(write_(task.out));
    }
    failed_ = false;
    return {};
  }

  std::vector<std::string>& warnings_;
  const OutputSink& write_;
  bool failed_ = false;
  Batch batch_;  // documents read and not yet handed to the workers
  std::size_t batch_bytes_ = 0;
  OrderedWorkers<Batch> workers_;
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
