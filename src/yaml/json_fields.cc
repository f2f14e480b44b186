// Non-throwing field access on unchecked JSON (see json_fields.h).
#include "yaml/json_fields.h"

#include "yaml/object_key.h"

namespace sidecarctl::yaml {

std::string string_field_or(const nlohmann::json& obj, std::string_view key, std::string_view fallback) {
  const nlohmann::json* field = member_of(obj, key);
  if (field == nullptr || !field->is_string()) return std::string(fallback);
  return field->get<std::string>();
}

bool bool_field_or(const nlohmann::json& obj, std::string_view key, bool fallback) {
  const nlohmann::json* field = member_of(obj, key);
  return field != nullptr && field->is_boolean() ? field->get<bool>() : fallback;
}

const nlohmann::json& object_field_or_empty(const nlohmann::json& obj, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json* field = member_of(obj, key);
  return field != nullptr && field->is_object() ? *field : kEmpty;
}

const char* json_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: return "object";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::boolean: return "bool";
    case nlohmann::json::value_t::null: return "null";
    default: return "number";
  }
}

std::string json_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace sidecarctl::yaml
