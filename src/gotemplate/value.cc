// Value: payload storage, JSON views, Go type names and truth.
#include "gotemplate/value.h"

#include <cassert>
#include <limits>
#include <unordered_set>

#include "gotemplate/step_budget.h"
#include "yaml/object_key.h"

namespace sidecarctl::gotemplate {

namespace {

// The storage of a list or map, which holds values of its own. Releasing the last reference to
// one releases its elements, and theirs in turn: a template that wraps a list a million times
// would recurse a million levels deep in destructors and overflow the stack. So storage is freed
// by release_composite: a release that happens while another is running is queued on an
// intrusive list, and the outermost release frees the queue in a loop.
struct CompositePayload {
  CompositePayload* next_release = nullptr;
  virtual ~CompositePayload() = default;
};

struct ListPayload : CompositePayload {
  ListPayload(List i, std::string t) : items(std::move(i)), type_name(std::move(t)) {}
  List items;
  std::string type_name;
};

struct MapPayload : CompositePayload {
  explicit MapPayload(Map e) : entries(std::move(e)) {}
  Map entries;  // mutable: see map_set
};

void release_composite(CompositePayload* payload) noexcept {
  thread_local CompositePayload* pending = nullptr;
  thread_local bool releasing = false;
  payload->next_release = pending;
  pending = payload;
  if (releasing) return;
  releasing = true;
  while (pending) {
    CompositePayload* next = pending;
    pending = next->next_release;
    delete next;
  }
  releasing = false;
}

// The storage a native (not JSON) list or map value points to, for identity checks.
const void* composite_storage(const Value& v) {
  if (v.json_node()) return nullptr;
  if (v.kind() == Value::Kind::kList || v.kind() == Value::Kind::kMap) return v.storage();
  return nullptr;
}

// Charges the step budget for each node of a JSON document that is about to be copied.
void charge_json_copy(const Json& root) {
  std::vector<const Json*> stack{&root};
  while (!stack.empty()) {
    const Json* node = stack.back();
    stack.pop_back();
    charge_steps(kCopyStepsPerElement + (node->is_string() ? copy_cost(node->get_ref<const std::string&>()) : 0));
    if (node->is_structured()) {
      for (const auto& child : *node) stack.push_back(&child);
    }
  }
}

const std::string kInterfaceListType = "[]interface {}";

}  // namespace

Value Value::nil() {
  Value v;
  v.kind_ = Kind::kNil;
  return v;
}

Value Value::from_bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.b_ = b;
  return v;
}

Value Value::from_int(std::int64_t i) {
  Value v;
  v.kind_ = Kind::kInt;
  v.i_ = i;
  return v;
}

Value Value::from_int64(std::int64_t i) {
  Value v;
  v.kind_ = Kind::kInt64;
  v.i_ = i;
  return v;
}

Value Value::from_float(double f) {
  Value v;
  v.kind_ = Kind::kFloat64;
  v.f_ = f;
  return v;
}

Value Value::from_string(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  auto owned = std::make_shared<const std::string>(std::move(s));
  v.ptr_ = owned.get();
  v.owner_ = std::move(owned);
  return v;
}

Value Value::from_list(List items, std::string type_name) {
  Value v;
  v.kind_ = Kind::kList;
  std::shared_ptr<const ListPayload> owned(new ListPayload(std::move(items), std::move(type_name)), release_composite);
  v.ptr_ = owned.get();
  v.owner_ = std::move(owned);
  return v;
}

Value Value::from_map(Map entries) {
  Value v;
  v.kind_ = Kind::kMap;
  std::shared_ptr<const MapPayload> owned(new MapPayload(std::move(entries)), release_composite);
  v.ptr_ = &owned->entries;
  v.owner_ = std::move(owned);
  return v;
}

Value Value::from_string_map(StringMap entries) {
  Value v;
  v.kind_ = Kind::kStringMap;
  auto owned = std::make_shared<StringMap>(std::move(entries));  // mutable: see map_set
  v.ptr_ = owned.get();
  v.owner_ = std::move(owned);
  return v;
}

Value Value::from_object(std::shared_ptr<const Object> object) {
  if (!object) return nil();
  Value v;
  v.kind_ = Kind::kObject;
  v.ptr_ = object.get();
  v.owner_ = std::move(object);
  return v;
}

Value Value::from_complex(double real, double imag) {
  Value v;
  v.kind_ = Kind::kComplex128;
  auto owned = std::make_shared<const std::pair<double, double>>(real, imag);
  v.ptr_ = owned.get();
  v.owner_ = std::move(owned);
  return v;
}

double Value::complex_real() const {
  assert(kind_ == Kind::kComplex128);
  return static_cast<const std::pair<double, double>*>(ptr_)->first;
}

double Value::complex_imag() const {
  assert(kind_ == Kind::kComplex128);
  return static_cast<const std::pair<double, double>*>(ptr_)->second;
}

