// The typed round trip, walked over the schema tables: decode rules of encoding/json (with
// sigs.k8s.io/yaml's "number or bool into a string field becomes a string"), then the encode rules
// (omitempty, non-pointer structs always present, zero values of non-omitempty fields).
#include "kube/typed_object.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "kube/go_text.h"
#include "kube/quantity.h"
#include "kube/workload.h"
#include "yaml/go_format.h"
#include "yaml/json_fields.h"
#include "yaml/object_key.h"

namespace sidecarctl::kube {
namespace {

using schema::Field;
using schema::Shape;
using schema::Struct;

// One step of the path from the root to the value being normalized.
struct Step {
  std::string_view key;  // empty for a list index
  std::size_t index = 0;
  bool in_struct = false;  // key is a struct field (part of Go's dotted field path)
};

// Carries the path (for error messages) through the recursion without building strings. A
// Walker<Json> normalizes in place; a Walker<const Json> only checks: it finds the error
// normalizing would give, and writes nothing (a value that decodes needs no normalized copy made
// to know it).
template <class J>
class Walker {
 public:
  Walker(const yaml::Document* source, std::string_view root, const DecodeOptions& options)
      : source_(source), root_(root), options_(options) {}

  Result<void> normalize_struct(J& obj, const Struct& st);

 private:
  static constexpr bool kWrites = !std::is_const_v<J>;

  Result<void> normalize_value(J& value, const Field& field, Shape shape, bool pointer);
  Result<void> normalize_scalar(J& value, const Field& field, Shape shape, bool pointer);
  // value = replacement, when normalizing.
  static void set(J& value, Json replacement) {
    if constexpr (kWrites) value = std::move(replacement);
  }

  std::string pointer() const;
  Error type_error(const Json& value, std::string_view go_type) const;
  Error value_error(const std::string& message) const;

