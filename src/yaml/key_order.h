// go-yaml v2's map key order (sorter.go keyList.Less) for string keys: runs of digits compare
// as numbers, non-letters sort before letters, otherwise by code point.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sidecarctl::yaml {

// keyList.Less(a, b) for two string keys.
bool go_yaml_key_less(std::string_view a, std::string_view b);

// Sorts keys into the order go-yaml v2 writes them.
void sort_keys_go_yaml(std::vector<const std::string*>& keys);

}  // namespace sidecarctl::yaml
