#include "inject/settings.h"

#include <doctest/doctest.h>

#include "inject/istio_operator.h"

namespace sidecarctl::inject {
namespace {

const char* kTemplate = "templates:\n  sidecar: |\n    spec: {}\n";

FileReader no_files() {
  return [](const std::string& path) -> Result<std::string> {
    return make_error(ErrorKind::kNotFound, "no such file", SourceLoc{path});
  };
}

TEST_CASE("ConfigMap names: -<revision> only on names left at their defaults") {
  auto plain = config_map_names("istio-sidecar-injector", "istio", "");
  CHECK(plain.injector == "istio-sidecar-injector");
  CHECK(plain.mesh == "istio");
  auto canary = config_map_names("istio-sidecar-injector", "istio", "canary");
  CHECK(canary.injector == "istio-sidecar-injector-canary");
  CHECK(canary.mesh == "istio-canary");
  CHECK(config_map_names("istio-sidecar-injector", "istio", "default").injector == "istio-sidecar-injector");
  auto custom = config_map_names("mine", "my-mesh", "canary");
  CHECK(custom.injector == "mine");
  CHECK(custom.mesh == "my-mesh");
  CHECK(default_revision_webhook("istio-system") == "istio-revision-tag-default");
  CHECK(default_revision_webhook("mesh") == "istio-revision-tag-default-mesh");
}

TEST_CASE("settings from the cluster: each ConfigMap read once, only for what no file gives") {
  int reads = 0;
  ConfigMapReader cluster = [&reads](ConfigMapRole role) {
    ++reads;
    ClusterConfigMap cm;
    cm.namespace_ = "istio-system";
    if (role == ConfigMapRole::kInjector) {
      cm.name = "istio-sidecar-injector";
      cm.data = {{"config", kTemplate}, {"values", R"({"global": {"hub": "h", "n": 3}})"}};
    } else {
      cm.name = "istio";
      cm.data = {{"mesh", "defaultConfig:\n  drainDuration: 9s\n"}};
    }
    return cm;
  };
  auto s = load_settings({}, no_files(), cluster);
  REQUIRE_MESSAGE(s.has_value(), s.error().to_string());
  CHECK(reads == 2);
  CHECK(s->config.templates.at("sidecar") == "spec: {}\n");
  CHECK(s->values["global"]["n"].is_number_float());
  CHECK(s->mesh["defaultConfig"]["drainDuration"] == "9s");
  CHECK(s->config_source == SettingSource::kCluster);
  CHECK(embedded_parts(*s).empty());
  CHECK(cluster_parts(*s) == "injection config and values from ConfigMap istio-system/istio-sidecar-injector, "
                             "mesh config from ConfigMap istio-system/istio");
}

TEST_CASE("a ConfigMap that cannot be read is an error naming it, never the embedded defaults") {
  ConfigMapReader missing = [](ConfigMapRole role) {
    ClusterConfigMap cm;
    cm.namespace_ = "ns1";
    cm.name = role == ConfigMapRole::kMesh ? "istio" : "istio-sidecar-injector";
    if (role == ConfigMapRole::kMesh) cm.error = make_error(ErrorKind::kNotFound, "configmaps \"istio\" not found");
    else cm.data = {{"config", kTemplate}};
    return cm;
  };
  auto s = load_settings({}, no_files(), missing);
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().message ==
        "could not read ConfigMap \"istio\" in namespace \"ns1\": configmaps \"istio\" not found; use "
        "--meshConfigFile, -i/--istioNamespace or -r/--revision to name the control plane, or --offline for the "
        "embedded defaults");
  SettingsFiles mesh_file;
  mesh_file.mesh_config = "mesh.yaml";
  FileReader mesh_only = [](const std::string&) -> Result<std::string> { return std::string("{}\n"); };
  auto no_values = load_settings(mesh_file, mesh_only, missing);
  REQUIRE_FALSE(no_values.has_value());
  CHECK(no_values.error().message ==
        "missing configuration map key \"values\" in \"istio-sidecar-injector\" (namespace \"ns1\")");
  CHECK(no_values.error().kind == ErrorKind::kNotFound);
}

TEST_CASE("IstioOperator: merged over the default profile, istioctl's translations, the file's values last") {
  auto iop = merge_istio_operator(R"(apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  hub: my.registry/istio
  revision: canary
  components:
    cni:
      enabled: true
  meshConfig:
    defaultConfig:
      drainDuration: 7s
  values:
    global:
      proxy:
        image: custom
    pilot:
      cni:
        enabled: false
)",
                                  "iop.yaml", "docker.io/istio", "1.27.1");
  REQUIRE_MESSAGE(iop.has_value(), iop.error().to_string());
  const auto& v = iop->values;
  CHECK(v["global"]["hub"] == "my.registry/istio");
  CHECK(v["global"]["tag"] == "1.27.1");
  CHECK(v["global"]["istioNamespace"] == "istio-system");
  CHECK(v["global"]["configValidation"] == true);
  CHECK(v["global"]["proxy"]["image"] == "custom");
  CHECK(v["revision"] == "canary");
  CHECK(v["defaultRevision"] == "");
  CHECK(v["pilot"]["enabled"] == true);
  CHECK(v["pilot"]["cni"]["enabled"] == false);  // the file's values win over the component switch
  CHECK(v["meshConfig"]["defaultConfig"]["drainDuration"] == "7s");
  CHECK(v["gateways"].contains("istio-ingressgateway"));
  REQUIRE(iop->mesh.has_value());
  CHECK((*iop->mesh)["defaultConfig"]["drainDuration"] == "7s");

