// A key to look up members of std::maps keyed by std::string and compared with std::less<>
// (nlohmann objects, the template engine's maps) that orders exactly as std::string does (bytes as
// unsigned char, then length) but settles on the first byte inline: in a lookup most comparisons
// end there, without a memcmp call.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace sidecarctl::yaml {

struct ObjectKey {
  std::string_view text;
};

// <0, 0 or >0 as std::string_view::compare.
inline int compare_object_keys(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a[0] != b[0]) {
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]) ? -1 : 1;
  }
  return a.compare(b);
}

inline bool operator<(const std::string& member, ObjectKey key) { return compare_object_keys(member, key.text) < 0; }
inline bool operator<(ObjectKey key, const std::string& member) { return compare_object_keys(key.text, member) < 0; }

// The member `key` of `object` (an object value), or object's end().
inline nlohmann::json::object_t::const_iterator find_member(const nlohmann::json::object_t& object,
                                                            std::string_view key) {
  return object.find(ObjectKey{key});
}
inline nlohmann::json::object_t::iterator find_member(nlohmann::json::object_t& object,
                                                      std::string_view key) {
  return object.find(ObjectKey{key});
}

// The member `key` of `value` when value is an object that has it, else nullptr.
inline const nlohmann::json* member_of(const nlohmann::json& value, std::string_view key) {
  if (!value.is_object()) return nullptr;
  const auto& members = value.get_ref<const nlohmann::json::object_t&>();
  auto it = find_member(members, key);
  return it == members.end() ? nullptr : &it->second;
}

}  // namespace sidecarctl::yaml
