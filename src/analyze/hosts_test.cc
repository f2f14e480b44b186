// resource_name_from_host against the regular expression Istio uses (and sidecarctl used); the
// ServiceHostMap's look-ups, wildcard hosts included.
#include "analyze/hosts.h"

#include <doctest/doctest.h>

#include <regex>

#include "analyze/engine.h"

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

TEST_CASE("ServiceHostMap: exact hosts by scope, else the first wildcard host visible, else none") {
  auto docs = yaml::load_stream(R"(
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: wide, namespace: a}
spec: {hosts: ["*.example.com"], ports: [{number: 443, name: https, protocol: TLS}]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: narrow, namespace: a}
spec: {hosts: ["*.api.example.com"], exportTo: ["."], ports: [{number: 8443, name: https, protocol: TLS}]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: exact, namespace: b}
spec: {hosts: [db.example.com], exportTo: [c], ports: [{number: 5432, name: tcp, protocol: TCP}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: a}
spec: {ports: [{port: 80}]}
)",
                                "test.yaml");
  REQUIRE(docs.has_value());
  Store store;
  add_documents(*docs, store);
  store.finish();
  Json mesh = Json::object();
  Context ctx(store, mesh);
  ServiceHostMap hosts(ctx);
  auto port_of = [&](const std::string& ns, const std::string& host) {
    const HostTarget* t = hosts.lookup(ns, nullptr, host);
    return t == nullptr || t->ports.empty() ? 0LL : t->ports.front();
  };
  CHECK(port_of("a", "web") == 80);  // a Service, short name in its namespace
  CHECK(port_of("z", "web.a.svc.cluster.local") == 80);
  CHECK(port_of("z", "web") == 0);                // web.z.svc.cluster.local: none
  CHECK(port_of("c", "db.example.com") == 5432);  // exported to c
  CHECK(port_of("z", "db.example.com") == 443);   // not to z: the wildcard of `wide`
  // Keys in order: "*/*.example.com" before "a/*.api.example.com"; the first that matches wins.
  CHECK(port_of("a", "v1.api.example.com") == 443);
  CHECK(port_of("a", "*.example.com") == 443);
  CHECK(port_of("z", "example.org") == 0);
  CHECK(port_of("z", "*") == 0);
}

}  // namespace sidecarctl::analyze
