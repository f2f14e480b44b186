// Go literal syntax used by templates: strconv.Unquote / UnquoteChar. Numbers: base/go_strconv.h.
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

}  // namespace sidecarctl::gotemplate
