#include <doctest/doctest.h>

#include "base/ip_prefix.h"

using namespace sidecarctl;

TEST_CASE("prefixes print as Go's netip.Prefix: address kept, IPv6 canonical") {
  auto text = [](const char* s) {
    auto p = parse_ip_prefix(s);
    REQUIRE(p.has_value());
    return p->to_string();
  };
  CHECK(text("10.96.0.2/24") == "10.96.0.2/24");
  CHECK(text("2001:DB8::/32") == "2001:db8::/32");
  CHECK(text("2001:0db8:0000:0000:0001:0000:0000:0001/64") == "2001:db8::1:0:0:1/64");
  CHECK(text("::ffff:10.0.0.1/128") == "::ffff:10.0.0.1/128");
  CHECK(text("::1.2.3.4/128") == "::102:304/128");
  CHECK(text("1:0:0:1:0:0:0:1/128") == "1:0:0:1::1/128");
  CHECK(text("::/0") == "::/0");
  CHECK(text("fe80::1:0:0/10") == "fe80::1:0:0/10");
}

TEST_CASE("invalid prefixes are rejected with Go's reasons") {
  CHECK(parse_ip_prefix("10.0.0.0").error().message == "netip.ParsePrefix(\"10.0.0.0\"): no '/'");
  CHECK(parse_ip_prefix("10.0.0.0/33").error().message == "netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of range");
  CHECK(parse_ip_prefix("10.0.0.0/08").error().message == "netip.ParsePrefix(\"10.0.0.0/08\"): bad bits after slash: \"08\"");
  CHECK(parse_ip_prefix("010.0.0.0/8").error().message ==
        "netip.ParsePrefix(\"010.0.0.0/8\"): ParseAddr(\"010.0.0.0\"): IPv4 field has octet with leading zero");
  CHECK(parse_ip_prefix("1.2.3/8").error().message == "netip.ParsePrefix(\"1.2.3/8\"): ParseAddr(\"1.2.3\"): IPv4 address too short");
  CHECK(parse_ip_prefix("fe80::1%eth0/64").error().message == "netip.ParsePrefix(\"fe80::1%eth0/64\"): IPv6 zones cannot be present in a prefix");
  CHECK_FALSE(parse_ip_prefix("1::2::3/64").has_value());
  CHECK_FALSE(parse_ip_prefix("*/8").has_value());
  CHECK_FALSE(parse_ip_prefix("1:2:3:4:5:6:7:8:9/64").has_value());
}

TEST_CASE("loopback detection follows netip.Addr.IsLoopback") {
  CHECK(parse_ip_address("127.0.0.53")->is_loopback());
  CHECK(parse_ip_address("::1")->is_loopback());
  CHECK(parse_ip_address("::ffff:127.0.0.1")->is_loopback());
  CHECK_FALSE(parse_ip_address("::127.0.0.1")->is_loopback());
  CHECK_FALSE(parse_ip_address("10.0.0.1")->is_loopback());
  CHECK_FALSE(parse_ip_address("::ffff:1.2.3.4")->v4);
}
