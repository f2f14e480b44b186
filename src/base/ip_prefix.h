// IP addresses and prefixes parsed and printed as Go's net/netip does, because istio-iptables
// prints its CIDRs with netip.Prefix.String(): address not masked, IPv6 in RFC 5952 form.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sidecarctl {

struct IpAddress {
  bool v4 = true;                     // a 4-byte address (IPv4-mapped IPv6 is not v4)
  std::array<std::uint8_t, 16> bytes{};  // v4 uses the first 4
  std::string zone;                   // IPv6 zone ("%eth0"), without the '%'

  bool is_loopback() const;           // 127/8, ::1, or ::ffff:127.x.x.x
  bool is_v4_mapped() const;
  std::string to_string() const;      // netip.Addr.String()
};

struct IpPrefix {
  IpAddress address;
  int bits = 0;
  std::string to_string() const;      // netip.Prefix.String()
};

// netip.ParseAddr; the error message says what is wrong (kUsage errors, no location).
Result<IpAddress> parse_ip_address(std::string_view text);
// netip.ParsePrefix (no zones, decimal bits without leading zeros).
Result<IpPrefix> parse_ip_prefix(std::string_view text);

}  // namespace sidecarctl
