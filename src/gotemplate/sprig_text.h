// Go-faithful string algorithms behind sprig's text functions: Go's strings/path/unicode
// behaviour (UTF-8 aware where Go is, byte-wise where goutils is), independent of Value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sidecarctl::gotemplate {

// One decoded UTF-8 rune; invalid or truncated sequences decode as U+FFFD of width 1 (Go's rule).
struct Rune {
  char32_t value;
  std::size_t width;
};
Rune decode_rune(std::string_view s, std::size_t pos);

// unicode.IsSpace.
bool go_is_space(char32_t r);
// Simple case mapping (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic); other runes unchanged.
char32_t go_rune_upper(char32_t r);
char32_t go_rune_lower(char32_t r);
bool go_is_letter_or_digit(char32_t r);

std::string go_to_upper(std::string_view s);  // strings.ToUpper
std::string go_to_lower(std::string_view s);  // strings.ToLower
std::string go_title(std::string_view s);     // strings.Title (word starts after separators)
std::string go_trim_space(std::string_view s);                          // strings.TrimSpace
std::string go_trim_cutset(std::string_view s, std::string_view cutset);  // strings.Trim
std::string go_replace_all(std::string_view s, std::string_view old_text, std::string_view new_text);
// strings.SplitN (n < 0: all); an empty separator splits after each rune.
std::vector<std::string> go_split(std::string_view s, std::string_view sep, int n = -1);
std::vector<std::string> go_fields(std::string_view s);  // strings.Fields

// goutils (sprig's helpers): untitle, initials, nospace, wrap, abbrev.
std::string sprig_untitle(std::string_view s);
std::string sprig_initials(std::string_view s);
std::string sprig_nospace(std::string_view s);
// goutils.WrapCustom: wrap at `width` columns on spaces; `wrap_long` also cuts long words.
std::string sprig_wrap(std::string_view s, int width, std::string_view newline = "\n", bool wrap_long = false);
// goutils.AbbreviateFull (sprig's abbrevboth after its own width checks).
std::string sprig_abbrev_full(std::string_view s, int offset, int width);
// goutils.SwapCase.
std::string sprig_swapcase(std::string_view s);
std::string sprig_abbrev(std::string_view s, int width);

// path.Base, path.Dir, path.Ext, path.Clean, path.IsAbs and path.Split (dir part, file part).
std::string go_path_base(std::string_view p);
std::string go_path_dir(std::string_view p);
std::string go_path_ext(std::string_view p);
std::string go_path_clean(std::string_view p);
bool go_path_is_abs(std::string_view p);
std::pair<std::string, std::string> go_path_split(std::string_view p);

// encoding/base64 and encoding/base32 StdEncoding. Decoding returns the bytes or Go's error text
// ("illegal base64 data at input byte 0").
std::string base64_encode(std::string_view data);
std::pair<std::string, std::optional<std::string>> base64_decode(std::string_view text);
std::string base32_encode(std::string_view data);
std::pair<std::string, std::optional<std::string>> base32_decode(std::string_view text);

// Hex digests (crypto/sha256, crypto/sha1) and the adler32 checksum.
std::string sha256_hex(std::string_view data);
std::string sha1_hex(std::string_view data);
unsigned adler32(std::string_view data);

}  // namespace sidecarctl::gotemplate
