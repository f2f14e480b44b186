// Documents of a stream or of named inputs handed over one at a time, so a long stream never has
// to be in memory as parsed values all at once (kube-inject of thousands of workloads).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "yaml/document.h"

namespace sidecarctl::yaml {

// Receives documents one at a time; an error stops the walk and is returned as is.
using DocumentVisitor = std::function<Result<void>(Document&&)>;

// load_stream, one document at a time: each is parsed just before `visit` gets it, so only one
// parsed document needs to be in memory (an error in a later document surfaces only after the
// earlier ones were visited).
Result<void> visit_stream(std::string_view text, const std::string& source, const LoadOptions& options,
                          const DocumentVisitor& visit);

// load_inputs, one document at a time (see visit_stream); each file is read when its turn comes.
Result<void> visit_inputs(const std::vector<std::string>& paths, bool recursive, const InputTexts& texts,
                          const LoadOptions& options, const DocumentVisitor& visit);

// visit_inputs without parsing: each document comes with its text and place only (`value` null), for
// the caller to parse_document it later, possibly in another thread. Reading and splitting errors
// still stop the walk.
Result<void> visit_input_documents(const std::vector<std::string>& paths, bool recursive, const InputTexts& texts,
                                   const DocumentVisitor& visit);

// visit_stream without parsing, as visit_input_documents.
Result<void> visit_stream_documents(std::string_view text, const std::string& source,
                                    const DocumentVisitor& visit);

// Parses a document visit_input_documents handed over, as visit_inputs would have: checks its
// characters, then builds its value (and positions, with LoadOptions::positions).
Result<void> parse_document(Document& doc, const LoadOptions& options);

}  // namespace sidecarctl::yaml
