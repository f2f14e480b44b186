// What Istio's CRD validation finds in one resource, as the schema analyzers collect it: errors
// (IST0106), warnings (IST0133) and the two VirtualService findings with their own codes
// (IST0130/IST0131, Go's AnalysisAwareError). go-multierror flattens every append, so each list
// holds one text per finding, in the order Istio appends them. See validate.h for the validators.
#pragma once

#include <string>
#include <vector>

#include "analyze/resource.h"

namespace sidecarctl::analyze {

// A finding reported with its own message code and template arguments.
struct PreciseFinding {
  std::string code;
  std::vector<std::string> args;
};

struct Validation {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  std::vector<PreciseFinding> precise;

  // Appends an error / a warning (an empty text means "no error", as a nil Go error).
  Validation& error(std::string text);
  Validation& warn(std::string text);
  // AppendValidation: errors and warnings of `v`.
  Validation& add(const Validation& v);
  // AppendErrors (appendErrors): only the errors of `v`; Istio drops a nested Validation's
  // warnings when it appends it as a plain error.
  Validation& add_errors(const Validation& v);

  bool has_errors() const { return !errors.empty(); }
  // Every error text prefixed (multierror.Prefix: "<prefix> <error>").
  void prefix_errors(const std::string& prefix);
};

// A Validation holding one error (or nothing for an empty text).
Validation error_of(std::string text);
Validation warning_of(std::string text);

// Go's %f of a float64 ("150.000000") and %v of a float64 ("150", "0.5", "1e+21").
std::string go_float_f(double v);
std::string go_float_v(double v);

// Proto3 field access on a spec as Istio's decoder leaves it (see proto_decode.h): a scalar
// field that is absent reads as its zero value; a message is present when the key is there.
bool present(const Json& j, std::string_view key);
// The elements of a string list ("" for an element that is not a string).
std::vector<std::string> strings(const Json& j, std::string_view key);
// A float field (0 when absent).
double number(const Json& j, std::string_view key);
// A Duration field in nanoseconds (its proto-JSON or Go text); nullopt when absent.
std::optional<long long> duration_ns(const Json& j, std::string_view key);

}  // namespace sidecarctl::analyze