  const yaml::Document* source_;
  std::string_view root_;  // Go type name of the root, for messages
  DecodeOptions options_;
  std::vector<Step> path_;
  const Struct* current_struct_ = nullptr;  // innermost struct, for Go's "Go struct field X.y" wording
};

template <class J>
std::string Walker<J>::pointer() const {
  std::string out;
  for (const Step& s : path_) {
    out += '/';
    if (s.key.empty()) {
      out += std::to_string(s.index);
      continue;
    }
    out += yaml::json_pointer_token(s.key);
  }
  return out;
}

const char* json_kind(const Json& value) { return yaml::json_type_name(value); }

// Go's text for a JSON number, as encoding/json would have received it.
std::string number_text(const Json& value) {
  if (value.is_number_integer()) return value.dump();
  return yaml::format_float_json(value.get<double>());
}

template <class J>
Error Walker<J>::type_error(const Json& value, std::string_view go_type) const {
  std::string what = json_kind(value);
  // Go names the number only when it does not fit a numeric field; any other target gets "number".
  const bool numeric = go_type.starts_with("int") || go_type.starts_with("uint") || go_type.starts_with("float");
  if (value.is_number() && numeric) what += " " + number_text(value);
  std::string fields;
  for (const Step& s : path_) {
    if (!s.in_struct) continue;
    if (!fields.empty()) fields += '.';
    fields += s.key;
  }
  std::string message;
  if (current_struct_ != nullptr && !fields.empty()) {
    message = fmt::format("json: cannot unmarshal {} into Go struct field {}.{} of type {}", what,
                          current_struct_->name, fields, go_type);
  } else {
    message = fmt::format("json: cannot unmarshal {} into Go value of type {}", what, go_type);
  }
  return value_error(message);
}

template <class J>
Error Walker<J>::value_error(const std::string& message) const {
  const std::string at = pointer();
  SourceLoc loc = source_ != nullptr ? source_->loc(at) : SourceLoc{};
  if (!options_.locate_errors) return make_error(ErrorKind::kInvalidInput, message, std::move(loc));
  std::string text = fmt::format("decoding {}", root_);
  if (!at.empty()) text += " at " + at;
  return make_error(ErrorKind::kInvalidInput, text + ": " + message, std::move(loc));
}

std::string go_type_name(const Field& field, Shape shape) {
  switch (shape) {
    case Shape::kString: return "string";
    case Shape::kBool: return "bool";
    case Shape::kInt32: return "int32";
    case Shape::kInt64: return "int64";
    case Shape::kFloat64: return "float64";
    case Shape::kQuantity: return "resource.Quantity";
    case Shape::kIntOrString: return "intstr.IntOrString";
    case Shape::kTime: return "v1.Time";
    case Shape::kBytes: return "[]uint8";
    case Shape::kAny: return "interface {}";
    case Shape::kStruct: return fmt::format("v1.{}", field.type != nullptr ? field.type->name : "");
    case Shape::kList: return "[]" + go_type_name(field, field.elem);
    case Shape::kMap: return "map[string]" + go_type_name(field, field.elem);
  }
  return "?";
}

// Whether encoding/json's omitempty drops this (already normalized) value.
bool is_empty_for_omitempty(const Json& value, const Field& field) {
  if (field.pointer) return value.is_null();
  switch (field.shape) {
    case Shape::kStruct:
    case Shape::kQuantity:
    case Shape::kIntOrString:
    case Shape::kTime:
      return field.omitzero && value.is_null();  // structs are never "empty" for omitempty
    case Shape::kString:
      return value.is_string() && value.get_ref<const std::string&>().empty();
    case Shape::kBool:
      return value.is_boolean() && !value.get<bool>();
    case Shape::kInt32:
    case Shape::kInt64:
    case Shape::kFloat64:
      return value.is_number() && value == 0;
    case Shape::kBytes:
      return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty());
    case Shape::kAny:
      return value.is_null();
    case Shape::kList:
    case Shape::kMap:
      return value.is_null() || value.empty();
  }
  return false;
}

// The marshalled zero value of a non-pointer value of `shape`.
Json zero_of(Shape shape) {
  switch (shape) {
    case Shape::kString: return "";
    case Shape::kBool: return false;
    case Shape::kInt32:
    case Shape::kInt64: return 0;
    case Shape::kFloat64: return 0;
    case Shape::kQuantity: return "0";
    case Shape::kIntOrString: return 0;
    case Shape::kStruct: return Json::object();
    default: return nullptr;  // Time (null when zero), []byte, lists, maps, RawExtension
  }
}

// The marshalled zero value of a field the input did not set (not called for omitted ones).
Json zero_value(const Field& field) { return field.pointer ? Json(nullptr) : zero_of(field.shape); }

// The fields of `st` the encoder prints even when unset: not omitempty (which encoding/json ignores
// on non-pointer structs) and not omitzero. Worked out once per struct and thread (a struct
// normalized for every pod would otherwise have all its fields looked at each time).
const std::vector<const Field*>& printed_when_unset(const Struct& st) {
  thread_local std::unordered_map<const Struct*, std::vector<const Field*>> by_struct;
  auto [it, added] = by_struct.try_emplace(&st);
  if (added) {
    for (const Field& field : st.fields) {
      const bool struct_value =
          !field.pointer && (field.shape == Shape::kStruct || field.shape == Shape::kQuantity ||
                             field.shape == Shape::kIntOrString || field.shape == Shape::kTime);
      if ((field.omitempty && !struct_value) || field.omitzero) continue;
      it->second.push_back(&field);
    }
  }
  return it->second;
}

template <class J>
Result<void> Walker<J>::normalize_struct(J& obj, const Struct& st) {
  // A null struct decodes as an empty one, whose unset fields take zero values that always decode.
  if (obj.is_null()) {
    if constexpr (!kWrites) return {};
    set(obj, Json::object());
  }
  if (!obj.is_object()) return type_error(obj, fmt::format("v1.{}", st.name));
  const Struct* outer = current_struct_;
  current_struct_ = &st;

  std::vector<Json::iterator> drop;
  std::vector<std::pair<Json::iterator, const Field*>> renames;  // matched case-insensitively
  // The fields the object has (bit i: st.fields[i]), when st has at most 64: a field matched here
  // is present after the renames and drops below (those drop only omitempty fields that are empty,
  // never one printed when unset), so the zero values need no look-up to see what is set.
  std::uint64_t present = 0;
  const bool tracks_present = st.fields.size() <= 64;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const Field* field = st.find_exact(it.key());
    // Matched only case-insensitively (as encoding/json does): written under its own name below.
    const bool folded = field == nullptr && options_.case_insensitive_keys && (field = st.find_folded(it.key()));
    if (field == nullptr) {
      if constexpr (kWrites) drop.push_back(it);
      continue;
    }
    if (tracks_present) present |= std::uint64_t{1} << (field - st.fields.data());
    path_.push_back(Step{it.key(), 0, true});
    Result<void> r = normalize_value(it.value(), *field, field->shape, field->pointer);
    path_.pop_back();
    if (!r) return r;
    if constexpr (kWrites) {
      if (field->omitempty && is_empty_for_omitempty(it.value(), *field)) {
        drop.push_back(it);
      } else if (folded) {
        renames.emplace_back(it, field);
      }
    }
  }
  // Renamed and dropped members, and the zero values of unset fields: what normalizing writes,
  // none of which can fail.
  if constexpr (kWrites) {
    for (auto& [it, field] : renames) {
      const std::string name(field->json);
      if (!obj.contains(name)) obj[name] = std::move(it.value());
      drop.push_back(it);
    }
    for (auto it : drop) obj.erase(it);

    for (const Field* printed : printed_when_unset(st)) {
      const Field& field = *printed;
      if (tracks_present ? (present >> (printed - st.fields.data()) & 1) != 0
                         : yaml::member_of(obj, field.json) != nullptr) {
        continue;
      }
      Json zero = zero_value(field);
      if (field.shape == Shape::kStruct && !field.pointer) {
        path_.push_back(Step{field.json, 0, true});
        Result<void> r = normalize_struct(zero, *field.type);
        path_.pop_back();
        if (!r) return r;
      }
      obj.emplace(std::string(field.json), std::move(zero));
    }
  }
  current_struct_ = outer;
  return {};
}

