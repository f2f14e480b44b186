// Go's number formatting (strconv.FormatFloat 'g' -1, encoding/json's float form) and UTF-8
// helpers shared by the emitters.
#pragma once

#include <string>
#include <string_view>

namespace sidecarctl::yaml {

// strconv.FormatFloat(v, 'g', -1, 64): shortest round-trip digits, exponent form when the
// decimal exponent is < -4 or >= 6 ("1e+06", "0.0001", "123456").
// Infinities and NaN print as "+Inf", "-Inf", "NaN".
std::string format_float_g(double v);

// The same for a float32 (strconv.FormatFloat(v, 'g', -1, 32)).
std::string format_float32_g(float v);

// encoding/json's float64 text: 'f' unless |v| < 1e-6 or >= 1e21, then 'e' with "e-7" not "e-07".
std::string format_float_json(double v);

// Replaces every byte that does not start a valid UTF-8 sequence with U+FFFD, as Go's
// encoding/json does.
std::string sanitize_utf8(std::string_view s);

// Length of the valid UTF-8 sequence at s[i] (1-4), or 0 if the bytes there are not valid UTF-8.
int utf8_sequence_length(std::string_view s, std::size_t i);

}  // namespace sidecarctl::yaml
