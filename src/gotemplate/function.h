// Function maps: Go functions callable from templates, with reflect-style declared parameter kinds
// so the executor checks and converts arguments (and words errors) as Go's text/template does.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "base/environment.h"
#include "gotemplate/value.h"

namespace sidecarctl::gotemplate {

// A declared Go parameter type.
struct Param {
  enum Kind : std::uint8_t {
    kAny,        // interface{}: a missing value arrives as Nil, constants as int/float64/string/bool
    kReflect,    // reflect.Value: passed as is, a missing value stays Invalid
    kString,     // string
    kInt,        // int: constants that are integers; data int64 is refused (Go: "expected int; got int64")
    kInt64,      // int64
    kFloat64,    // float64: integer constants convert
    kBool,       // bool
    kList,       // []interface{}: a missing value arrives as a nil list (Nil)
    kMap,        // map[string]interface{}: missing arrives as Nil
    kStringMap,  // map[string]string: a map whose values are all strings converts; missing -> Nil
    kStringList, // []string
  };
};

// The Go spelling of a parameter type, for error messages ("string", "map[string]string").
std::string_view param_type_name(Param::Kind kind);

// Thrown by a function implementation for a Go `error` result or a panic; the executor reports
// `error calling NAME: MESSAGE`.
class FunctionError : public std::runtime_error {
 public:
  explicit FunctionError(const std::string& message) : std::runtime_error(message) {}
};

// What a function sees of the execution besides its arguments.
struct CallContext {
  const Environment* env = nullptr;  // from ExecOptions (may be null)
  const Value* receiver = nullptr;   // for Object methods
  std::string_view name;             // the name the function was called by
};

using FunctionImpl = std::function<Value(CallContext&, std::span<const Value>)>;

struct Function {
  std::string name;
  std::vector<Param::Kind> params;  // declared parameters; with `variadic` the last one repeats
  bool variadic = false;
  FunctionImpl impl;
  // Builtins whose evaluation the executor handles itself (and/or short-circuit, call).
  enum class Special : std::uint8_t { kNone, kAnd, kOr, kCall } special = Special::kNone;
};

// name -> Function. Later registrations replace earlier ones (Go's Funcs()).
class FunctionMap {
 public:
  void add(Function f);
  void add(std::string name, std::vector<Param::Kind> params, bool variadic, FunctionImpl impl);
  const Function* find(std::string_view name) const;
  // Adds every function of `other`, replacing same-named ones.
  void merge(const FunctionMap& other);
  std::size_t size() const { return functions_.size(); }

 private:
  std::map<std::string, std::shared_ptr<const Function>, std::less<>> functions_;
};

// Go's predefined functions: and or not len index slice print printf println html js urlquery call
// eq ne lt le gt ge.
void register_builtins(FunctionMap& map);

}  // namespace sidecarctl::gotemplate
