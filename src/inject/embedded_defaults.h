// The settings compiled into sidecarctl (files under src/inject/defaults/, embedded at build time
// by CMake into a generated embedded_defaults.cc): an injection config whose `sidecar` template
// is sidecarctl's own text producing the sidecar of a default Istio install, the values of that
// install, and its mesh config.
#pragma once

#include <string_view>

namespace sidecarctl::inject {

// The Istio release whose default install the embedded settings reproduce.
inline constexpr std::string_view kEmbeddedIstioRelease = "1.27.1";

std::string_view embedded_inject_config();  // defaults/inject-config.yaml
std::string_view embedded_values();         // defaults/values.json
std::string_view embedded_mesh_config();    // defaults/mesh.yaml

}  // namespace sidecarctl::inject
