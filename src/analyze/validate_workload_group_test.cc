// ValidateWorkloadGroup: expected texts are istioctl's on the same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("a template is required") {
  CHECK(findings("WorkloadGroup", R"(
metadata: {labels: {app: x}}
)",
                 "c4") == Lines{"error: template is required"});
}

TEST_CASE("bad labels are one error holding Go's multierror text") {
  CHECK(findings("WorkloadGroup", R"(
metadata: {labels: {"bad key": "x y"}}
template: {}
)",
                 "c5") == Lines{"error: invalid labels: 2 errors occurred:\n\t* invalid tag key: \"bad "
                                "key\"\n\t* invalid tag value: \"x y\"\n\n"});
}

TEST_CASE("readiness probe numbers, HTTP port, scheme and header names") {
  CHECK(findings("WorkloadGroup", R"(
template: {}
probe: {periodSeconds: -1, failureThreshold: -2, httpGet: {port: 0, scheme: ftp, httpHeaders: [{name: "a_b"}, {}]}}
)",
                 "c6") == Lines{"error: failureThreshold must be non-negative",
                                "error: header name a_b is not a valid header name",
                                "error: header name cannot be empty",
                                "error: httpGet.scheme must be one of \"HTTPS\", \"HTTP\"",
                                "error: periodSeconds must be non-negative",
                                "error: port number 0 must be in the range 1..65535"});
}

TEST_CASE("a probe without a check method (Go's %T of nil)") {
  CHECK(findings("WorkloadGroup", R"(
template: {}
probe: {initialDelaySeconds: 5}
)",
                 "c7") == Lines{"error: unknown health check method <nil>"});
}

TEST_CASE("a gRPC probe is a method Istio does not check") {
  CHECK(findings("WorkloadGroup", R"(
template: {}
probe: {grpc: {port: 80}}
)",
                 "c8") == Lines{"error: unknown health check method *v1alpha3.ReadinessProbe_Grpc"});
}

TEST_CASE("an exec probe needs a command") {
  CHECK(findings("WorkloadGroup", R"(
template: {}
probe: {exec: {}}
)",
                 "c9") == Lines{"error: exec.command is required"});
}

}  // namespace
}  // namespace sidecarctl::analyze