Value Value::view(const Json* node, const std::shared_ptr<const void>& owner) {
  Value v;
  switch (node->type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      v.kind_ = Kind::kNil;
      return v;
    case Json::value_t::boolean:
      return from_bool(node->get<bool>());
    case Json::value_t::number_integer:
      return from_int64(node->get<std::int64_t>());
    case Json::value_t::number_unsigned: {
      auto u = node->get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return from_int64(static_cast<std::int64_t>(u));
      return from_float(static_cast<double>(u));
    }
    case Json::value_t::number_float:
      return from_float(node->get<double>());
    case Json::value_t::string:
      v.kind_ = Kind::kString;
      break;
    case Json::value_t::array:
    case Json::value_t::binary:
      v.kind_ = Kind::kList;
      break;
    case Json::value_t::object:
      v.kind_ = Kind::kMap;
      break;
  }
  v.json_ = true;
  v.ptr_ = node;
  v.owner_ = owner;
  return v;
}

Value Value::from_json(std::shared_ptr<const Json> root) {
  if (!root) return nil();
  const Json* node = root.get();
  std::shared_ptr<const void> owner = std::move(root);
  return view(node, owner);
}

Value Value::from_json(const Json& json) { return from_json(std::shared_ptr<const Json>(std::make_shared<Json>(json))); }
Value Value::from_json(Json&& json) {
  return from_json(std::shared_ptr<const Json>(std::make_shared<Json>(std::move(json))));
}

std::string Value::go_type_name() const {
  switch (kind_) {
    case Kind::kInvalid:
    case Kind::kNil: return "<nil>";
    case Kind::kBool: return "bool";
    case Kind::kInt: return "int";
    case Kind::kInt64: return "int64";
    case Kind::kFloat64: return "float64";
    case Kind::kString: return "string";
    case Kind::kList: return list_type_name();
    case Kind::kMap: return "map[string]interface {}";
    case Kind::kStringMap: return "map[string]string";
    case Kind::kObject: return object().go_type_name();
    case Kind::kComplex128: return "complex128";
  }
  return "<nil>";
}

bool Value::truth() const {
  switch (kind_) {
    case Kind::kInvalid:
    case Kind::kNil: return false;
    case Kind::kBool: return b_;
    case Kind::kInt:
    case Kind::kInt64: return i_ != 0;
    case Kind::kFloat64: return f_ != 0;
    case Kind::kString: return !as_string().empty();
    case Kind::kList: return list_size() != 0;
    case Kind::kMap:
    case Kind::kStringMap: return map_size() != 0;
    case Kind::kObject: return object().truth();
    case Kind::kComplex128: return complex_real() != 0 || complex_imag() != 0;
  }
  return false;
}

bool Value::as_bool() const {
  assert(kind_ == Kind::kBool);
  return b_;
}

std::int64_t Value::as_int() const {
  assert(is_int());
  return i_;
}

double Value::as_float() const {
  assert(kind_ == Kind::kFloat64);
  return f_;
}

std::string_view Value::as_string() const {
  assert(kind_ == Kind::kString);
  if (json_) return static_cast<const Json*>(ptr_)->get_ref<const std::string&>();
  return *static_cast<const std::string*>(ptr_);
}

std::size_t Value::list_size() const {
  assert(kind_ == Kind::kList);
  if (json_) return static_cast<const Json*>(ptr_)->size();
  return static_cast<const ListPayload*>(ptr_)->items.size();
}

Value Value::list_at(std::size_t i) const {
  assert(kind_ == Kind::kList && i < list_size());
  Value v = json_ ? view(&(*static_cast<const Json*>(ptr_))[i], owner_)
                  : static_cast<const ListPayload*>(ptr_)->items[i];
  v.iface_ = json_ || static_cast<const ListPayload*>(ptr_)->type_name == kInterfaceListType;
  return v;
}

const std::string& Value::list_type_name() const {
  assert(kind_ == Kind::kList);
  if (json_) return kInterfaceListType;
  return static_cast<const ListPayload*>(ptr_)->type_name;
}

std::size_t Value::map_size() const {
  if (kind_ == Kind::kStringMap) return string_map().size();
  assert(kind_ == Kind::kMap);
  if (json_) return static_cast<const Json*>(ptr_)->size();
  return static_cast<const Map*>(ptr_)->size();
}

std::optional<Value> Value::map_find(std::string_view key) const {
  if (kind_ == Kind::kStringMap) {
    const auto& m = string_map();
    auto it = m.find(yaml::ObjectKey{key});
    if (it == m.end()) return std::nullopt;
    return from_string(it->second);
  }
  assert(kind_ == Kind::kMap);
  if (json_) {
    const Json* member = yaml::member_of(*static_cast<const Json*>(ptr_), key);
    if (!member) return std::nullopt;
    Value v = view(member, owner_);
    v.iface_ = true;
    return v;
  }
  const auto& m = *static_cast<const Map*>(ptr_);
  auto it = m.find(yaml::ObjectKey{key});
  if (it == m.end()) return std::nullopt;
  Value v = it->second;
  v.iface_ = true;
  return v;
}

