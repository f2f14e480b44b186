// libFuzzer target: strategic merge patch with the Pod schema. The input is a YAML/JSON stream:
// the first document is the original, the second the patch (with one document, it is the patch
// applied to a small pod). Merging must end in a value or an error, never a crash, and the in-place
// variant must agree with the copying one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kube/strategic_merge.h"
#include "yaml/document.h"

namespace {

const nlohmann::json& small_pod() {
  static const nlohmann::json pod = nlohmann::json::parse(R"({
    "metadata": {"name": "web", "labels": {"app": "web"}, "annotations": {"a": "b"}},
    "spec": {"containers": [{"name": "app", "image": "nginx", "ports": [{"containerPort": 80}],
                             "env": [{"name": "A", "value": "1"}], "volumeMounts": [{"name": "v", "mountPath": "/v"}]}],
             "volumes": [{"name": "v", "emptyDir": {}}], "initContainers": [{"name": "init", "image": "busybox"}]}})");
  return pod;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sidecarctl::yaml::LoadOptions options;
  options.positions = false;
  options.max_nodes = 100'000;
  auto docs = sidecarctl::yaml::load_stream(text, "fuzz.yaml", options);
  if (!docs || docs->empty()) return 0;
  const nlohmann::json& original = docs->size() >= 2 ? (*docs)[0].value : small_pod();
  const nlohmann::json& patch = docs->size() >= 2 ? (*docs)[1].value : (*docs)[0].value;
  const sidecarctl::kube::MergeSchema schema = sidecarctl::kube::pod_schema();
  auto merged = sidecarctl::kube::strategic_merge_patch(original, patch, schema);
  nlohmann::json target = original;
  auto in_place = sidecarctl::kube::strategic_merge_patch_in_place(target, patch, schema);
  if (merged.has_value() != in_place.has_value()) std::abort();
  // Compared as text: a NaN (`.nan` in YAML) never equals itself as a value. Strings need not be
  // UTF-8 (a `!!binary` value decodes to any bytes), so invalid bytes are printed as U+FFFD
  // instead of throwing.
  auto as_text = [](const nlohmann::json& v) {
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  if (merged && as_text(*merged) != as_text(target)) std::abort();
  // A schema-less merge (maps merged, lists replaced) of the same pair.
  (void)sidecarctl::kube::strategic_merge_patch(original, patch, sidecarctl::kube::MergeSchema());
  return 0;
}
