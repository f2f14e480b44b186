// Go semantics shared by the sprig and Istio function implementations: sprig's strval/empty,
// spf13/cast conversions, reflect kinds and DeepEqual, encoding/json output, time.Duration text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/go_strconv.h"
#include "gotemplate/function.h"
#include "gotemplate/value.h"

namespace sidecarctl::gotemplate {

// Throws FunctionError(message): a Go error result or a recovered panic.
[[noreturn]] void throw_function_error(const std::string& message);

// The largest string (bytes) or list (elements) a function builds: beyond it the call fails
// before allocating, instead of a template exhausting memory (`repeat 1000000000`, `until 1e9`).
// Go has no such limit; no real template comes near it.
inline constexpr std::uint64_t kMaxFunctionResult = 64u << 20;
// Throws FunctionError(result_too_large_message(size)) when `size` exceeds kMaxFunctionResult.
void check_result_size(std::uint64_t size);
// "result too large (SIZE bytes or elements, limit 67108864)".
std::string result_too_large_message(std::uint64_t size);

// sprig's strval: strings as is, Stringers via String(), everything else as fmt's %v.
std::string sprig_strval(const Value& v);
// sprig's empty: nil, zero numbers, false, empty strings/lists/maps; structs never.
bool sprig_empty(const Value& v);

// spf13/cast ToInt64/ToFloat64 (strings parsed with Go's base prefixes; failures give 0).
std::int64_t cast_to_int64(const Value& v);
double cast_to_float64(const Value& v);

// reflect.Kind().String() of an interface{} argument ("invalid" for nil, "slice", "map", "ptr").
std::string go_kind_name(const Value& v);
// Whether reflect sees a slice or array.
bool is_go_slice(const Value& v);
// The elements of a slice value.
List slice_items(const Value& v);
// A []string value.
Value make_string_list(std::vector<std::string> items);
// reflect.DeepEqual for template values (types must match: int differs from int64).
bool go_deep_equal(const Value& a, const Value& b);
// A Value's elements as strings, as sprig's strslice (nil elements skipped; a scalar is one).
std::vector<std::string> sprig_strslice(const Value& v);

// encoding/json Marshal of a value: keys sorted, HTML characters escaped unless `escape_html` is
// false, floats as Go prints them; indent > 0 is MarshalIndent("", N spaces). Returns nullopt
// with `error` set for values JSON cannot hold (NaN, Inf).
std::optional<std::string> go_json_marshal(const Json& value, bool escape_html = true, int indent = 0,
                                           std::string* error = nullptr);
// JSON text decoded as encoding/json into interface{}: every number float64. nullopt when invalid.
std::optional<Value> go_json_unmarshal(std::string_view text);
// Same, keeping the parsed document (numbers converted to floats).
std::optional<Json> go_json_parse_floats(std::string_view text);

}  // namespace sidecarctl::gotemplate
