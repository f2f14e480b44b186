// The shape of Istio's API messages (istio.io/api at the version istioctl pins): for each message
// its fields in declaration order with their proto and JSON names, kinds, repetition, map keys,
// oneof groups and enum values. Written as a compact table in proto_schema.cc and read once; the
// decoder (proto_decode.h) walks it as Istio's legacy jsonpb decoder walks the Go types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sidecarctl::analyze::proto {

enum class Kind : std::uint8_t {
  kString,
  kBool,
  kInt32,
  kInt64,
  kUint32,
  kUint64,
  kDouble,
  kFloat,
  kBytes,
  kEnum,
  kMessage,
  // Well-known types with their own JSON forms.
  kDuration,
  kStruct,
  kBoolValue,
  kUInt32Value,
  kInt32Value,
  kDoubleValue,
  kStringValue,
};

struct Enum {
  std::string full_name;  // "istio.networking.v1alpha3.ServerTLSSettings.TLSmode"
  std::vector<std::pair<std::string, int>> values;
  // The name of `number`, or "" when the enum has no such value.
  std::string_view name_of(long long number) const;
  bool has(std::string_view name) const;
};

struct Message;

struct Field {
  std::string name;       // proto name ("export_to")
  std::string json_name;  // lowerCamel ("exportTo")
  Kind kind = Kind::kString;
  bool repeated = false;
  bool map = false;  // map<key, value>: `key` is the key kind, the rest describes the value
  Kind key = Kind::kString;
  int oneof = -1;  // index of the oneof group in the message, -1 when none
  const Message* message = nullptr;
  const Enum* enumeration = nullptr;
};

struct Message {
  std::string full_name;
  std::vector<Field> fields;
  // The field a JSON member name (proto or lowerCamel) names, or nullptr.
  const Field* field_named(std::string_view name) const;

  // Every field's names (proto and lowerCamel) with the field's index, sorted by name.
  std::vector<std::pair<std::string_view, std::size_t>> by_name;
};

// The message by full name ("istio.networking.v1alpha3.VirtualService"); nullptr when unknown.
const Message* find_message(std::string_view full_name);

// The spec message of an Istio kind ("VirtualService" -> its message); nullptr for kinds Istio
// does not decode with jsonpb (Gateway API kinds, Kubernetes kinds).
const Message* spec_message(std::string_view kind_id);

}  // namespace sidecarctl::analyze::proto
