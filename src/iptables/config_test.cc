#include <doctest/doctest.h>

#include "iptables/preview.h"

using namespace sidecarctl;
using namespace sidecarctl::iptables;

namespace {
FlagValue flag(const std::string& name, const std::string& value) {
  return FlagValue{name, value, Origin{OriginKind::kFlag, "--" + name, {}}};
}
Result<IptablesConfig> config(std::vector<FlagValue> flags, std::map<std::string, std::string> env = {}) {
  return config_from_flags(flags, EnvSource{Environment(std::move(env)), OriginKind::kEnv, {}}, PodFacts{});
}
std::string error_of(std::vector<FlagValue> flags, std::map<std::string, std::string> env = {}) {
  auto c = config(std::move(flags), std::move(env));
  return c ? "" : c.error().message;
}
}  // namespace

TEST_CASE("defaults, environment and flags: the flag wins, then the last variable") {
  auto c = config({flag("istio-inbound-ports", "80")}, {{"ISTIO_INBOUND_PORTS", "90"}, {"ISTIO_SERVICE_CIDR", "10.0.0.0/8"}});
  REQUIRE(c.has_value());
  CHECK(c->inbound_port_list == std::vector<std::string>{"80"});
  CHECK(c->settings.at("istio-inbound-ports").origin.describe() == "flag --istio-inbound-ports");
  CHECK(c->outbound_include.v4.front().to_string() == "10.0.0.0/8");
  CHECK(c->settings.at("istio-service-cidr").origin.describe() == "env ISTIO_SERVICE_CIDR");
  CHECK(c->settings.at("envoy-port").origin.describe() == "default");
  CHECK(c->proxy_uids == std::vector<std::string>{"1337"});
  CHECK(c->proxy_gids == std::vector<std::string>{"1337"});

  auto dns = config({}, {{"REDIRECT_DNS", "true"}, {"ISTIO_META_DNS_CAPTURE", "false"}});
  CHECK_FALSE(dns->redirect_dns_requested);
  auto dns2 = config({}, {{"REDIRECT_DNS", "false"}, {"ISTIO_META_DNS_CAPTURE", "true"}});
  CHECK(dns2->redirect_dns_requested);
  CHECK_FALSE(dns2->redirect_dns);  // no servers, no capture-all
  auto drop = config({}, {{"INVALID_DROP", "1"}});
  CHECK(drop->drop_invalid);
  auto ignored = config({}, {{"DROP_INVALID", "yes"}});
  CHECK_FALSE(ignored->drop_invalid);
  CHECK(ignored->notes.front() == "DROP_INVALID ignored: invalid boolean value \"yes\" (want true or false)");
  CHECK(config({}, {{"ENVOY_PORT", "1"}})->proxy_port == "15001");  // --envoy-port has no variable
}

TEST_CASE("invalid values are usage errors with istio-iptables' meaning") {
  CHECK(error_of({flag("istio-service-exclude-cidr", "*")}) ==
        "--istio-service-exclude-cidr: '*' is not allowed (istio-iptables: invalid value for OUTBOUND_IP_RANGES_EXCLUDE)");
  CHECK(error_of({flag("istio-service-cidr", "10.0.0.0/33")}) ==
        "--istio-service-cidr: netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of range");
  CHECK(error_of({flag("istio-inbound-ports", "80,http")}) == "--istio-inbound-ports: invalid port \"http\" (want a number 1..65535)");
  CHECK(error_of({flag("envoy-port", "0")}) == "--envoy-port: invalid port \"0\" (want a number 1..65535)");
  CHECK(error_of({flag("proxy-uid", "-1")}) == "--proxy-uid: invalid uid \"-1\" (want a number 0..4294967294)");
  CHECK(error_of({flag("redirect-dns", "yes")}) == "--redirect-dns: invalid boolean value \"yes\" (want true or false)");
  CHECK(error_of({flag("probe-timeout", "5")}) == "--probe-timeout: invalid duration \"5\" (want e.g. 5s, 1m30s)");
  CHECK(error_of({flag("istio-exclude-interfaces", "a-very-long-interface-name")}) ==
        "--istio-exclude-interfaces: invalid interface name \"a-very-long-interface-name\" (at most 15 characters, no blanks, '/' or ':')");
  CHECK(error_of({}, {{"ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR", "127.0.0.1/4"}}) ==
        "ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: expected CIDR 127.0.0.1/4 to have mask in range [8, 32]; found 4");
  CHECK(error_of({}, {{"ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR", "10.0.0.1/8"}}) ==
        "ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: expected valid IPv4 loopback address in CIDR 10.0.0.1/8; found 10.0.0.1");
  CHECK(error_of({flag("force-iptables-binary", "xt")}) == "--force-iptables-binary: invalid FORCE_IPTABLES_BINARY value \"xt\" (want legacy or nft)");
  CHECK(error_of({flag("native-nftables", "true")}) ==
        "--native-nftables: istio-iptables would program nftables, which iptables-preview does not model");
  auto c = config({flag("istio-inbound-ports", "x")});
  CHECK(c.error().kind == ErrorKind::kUsage);
  CHECK(error_of({flag("istio-local-exclude-ports", "6000,7000,")}).empty());
}

TEST_CASE("dns servers split by family and keep their spelling") {
  PodFacts facts;
  facts.dns_servers = {"127.0.0.53", "::127.0.0.53"};
  auto c = config_from_flags({flag("redirect-dns", "true")}, EnvSource{}, facts);
  REQUIRE(c.has_value());
  CHECK(c->dns_v4 == std::vector<std::string>{"127.0.0.53"});
  CHECK(c->dns_v6 == std::vector<std::string>{"::127.0.0.53"});
  CHECK(c->redirect_dns);
  CHECK(parse_dns_servers("1.1.1.1,bogus").error().message == "--dns-servers: ParseAddr(\"bogus\"): unable to parse IP");
}
