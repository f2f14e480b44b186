// go-yaml v2's map key order (sorter.go keyList.Less) for string keys: runs of digits compare
// as numbers, non-letters sort before letters, otherwise by code point.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace sidecarctl::yaml {

// keyList.Less(a, b) for two string keys.
bool go_yaml_key_less(std::string_view a, std::string_view b);

// Sorts `items` into the order go-yaml v2 writes their keys, `key(item)` giving each one's key.
// Insertion sort (what Go's sort does for short inputs) is safe even if the order is not a strict
// weak ordering; longer inputs use a stable merge sort.
template <typename Item, typename KeyOf>
void sort_by_go_yaml_key(std::vector<Item>& items, KeyOf key) {
  auto less = [&](const Item& x, const Item& y) { return go_yaml_key_less(key(x), key(y)); };
  if (items.size() <= 12) {
    for (std::size_t i = 1; i < items.size(); ++i) {
      for (std::size_t j = i; j > 0 && less(items[j], items[j - 1]); --j) std::swap(items[j], items[j - 1]);
    }
  } else {
    std::stable_sort(items.begin(), items.end(), less);
  }
}

}  // namespace sidecarctl::yaml