void Value::map_for_each(const std::function<void(std::string_view, const Value&)>& fn) const {
  if (kind_ == Kind::kStringMap) {
    for (const auto& [k, v] : string_map()) fn(k, from_string(v));
    return;
  }
  assert(kind_ == Kind::kMap);
  if (json_) {
    for (const auto& [k, v] : static_cast<const Json*>(ptr_)->get_ref<const Json::object_t&>()) {
      Value element = view(&v, owner_);
      element.iface_ = true;
      fn(k, element);
    }
    return;
  }
  for (const auto& [k, v] : *static_cast<const Map*>(ptr_)) {
    Value element = v;
    element.iface_ = true;
    fn(k, element);
  }
}

std::vector<std::string> Value::map_keys() const {
  std::vector<std::string> keys;
  keys.reserve(map_size());
  map_for_each([&](std::string_view k, const Value&) { keys.emplace_back(k); });
  return keys;
}

bool Value::map_set(const std::string& key, const Value& value) const {
  if (kind_ == Kind::kStringMap) {
    auto& m = const_cast<StringMap&>(string_map());
    m[key] = value.kind() == Kind::kString ? std::string(value.as_string()) : std::string();
    return true;
  }
  assert(kind_ == Kind::kMap);
  if (json_) {
    auto& node = const_cast<Json&>(*static_cast<const Json*>(ptr_));
    node[key] = value.to_json();
    return true;
  }
  if (value.reaches(ptr_)) return false;
  Value stored = value.without_interface();
  const_cast<Map&>(*static_cast<const Map*>(ptr_))[key] = stored;
  return true;
}

bool Value::reaches(const void* storage) const {
  std::vector<Value> stack{*this};
  std::unordered_set<const void*> seen;
  while (!stack.empty()) {
    Value v = std::move(stack.back());
    stack.pop_back();
    const void* here = composite_storage(v);
    if (!here || !seen.insert(here).second) continue;
    charge_steps(1);
    if (here == storage) return true;
    if (v.kind() == Kind::kList) {
      for (const auto& item : static_cast<const ListPayload*>(v.ptr_)->items) stack.push_back(item);
    } else {
      for (const auto& [k, item] : *static_cast<const Map*>(v.ptr_)) stack.push_back(item);
    }
  }
  return false;
}

void Value::map_erase(std::string_view key) const {
  if (kind_ == Kind::kStringMap) {
    auto& m = const_cast<StringMap&>(string_map());
    auto it = m.find(key);
    if (it != m.end()) m.erase(it);
    return;
  }
  assert(kind_ == Kind::kMap);
  if (json_) {
    const_cast<Json&>(*static_cast<const Json*>(ptr_)).erase(std::string(key));
    return;
  }
  auto& m = const_cast<Map&>(*static_cast<const Map*>(ptr_));
  auto it = m.find(key);
  if (it != m.end()) m.erase(it);
}

const StringMap& Value::string_map() const {
  assert(kind_ == Kind::kStringMap);
  return *static_cast<const StringMap*>(ptr_);
}

const Object& Value::object() const {
  assert(kind_ == Kind::kObject);
  return *static_cast<const Object*>(ptr_);
}

std::shared_ptr<const Object> Value::object_ptr() const {
  assert(kind_ == Kind::kObject);
  return std::shared_ptr<const Object>(owner_, static_cast<const Object*>(ptr_));
}

Json Value::to_json() const { return to_json(0); }

Json Value::to_json(int depth) const {
  enter_value_level(depth, kCopyStepsPerElement);
  switch (kind_) {
    case Kind::kInvalid:
    case Kind::kNil: return nullptr;
    case Kind::kBool: return b_;
    case Kind::kInt:
    case Kind::kInt64: return i_;
    case Kind::kFloat64: return f_;
    case Kind::kString:
      charge_steps(copy_cost(as_string()));
      return std::string(as_string());
    case Kind::kList: {
      if (json_) return copy_of_json();
      Json out = Json::array();
      for (const auto& item : static_cast<const ListPayload*>(ptr_)->items) out.push_back(item.to_json(depth + 1));
      return out;
    }
    case Kind::kMap: {
      if (json_) return copy_of_json();
      Json out = Json::object();
      for (const auto& [k, v] : *static_cast<const Map*>(ptr_)) out[k] = v.to_json(depth + 1);
      return out;
    }
    case Kind::kStringMap: {
      Json out = Json::object();
      for (const auto& [k, v] : string_map()) out[k] = v;
      return out;
    }
    case Kind::kObject: return object().to_json();
    case Kind::kComplex128: return nullptr;
  }
  return nullptr;
}

Json Value::copy_of_json() const {
  const auto& node = *static_cast<const Json*>(ptr_);
  charge_json_copy(node);
  return node;
}

}  // namespace sidecarctl::gotemplate
