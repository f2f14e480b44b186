// template_bench: renders Istio's sidecar injection template (templates.sidecar of an
// inject-config.yaml) against realistic SidecarTemplateData-shaped JSON and prints renders/s.
//
//   template_bench [INJECT_CONFIG_YAML] [DATA_JSON] [SECONDS | COUNTx]
//
// COUNTx (e.g. 500x) renders exactly COUNT times, the first included, for whole-process timing.
// Defaults: ../shared/conformance/inject/settings/default/inject-config.yaml and the data of the
// gotemplate suite's real_full_injection_template case (read at run time, never copied).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "base/environment.h"
#include "base/file_io.h"
#include "gotemplate/template.h"
#include "inject/istio_funcs.h"
#include "yaml/document.h"

using namespace sidecarctl;

int main(int argc, char** argv) {
  std::string config_path = argc > 1 ? argv[1] : "../shared/conformance/inject/settings/default/inject-config.yaml";
  std::string data_path =
      argc > 2 ? argv[2] : "../shared/conformance/gotemplate/cases/real_full_injection_template.json";
  std::string limit = argc > 3 ? argv[3] : "3";
  const bool counted = !limit.empty() && limit.back() == 'x';
  const long count = counted ? std::atol(limit.c_str()) : 0;
  const double seconds = counted ? 0.0 : std::atof(limit.c_str());

  auto config_text = read_file(config_path);
  auto data_text = read_file(data_path);
  if (!config_text || !data_text) {
    std::fprintf(stderr, "error: cannot read %s or %s\n", config_path.c_str(), data_path.c_str());
    return 1;
  }
  auto config = yaml::parse_value(*config_text, config_path);
  if (!config || !(*config)["templates"].contains("sidecar")) {
    std::fprintf(stderr, "error: %s has no templates.sidecar\n", config_path.c_str());
    return 1;
  }
  std::string tmpl = (*config)["templates"]["sidecar"].get<std::string>();

  Environment env;
  auto parse_start = std::chrono::steady_clock::now();
  auto set = gotemplate::TemplateSet::parse("inject", tmpl, inject::istio_function_map(env));
  auto parse_end = std::chrono::steady_clock::now();
  if (!set) {
    std::fprintf(stderr, "error: %s\n", set.error().message.c_str());
    return 1;
  }
  auto data = gotemplate::Value::from_json(
      std::make_shared<const nlohmann::json>(nlohmann::json::parse(*data_text)));
  gotemplate::ExecOptions options;
  options.env = &env;

  std::string out;
  auto first = set->execute_to(out, "inject", data, options);
  if (!first) {
    std::fprintf(stderr, "error: %s\n", first.error().message.c_str());
    return 1;
  }
  std::size_t bytes = out.size();
  if (counted) {
    for (long i = 1; i < count; ++i) {
      out.clear();
      if (!set->execute_to(out, "inject", data, options)) return 1;
    }
    std::printf("output: %zu bytes\nrenders: %ld\n", bytes, std::max(count, 1L));
    return 0;
  }

  long renders = 0;
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + std::chrono::duration<double>(seconds);
  auto now = start;
  while (now < deadline) {
    for (int i = 0; i < 50; ++i) {
      out.clear();
      auto r = set->execute_to(out, "inject", data, options);
      if (!r) return 1;
      ++renders;
    }
    now = std::chrono::steady_clock::now();
  }
  double elapsed = std::chrono::duration<double>(now - start).count();
  std::printf("parse: %.3f ms\n", std::chrono::duration<double, std::milli>(parse_end - parse_start).count());
  std::printf("output: %zu bytes\n", bytes);
  std::printf("renders: %ld in %.2f s\n", renders, elapsed);
  std::printf("renders/s: %.0f\n", static_cast<double>(renders) / elapsed);
  std::printf("us/render: %.1f\n", elapsed * 1e6 / static_cast<double>(renders));
  return 0;
}
