// Go literal syntax used by templates: strconv.Unquote / UnquoteChar and the number parsing of
// text/template's NumberNode (ParseInt/ParseUint with base 0, ParseFloat, underscores).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sidecarctl::gotemplate {

// strconv.Unquote of a "..." or `...` literal; nullopt on invalid syntax.
std::optional<std::string> go_unquote(std::string_view quoted);

// strconv.UnquoteChar(s, quote): the first (possibly escaped) character of s and the rest.
// Returns false on invalid syntax.
bool go_unquote_char(std::string_view s, char quote, char32_t& value, std::string_view& tail);

enum class NumError { kNone, kSyntax, kRange };

// strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64).
NumError go_parse_int(std::string_view s, std::int64_t& out);
NumError go_parse_uint(std::string_view s, std::uint64_t& out);
// strconv.ParseFloat(s, 64) for Go float literal syntax (decimal and hexadecimal, underscores).
NumError go_parse_float(std::string_view s, double& out);

}  // namespace sidecarctl::gotemplate
