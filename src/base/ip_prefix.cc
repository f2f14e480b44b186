// Go netip-compatible parsing and printing of IPv4/IPv6 addresses and prefixes.
#include "base/ip_prefix.h"

#include <optional>

#include "base/go_strconv.h"

namespace sidecarctl {
namespace {

// Decimal digits only (no sign, no underscores), at most `max`.
std::optional<std::uint64_t> decimal_at_most(std::string_view text, std::uint64_t max) {
  auto value = parse_go_uint(text, 10);
  if (!value || *value > max) return std::nullopt;
  return value;
}

Error bad(std::string_view text, std::string_view why) {
  return make_error(ErrorKind::kUsage, "ParseAddr(\"" + std::string(text) + "\"): " + std::string(why));
}

std::optional<std::array<std::uint8_t, 4>> parse_v4(std::string_view s, std::string* why) {
  std::array<std::uint8_t, 4> out{};
  int field = 0;
  std::size_t pos = 0;
  while (true) {
    std::size_t dot = s.find('.', pos);
    std::string_view part = s.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
    if (field >= 4) { *why = "IPv4 address too long"; return std::nullopt; }
    if (part.empty()) { *why = "IPv4 field must have at least one digit"; return std::nullopt; }
    if (part.size() > 1 && part[0] == '0') { *why = "IPv4 field has octet with leading zero"; return std::nullopt; }
    auto value = decimal_at_most(part, 255);
    if (!value) {
      bool digits = part.find_first_not_of("0123456789") == std::string_view::npos;
      *why = digits ? "IPv4 field has value >255" : "unexpected character";
      return std::nullopt;
    }
    out[static_cast<std::size_t>(field++)] = static_cast<std::uint8_t>(*value);
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  if (field != 4) { *why = "IPv4 address too short"; return std::nullopt; }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<IpAddress> parse_v6(std::string_view text) {
  IpAddress addr;
  addr.v4 = false;
  std::string_view s = text;
  if (std::size_t pct = s.find('%'); pct != std::string_view::npos) {
    addr.zone = std::string(s.substr(pct + 1));
    if (addr.zone.empty()) return bad(text, "zone must be a non-empty string");
    s = s.substr(0, pct);
  }
  int ellipsis = -1;
  std::size_t i = 0;  // output byte index
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return addr;
  }
  while (i < 16) {
    std::size_t off = 0;
    unsigned acc = 0;
    while (off < s.size() && hex_value(s[off]) >= 0) {
      acc = acc * 16 + static_cast<unsigned>(hex_value(s[off]));
      ++off;
      if (off > 4) return bad(text, "each colon-separated field must have at most 4 hex digits");
    }
    if (off == 0) return bad(text, "each colon-separated field must have at least one digit");
    if (off < s.size() && s[off] == '.') {
      if (ellipsis < 0 && i != 12) return bad(text, "embedded IPv4 address must replace the final 2 fields of the address");
      if (i + 4 > 16) return bad(text, "too many hex fields to fit an embedded IPv4 at the end of the address");
      std::string why;
      auto v4 = parse_v4(s, &why);
      if (!v4) return bad(text, "embedded IPv4 address: " + why);
      for (std::size_t k = 0; k < 4; ++k) addr.bytes[i + k] = (*v4)[k];
      i += 4;
      s = {};
      break;
    }
    addr.bytes[i] = static_cast<std::uint8_t>(acc >> 8);
    addr.bytes[i + 1] = static_cast<std::uint8_t>(acc & 0xff);
    i += 2;
    s.remove_prefix(off);
    if (s.empty()) break;
    if (s[0] != ':') return bad(text, "unexpected character, want colon");
    if (s.size() == 1) return bad(text, "colon must be followed by more characters");
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) return bad(text, "multiple :: in address");
      ellipsis = static_cast<int>(i);
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return bad(text, "trailing garbage after address");
  if (i < 16) {
    if (ellipsis < 0) return bad(text, "address string too short");
    std::size_t n = 16 - i;
    for (std::size_t j = i; j-- > static_cast<std::size_t>(ellipsis);) addr.bytes[j + n] = addr.bytes[j];
    for (std::size_t j = static_cast<std::size_t>(ellipsis); j < static_cast<std::size_t>(ellipsis) + n; ++j) addr.bytes[j] = 0;
  } else if (ellipsis >= 0) {
    return bad(text, "the :: must expand to at least one field of zeros");
  }
  return addr;
}

std::string v4_text(const std::uint8_t* b) {
  return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." + std::to_string(b[3]);
}

}  // namespace

bool IpAddress::is_v4_mapped() const {
  if (v4) return false;
  for (std::size_t k = 0; k < 10; ++k) if (bytes[k] != 0) return false;
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

bool IpAddress::is_loopback() const {
  if (v4) return bytes[0] == 127;
  if (is_v4_mapped()) return bytes[12] == 127;
  for (std::size_t k = 0; k < 15; ++k) if (bytes[k] != 0) return false;
  return bytes[15] == 1;
}

std::string IpAddress::to_string() const {
  if (v4) return v4_text(bytes.data());
  std::string out;
  if (is_v4_mapped()) {
    out = "::ffff:" + v4_text(bytes.data() + 12);
  } else {
    // The longest run of two or more zero groups (the first one on ties) becomes "::".
    int best_start = -1, best_len = 0;
    for (int g = 0; g < 8;) {
      if (bytes[static_cast<std::size_t>(2 * g)] == 0 && bytes[static_cast<std::size_t>(2 * g + 1)] == 0) {
        int start = g;
        while (g < 8 && bytes[static_cast<std::size_t>(2 * g)] == 0 && bytes[static_cast<std::size_t>(2 * g + 1)] == 0) ++g;
        if (g - start > best_len && g - start >= 2) { best_start = start; best_len = g - start; }
      } else {
        ++g;
      }
    }
    static constexpr char kHex[] = "0123456789abcdef";
    for (int g = 0; g < 8; ++g) {
      if (g == best_start) {
        out += "::";
        g += best_len - 1;
        continue;
      }
      if (g > 0 && g != best_start + best_len) out += ':';
      unsigned value = static_cast<unsigned>(bytes[static_cast<std::size_t>(2 * g)]) << 8 | bytes[static_cast<std::size_t>(2 * g + 1)];
      std::string group;
      do { group.insert(group.begin(), kHex[value & 0xf]); value >>= 4; } while (value != 0);
      out += group;
    }
  }
  if (!zone.empty()) out += "%" + zone;
  return out;
}

std::string IpPrefix::to_string() const { return address.to_string() + "/" + std::to_string(bits); }

Result<IpAddress> parse_ip_address(std::string_view text) {
  if (text.empty()) return bad(text, "unable to parse IP");
  for (char c : text) {
    if (c == ':') return parse_v6(text);
    if (c == '.') {
      std::string why;
      auto v4 = parse_v4(text, &why);
      if (!v4) return bad(text, why);
      IpAddress addr;
      for (std::size_t k = 0; k < 4; ++k) addr.bytes[k] = (*v4)[k];
      return addr;
    }
  }
  return bad(text, "unable to parse IP");
}

Result<IpPrefix> parse_ip_prefix(std::string_view text) {
  auto fail = [&](std::string_view why) {
    return make_error(ErrorKind::kUsage, "netip.ParsePrefix(\"" + std::string(text) + "\"): " + std::string(why));
  };
  std::size_t slash = text.rfind('/');
  if (slash == std::string_view::npos) return fail("no '/'");
  auto addr = parse_ip_address(text.substr(0, slash));
  if (!addr) return fail(addr.error().message);
  if (!addr->zone.empty()) return fail("IPv6 zones cannot be present in a prefix");
  std::string_view bits_text = text.substr(slash + 1);
  // As Go: no sign and no leading zero; a number past the family's width is "out of range".
  bool leading_ok = bits_text.size() <= 1 || (bits_text[0] >= '1' && bits_text[0] <= '9');
  auto bits = leading_ok ? parse_go_uint(bits_text, 10) : std::nullopt;
  if (!bits) return fail("bad bits after slash: \"" + std::string(bits_text) + "\"");
  if (*bits > (addr->v4 ? 32u : 128u)) return fail("prefix length out of range");
  return IpPrefix{std::move(addr).value(), static_cast<int>(*bits)};
}

}  // namespace sidecarctl
