// Value: what a Go text/template sees through reflect, cheap to copy (shared immutable payloads;
// JSON data is wrapped in place, never deep-copied per field access).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sidecarctl::gotemplate {

using Json = nlohmann::json;

class Value;
class Object;
struct Function;

using List = std::vector<Value>;
using Map = std::map<std::string, Value, std::less<>>;                // map[string]interface{}
using StringMap = std::map<std::string, std::string, std::less<>>;    // map[string]string

class Value {
 public:
  // The Go kinds a template distinguishes.
  enum class Kind : std::uint8_t {
    kInvalid,    // no value at all (a missing map key): prints "<no value>"
    kNil,        // untyped nil: JSON null, nil interface
    kBool,
    kInt,        // Go int: template constants, len results
    kInt64,      // Go int64: JSON integers
    kFloat64,
    kString,
    kList,       // []interface{} (or another slice type named by list_type_name)
    kMap,        // map[string]interface{}, keys in byte order
    kStringMap,  // map[string]string
    kObject,     // a C++ object seen through Go field and method names
    kComplex128, // complex template constants (1i)
  };

  Value() = default;  // invalid (missing)
  static Value invalid() { return Value(); }
  static Value nil();
  static Value from_bool(bool b);
  static Value from_int(std::int64_t i);    // Go int
  static Value from_int64(std::int64_t i);  // Go int64
  static Value from_float(double f);
  static Value from_string(std::string s);
  // A list; `type_name` is its Go type for %T and %#v ("[]interface {}", "[]string", ...).
  static Value from_list(List items, std::string type_name = "[]interface {}");
  static Value from_map(Map entries);
  static Value from_string_map(StringMap entries);
  static Value from_object(std::shared_ptr<const Object> object);
  static Value from_complex(double real, double imag);
  // Wraps a JSON document without copying it: objects are maps, arrays lists, integers that fit
  // int64 are Int64, other numbers Float64, null is Nil.
  static Value from_json(std::shared_ptr<const Json> root);
  // Same, copying `json` once into a shared document.
  static Value from_json(const Json& json);
  static Value from_json(Json&& json);

  Kind kind() const { return kind_; }
  bool is_missing() const { return kind_ == Kind::kInvalid; }
  bool is_nil() const { return kind_ == Kind::kNil; }
  bool is_int() const { return kind_ == Kind::kInt || kind_ == Kind::kInt64; }
  bool is_number() const { return is_int() || kind_ == Kind::kFloat64; }

  // Go's type name: "int", "int64", "float64", "string", "bool", "[]interface {}",
  // "map[string]interface {}", "map[string]string", "<nil>" for Nil and Invalid, Object's own.
  std::string go_type_name() const;
  // text/template's truth: false for zero values, nil, empty collections; Invalid is false.
  bool truth() const;

  // Scalar accessors; calling one on another kind is a programming error (asserted).
  bool as_bool() const;
  std::int64_t as_int() const;  // Int or Int64
  double as_float() const;      // Float64 only
  std::string_view as_string() const;
  double complex_real() const;  // kComplex128 only
  double complex_imag() const;

  // Whether this value sits in an interface{} slot (an element of []interface{} or of
  // map[string]interface{}): Go's reflect then reports the static type "interface {}", which
  // shows in some executor messages. Pipelines strip it (and a nil in a slot becomes missing).
  bool in_interface() const { return iface_; }
  Value with_interface() const {
    Value v(*this);
    v.iface_ = true;
    return v;
  }
  Value without_interface() const {
    Value v(*this);
    v.iface_ = false;
    return v;
  }

  // Lists.
  std::size_t list_size() const;
  Value list_at(std::size_t i) const;
  const std::string& list_type_name() const;

  // Maps (kMap and kStringMap): size, lookup (nullopt when absent), iteration in key order.
  std::size_t map_size() const;
  std::optional<Value> map_find(std::string_view key) const;
  void map_for_each(const std::function<void(std::string_view key, const Value& value)>& fn) const;
  std::vector<std::string> map_keys() const;
  const StringMap& string_map() const;  // kStringMap only

  // Go maps are references: sprig's set/unset change the map every holder sees. These mutate a
  // kMap in place (a native map, or the JSON object this value views, whose document must have
  // been created mutable, as the from_json overloads taking a Json do) and a kStringMap.
  // map_set refuses (returns false) to store a value that holds this map, which would make the
  // map contain itself: Go allows it, but nothing can print or copy such a map.
  [[nodiscard]] bool map_set(const std::string& key, const Value& value) const;
  void map_erase(std::string_view key) const;

  const Object& object() const;  // kObject only
  std::shared_ptr<const Object> object_ptr() const;

  // Back to JSON (Go encoding/json shape; Invalid becomes null; Objects via Object::to_json).
  // Charges the execution's step budget a step per element and fails (FunctionError) past
  // kMaxValueDepth levels (gotemplate/step_budget.h).
  Json to_json() const;

  // The wrapped JSON node, when this value is a view of a JSON document (else nullptr).
  const Json* json_node() const { return json_ ? static_cast<const Json*>(ptr_) : nullptr; }
  // What this value points to (its string, list, map or object), for identity checks.
  const void* storage() const { return ptr_; }

 private:
  Kind kind_ = Kind::kInvalid;
  bool json_ = false;   // ptr_ points into a shared JSON document kept alive by owner_
  bool iface_ = false;  // see in_interface()
  union {
    bool b_;
    std::int64_t i_;
    double f_;
    const void* ptr_ = nullptr;
  };
  std::shared_ptr<const void> owner_;

  static Value view(const Json* node, const std::shared_ptr<const void>& owner);
  Json to_json(int depth) const;
  Json copy_of_json() const;  // of a JSON view, charging a step per node
  // Whether `storage` (a native map) is this value or nested in it, a step per list or map seen.
  bool reaches(const void* storage) const;
  friend struct ValueAccess;
};

// A C++ object that a template reads through Go names: fields, methods, and how fmt prints it.
// Used for typed Go values (ProxyConfig, Duration, wrappers with GetValue, enums printing as names).
class Object {
 public:
  virtual ~Object() = default;
  // Go type name for %T and errors ("*v1alpha1.ProxyConfig", "durationpb.Duration").
  virtual std::string go_type_name() const = 0;
  // The field (or argument-less method) `name`; nullopt when the type has none.
  virtual std::optional<Value> field(std::string_view name) const = 0;
  // A method taking arguments (looked up before fields, as Go does); nullptr when none.
  // The executor calls it with CallContext::receiver set to this object's Value.
  virtual const Function* method(std::string_view /*name*/) const { return nullptr; }
  // fmt's Stringer: what %v and %s print; nullopt means "print plain_value()".
  virtual std::optional<std::string> string_method() const { return std::nullopt; }
  // The underlying value fmt prints without Stringer and comparisons use (an enum's number);
  // default: the JSON form.
  virtual Value plain_value() const { return Value::from_json(to_json()); }
  // text/template truth (a non-nil pointer or struct is true).
  virtual bool truth() const { return true; }
  // encoding/json form.
  virtual Json to_json() const = 0;
};

}  // namespace sidecarctl::gotemplate
