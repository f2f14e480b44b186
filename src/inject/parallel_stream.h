// kube-inject over named inputs, documents parsed and injected by several threads at once while the
// output keeps the input's order: a bounded window of documents in flight, so memory stays bounded
// by the largest documents, not by the number of documents.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "inject/injector.h"
#include "inject/stream.h"
#include "yaml/document.h"

namespace sidecarctl::inject {

// Receives the output of each document, in input order.
using OutputSink = std::function<Result<void>(std::string_view)>;

struct StreamOptions {
  int jobs = 1;  // threads that parse and inject documents; 1: everything in the calling thread
  yaml::LoadOptions load;
};

// Every document of `paths` (see yaml::visit_inputs) through process_document, its output handed to
// `write` in input order and its warnings appended to `warnings` in input order. The result is what
// one thread going through the documents in order would return: the first error by input order
// (reading, splitting, parsing or injecting), after the output of every document before it went to
// `write` and none after it. At most 4 * jobs batches of documents (about 16 KiB of text each, or
// one larger document) are held at once.
Result<void> process_inputs(const std::vector<std::string>& paths, bool recursive, const yaml::InputTexts& texts,
                            const StreamOptions& options, const Injector* injector, StreamMode mode,
                            std::vector<std::string>& warnings, const OutputSink& write);

}  // namespace sidecarctl::inject
