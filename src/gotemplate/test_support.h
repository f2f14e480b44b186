// Helpers shared by the gotemplate unit tests: parse + execute against JSON in one call.
#pragma once

#include <string>

#include "gotemplate/template.h"

namespace sidecarctl::gotemplate::testing {

// Renders `text` (template "t") against `json`; on failure returns "ERROR: " + Go's message.
inline std::string render(const std::string& text, const std::string& json = "{}",
                          const FunctionMap& funcs = FunctionMap(), const ExecOptions& options = ExecOptions()) {
  auto set = TemplateSet::parse("t", text, funcs);
  if (!set) return "ERROR: " + set.error().message;
  auto out = set->execute("t", Value::from_json(Json::parse(json)), options);
  if (!out) return "ERROR: " + out.error().message;
  return *out;
}

}  // namespace sidecarctl::gotemplate::testing
