// Checks a document's bytes before parsing: valid UTF-8 and only the characters YAML allows.
#pragma once

#include <string>
#include <string_view>

#include "yaml/document.h"

namespace sidecarctl::yaml {

// Empty when `text` is acceptable; otherwise go-yaml's complaint and where (1-based, relative
// to the text) in `mark`.
std::string check_characters(std::string_view text, Mark* mark);

}  // namespace sidecarctl::yaml
