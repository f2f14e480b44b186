// Go's fmt package for template values: Sprintf, Sprint, Sprintln.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "gotemplate/value.h"

namespace sidecarctl::gotemplate {

// fmt.Sprintf(format, args...).
std::string format_go(std::string_view format, std::span<const Value> args);
void format_go_to(std::string& out, std::string_view format, std::span<const Value> args);

// fmt.Sprint(args...): spaces between operands when neither side is a string.
std::string sprint(std::span<const Value> args);
void sprint_to(std::string& out, std::span<const Value> args);

// fmt.Sprintln(args...): spaces between all operands, newline at the end.
std::string sprintln(std::span<const Value> args);

// fmt.Sprint of one value (%v).
std::string to_go_string(const Value& value);
void append_go_string(std::string& out, const Value& value);

// strconv.FormatFloat(f, fmt, prec, 64) for fmt in 'e' 'E' 'f' 'g' 'G' (prec -1: shortest digits).
// %v prints a float64 as format_float(f, 'g', -1): exponent form when the decimal exponent is
// < -4 or >= 6 for shortest digits, as strconv decides (1e+06, 100000, 0.0001, 1e-05).
std::string format_float(double f, char fmt, int prec);

// strconv.Quote: a double-quoted Go string literal (printable runes kept, others escaped).
std::string go_quote(std::string_view s);
// strconv.QuoteRune / %q of a rune: 'x'.
std::string go_quote_rune(char32_t r);
// %#U of a rune: U+0029 ')'.
std::string format_rune_u(char32_t r);
// The first `n` UTF-8 runes of `s`.
std::string_view truncate_runes(std::string_view s, std::size_t n);
// Appends the UTF-8 encoding of `r` (invalid code points as U+FFFD).
void append_utf8(std::string& out, char32_t r);
// Decodes the rune at s[pos] (U+FFFD width 1 for invalid bytes).
char32_t decode_utf8(std::string_view s, std::size_t pos, std::size_t& width);

}  // namespace sidecarctl::gotemplate
