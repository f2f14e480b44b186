// Strategic merge patch as apimachinery applies it (MergeParallelList and IgnoreUnmatchedNulls
// both on, as StrategicMergeMapPatch sets them). See strategic_merge.md for the rules.
#include "kube/strategic_merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "yaml/go_format.h"
#include "yaml/object_key.h"

namespace sidecarctl::kube {
namespace {

using schema::Field;
using schema::PatchStrategy;
using schema::Shape;
using schema::Struct;

constexpr std::string_view kDirective = "$patch";
constexpr std::string_view kRetainKeys = "$retainKeys";
constexpr std::string_view kDeletePrefix = "$deleteFromPrimitiveList";
constexpr std::string_view kOrderPrefix = "$setElementOrder";

Error merge_error(std::string message) { return make_error(ErrorKind::kInvalidInput, std::move(message)); }

// Go's %v of a decoded JSON value (map[k:v ...], [a b], <nil>), for error messages.
std::string go_text(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: {
      std::string out = "map[";
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ' ';
        first = false;
        out += it.key() + ":" + go_text(it.value());
      }
      return out + "]";
    }
    case Json::value_t::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.size(); ++i) out += (i > 0 ? " " : "") + go_text(v[i]);
      return out + "]";
    }
    case Json::value_t::string: return v.get<std::string>();
    case Json::value_t::null: return "<nil>";
    case Json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    default: return v.is_number_float() ? yaml::format_float_g(v.get<double>()) : v.dump();
  }
}

// Value categories as Go's reflect.TypeOf sees decoded JSON (all numbers are float64).
int category(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: return 1;
    case Json::value_t::array: return 2;
    case Json::value_t::string: return 3;
    case Json::value_t::boolean: return 4;
    case Json::value_t::null: return 0;
    default: return 5;
  }
}

// Where in the schema a merge is: a struct, a map whose values are `elem_struct` (or scalars), or
// nothing known (maps merge, lists are replaced).
struct Node {
  const Struct* st = nullptr;
};

// The field of key `k` in `node`, or an error when the struct has no such field.
Result<const Field*> lookup(const Node& node, const std::string& key) {
  if (node.st == nullptr) return static_cast<const Field*>(nullptr);
  for (const Field& f : node.st->fields) {
    if (f.json == key) return &f;
  }
  return merge_error(fmt::format("unable to find api field in struct {} for the json field \"{}\"", node.st->name, key));
}

// The schema below `field` (its struct, or its elements' struct).
Node child(const Field* field) { return Node{field != nullptr ? field->type : nullptr}; }

PatchStrategy base_strategy(const Field* field) {
  if (field == nullptr) return PatchStrategy::kDefault;
  switch (field->strategy) {
    case PatchStrategy::kMergeRetainKeys: return PatchStrategy::kMerge;
    case PatchStrategy::kRetainKeys: return PatchStrategy::kDefault;
    default: return field->strategy;
  }
}

// removeDirectives: drops maps carrying `$patch` (returns false when `v` itself is one).
bool remove_directives(Json& v) {
  if (v.is_object()) {
    if (v.contains(kDirective)) return false;
    for (auto it = v.begin(); it != v.end();) {
      if (!remove_directives(it.value())) {
        it = v.erase(it);
      } else {
        ++it;
      }
    }
  } else if (v.is_array()) {
    // In place: the elements kept move down over the ones dropped (usually none).
    auto& items = v.get_ref<Json::array_t&>();
    std::size_t kept = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!remove_directives(items[i])) continue;
      if (kept != i) items[kept] = std::move(items[i]);
      ++kept;
    }
    items.resize(kept);
  }
  return true;
}

// discardNullValuesFromPatch.
void discard_nulls(Json& v) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end();) {
      if (it->is_null()) {
        it = v.erase(it);
      } else {
        discard_nulls(*it);
        ++it;
      }
    }
  } else if (v.is_array()) {
    for (Json& e : v) discard_nulls(e);
  }
}

// A patch value as it lands where the original has nothing comparable; false if it is dropped.
bool take_patch_value(Json& slot, const Json& patch) {
  Json v = patch;
  discard_nulls(v);
  if (!remove_directives(v)) return false;
  slot = std::move(v);
  return true;
}