  auto bare = merge_istio_operator("apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\n", "b.yaml", "h", "t");
  REQUIRE(bare.has_value());
  CHECK_FALSE(bare->mesh.has_value());
  CHECK(bare->values["global"]["hub"] == "h");
  CHECK(bare->values["pilot"]["cni"]["enabled"] == false);

  auto demo = merge_istio_operator("spec:\n  profile: empty\n  tag: 1.28\n", "e.yaml", "h", "t");
  REQUIRE(demo.has_value());
  CHECK(demo->values["pilot"]["enabled"] == false);
  CHECK(demo->values["global"]["tag"] == "1.28");

  auto unknown = merge_istio_operator("spec:\n  profile: nope\n", "u.yaml", "h", "t");
  REQUIRE_FALSE(unknown.has_value());
  CHECK(unknown.error().to_string() == "u.yaml: profile \"nope\" not found");
  auto two = merge_istio_operator("spec: {}\n---\nspec: {}\n", "two.yaml", "h", "t");
  REQUIRE_FALSE(two.has_value());
  CHECK(two.error().message == "contains multiple IstioOperator CRs, only one per file is supported");
}

TEST_CASE("--operatorFileName: values and mesh config over --valuesFile/--meshConfigFile") {
  SettingsFiles files;
  files.operator_file = "iop.yaml";
  files.values = "values.json";
  files.mesh_config = "mesh.yaml";
  FileReader read = [](const std::string& path) -> Result<std::string> {
    if (path == "iop.yaml") return std::string("spec:\n  values:\n    global:\n      tag: x\n");
    if (path == "values.json") return std::string(R"({"global": {"tag": "from-file"}})");
    return std::string("defaultConfig:\n  drainDuration: 3s\n");
  };
  auto s = load_settings(files, read);
  REQUIRE_MESSAGE(s.has_value(), s.error().to_string());
  CHECK(s->values["global"]["tag"] == "x");
  CHECK(s->values["global"]["hub"] == "docker.io/istio");
  CHECK(s->values_source == SettingSource::kOperator);
  CHECK(s->mesh_source == SettingSource::kFile);  // no spec.meshConfig: --meshConfigFile still counts
  CHECK(s->mesh["defaultConfig"]["drainDuration"] == "3s");
  CHECK(s->values["global"].contains("proxy"));  // the embedded template: over the embedded values

  files.inject_config = "config.yaml";
  auto given = load_settings(files, [&read](const std::string& path) -> Result<std::string> {
    if (path == "config.yaml") return std::string(kTemplate);
    return read(path);
  });
  REQUIRE_MESSAGE(given.has_value(), given.error().to_string());
  CHECK(given->values["global"]["tag"] == "x");
  CHECK_FALSE(given->values["global"].contains("proxy"));  // a given config: the profile's values alone
}

}  // namespace
}  // namespace sidecarctl::inject
