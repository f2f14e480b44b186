// The pod's proxy.istio.io/config over the mesh config (see pod_mesh_config.h).
#include "inject/pod_mesh_config.h"

#include <string>

#include "kube/mesh_config.h"

namespace sidecarctl::inject {

using Json = nlohmann::json;

Result<std::shared_ptr<const Json>> pod_mesh_config(const std::shared_ptr<const Json>& mesh,
                                                    const Json& metadata) {
  constexpr const char* kAnnotation = "proxy.istio.io/config";
  if (!metadata.is_object()) return mesh;
  auto annotations = metadata.find("annotations");
  if (annotations == metadata.end() || !annotations->is_object()) return mesh;
  auto annotation = annotations->find(kAnnotation);
  if (annotation == annotations->end() || !annotation->is_string()) return mesh;
  static const Json kNull;
  auto default_config = mesh->find("defaultConfig");
  TRY_ASSIGN(Json merged, kube::merge_proxy_config(default_config != mesh->end() ? *default_config : kNull,
                                                   annotation->get_ref<const std::string&>(), kAnnotation));
  auto own = std::make_shared<Json>(*mesh);
  (*own)["defaultConfig"] = std::move(merged);
  return std::shared_ptr<const Json>(std::move(own));
}

}  // namespace sidecarctl::inject
