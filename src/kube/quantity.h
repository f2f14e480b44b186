// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource.Quantity): parsing and the
// canonical form Quantity.String() prints (`2000m` -> `2`, `1024Mi` -> `1Gi`, `0.5` -> `500m`).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sidecarctl::kube {

// How a quantity is printed, from the suffix it was written with.
enum class QuantityFormat {
  kDecimalSI,        // none, k, M, G, T, P, E, m, n, u
  kBinarySI,         // Ki, Mi, Gi, Ti, Pi, Ei
  kDecimalExponent,  // e3, E-6
};

// A parsed quantity: an exact decimal value (rounded away from zero to nano precision, as
// apimachinery does) and its format. Like apimachinery, a string that is already in canonical
// form is printed back exactly as written ("100m", "1Gi", but also "1.500" or "+1").
class Quantity {
 public:
  // Parses a quantity string as resource.ParseQuantity does; errors (kInvalidInput) have its
  // wording ("quantities must match the regular expression ...").
  static Result<Quantity> parse(std::string_view text);

  // The canonical string (Quantity.String()).
  std::string to_string() const;

  QuantityFormat format() const { return format_; }
  bool negative() const { return negative_; }
  bool is_zero() const;

 private:
  // |value| = digits_ * 10^scale_ (digits_ a decimal integer without leading zeros, "0" for zero).
  std::string digits_ = "0";
  std::int32_t scale_ = 0;
  bool negative_ = false;
  QuantityFormat format_ = QuantityFormat::kDecimalSI;
  // The input text when apimachinery keeps it as the printed form (already canonical).
  std::string cached_;
};

// The canonical form of `text` (shorthand for Quantity::parse(text)->to_string()).
Result<std::string> canonical_quantity(std::string_view text);

// The canonical form of a quantity as it appears in JSON after YAML decoding: a string, or a
// number (Quantity.UnmarshalJSON parses the number's text, so 0.5 -> "500m", 1000 -> "1k").
// Other JSON types are an error, as in Go.
Result<std::string> canonical_quantity(const nlohmann::json& value);

}  // namespace sidecarctl::kube
