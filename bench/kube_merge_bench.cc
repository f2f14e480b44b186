// Times the typed round trip and the strategic merge of a sidecar-sized patch into a Deployment's
// pod, as kube-inject does per workload. Usage: kube_merge_bench <deployment.yaml> <injected.yaml>
// (the injected file's pod template serves as the patch). Never run by the tests.
#include <chrono>
#include <cstdio>

#include "base/file_io.h"
#include "kube/strategic_merge.h"
#include "kube/typed_object.h"
#include "kube/workload.h"
#include "yaml/document.h"

using sidecarctl::kube::Json;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: kube_merge_bench <deployment.yaml> <injected.yaml>\n");
    return 64;
  }
  auto in_text = sidecarctl::read_file(argv[1]);
  auto patch_text = sidecarctl::read_file(argv[2]);
  if (!in_text || !patch_text) return 1;
  auto in_docs = sidecarctl::yaml::load_stream(in_text.value(), argv[1]);
  auto patch_docs = sidecarctl::yaml::load_stream(patch_text.value(), argv[2]);
  if (!in_docs || !patch_docs || in_docs->empty() || patch_docs->empty()) return 1;
  const Json& deployment = in_docs->front().value;
  const Json* patch_template = sidecarctl::kube::find_pod_template(patch_docs->front().value);
  if (patch_template == nullptr) return 1;
  const Json patch = *patch_template;
  const auto schema = sidecarctl::kube::schema_for("PodTemplateSpec");

  constexpr int kRounds = 20000;
  const auto start = std::chrono::steady_clock::now();
  std::size_t sink = 0;
  for (int i = 0; i < kRounds; ++i) {
    Json obj = deployment;
    if (!sidecarctl::kube::normalize_typed_in_place(obj)) return 1;
    Json* tpl = sidecarctl::kube::find_pod_template(obj);
    if (!sidecarctl::kube::strategic_merge_patch_in_place(*tpl, patch, schema)) return 1;
    if (!sidecarctl::kube::normalize_as_in_place(*tpl, "PodTemplateSpec", nullptr, sidecarctl::kube::kJsonDecode)) {
      return 1;
    }
    sink += tpl->size();
  }
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / kRounds;
  std::printf("normalize + merge + normalize: %.1f us per Deployment (%zu)\n", us, sink);
  return 0;
}
