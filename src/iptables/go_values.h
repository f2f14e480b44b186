// Go's parsing of flag values, as pflag applies it to istio-iptables' flags: strconv.ParseBool,
// time.ParseDuration and strconv.ParseUint(16), and istio's comma-list split.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sidecarctl::iptables {

// strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False; anything else nullopt.
std::optional<bool> parse_go_bool(std::string_view text);

// Whether time.ParseDuration accepts `text` ("5s", "1m30s", "-1.5h", "0").
bool is_go_duration(std::string_view text);

// strconv.ParseUint(text, 10, 16).
std::optional<unsigned> parse_go_uint16(std::string_view text);

// A decimal number without sign, at most `max`; nullopt otherwise.
std::optional<unsigned long long> parse_decimal(std::string_view text, unsigned long long max);

// istio's config.Split: split on commas, drop empty items, no trimming ("" gives no items).
std::vector<std::string> split_list(std::string_view text);

}  // namespace sidecarctl::iptables
