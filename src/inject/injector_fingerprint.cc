// The fingerprint of an injector's inputs (see injector_fingerprint.h).
#include "inject/injector_fingerprint.h"

#include <string>

namespace sidecarctl::inject {

std::string injector_fingerprint(const Settings& s, const NativeSidecarSupport& native) {
  // Each field with its length before it: no text, whatever bytes it holds, can pass for two fields.
  std::string out;
  for (const std::string* field : {&s.config_origin, &s.config_text, &s.values_origin, &s.values_text,
                                   &s.mesh_origin, &s.mesh_text}) {
    out += std::to_string(field->size());
    out += ':';
    out += *field;
  }
  out += native.all_nodes ? "all" : "some";
  for (const auto& [node, qualifies] : native.by_node) {
    out += qualifies ? " +" : " -";
    out += std::to_string(node.size());
    out += ':';
    out += node;
  }
  return out;
}

}  // namespace sidecarctl::inject
