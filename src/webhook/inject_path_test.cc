// Tests for the injection path's proxy environment (istiod's parseInjectEnvs cases).
#include "webhook/inject_path.h"

#include <doctest/doctest.h>

namespace sidecarctl::webhook {
namespace {

using Envs = std::map<std::string, std::string>;

TEST_CASE("inject paths") {
  CHECK(is_inject_path("/inject"));
  CHECK(is_inject_path("/inject/cluster/c1"));
  CHECK_FALSE(is_inject_path("/injection"));
  CHECK_FALSE(is_inject_path("/metrics"));
}

TEST_CASE("plain /inject carries nothing") {
  CHECK(parse_inject_path("/inject").envs.empty());
  CHECK(parse_inject_path("/inject/").envs.empty());
}

TEST_CASE("key/value segments: cluster and net map to Istio's variables, others are upper-cased") {
  CHECK(parse_inject_path("/inject/cluster/cluster1/net/network1").envs ==
        Envs{{"ISTIO_META_CLUSTER_ID", "cluster1"}, {"ISTIO_META_NETWORK", "network1"}});
  CHECK(parse_inject_path("/inject/cluster/c1/net/n1/").envs ==
        Envs{{"ISTIO_META_CLUSTER_ID", "c1"}, {"ISTIO_META_NETWORK", "n1"}});
  CHECK(parse_inject_path("/inject/custom_env/a--slash--b").envs == Envs{{"CUSTOM_ENV", "a/b"}});
}

TEST_CASE("an odd number of segments ignores the last key, with a warning") {
  InjectPath p = parse_inject_path("/inject/cluster/c1/net");
  CHECK(p.envs == Envs{{"ISTIO_META_CLUSTER_ID", "c1"}});
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0] == "odd number of inject env entries, ignoring the last key net");
}

TEST_CASE("the :ENV: form") {
  CHECK(parse_inject_path("/inject/:ENV:cluster=c2:ENV:net=n2").envs ==
        Envs{{"ISTIO_META_CLUSTER_ID", "c2"}, {"ISTIO_META_NETWORK", "n2"}});
  CHECK(parse_inject_path("/inject/:ENV:cluster=:ENV:=bad:ENV:novalue:ENV:x=a=b").envs ==
        Envs{{"ISTIO_META_CLUSTER_ID", ""}, {"X", "a=b"}});
}

}  // namespace
}  // namespace sidecarctl::webhook
