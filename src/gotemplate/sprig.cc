// register_sprig: every theme in sprig's order of declaration.
#include "gotemplate/sprig.h"

namespace sidecarctl::gotemplate {

void register_sprig(FunctionMap& map) {
  register_sprig_strings(map);
  register_sprig_math(map);
  register_sprig_defaults(map);
  register_sprig_paths(map);
  register_sprig_encoding(map);
  register_sprig_dicts(map);
  register_sprig_lists(map);
  register_sprig_semver(map);
  register_sprig_regex(map);
}

}  // namespace sidecarctl::gotemplate
