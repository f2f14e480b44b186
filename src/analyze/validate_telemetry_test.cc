// ValidateTelemetry: expected texts are istioctl's on the same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("selectors, metric overrides, tracing and access logging") {
  CHECK(findings("Telemetry", R"(
selector: {matchLabels: {}}
targetRef: {kind: Service, name: s}
metrics:
- providers: [{name: prometheus}, {}]
  overrides:
  - match: {customMetric: ""}
    tagOverrides: {"": {value: x}, a: {}, b: {operation: REMOVE, value: v}}
tracing:
- providers: [{name: a}, {name: b}]
  randomSamplingPercentage: 101
  customTags: {"x": {literal: {}}, "y": {header: {}}, "z": {environment: {}}}
- providers: [{name: ""}]
accessLogging:
- providers: [{}]
)",
                 "c10") ==
        Lines{"error: customMetric may not be empty", "error: environment tag name may not be empty",
              "error: header tag name may not be empty", "error: literal tag value may not be empty",
              "error: only one of targetRefs or workloadSelector can be set",
              "error: providers.name may not be empty",
              "error: randomSamplingPercentage must be in range [0.0, 100.0]",
              "error: tagOverrides.value may only be set when operation is UPSERT",
              "error: tagOverrides.value must be set when operation is UPSERT",
              "warning: multiple providers is not currently supported",
              "warning: multiple tracing is not currently supported",
              "warning: tagOverrides.name may not be empty",
              "warning: workload selector specified without labels"});
}

}  // namespace
}  // namespace sidecarctl::analyze
