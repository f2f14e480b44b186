// The data the injection templates run against (Istio's SidecarTemplateData), as a template
// Value with Go field names, and the image names Istio computes for it. See README.md.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "base/environment.h"
#include "gotemplate/value.h"

namespace sidecarctl::inject {

using Json = nlohmann::json;

struct TemplateInput {
  std::string kind;                  // TypeMeta.Kind
  std::string api_version;           // TypeMeta.APIVersion
  std::string deploy_name;           // DeploymentMeta.Name
  std::string deploy_namespace;      // DeploymentMeta.Namespace
  Json pod;                          // {metadata, spec}: the pod as the template sees it
  // MeshConfig and .Values, shared with the template data rather than copied for every workload;
  // null stands for an empty object. `proxy_mesh`, when set, is the mesh config whose defaultConfig
  // is .ProxyConfig (the webhook's: the pod's proxy.istio.io/config applied there only); else `mesh`'s.
  std::shared_ptr<const Json> mesh;
  std::shared_ptr<const Json> proxy_mesh;
  std::shared_ptr<const Json> values;
  std::string revision;
  bool native_sidecars = false;
  std::string compliance_policy;     // COMPLIANCE_POLICY
};

// Builds the SidecarTemplateData value (taking over `input.pod`).
gotemplate::Value make_template_data(TemplateInput&& input);

// Istio's ProxyImage: hub/image:tag with the image type (ProxyConfig image.imageType, else
// values.global.variant; the `sidecar.istio.io/proxyImageType` annotation wins).
std::string proxy_image(const Json& values, const Json& proxy_config, const Json& annotations);

// Istio's ProxyInitImage (values.global.proxy_init.image).
std::string proxy_init_image(const Json& values, const Json& annotations);

// A value at a dotted path of a JSON object ("global.proxy.image"); nullptr when absent.
const Json* json_path(const Json& root, std::string_view dotted);

}  // namespace sidecarctl::inject
