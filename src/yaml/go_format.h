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

// What sigs.k8s.io/yaml.Marshal's JSON -> YAML step reads back for a string holding a raw U+0085
// (NEL): Go's JSON leaves that character unescaped and go-yaml takes it for a line break inside the
// double-quoted JSON string, so it folds: a run of spaces and NELs with one NEL becomes one space,
// with n NELs n-1 newlines. Other strings come back unchanged.
std::string fold_next_lines(std::string_view s);

// Whether `s` holds a U+0085 for fold_next_lines to fold.
inline bool has_next_line(std::string_view s) { return s.find("\xC2\x85") != std::string_view::npos; }

// Length of the valid UTF-8 sequence at s[i] (1-4), or 0 if the bytes there are not valid UTF-8.
int utf8_sequence_length(std::string_view s, std::size_t i);

}  // namespace sidecarctl::yaml
