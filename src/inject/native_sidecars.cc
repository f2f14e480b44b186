// Kubelet versions -> native sidecar support (see native_sidecars.h).
#include "inject/native_sidecars.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>
#include <system_error>

namespace sidecarctl::inject {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The string at `pointer`, or "" when absent or not a string.
std::string string_at(const nlohmann::json& v, const nlohmann::json::json_pointer& pointer) {
  if (!v.contains(pointer)) return "";
  const auto& s = v.at(pointer);
  return s.is_string() ? s.get<std::string>() : "";
}

}  // namespace

std::optional<bool> kubelet_supports_native_sidecars(std::string_view version) {
  std::string_view v = version;
  if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
  // Dot-separated numeric segments, then nothing, a pre-release ("-rc.1", "alpha") or metadata ("+k3s1").
  std::vector<std::int64_t> segments;
  while (true) {
    std::size_t n = 0;
    while (n < v.size() && is_digit(v[n])) ++n;
    if (n == 0) return std::nullopt;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + n, value);
    if (ec != std::errc() || end != v.data() + n) return std::nullopt;
    segments.push_back(value);
    v.remove_prefix(n);
    if (v.size() >= 2 && v.front() == '.' && is_digit(v[1])) {
      v.remove_prefix(1);
      continue;
    }
    break;
  }
  if (!v.empty()) {
    char c = v.front();
    bool ok = c == '-' || c == '+' || c == '~' || std::isalpha(static_cast<unsigned char>(c)) != 0;
    if (!ok) return std::nullopt;
    for (char r : v) {
      if (!(std::isalnum(static_cast<unsigned char>(r)) != 0 || r == '-' || r == '.' || r == '+' || r == '~')) {
        return std::nullopt;
      }
    }
  }
  std::int64_t minor = segments.size() > 1 ? segments[1] : 0;
  return minor >= kNativeSidecarMinMinor;
}

NativeSidecarSupport native_sidecar_support(const std::vector<nlohmann::json>& nodes) {
  NativeSidecarSupport out;
  for (const auto& node : nodes) {
    std::string name = string_at(node, nlohmann::json::json_pointer("/metadata/name"));
    std::string version = string_at(node, nlohmann::json::json_pointer("/status/nodeInfo/kubeletVersion"));
    auto ok = kubelet_supports_native_sidecars(version);
    if (!ok) {
      out.warnings.push_back(fmt::format("could not read the kubelet version of node {} ({:?}): native sidecars off",
                                         name, version));
    }
    bool qualifies = ok.value_or(false);
    out.by_node[name] = qualifies;
    if (!qualifies) out.all_nodes = false;
  }
  return out;
}

}  // namespace sidecarctl::inject
