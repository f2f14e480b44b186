// go-yaml reads the Unicode line breaks NEL (U+0085), LS (U+2028) and PS (U+2029) as line breaks;
// yaml-cpp and the fast parser read them as ordinary characters. This rewrites a document's text
// so that both parsers give the value go-yaml gives.
#pragma once

#include <string>
#include <string_view>

namespace sidecarctl::yaml {

// False when `text` has none of the three characters (the common case: nothing is copied).
// Otherwise fills `out` with `text` where each NEL became "\n" (go-yaml normalises NEL to a line
// feed as it reads) and the spaces and tabs next to each LS or PS were dropped (go-yaml keeps LS
// and PS in a scalar but folds the blanks around a line break away).
bool rewrite_unicode_breaks(std::string_view text, std::string* out);

}  // namespace sidecarctl::yaml
