// Istio resources as istioctl reads them: the spec is decoded into its Go proto by the legacy
// jsonpb decoder (unknown fields ignored, proto or JSON field names, enum names or numbers,
// quoted integers, Go duration strings), and a spec that does not decode makes the whole document
// a file error. What the validators and analyzers then see is the decoded message written back
// as JSON: JSON field names, enums as names (numbers when the enum has no such value), zero
// scalars, empty lists and empty maps left out (they are unset in the proto; a oneof member keeps
// its zero value, it is set), nulls dropped, durations as their text.
#pragma once

#include <optional>
#include <string>

#include "analyze/proto_schema.h"
#include "analyze/resource.h"

namespace sidecarctl::analyze {

struct ProtoError {
  std::string pointer;  // JSON pointer of the offending value, below the decoded value
  std::string message;  // as Go's decoder words it ("unknown value ... for enum ...")
};

// Go's encoding/json name for the JSON type of a value ("string", "number", "object", ...).
std::string go_json_type(const Json& v);

// Decodes `in` as `message` into `out`; on failure `out` is unspecified.
std::optional<ProtoError> decode_proto(const proto::Message& message, const Json& in, Json& out);

// True when decode_proto would give `in` itself (same members, same number types): a cheap walk,
// conservative (false also for some values the decoder would leave as they are).
bool decodes_unchanged(const proto::Message& message, const Json& in);

// Decodes the `spec` of an Istio resource (a manifest object) in place when its kind has one;
// returns the error (pointer relative to the object, "/spec/...") when it does not decode.
std::optional<ProtoError> decode_istio_spec(const std::string& kind_id, Json& object);

}  // namespace sidecarctl::analyze
