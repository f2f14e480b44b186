// Typing of YAML scalars the way go-yaml v2 (and so sigs.k8s.io/yaml) resolves them: YAML 1.1
// booleans, null forms, integers in several bases, floats, timestamps (kept as strings).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sidecarctl::yaml {

// What a scalar resolves to.
enum class ScalarKind { kNull, kBool, kInt, kUint, kFloat, kString, kTimestamp, kMerge };

struct ResolvedScalar {
  ScalarKind kind = ScalarKind::kString;
  bool boolean = false;
  std::int64_t int_value = 0;
  std::uint64_t uint_value = 0;
  double float_value = 0;
};

// Long form of the standard tags ("tag:yaml.org,2002:str", ...).
inline constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

// Resolves a plain scalar (`tag` empty) or one with an explicit standard tag (long form). Tags
// other than str/bool/int/float/null/timestamp leave the text a string. A tagged value that does
// not fit its tag yields an error message in `error` (go-yaml's "cannot decode !!str `x` as a !!int").
ResolvedScalar resolve_scalar(std::string_view tag, std::string_view text, std::string* error = nullptr);

// Whether a plain scalar starting with `first` can resolve to anything but a string: the first
// bytes after which go-yaml v2's resolve looks further (yes/no/true/null/~ and the like, numbers,
// .inf/.nan). Any other plain scalar is a string.
constexpr bool may_resolve_to_non_string(char first) {
  switch (first) {
    case 'y':
    case 'Y':
    case 'n':
    case 'N':
    case 't':
    case 'T':
    case 'f':
    case 'F':
    case 'o':
    case 'O':
    case '~':
    case '+':
    case '-':
    case '.':
      return true;
    default:
      return first >= '0' && first <= '9';
  }
}

// True for strings go-yaml v2 quotes on output because they look like sexagesimal floats ("1:20").
bool is_base60_float(std::string_view text);

// True when `text` parses as one of go-yaml v2's accepted timestamp layouts ("2001-12-14",
// "2001-12-14T21:59:43.10Z", "2001-12-14 21:59:43.10").
bool is_timestamp(std::string_view text);

}  // namespace sidecarctl::yaml
