#include "kube/mesh_config.h"

#include <doctest/doctest.h>

namespace sidecarctl::kube {
namespace {

TEST_CASE("mesh config: defaultConfig merges over the proxy defaults, other fields replace") {
  auto mesh = load_mesh_config(
      "defaultConfig:\n  drainDuration: 23s\n  proxyMetadata:\n    A: b\ntrustDomain: example.org\n"
      "trust_domain_aliases: [z, a, z]\nextensionProviders:\n- name: otel\n  opentelemetry: {port: 4317}\n"
      "- name: envoy\n  envoyFileAccessLog: {path: /dev/null}\n",
      "mesh.yaml");
  REQUIRE(mesh.has_value());
  CHECK((*mesh)["defaultConfig"]["drainDuration"] == "23s");
  CHECK((*mesh)["defaultConfig"]["statusPort"] == 15020);
  CHECK((*mesh)["defaultConfig"]["proxyMetadata"]["A"] == "b");
  CHECK((*mesh)["trustDomain"] == "example.org");
  CHECK((*mesh)["trustDomainAliases"] == Json({"a", "z"}));
  REQUIRE((*mesh)["extensionProviders"].size() == 4);
  CHECK((*mesh)["extensionProviders"][2]["envoyFileAccessLog"]["path"] == "/dev/null");
  CHECK((*mesh)["extensionProviders"][3]["name"] == "otel");
  CHECK((*mesh)["proxyListenPort"] == 15001);
}

TEST_CASE("mesh config: empty input is the defaults; wrong types are errors naming the file") {
  auto mesh = load_mesh_config("", "m.yaml");
  REQUIRE(mesh.has_value());
  CHECK(*mesh == default_mesh_config());
  auto bad = load_mesh_config("defaultConfig:\n  drainDuration: soon\n", "m.yaml");
  REQUIRE(!bad.has_value());
  CHECK(bad.error().to_string().find("m.yaml") == 0);
  CHECK(bad.error().message.find("drainDuration") != std::string::npos);
  // Legacy jsonpb reads a Duration with time.ParseDuration: int64 nanoseconds, about 292 years.
  CHECK(load_mesh_config("defaultConfig:\n  drainDuration: 9223372036s\n", "m.yaml").has_value());
  CHECK_FALSE(load_mesh_config("defaultConfig:\n  drainDuration: 9223372037s\n", "m.yaml").has_value());
  CHECK_FALSE(load_mesh_config("defaultConfig:\n  drainDuration: -99999999999999999999999s\n", "m.yaml"));
}

TEST_CASE("mesh config: durations in Go syntax are stored in proto-JSON form; no unit is an error") {
  auto mesh = load_mesh_config("connectTimeout: 1m30s\ndefaultConfig:\n  drainDuration: 1h\n  terminationDrainDuration: 1500ms\n",
                               "m.yaml");
  REQUIRE_MESSAGE(mesh.has_value(), mesh.error().to_string());
  CHECK((*mesh)["connectTimeout"] == "90s");
  CHECK((*mesh)["defaultConfig"]["drainDuration"] == "3600s");
  CHECK((*mesh)["defaultConfig"]["terminationDrainDuration"] == "1.500s");
  for (const char* value : {"45", "10", "1d", "\"\""}) {
    CAPTURE(value);
    auto bad = merge_proxy_config(default_proxy_config(), std::string("drainDuration: ") + value, "a");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message.find("field drainDuration must be a duration") != std::string::npos);
  }
}

TEST_CASE("mesh config: enums take their names or a number; other names are errors") {
  CHECK(merge_proxy_config(default_proxy_config(), "interceptionMode: TPROXY", "a").has_value());
  CHECK(merge_proxy_config(default_proxy_config(), "interceptionMode: 7", "a").has_value());
  CHECK(merge_proxy_config(default_proxy_config(), "controlPlaneAuthPolicy: INHERIT", "a").has_value());
  auto bad = merge_proxy_config(default_proxy_config(), "interceptionMode: bogus", "a");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find("field interceptionMode must be one of REDIRECT, TPROXY, NONE") != std::string::npos);
  CHECK_FALSE(merge_proxy_config(default_proxy_config(), "interceptionMode: 4294967296", "a").has_value());
  CHECK_FALSE(load_mesh_config("accessLogEncoding: XML\n", "m.yaml").has_value());
}

TEST_CASE("mesh config: integers as JSON numbers, whole floats and decimal strings; others are errors") {
  auto mesh = load_mesh_config("defaultConfig:\n  concurrency: \"4\"\n  statusPort: 15020.0\n", "m.yaml");
  REQUIRE_MESSAGE(mesh.has_value(), mesh.error().to_string());
  CHECK((*mesh)["defaultConfig"]["concurrency"] == 4);
  CHECK((*mesh)["defaultConfig"]["statusPort"] == 15020);
  // A lone "-" and a number beyond int64 threw out of std::stoll ("internal error: stoll"); 1e300
  // was cast to an integer, which is undefined.
  for (const char* value : {"\"-\"", "\"99999999999999999999\"", "1e300", "2.5", "\"0x10\""}) {
    CAPTURE(value);
    auto bad = load_mesh_config(std::string("defaultConfig:\n  concurrency: ") + value + "\n", "m.yaml");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message.find("field concurrency must be an integer") != std::string::npos);
  }
}

TEST_CASE("proxy config annotation: fields replace, metadata merges, null is ignored") {
  Json pc = default_proxy_config();
  pc["proxyMetadata"] = {{"OLD", "1"}};
  auto merged = merge_proxy_config(pc, "holdApplicationUntilProxyStarts: true\nproxyMetadata: {NEW: '2'}\nconcurrency: null\n", "a");
  REQUIRE(merged.has_value());
  CHECK((*merged)["holdApplicationUntilProxyStarts"] == true);
  CHECK((*merged)["proxyMetadata"] == Json({{"OLD", "1"}, {"NEW", "2"}}));
  CHECK(!merged->contains("concurrency"));
  CHECK(proto_json_name("proxy_metadata") == "proxyMetadata");
}

}  // namespace
}  // namespace sidecarctl::kube
