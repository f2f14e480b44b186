// Writing values as sigs.k8s.io/yaml (go-yaml v2) and Go's encoding/json print them.
#pragma once

#include <string>
#include <string_view>

#include "yaml/document.h"

namespace sidecarctl::yaml {

// YAML exactly as sigs.k8s.io/yaml.Marshal prints the same data: keys in go-yaml's sort order,
// two-space indent, sequences at their key's indentation, go-yaml's quoting and block scalars,
// final newline ("{}\n" / "[]\n" / "null\n" for empty or null roots).
std::string to_yaml(const Json& value);

// JSON as Go's encoding/json prints a map[string]interface{}: sorted keys, `<`, `>`, `&`,
// U+2028 and U+2029 escaped, floats in Go's shortest form. indent < 0 means compact; otherwise
// json.MarshalIndent with `indent` spaces (0 means a tab).
std::string to_json(const Json& value, int indent = -1);

// `s` as a JSON string (quoted, escaped) as to_json writes it, appended to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace sidecarctl::yaml