template <class J>
Result<void> Walker<J>::normalize_value(J& value, const Field& field, Shape shape, bool pointer) {
  switch (shape) {
    case Shape::kStruct:
      if (value.is_null() && pointer) return {};
      return normalize_struct(value, *field.type);
    case Shape::kList: {
      if (value.is_null()) return {};
      if (!value.is_array()) return type_error(value, go_type_name(field, Shape::kList));
      std::size_t i = 0;
      for (J& elem : value) {
        path_.push_back(Step{{}, i++, false});
        Result<void> r = normalize_value(elem, field, field.elem, false);
        path_.pop_back();
        if (!r) return r;
      }
      return {};
    }
    case Shape::kMap: {
      if (value.is_null()) return {};
      if (!value.is_object()) return type_error(value, go_type_name(field, Shape::kMap));
      for (auto it = value.begin(); it != value.end(); ++it) {
        path_.push_back(Step{it.key(), 0, false});
        Result<void> r = normalize_value(it.value(), field, field.elem, false);
        path_.pop_back();
        if (!r) return r;
      }
      return {};
    }
    default:
      return normalize_scalar(value, field, shape, pointer);
  }
}

template <class J>
Result<void> Walker<J>::normalize_scalar(J& value, const Field& field, Shape shape, bool pointer) {
  const Json& in = value;  // what the input holds (reads need no template keyword)
  if (value.is_null()) {
    if (pointer) return {};
    if (shape == Shape::kQuantity) {
      set(value, "0");
    } else if (shape == Shape::kTime || shape == Shape::kBytes || shape == Shape::kAny) {
      // zero value prints as null
    } else {
      set(value, zero_of(shape));
    }
    return {};
  }
  switch (shape) {
    case Shape::kString:
      // sigs.k8s.io/yaml turns YAML numbers and booleans aimed at a string field into strings.
      if (value.is_string()) return {};
      if (!options_.scalars_to_strings) return type_error(value, "string");
      if (value.is_boolean()) {
        set(value, in.get<bool>() ? "true" : "false");
      } else if (value.is_number_integer()) {
        set(value, value.dump());
      } else if (value.is_number_float()) {
        set(value, yaml::format_float32_g(static_cast<float>(in.get<double>())));
      } else {
        return type_error(value, "string");
      }
      return {};
    case Shape::kBool:
      if (!value.is_boolean()) return type_error(value, "bool");
      return {};
    case Shape::kInt32:
    case Shape::kInt64: {
      const char* type = shape == Shape::kInt32 ? "int32" : "int64";
      if (!value.is_number()) return type_error(value, type);
      std::int64_t lo = shape == Shape::kInt32 ? std::numeric_limits<std::int32_t>::min()
                                               : std::numeric_limits<std::int64_t>::min();
      std::int64_t hi = shape == Shape::kInt32 ? std::numeric_limits<std::int32_t>::max()
                                               : std::numeric_limits<std::int64_t>::max();
      if (value.is_number_unsigned()) {
        if (in.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) return type_error(value, type);
        set(value, static_cast<std::int64_t>(in.get<std::uint64_t>()));
        return {};
      }
      std::int64_t v = 0;
      if (value.is_number_float()) {
        // The float reaches Go as its JSON text: integral values below 1e21 print as integers.
        const double f = in.get<double>();
        if (std::trunc(f) != f || std::fabs(f) >= 1e21 || f < -9.2e18 || f > 9.2e18) return type_error(value, type);
        v = static_cast<std::int64_t>(f);
        set(value, v);
      } else {
        v = in.get<std::int64_t>();
      }
      if (v < lo || v > hi) return type_error(value, type);
      return {};
    }
    case Shape::kFloat64:
      if (!value.is_number()) return type_error(value, "float64");
      return {};
    case Shape::kQuantity: {
      Result<std::string> q = canonical_quantity(value);
      if (!q) return value_error(q.error().message);
      set(value, std::move(q).value());
      return {};
    }
    case Shape::kIntOrString:
      if (value.is_string() || value.is_number_integer()) {
        if (value.is_number_integer()) {
          const std::int64_t v = in.get<std::int64_t>();
          if (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max()) {
            current_struct_ = nullptr;  // IntOrString decodes its int itself: "Go value of type int32"
            return type_error(value, "int32");
          }
        }
        return {};
      }
      if (value.is_number_float() && std::trunc(in.get<double>()) == in.get<double>() &&
          std::fabs(in.get<double>()) <= 2147483647.0) {
        set(value, static_cast<std::int64_t>(in.get<double>()));
        return {};
      }
      current_struct_ = nullptr;
      return type_error(value, "int32");
    case Shape::kTime: {
      if (!value.is_string()) return value_error("invalid character in time value: expected a quoted RFC 3339 time");
      Result<std::optional<std::string>> t = rfc3339_to_utc(in.get_ref<const std::string&>());
      if (!t) return value_error(t.error().message);
      if (t->has_value()) {
        set(value, **t);
      } else {
        set(value, nullptr);  // the zero time prints as null
      }
      return {};
    }
    case Shape::kBytes:
      if (!value.is_string()) return type_error(value, "[]uint8");
      return {};
    case Shape::kAny:
      return {};
    default:
      return {};
  }
  (void)field;
}

