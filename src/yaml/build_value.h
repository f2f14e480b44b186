// Turns one YAML document's text into its sigs.k8s.io/yaml value with node positions (then, or later).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "yaml/document.h"

namespace sidecarctl {
class FileRangeReader;
}

namespace sidecarctl::yaml {

// Parses the first document of `text` (yaml-cpp events) into `doc.value`, recording marks into
// `doc.positions` shifted by `doc.first_line - 1`. Errors name doc.source, doc.index and line:col.
Result<void> build_value(std::string_view text, Document& doc, const LoadOptions& options);

// Fills `doc.positions` of a document loaded without them (LoadOptions::positions off), so that
// only the documents a location is asked for pay for positions: parses `doc.text` again with
// `options` and positions on (a released text is read back for it: released_text.h). The value
// and the warnings are left as they are. With `only_for`, only the positions of those JSON
// pointers (and their ancestors: all PositionMap::find needs for them) are recorded, found
// without building the value again where the text allows (position_locator.h). `files`, when
// given, reads released texts back (one reader for many documents of a file opens it once).
void record_positions(Document& doc, const LoadOptions& options,
                      const std::vector<std::string>* only_for = nullptr, FileRangeReader* files = nullptr);

// The string sigs.k8s.io/yaml makes of a resolved map key, or an error message.
Result<std::string> key_string(const Json& key);

}  // namespace sidecarctl::yaml
