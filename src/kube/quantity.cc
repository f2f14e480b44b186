#include "kube/quantity.h"

namespace sidecarctl::kube {

Result<Quantity> Quantity::parse(std::string_view) {
  return make_error(ErrorKind::kInternal, "quantity: not implemented yet");
}

std::string Quantity::to_string() const { return digits_; }

bool Quantity::is_zero() const { return digits_ == "0"; }

Result<std::string> canonical_quantity(std::string_view text) {
  TRY_ASSIGN(Quantity q, Quantity::parse(text));
  return q.to_string();
}

Result<std::string> canonical_quantity(const nlohmann::json& value) {
  if (!value.is_string()) return make_error(ErrorKind::kInvalidInput, "quantity: not implemented yet");
  return canonical_quantity(std::string_view(value.get_ref<const std::string&>()));
}

}  // namespace sidecarctl::kube
