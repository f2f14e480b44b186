// Go's strconv number parsing (ParseUint, ParseInt, ParseFloat with bitSize 64), shared by the
// YAML scalar resolution (go-yaml), template number literals and the sprig conversions, so all
// three read "0x1F", "0o17", "017", "1_000" and "0x1p-2" the way Go does.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sidecarctl {

// strconv.ParseUint(s, base, 64). Base 0 reads the prefixes 0b, 0o, 0x and a leading 0 (octal)
// and allows `_` between digits; bases 2..36 take digits only. nullopt on a syntax or range error.
std::optional<std::uint64_t> parse_go_uint(std::string_view s, int base);

// strconv.ParseInt(s, base, 64): an optional sign, then parse_go_uint's syntax.
std::optional<std::int64_t> parse_go_int(std::string_view s, int base);

// strconv.ParseFloat(s, 64) for Go's float syntax: decimal and hexadecimal (0x...p...) mantissas,
// `_` between digits, and "inf", "infinity", "nan" in any case ("+"/"-" before inf). Overflow is
// an error; underflow rounds to zero or a subnormal, as in Go.
std::optional<double> parse_go_float(std::string_view s);

// `d` truncated toward zero as an int64, or nullopt when `d` is NaN or outside int64's range:
// casting such a double to an integer is undefined behaviour.
std::optional<std::int64_t> truncated_int64(double d);

// `d` as an int64 when it is a whole number within int64's range, else nullopt.
std::optional<std::int64_t> whole_int64(double d);

}  // namespace sidecarctl
