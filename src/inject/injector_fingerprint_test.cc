// Tests for the injector fingerprint: every input that changes injection changes it, warnings do not.
#include "inject/injector_fingerprint.h"

#include <doctest/doctest.h>

#include <string>

namespace sidecarctl::inject {
namespace {

TEST_CASE("injector_fingerprint: settings texts and origins, and each node's native-sidecar verdict") {
  Settings settings;
  settings.config_text = "policy: enabled";
  settings.config_origin = "istio-system/istio-sidecar-injector";
  const NativeSidecarSupport nodes{false, {{"node-a", true}, {"node-b", false}}, {}};
  const std::string base = injector_fingerprint(settings, nodes);
  CHECK(injector_fingerprint(settings, nodes) == base);

  NativeSidecarSupport warned = nodes;
  warned.warnings = {"node node-c: version \"x\" does not parse"};
  CHECK(injector_fingerprint(settings, warned) == base);

  // One node's verdict alone (3dfc413 fixed a fingerprint that missed it).
  NativeSidecarSupport flipped = nodes;
  flipped.by_node["node-b"] = true;
  CHECK(injector_fingerprint(settings, flipped) != base);
  NativeSidecarSupport added = nodes;
  added.by_node["node-c"] = false;
  CHECK(injector_fingerprint(settings, added) != base);
  NativeSidecarSupport all = nodes;
  all.all_nodes = true;
  CHECK(injector_fingerprint(settings, all) != base);

  Settings mesh = settings;
  mesh.mesh_text = "defaultConfig: {concurrency: 2}";
  CHECK(injector_fingerprint(mesh, nodes) != base);
  Settings moved = settings;
  moved.values_origin = "values.yaml";
  CHECK(injector_fingerprint(moved, nodes) != base);
  // A text moved from one field into the one before is another fingerprint, whatever it holds.
  Settings shifted = settings;
  shifted.config_origin = settings.config_origin + std::string(1, '\0') + settings.config_text;
  shifted.config_text = "";
  CHECK(injector_fingerprint(shifted, nodes) != base);
  Settings joined = settings;
  joined.config_text = settings.config_text + settings.values_origin;
  joined.values_origin = "";
  CHECK(injector_fingerprint(joined, nodes) == base);  // values_origin was empty: the same fields
  joined.values_origin = "v";
  CHECK(injector_fingerprint(joined, nodes) != base);
}

}  // namespace
}  // namespace sidecarctl::inject
