// Non-throwing field access on unchecked JSON (see json_fields.h).
#include "yaml/json_fields.h"

#include <limits>
#include <optional>

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

namespace {

// An array index token as json_pointer accepts it: "0", or digits not starting with 0, in range.
std::optional<std::size_t> pointer_index(std::string_view token) {
  if (token.empty() || (token.size() > 1 && token[0] == '0')) return std::nullopt;
  std::size_t index = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::size_t digit = static_cast<std::size_t>(c - '0');
    if (index > (std::numeric_limits<std::size_t>::max() - digit) / 10) return std::nullopt;
    index = index * 10 + digit;
  }
  return index;
}

}  // namespace

const nlohmann::json* node_at_pointer(const nlohmann::json& root, std::string_view pointer) {
  if (!pointer.empty() && pointer[0] != '/') return nullptr;
  const nlohmann::json* node = &root;
  std::string unescaped;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);  // the '/'
    std::string_view token = pointer.substr(0, pointer.find('/'));
    pointer.remove_prefix(token.size());
    if (token.find('~') != std::string_view::npos) {
      unescaped.clear();
      for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] != '~') {
          unescaped += token[i];
        } else if (i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
          unescaped += token[++i] == '0' ? '~' : '/';
        } else {
          return nullptr;
        }
      }
      token = unescaped;
    }
    if (node->is_object()) {
      node = member_of(*node, token);
      if (node == nullptr) return nullptr;
    } else if (node->is_array()) {
      auto index = pointer_index(token);
      if (!index || *index >= node->size()) return nullptr;
      node = &(*node)[*index];
    } else {
      return nullptr;
    }
  }
  return node;
}

}  // namespace sidecarctl::yaml
