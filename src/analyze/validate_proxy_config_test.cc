// ValidateProxyConfig: expected texts are istioctl's on the same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("concurrency may not be negative; an empty selector warns") {
  CHECK(findings("ProxyConfig", R"(
selector: {matchLabels: {}}
concurrency: -1
)",
                 "c3") == Lines{"error: concurrency must be greater than or equal to 0",
                                "warning: workload selector specified without labels"});
}

}  // namespace
}  // namespace sidecarctl::analyze