// The merge key's value of a list element (nullptr when the element has none).
const Json* key_of(const Json& element, std::string_view merge_key) {
  if (merge_key.empty()) return &element;
  return yaml::member_of(element, merge_key);
}

Error no_merge_key(const Json& element, std::string_view merge_key) {
  return merge_error(fmt::format("map: {} does not contain declared merge key: {}", go_text(element), merge_key));
}

// The identity of list elements: the merge key's value for maps, the value itself otherwise.
using Keys = std::vector<Json>;

// Position of `key` in `order`, or -1.
long index_in(const Keys& order, const Json& key) {
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] == key) return static_cast<long>(i);
  }
  return -1;
}

// One element of a merged list with its identity.
struct Item {
  Json key;
  Json value;
};

// normalizeElementOrder: items named by the patch in patch order, server-only items in server
// order, then interleaved: a server-only item goes first only when the server order puts it before
// the next patch item (so new patch items land before the server-only items that follow them).
std::vector<Item> order_elements(std::vector<Item> patch_items, std::vector<Item> server_only, const Keys& patch_order,
                                 const Keys& server_order) {
  const auto sort_by = [](std::vector<Item>& items, const Keys& order) {
    std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
      const long ia = index_in(order, a.key);
      const long ib = index_in(order, b.key);
      return ia >= 0 && ib >= 0 && ia < ib;
    });
  };
  sort_by(patch_items, patch_order);
  sort_by(server_only, server_order);
  std::vector<Item> out;
  out.reserve(patch_items.size() + server_only.size());
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < server_only.size() || j < patch_items.size()) {
    bool take_server = j >= patch_items.size();
    if (!take_server && i < server_only.size()) {
      const long li = index_in(server_order, server_only[i].key);
      const long ri = index_in(server_order, patch_items[j].key);
      take_server = li >= 0 && ri >= 0 && li < ri;
    }
    out.push_back(std::move(take_server ? server_only[i++] : patch_items[j++]));
  }
  return out;
}

class Merger {
 public:
  Result<void> merge_map(Json& original, const Json& patch, const Node& node);

 private:
  Result<void> merge_list(Json& original, const Json& patch, const Node& node, std::string_view merge_key,
                          bool delete_list, const Json* set_order);
};

Result<void> check_element_types(const Json& a, const Json& b) {
  int first = -1;
  for (const Json* list : {&a, &b}) {
    for (const Json& e : *list) {
      if (first < 0) {
        first = category(e);
        if (first == 2) return merge_error("lists of lists are not supported");
      } else if (category(e) != first) {
        return merge_error(fmt::format("list element types are not identical: [{} {}]", go_text(a), go_text(b)));
      }
    }
  }
  return {};
}

