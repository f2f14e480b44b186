// go-yaml reads a lone CR (not followed by LF), NEL (U+0085), LS (U+2028) and PS (U+2029) as line
// breaks; yaml-cpp and the fast parser read them as ordinary characters. This rewrites a document's
// text so that both parsers give the value go-yaml gives.
#pragma once

#include <string>
#include <string_view>

namespace sidecarctl::yaml {

// False when `text` has none of these breaks (the common case: nothing is copied). Otherwise fills
// `out` with `text` where each lone CR and each NEL became "\n" (go-yaml normalises both to a line
// feed as it reads; CR LF is left for the parsers, which read it as one break) and the spaces and
// tabs next to each LS or PS were dropped (go-yaml keeps LS and PS in a scalar but folds the
// blanks around a line break away).
bool rewrite_line_breaks(std::string_view text, std::string* out);

}  // namespace sidecarctl::yaml
