// pod_mesh_config: the annotation over defaultConfig, the mesh itself without one, the errors as they are.
#include "inject/pod_mesh_config.h"

#include <doctest/doctest.h>

namespace sidecarctl::inject {
namespace {

using Json = nlohmann::json;

const auto kMesh = std::make_shared<const Json>(Json::parse(
    R"({"enablePrometheusMerge": true, "defaultConfig": {"concurrency": 2, "proxyMetadata": {"A": "1"}}})"));

Json metadata_with(const std::string& annotation) {
  return Json{{"name", "p"}, {"annotations", {{"proxy.istio.io/config", annotation}}}};
}

TEST_CASE("pod_mesh_config: without the annotation, the mesh itself") {
  for (const Json& metadata :
       {Json::object(), Json{{"annotations", "x"}}, Json{{"annotations", {{"a", "b"}}}},
        Json{{"annotations", {{"proxy.istio.io/config", 3}}}}, Json()}) {
    auto mesh = pod_mesh_config(kMesh, metadata);
    REQUIRE(mesh);
    CHECK(mesh->get() == kMesh.get());
  }
}

TEST_CASE("pod_mesh_config: the annotation merged over defaultConfig") {
  auto mesh = pod_mesh_config(kMesh, metadata_with("concurrency: 5\nproxyMetadata: {B: '2'}\n"));
  REQUIRE(mesh);
  CHECK(**mesh == Json::parse(R"({"enablePrometheusMerge": true,
      "defaultConfig": {"concurrency": 5, "proxyMetadata": {"A": "1", "B": "2"}}})"));
  CHECK((*kMesh)["defaultConfig"]["concurrency"] == 2);

  auto bare =
      pod_mesh_config(std::make_shared<const Json>(Json::object()), metadata_with("{concurrency: 1}"));
  REQUIRE(bare);
  CHECK(**bare == Json::parse(R"({"defaultConfig": {"concurrency": 1}})"));
}

TEST_CASE("pod_mesh_config: merge_proxy_config's errors") {
  auto wrong_type = pod_mesh_config(kMesh, metadata_with("{concurrency: [1]}"));
  REQUIRE(!wrong_type);
  CHECK(wrong_type.error().to_string() ==
        "proxy.istio.io/config: could not parse proxy config: field concurrency must be an integer, got [1]");
  auto bad = pod_mesh_config(kMesh, metadata_with("[1"));
  REQUIRE(!bad);
  CHECK(bad.error().to_string() ==
        "proxy.istio.io/config:1:1: could not parse proxy config: invalid map key: a sequence");
}

}  // namespace
}  // namespace sidecarctl::inject