Result<void> Merger::merge_list(Json& original, const Json& patch, const Node& node, std::string_view merge_key,
                                bool delete_list, const Json* set_order) {
  if (original.empty() && patch.empty()) return {};
  TRY(check_element_types(original, patch));
  const bool maps = (!original.empty() ? original[0] : patch[0]).is_object();
  if (!maps && delete_list) {
    // $deleteFromPrimitiveList: drop the listed values, keep the order of the rest.
    Json kept = Json::array();
    for (Json& e : original) {
      if (std::find(patch.begin(), patch.end(), e) == patch.end()) kept.push_back(std::move(e));
    }
    original = std::move(kept);
    return {};
  }
  if (maps && merge_key.empty()) {
    return merge_error(fmt::format("cannot merge lists without merge key for {}", node.st != nullptr ? node.st->name : ""));
  }
  const auto identity = [&](const Json& e) -> Result<Json> {
    if (!maps) return e;
    const Json* k = key_of(e, merge_key);
    if (k == nullptr) return no_merge_key(e, merge_key);
    return *k;
  };

  // Patch elements carrying $patch: delete removes by key, replace drops the original elements.
  std::vector<const Json*> patch_elements;
  bool replace = false;
  std::vector<Json> deleted;
  for (const Json& e : patch) {
    auto d = maps ? e.find(kDirective) : e.end();
    if (d == e.end()) {
      patch_elements.push_back(&e);
      continue;
    }
    if (*d == "delete") {
      const Json* k = key_of(e, merge_key);
      if (k == nullptr) return no_merge_key(e, merge_key);
      deleted.push_back(*k);
    } else if (*d == "replace") {
      replace = true;
    } else if (*d == "merge") {
      return merge_error("merging lists cannot yet be specified in the patch");
    } else {
      return merge_error(fmt::format("unknown patch type: {} in map: {}", go_text(*d), go_text(e)));
    }
  }

  std::vector<Item> merged;
  Keys server_order;
  if (replace) {
    for (const Json* p : patch_elements) {
      TRY_ASSIGN(Json key, identity(*p));
      server_order.push_back(key);
      merged.push_back(Item{std::move(key), *p});
    }
    patch_elements.clear();
  } else {
    merged.reserve(original.size() + patch_elements.size());
    for (Json& o : original) {
      const Json* k = maps ? key_of(o, merge_key) : &o;
      if (k == nullptr) return no_merge_key(o, merge_key);
      if (std::find(deleted.begin(), deleted.end(), *k) != deleted.end()) continue;
      Json key = *k;
      server_order.push_back(key);
      if (!maps && std::any_of(merged.begin(), merged.end(), [&](const Item& m) { return m.key == key; })) {
        continue;  // primitives are merged as a set
      }
      merged.push_back(Item{std::move(key), std::move(o)});
    }
  }
  Keys patch_order;
  for (const Json* p : patch_elements) {
    TRY_ASSIGN(Json key, identity(*p));
    auto found = std::find_if(merged.begin(), merged.end(), [&](const Item& m) { return m.key == key; });
    if (found == merged.end()) {
      merged.push_back(Item{key, *p});
    } else if (maps) {
      TRY(merge_map(found->value, *p, node));
    }
    patch_order.push_back(std::move(key));
  }
  if (set_order != nullptr) {
    patch_order.clear();
    for (const Json& e : *set_order) {
      TRY_ASSIGN(Json key, identity(e));
      patch_order.push_back(std::move(key));
    }
  }

  // Partition into items the patch (or $setElementOrder) names and server-only items, then order.
  std::vector<Item> in_patch;
  std::vector<Item> server_only;
  for (Item& m : merged) {
    (index_in(patch_order, m.key) >= 0 ? in_patch : server_only).push_back(std::move(m));
  }
  std::vector<Item> ordered = order_elements(std::move(in_patch), std::move(server_only), patch_order, server_order);
  original = Json::array();
  for (Item& e : ordered) original.push_back(std::move(e.value));
  return {};
}

