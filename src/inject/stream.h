// kube-inject over document streams: injectable documents are injected (or uninjected) and
// re-serialised as istioctl prints typed objects; every other document is copied as its input
// text; each document is followed by a `---` line, as istioctl writes them.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "inject/injector.h"
#include "yaml/document.h"

namespace sidecarctl::inject {

enum class StreamMode { kInject, kUninject };

// The output for one document, appended to `out`, so a stream can be processed and written one
// document at a time. `injector` may be null for kUninject. Warnings (istioctl's "===> Skipping
// injection ..." lines) are appended to `warnings`. Errors carry the document's file, index and
// line: `doc` may come without positions (LoadOptions::positions off), and an error then parses
// its text again with them, so errors still carry the line:col of the offending node. The
// document's value is consumed (normalised and injected in place): no copy of a large object.
Result<void> process_document(yaml::Document& doc, const Injector* injector, StreamMode mode,
                              std::vector<std::string>& warnings, std::string& out);

// process_document over a whole stream, into one string.
Result<std::string> process_documents(const std::vector<yaml::Document>& documents, const Injector* injector,
                                      StreamMode mode, std::vector<std::string>& warnings);

}  // namespace sidecarctl::inject
