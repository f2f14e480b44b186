// resource_name_from_host against the regular expression Istio uses (and sidecarctl used).
#include "analyze/hosts.h"

#include <doctest/doctest.h>

#include <regex>

namespace sidecarctl::analyze {

TEST_CASE("resource_name_from_host splits as ^(.+)\\.(.+)\\.svc\\.cluster\\.local$") {
  const std::regex fqdn(R"(^(.+)\.(.+)\.svc\.cluster\.local$)");
  for (std::string host :
       {"reviews.default.svc.cluster.local", "a.b.c.svc.cluster.local", "reviews", "reviews.default",
        ".svc.cluster.local", "a.svc.cluster.local", "..svc.cluster.local", "a..svc.cluster.local",
        ".a.svc.cluster.local", "a.b..svc.cluster.local", "a.b.svc.cluster.local.svc.cluster.local",
        "*.ns.svc.cluster.local", "a.b\n.svc.cluster.local", "a\r.b.svc.cluster.local",
        "a.b.svc.cluster.locals", "x.y.svc.cluster.localx.svc.cluster.local"}) {
    CAPTURE(host);
    std::smatch m;
    std::pair<std::string, std::string> want{"dflt", host};
    if (std::regex_match(host, m, fqdn)) want = {m[2].str(), m[1].str()};
    CHECK(resource_name_from_host("dflt", host) == want);
  }
  CHECK(resource_name_from_host("dflt", "a.b.c.svc.cluster.local") ==
        std::pair<std::string, std::string>{"c", "a.b"});
}

}  // namespace sidecarctl::analyze
