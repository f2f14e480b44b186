// Unit tests of the pod edits around injection: pods and templates missing the parts they read.
#include "inject/pod_edit.h"

#include <doctest/doctest.h>

namespace sidecarctl::inject {
namespace {

TEST_CASE("reapply_overwritten_containers on pods and templates without spec, containers or annotations") {
  const Json proxy = {{"name", "istio-proxy"}, {"image", "proxyv2"}};
  const Json template_pod = {{"spec", {{"containers", Json::array({proxy})}}}};
  // Found replaying the inject campaign corpus under ASan: the original pod's missing
  // spec.containers and metadata.annotations were read through nlohmann's const operator[],
  // which is undefined for a missing key.
  for (const Json& original : {Json::object(), Json{{"spec", Json::object()}}, Json{{"metadata", Json::object()}},
                               Json{{"metadata", {{"annotations", 5}}}, {"spec", {{"containers", 5}}}}}) {
    CAPTURE(original.dump());
    Json merged = {{"spec", {{"containers", Json::array({proxy})}}}};
    REQUIRE(reapply_overwritten_containers(merged, original, template_pod, Json::object()).has_value());
    CHECK(merged == Json{{"spec", {{"containers", Json::array({proxy})}}}});
  }
  // A template that renders no spec reapplies nothing.
  Json merged = {{"spec", {{"containers", Json::array({proxy})}}}};
  const Json original = {{"spec", {{"containers", Json::array({{{"name", "istio-proxy"}, {"image", "mine"}}})}}}};
  REQUIRE(reapply_overwritten_containers(merged, original, Json::object(), Json::object()).has_value());
  CHECK(merged["spec"]["containers"][0]["image"] == "proxyv2");
}

TEST_CASE("reorder_containers leaves an empty containers list, never a missing or null one") {
  const Json proxy = {{"name", "istio-proxy"}, {"restartPolicy", "Always"}};
  for (const Json& spec : {Json{{"initContainers", Json::array({proxy})}},
                           Json{{"containers", nullptr}, {"initContainers", Json::array({proxy})}}}) {
    CAPTURE(spec.dump());
    Json pod = {{"spec", spec}};
    reorder_containers(pod, false);
    CHECK(pod["spec"]["containers"] == Json::array());
    CHECK(pod["spec"]["initContainers"] == Json::array({proxy}));
  }
}

TEST_CASE("reapply_overwritten_containers merges a user's istio-proxy over the injected one") {
  const Json template_pod = {{"spec", {{"containers", Json::array({{{"name", "istio-proxy"}, {"image", "proxyv2"}}})}}}};
  Json merged = template_pod;
  const Json original = {
      {"metadata", Json::object()},
      {"spec", {{"containers", Json::array({{{"name", "istio-proxy"}, {"image", "mine"}}})}}}};
  REQUIRE(reapply_overwritten_containers(merged, original, template_pod, Json::object()).has_value());
  CHECK(merged["spec"]["containers"][0]["image"] == "mine");
  CHECK(merged["metadata"]["annotations"].contains("proxy.istio.io/overrides"));
}

}  // namespace
}  // namespace sidecarctl::inject
