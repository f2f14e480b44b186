// The injector's shortcuts (InjectorOptions::every_istio_step off) must inject exactly as taking
// every step istioctl takes: the project's manifests and the inject campaign's kept corpus, with
// output and errors compared byte for byte. inject_fuzz checks the same on new inputs.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/file_io.h"
#include "inject/injector.h"
#include "inject/istio_funcs.h"
#include "inject/settings.h"
#include "inject/stream.h"
#include "yaml/document.h"

namespace sidecarctl::inject {
namespace {

Injector embedded_injector(bool every_istio_step) {
  InjectorOptions options;
  options.env = Environment(std::map<std::string, std::string>{{"ENABLE_NATIVE_SIDECARS", "auto"}});
  options.every_istio_step = every_istio_step;
  auto settings = embedded_settings();
  REQUIRE(settings.has_value());
  auto created = Injector::create(std::move(*settings), istio_function_map(options.env), options);
  REQUIRE(created.has_value());
  return std::move(*created);
}

// The files of `dir` (sorted by name), at most `limit` of them.
std::vector<std::string> files_in(const std::string& dir, std::size_t limit) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

TEST_CASE("the injector's shortcuts inject as every istioctl step does") {
  const Injector shortcuts = embedded_injector(false);
  const Injector every_step = embedded_injector(true);
  const std::string root = SIDECARCTL_SOURCE_DIR;
  std::vector<std::string> inputs = files_in(root + "/testdata/inject", 100);
  const auto corpus = files_in(root + "/testdata/fuzz/corpus/inject_fuzz", 200);
  inputs.insert(inputs.end(), corpus.begin(), corpus.end());
  REQUIRE(inputs.size() > 100);
  std::size_t injected = 0;
  for (const std::string& path : inputs) {
    CAPTURE(path);
    auto text = read_file(path);
    REQUIRE(text.has_value());
    yaml::LoadOptions load;
    load.max_nodes = 100'000;
    auto docs = yaml::load_stream(*text, path, load);
    if (!docs) continue;
    std::vector<std::string> warnings_a, warnings_b;
    auto a = process_documents(*docs, &shortcuts, StreamMode::kInject, warnings_a);
    auto b = process_documents(*docs, &every_step, StreamMode::kInject, warnings_b);
    REQUIRE(a.has_value() == b.has_value());
    if (a) {
      CHECK(*a == *b);
      injected += a->find("sidecar.istio.io/status") != std::string::npos ? 1 : 0;
    } else {
      CHECK(a.error().to_string() == b.error().to_string());
    }
    CHECK(warnings_a == warnings_b);
  }
  CHECK(injected > 50);  // the comparison saw injected pods, not only errors and pass-throughs
}

}  // namespace
}  // namespace sidecarctl::inject
