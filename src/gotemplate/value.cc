// Value: payload storage, JSON views, Go type names and truth.
#include "gotemplate/value.h"

#include <cassert>
#include <limits>

namespace sidecarctl::gotemplate {

namespace {

struct ListPayload {
  List items;
  std::string type_name;
};

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
  auto owned = std::make_shared<const ListPayload>(ListPayload{std::move(items), std::move(type_name)});
  v.ptr_ = owned.get();
  v.owner_ = std::move(owned);
  return v;
}

Value Value::from_map(Map entries) {
  Value v;
  v.kind_ = Kind::kMap;
  auto owned = std::make_shared<Map>(std::move(entries));  // mutable: see map_set
  v.ptr_ = owned.get();
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
    auto it = m.find(key);
    if (it == m.end()) return std::nullopt;
    return from_string(it->second);
  }
  assert(kind_ == Kind::kMap);
  if (json_) {
    const auto& obj = static_cast<const Json*>(ptr_)->get_ref<const Json::object_t&>();
    auto it = obj.find(std::string(key));
    if (it == obj.end()) return std::nullopt;
    Value v = view(&it->second, owner_);
    v.iface_ = true;
    return v;
  }
  const auto& m = *static_cast<const Map*>(ptr_);
  auto it = m.find(key);
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

void Value::map_set(const std::string& key, const Value& value) const {
  if (kind_ == Kind::kStringMap) {
    auto& m = const_cast<StringMap&>(string_map());
    m[key] = value.kind() == Kind::kString ? std::string(value.as_string()) : std::string();
    return;
  }
  assert(kind_ == Kind::kMap);
  if (json_) {
    auto& node = const_cast<Json&>(*static_cast<const Json*>(ptr_));
    node[key] = value.to_json();
    return;
  }
  Value stored = value.without_interface();
  const_cast<Map&>(*static_cast<const Map*>(ptr_))[key] = stored;
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

Json Value::to_json() const {
  switch (kind_) {
    case Kind::kInvalid:
    case Kind::kNil: return nullptr;
    case Kind::kBool: return b_;
    case Kind::kInt:
    case Kind::kInt64: return i_;
    case Kind::kFloat64: return f_;
    case Kind::kString: return std::string(as_string());
    case Kind::kList: {
      if (json_) return *static_cast<const Json*>(ptr_);
      Json out = Json::array();
      for (const auto& item : static_cast<const ListPayload*>(ptr_)->items) out.push_back(item.to_json());
      return out;
    }
    case Kind::kMap: {
      if (json_) return *static_cast<const Json*>(ptr_);
      Json out = Json::object();
      for (const auto& [k, v] : *static_cast<const Map*>(ptr_)) out[k] = v.to_json();
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

}  // namespace sidecarctl::gotemplate