const Struct* root_struct(const Json& obj) {
  const auto kind = workload_kind(obj);
  if (!kind) return nullptr;
  return schema::find_struct(kind_name(*kind));
}

}  // namespace

std::string_view typed_root_name(const Json& obj) {
  const Struct* st = root_struct(obj);
  return st != nullptr ? st->name : std::string_view();
}

namespace {

// Normalizes (J = Json) or checks (J = const Json) an object of a kind istioctl decodes.
template <class J>
Result<void> walk_typed(J& obj, const yaml::Document* source) {
  const Struct* root = root_struct(obj);
  if (root == nullptr) {
    return make_error(ErrorKind::kInternal, "normalize_typed: not a kind istioctl decodes",
                      source != nullptr ? source->loc() : SourceLoc{});
  }
  if (root->name == std::string_view("List")) {
    // A List decodes its items as raw JSON; istioctl decodes the registered kinds among them.
    if (J* items = list_items(obj)) {
      for (J& item : *items) {
        if (workload_kind(item).has_value()) TRY(walk_typed(item, source));
      }
    }
  }
  Walker<J> walker(source, root->name, kYamlDecode);
  return walker.normalize_struct(obj, *root);
}

}  // namespace

Result<void> normalize_typed_in_place(Json& obj, const yaml::Document* source) {
  return walk_typed(obj, source);
}

Result<void> check_typed(const Json& obj, const yaml::Document* source) { return walk_typed(obj, source); }

Result<Json> normalize_typed(const Json& obj, const yaml::Document* source) {
  Json out = obj;
  TRY(normalize_typed_in_place(out, source));
  return out;
}

Result<void> normalize_as_in_place(Json& value, std::string_view go_type_name, const yaml::Document* source,
                                   const DecodeOptions& options) {
  const Struct* st = schema::find_struct(go_type_name);
  if (st == nullptr) return make_error(ErrorKind::kInternal, fmt::format("normalize_as: unknown type {}", go_type_name));
  Walker<Json> walker(source, st->name, options);
  return walker.normalize_struct(value, *st);
}

Result<Json> normalize_as(const Json& value, std::string_view go_type_name, const yaml::Document* source,
                          const DecodeOptions& options) {
  Json out = value;
  TRY(normalize_as_in_place(out, go_type_name, source, options));
  return out;
}

}  // namespace sidecarctl::kube
