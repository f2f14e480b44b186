// SidecarTemplateData and image names (see template_data.h).
#include "inject/template_data.h"

#include <memory>
#include <utility>

#include "gotemplate/go_fmt.h"
#include "inject/go_view.h"
#include "yaml/object_key.h"

namespace sidecarctl::inject {
namespace {

using gotemplate::Map;
using gotemplate::Value;

std::string string_at(const Json& root, std::string_view path) {
  const Json* v = json_path(root, path);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

// fmt.Sprintf("%v") of a values scalar.
std::string go_print(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return gotemplate::format_float(v.get<double>(), 'g', -1);
  if (v.is_null()) return "<nil>";
  return v.dump();
}

std::string image_url(const Json& values, const std::string& name, std::string image_type, const Json& annotations) {
  std::string tag;
  if (const Json* t = json_path(values, "global.tag"); t != nullptr && !t->is_null()) tag = go_print(*t);
  if (image_type.empty()) image_type = string_at(values, "global.variant");
  if (annotations.is_object()) {
    auto it = annotations.find("sidecar.istio.io/proxyImageType");
    if (it != annotations.end() && it->is_string()) image_type = it->get<std::string>();
  }
  if (!image_type.empty()) {
    for (const char* known : {"-distroless", "-debug"}) {
      std::string_view k = known;
      if (tag.size() >= k.size() && tag.compare(tag.size() - k.size(), k.size(), k) == 0) {
        tag.resize(tag.size() - k.size());
        break;
      }
    }
    if (image_type != "default") tag += "-" + image_type;
  }
  return string_at(values, "global.hub") + "/" + name + ":" + tag;
}

}  // namespace

const Json* json_path(const Json& root, std::string_view dotted) {
  const Json* cur = &root;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    auto dot = dotted.find('.', start);
    std::string_view key =
        dotted.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    cur = yaml::member_of(*cur, key);
    if (cur == nullptr) return nullptr;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return cur;
}

std::string proxy_image(const Json& values, const Json& proxy_config, const Json& annotations) {
  std::string name = string_at(values, "global.proxy.image");
  if (name.empty()) name = "proxyv2";
  std::string image_type;
  if (const Json* t = json_path(proxy_config, "image.imageType"); t != nullptr && t->is_string()) {
    image_type = t->get<std::string>();
  }
  return image_url(values, name, image_type, annotations);
}

std::string proxy_init_image(const Json& values, const Json& annotations) {
  std::string name = string_at(values, "global.proxy_init.image");
  if (name.empty()) name = "proxyv2";
  return image_url(values, name, "", annotations);
}

Value make_template_data(TemplateInput&& in) {
  static const auto kEmpty = std::make_shared<const Json>(Json::object());
  const std::shared_ptr<const Json> mesh_root = in.mesh ? in.mesh : kEmpty;
  const std::shared_ptr<const Json> values_root = in.values ? in.values : kEmpty;
  const Json& mesh = *mesh_root;
  const Json& values = *values_root;
  const std::shared_ptr<const Json> proxy_root = in.proxy_mesh ? in.proxy_mesh : mesh_root;
  const Json& proxy_config = proxy_root->contains("defaultConfig") ? (*proxy_root)["defaultConfig"] : *kEmpty;
  const Json& metadata = in.pod.contains("metadata") ? in.pod["metadata"] : *kEmpty;
  const Json& annotations = metadata.contains("annotations") ? metadata["annotations"] : *kEmpty;

  auto pod = std::make_shared<const Json>(std::move(in.pod));
  const Json* meta_node = pod->contains("metadata") ? &(*pod)["metadata"] : nullptr;
  const Json* spec_node = pod->contains("spec") ? &(*pod)["spec"] : nullptr;

  std::string inbound = "passthrough";
  if (const Json* mode = json_path(mesh, "inboundTrafficPolicy.mode"); mode != nullptr && *mode == "LOCALHOST") {
    inbound = "localhost";
  }

  Map data;
  data.emplace("TypeMeta", Value::from_map(Map{{"Kind", Value::from_string(in.kind)},
                                               {"APIVersion", Value::from_string(in.api_version)}}));
  data.emplace("DeploymentMeta", Value::from_map(Map{{"Name", Value::from_string(in.deploy_name)},
                                                     {"Namespace", Value::from_string(in.deploy_namespace)}}));
  data.emplace("ObjectMeta", kube_struct_value(pod, meta_node, "ObjectMeta"));
  data.emplace("Spec", kube_struct_value(pod, spec_node, "PodSpec"));
  // kEmpty is static: a view of it needs no owner.
  data.emplace("ProxyConfig", proto_message_value(&proxy_config == kEmpty.get() ? kEmpty : proxy_root, &proxy_config,
                                                  "ProxyConfig"));
  data.emplace("MeshConfig", proto_message_value(mesh_root, &mesh, "MeshConfig"));
  data.emplace("Values", Value::from_json(values_root));
  data.emplace("Revision", Value::from_string(in.revision));
  data.emplace("NativeSidecars", Value::from_bool(in.native_sidecars));
  data.emplace("ProxyImage", Value::from_string(proxy_image(values, proxy_config, annotations)));
  data.emplace("ProxyInitImage", Value::from_string(proxy_init_image(values, annotations)));
  data.emplace("ProxyUID", Value::from_int64(1337));
  data.emplace("ProxyGID", Value::from_int64(1337));
  data.emplace("InboundTrafficPolicyMode", Value::from_string(inbound));
  data.emplace("CompliancePolicy", Value::from_string(in.compliance_policy));
  return Value::from_map(std::move(data));
}

}  // namespace sidecarctl::inject
