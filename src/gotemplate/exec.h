// Executor: walks parsed trees against a Value with Go's text/template semantics.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/result.h"
#include "gotemplate/parser.h"
#include "gotemplate/template.h"

namespace sidecarctl::gotemplate {

using TreeMap = std::map<std::string, Tree, std::less<>>;

// Executes tree `name` of `trees`, appending to `out`. Errors are Go's messages.
Result<void> execute_tree(const TreeMap& trees, std::string_view name, const Value& data, const ExecOptions& options,
                          std::string& out);

}  // namespace sidecarctl::gotemplate
