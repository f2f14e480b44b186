#include "kube/typed_schema.h"

namespace sidecarctl::kube::schema {

const Field* Struct::find(std::string_view) const { return nullptr; }

const Struct* find_struct(std::string_view) { return nullptr; }

}  // namespace sidecarctl::kube::schema
