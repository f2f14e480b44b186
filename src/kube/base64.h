// Standard base64 (RFC 4648 with padding), for kubeconfig *-data fields and basic auth.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sidecarctl::kube {

std::string base64_encode(std::string_view bytes);

// Decodes standard base64; whitespace (line breaks in pasted data) is ignored, padding is optional.
// Returns nullopt for any other invalid character or a truncated final group.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace sidecarctl::kube
