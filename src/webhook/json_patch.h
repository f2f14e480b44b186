// JSON Patch (RFC 6902) between two JSON documents, as istiod's webhook answers with
// (gomodules.xyz/jsonpatch/v2 CreatePatch: add/remove/replace only, no move/copy/test).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace sidecarctl::webhook {

using Json = nlohmann::json;

// The operations that turn `from` into `to`: objects are compared key by key, arrays element by
// element after their common prefix and suffix (an insertion at the front is one `add`), anything
// else that differs is one `replace`. Equal documents give `[]`.
Json create_patch(const Json& from, const Json& to);

}  // namespace sidecarctl::webhook
