// ValidatePeerAuthentication: expected texts are istioctl's on the same specs.
#include "analyze/validate_test_support.h"

namespace sidecarctl::analyze {
namespace {

using testing::findings;
using testing::Lines;

TEST_CASE("port-level mTLS needs a selector; ports in range") {
  CHECK(findings("PeerAuthentication", R"(
portLevelMtls: {"0": {mode: STRICT}, "8080": {mode: DISABLE}}
)",
                 "c0") == Lines{"error: mesh/namespace peer authentication cannot have port level mTLS",
                                "error: port must be in range 1..65535"});
}

TEST_CASE("selector wildcards and port 70000") {
  CHECK(findings("PeerAuthentication", R"(
selector: {matchLabels: {app: "a*"}}
portLevelMtls: {"70000": {}}
)",
                 "c1") == Lines{"error: port must be in range 1..65535",
                                "error: wildcard is not supported in selector: \"app=a*\""});
}

TEST_CASE("an empty selector warns") {
  CHECK(findings("PeerAuthentication", R"(
selector: {}
mtls: {mode: STRICT}
)",
                 "c2") == Lines{"warning: workload selector specified without labels"});
}

}  // namespace
}  // namespace sidecarctl::analyze
