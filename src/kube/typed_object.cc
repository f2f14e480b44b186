#include "kube/typed_object.h"

namespace sidecarctl::kube {

Result<Json> normalize_typed(const Json& obj, const yaml::Document* source) {
  Json out = obj;
  TRY(normalize_typed_in_place(out, source));
  return out;
}

Result<void> normalize_typed_in_place(Json&, const yaml::Document*) {
  return make_error(ErrorKind::kInternal, "normalize_typed: not implemented yet");
}

Result<Json> normalize_as(const Json& value, std::string_view go_type_name, const yaml::Document* source) {
  Json out = value;
  TRY(normalize_as_in_place(out, go_type_name, source));
  return out;
}

Result<void> normalize_as_in_place(Json&, std::string_view, const yaml::Document*) {
  return make_error(ErrorKind::kInternal, "normalize_as: not implemented yet");
}

}  // namespace sidecarctl::kube
