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

// strconv.FormatFloat(f, 'g', -1, 64) as %v prints float64 (shortest, exponent when < 1e-4 or >= 1e21).
std::string format_float_v(double f);

}  // namespace sidecarctl::gotemplate
