// Reading fields of JSON values whose shape nothing has checked (kubeconfigs, API server answers,
// plugin output, annotation payloads): a missing field, a field of another type or a parent that is
// not an object gives the fallback. nlohmann's value() throws on a type mismatch; these never throw.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace sidecarctl::yaml {

// obj[key] when obj is an object and the field is a string, else fallback.
std::string string_field_or(const nlohmann::json& obj, std::string_view key, std::string_view fallback = "");

// obj[key] when obj is an object and the field is a boolean, else fallback.
bool bool_field_or(const nlohmann::json& obj, std::string_view key, bool fallback);

// obj[key] when obj is an object and the field is an object, else an empty object.
const nlohmann::json& object_field_or_empty(const nlohmann::json& obj, std::string_view key);

// The name of a value's JSON type as Go's decoding errors say it: object, array, string, bool,
// null, number.
const char* json_type_name(const nlohmann::json& value);

// One JSON Pointer reference token, escaped (RFC 6901: `~` -> `~0`, `/` -> `~1`).
std::string json_pointer_token(std::string_view token);

// The node a JSON Pointer names in `root`, found as nlohmann's json_pointer finds it (contains():
// array indexes in decimal without leading zeros, `-` past the end), or nullptr; a malformed
// pointer (not starting with `/`, a `~` not followed by 0 or 1) names nothing. Allocates only for
// tokens with escapes.
const nlohmann::json* node_at_pointer(const nlohmann::json& root, std::string_view pointer);

}  // namespace sidecarctl::yaml