// `patch` is an object: the callers check (a list's map elements have their merge key).
Result<void> Merger::merge_map(Json& original, const Json& patch, const Node& node) {
  if (const Json* d = yaml::member_of(patch, kDirective)) {
    if (*d == "replace") {
      original = patch;
      original.erase(std::string(kDirective));
      return {};
    }
    if (*d == "delete") {
      original = Json::object();
      return {};
    }
    Json shown = patch;
    return merge_error(fmt::format("unknown patch type: {} in map: {}", go_text(*d), go_text(shown)));
  }
  if (!original.is_object()) original = Json::object();

  if (const Json* rk = yaml::member_of(patch, kRetainKeys)) {
    if (!rk->is_array()) return merge_error("invalid patch format of retainKeys");
    for (auto it = patch.begin(); it != patch.end(); ++it) {
      const std::string& k = it.key();
      if (k == kRetainKeys || it->is_null() || k.starts_with(kDeletePrefix) || k.starts_with(kOrderPrefix)) continue;
      if (std::find(rk->begin(), rk->end(), Json(k)) == rk->end()) return merge_error("invalid patch format of retainKeys");
    }
    for (auto it = original.begin(); it != original.end();) {
      if (std::find(rk->begin(), rk->end(), Json(it.key())) == rk->end()) {
        it = original.erase(it);
      } else {
        ++it;
      }
    }
  }

  // $setElementOrder/<list>: merge that list now, in the given order.
  std::vector<std::string> ordered_lists;
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (!it.key().starts_with(kOrderPrefix)) continue;
    const std::string& key = it.key();
    if (key.size() <= kOrderPrefix.size() + 1 || key[kOrderPrefix.size()] != '/') {
      return merge_error("invalid patch format of setElementOrder list");
    }
    const std::string list_key = key.substr(kOrderPrefix.size() + 1);
    if (!it->is_array()) return merge_error("invalid patch format of setElementOrder list");
    TRY_ASSIGN(const Field* field, lookup(node, list_key));
    const auto orig_it = original.find(list_key);
    const auto patch_it = patch.find(list_key);
    const bool in_original = orig_it != original.end();
    const bool in_patch = patch_it != patch.end();
    if ((in_original && !orig_it->is_array()) || (in_patch && !patch_it->is_array())) {
      return merge_error("invalid patch format of setElementOrder list");
    }
    ordered_lists.push_back(list_key);
    if (!in_original && !in_patch) continue;
    Json& slot = original[list_key];
    if (!in_original) slot = Json::array();
    const Json empty = Json::array();
    const Json& patch_list = in_patch ? *patch_it : empty;
    TRY(merge_list(slot, patch_list, child(field), field != nullptr ? field->merge_key : "", false, &*it));
  }

  std::vector<std::pair<std::string, const Json*>> deletions;
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& key = it.key();
    if (key == kRetainKeys || key.starts_with(kOrderPrefix)) continue;
    if (std::find(ordered_lists.begin(), ordered_lists.end(), key) != ordered_lists.end()) continue;
    if (key.starts_with(kDeletePrefix)) {
      if (key.size() <= kDeletePrefix.size() + 1 || key[kDeletePrefix.size()] != '/') {
        return merge_error("invalid patch format of primitive list");
      }
      deletions.emplace_back(key.substr(kDeletePrefix.size() + 1), &it.value());
      continue;
    }
    const Json& pv = it.value();
    if (pv.is_null()) {
      original.erase(key);
      continue;
    }
    auto& original_members = original.get_ref<Json::object_t&>();
    auto found = yaml::find_member(original_members, key);
    if (found == original_members.end() || category(found->second) != category(pv)) {
      Json slot;
      if (take_patch_value(slot, pv)) {
        original[key] = std::move(slot);
      } else {
        original.erase(key);
      }
      continue;
    }
    Json& existing = found->second;
    if (pv.is_object()) {
      TRY_ASSIGN(const Field* field, lookup(node, key));
      if (base_strategy(field) == PatchStrategy::kReplace) {
        existing = pv;
      } else {
        TRY(merge_map(existing, pv, child(field)));
      }
    } else if (pv.is_array()) {
      TRY_ASSIGN(const Field* field, lookup(node, key));
      if (base_strategy(field) == PatchStrategy::kMerge) {
        TRY(merge_list(existing, pv, child(field), field->merge_key, false, nullptr));
      } else {
        existing = pv;
      }
    } else {
      existing = pv;
    }
  }
  // $deleteFromPrimitiveList/<list>: remove the listed values from the list.
  for (const auto& [key, values] : deletions) {
    auto ov = original.find(key);
    if (ov == original.end() || !ov->is_array() || !values->is_array()) continue;
    TRY_ASSIGN(const Field* field, lookup(node, key));
    TRY(merge_list(*ov, *values, child(field), "", true, nullptr));
  }
  return {};
}

}  // namespace

MergeSchema pod_schema() { return MergeSchema(schema::find_struct("Pod")); }
MergeSchema pod_spec_schema() { return MergeSchema(schema::find_struct("PodSpec")); }
MergeSchema schema_for(std::string_view go_type_name) { return MergeSchema(schema::find_struct(go_type_name)); }

Result<Json> strategic_merge_patch(const Json& original, const Json& patch, const MergeSchema& schema) {
  Json target = original;
  TRY(strategic_merge_patch_in_place(target, patch, schema));
  return target;
}

Result<void> strategic_merge_patch_in_place(Json& target, const Json& patch, const MergeSchema& schema) {
  if (!patch.is_object()) return merge_error("strategic merge: the patch is not a JSON object");
  if (!target.is_object() && !target.is_null()) return merge_error("strategic merge: the original is not a JSON object");
  Merger merger;
  return merger.merge_map(target, patch, Node{schema.root()});
}

}  // namespace sidecarctl::kube
