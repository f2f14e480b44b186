// TemplateSet: a parsed set of Go text/templates (a top template plus its {{define}}s and any files
// added to it), executed against a Value with Go's semantics and Go's error wording.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/environment.h"
#include "base/result.h"
#include "gotemplate/function.h"
#include "gotemplate/value.h"

namespace sidecarctl::gotemplate {

// Go's Option("missingkey=..."): what a map lookup of an absent key yields.
enum class MissingKey {
  kDefault,  // "<no value>" (invalid value)
  kZero,     // the zero value of the map's element type (nil for interface{} maps)
  kError,    // execution stops with `map has no entry for key "K"`
};

struct ExecOptions {
  MissingKey missingkey = MissingKey::kDefault;
  int max_depth = 1000;                           // nested {{template}} calls / parenthesised depth
  std::size_t max_output_bytes = 64u << 20;       // rendered text
  std::uint64_t max_steps = 10'000'000;           // evaluated nodes plus work in functions (step_budget.h)
  const Environment* env = nullptr;               // passed to functions in CallContext
};

class TemplateSet {
 public:
  // Parses `text` as template `name` (plus its {{define}}s) with the functions of `funcs` (copied).
  // Errors: ErrorKind::kInvalidInput, message as Go's ("template: NAME:LINE: ...").
  static Result<TemplateSet> parse(std::string name, std::string_view text, const FunctionMap& funcs);

  // Parses another file into the same set (Go's t.New(name).Parse(text)).
  Result<void> add(std::string name, std::string_view text);

  // Executes template `name` with dot = `data`. Output is returned only on success.
  Result<std::string> execute(std::string_view name, const Value& data, const ExecOptions& options = {}) const;
  // Same, appending to `out` (which may hold partial output on error).
  Result<void> execute_to(std::string& out, std::string_view name, const Value& data,
                          const ExecOptions& options = {}) const;

  bool has(std::string_view name) const;
  std::vector<std::string> names() const;  // sorted

  struct Impl;

 private:
  explicit TemplateSet(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

}  // namespace sidecarctl::gotemplate
