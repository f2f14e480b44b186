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

}  // namespace sidecarctl::yaml
