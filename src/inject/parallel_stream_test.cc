// process_inputs with several jobs gives what one thread gives: the same output in input order, the
// same warnings, the first error by input order with nothing after it written. Also the workload the
// ThreadSanitizer build (scripts/tsan) runs against the pipeline in-process.
#include "inject/parallel_stream.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "inject/istio_funcs.h"
#include "inject/settings.h"

namespace sidecarctl::inject {
namespace {

Injector embedded_injector() {
  auto settings = embedded_settings();
  REQUIRE(settings);
  InjectorOptions options;
  auto created = Injector::create(std::move(*settings), istio_function_map(options.env), options);
  REQUIRE(created);
  return std::move(*created);
}

// `n` Deployments, a List of two Pods, a Service; document `bad` (if any) has a bad containers field.
std::string manifests(int n, int bad = -1) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += fmt::format(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app{0}\n  annotations: "
        "{{proxy.istio.io/config: "
        "'{{concurrency: {1}}}'}}\nspec:\n  template:\n    metadata:\n      labels: {{app: app{0}}}\n    "
        "spec:\n"
        "      containers:\n      - name: app\n        image: app:{0}\n        ports: [{{containerPort: "
        "80{1}}}]\n"
        "        readinessProbe: {{httpGet: {{port: 80{1}, path: /ready}}}}\n---\n",
        i, i % 10);
    if (i == bad) out += "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers: 5\n---\n";
    if (i % 7 == 0) {
      out +=
          "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n"
          "  spec: {containers: [{name: a, image: a}]}\n- {apiVersion: v1, kind: Pod, metadata: {name: b},"
          " spec: {containers: [{name: b, image: b}]}}\n---\n";
    }
    out += fmt::format("apiVersion: v1\nkind: Service\nmetadata: {{name: app{}}}\n---\n", i);
  }
  return out;
}

struct Run {
  Result<void> result;
  std::string out;
  std::vector<std::string> warnings;
};

Run run(const Injector& injector, const std::string& text, int jobs) {
  Run r;
  StreamOptions options;
  options.jobs = jobs;
  options.load.positions = false;
  const yaml::InputTexts texts = {{"-", text}};
  r.result = process_inputs({"-"}, false, texts, options, &injector, StreamMode::kInject, r.warnings,
                            [&](std::string_view chunk) -> Result<void> {
                              r.out += chunk;
                              return {};
                            });
  return r;
}

TEST_CASE("process_inputs: several jobs give one thread's output, warnings and first error") {
  const Injector injector = embedded_injector();
  REQUIRE(injector.injects_in_parallel());
  const std::string good = manifests(40);
  const Run one = run(injector, good, 1);
  REQUIRE(one.result);
  CHECK(one.out.find("istio-proxy") != std::string::npos);
  for (int jobs : {2, 8}) {
    const Run many = run(injector, good, jobs);
    REQUIRE(many.result);
    CHECK(many.out == one.out);
    CHECK(many.warnings == one.warnings);
  }

  const std::string bad =
      manifests(40, 13) + "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: 6}\n";
  const Run bad_one = run(injector, bad, 1);
  REQUIRE(!bad_one.result);
  CHECK(bad_one.out.find("name: app13") != std::string::npos);
  CHECK(bad_one.out.find("name: app14") == std::string::npos);
  for (int jobs : {2, 8}) {
    const Run many = run(injector, bad, jobs);
    REQUIRE(!many.result);
    CHECK(many.result.error().to_string() == bad_one.result.error().to_string());
    CHECK(many.out == bad_one.out);
  }
}

}  // namespace
}  // namespace sidecarctl::inject
