// The regexp engine (regex_syntax, regex_program) through GoRegex: Go's errors, Go's matches
// (leftmost-first, groups, flags, UTF-8), and matching in linear time. Expected values are Go
// 1.19's regexp answers.
#include <doctest/doctest.h>

#include <string>

#include "gotemplate/regex_program.h"
#include "gotemplate/sprig_regex.h"

namespace sidecarctl::gotemplate {
namespace {

std::string compile_error(const std::string& pattern) {
  auto re = GoRegex::compile(pattern);
  return re ? "" : re.error().message;
}

// FindAllStringSubmatchIndex(s, -1) as "[b e b e ...]" per match.
std::string find_all(const std::string& pattern, const std::string& s) {
  auto re = GoRegex::compile(pattern);
  REQUIRE_MESSAGE(re.has_value(), pattern);
  auto matches = re->find_all(s, -1, re->slots_for_groups());
  REQUIRE(matches.has_value());
  std::string out;
  for (const auto& m : *matches) {
    out += "[";
    for (std::size_t g = 0; g < m.size(); ++g) {
      out += (g ? " " : "") + std::to_string(m[g].first) + " " + std::to_string(m[g].second);
    }
    out += "]";
  }
  return out;
}

// The program of a pattern that must compile, for driving RegexMatcher directly.
RegexProgram program_of(const std::string& pattern) {
  auto parsed = parse_regex(pattern);
  REQUIRE_MESSAGE(parsed.has_value(), pattern);
  auto program = RegexProgram::compile(*parsed, pattern);
  REQUIRE_MESSAGE(program.has_value(), pattern);
  return std::move(program).value();
}

TEST_CASE("patterns Go refuses, in Go's words") {
  CHECK(compile_error("(") == "error parsing regexp: missing closing ): `(`");
  CHECK(compile_error("a)") == "error parsing regexp: unexpected ): `a)`");
  CHECK(compile_error("a**") == "error parsing regexp: invalid nested repetition operator: `**`");
  CHECK(compile_error("a*??") == "error parsing regexp: invalid nested repetition operator: `*??`");
  CHECK(compile_error("a{2}{3}") == "error parsing regexp: invalid nested repetition operator: `{2}{3}`");
  CHECK(compile_error("(?i)*") == "error parsing regexp: missing argument to repetition operator: `*`");
  CHECK(compile_error("a{1001}") == "error parsing regexp: invalid repeat count: `{1001}`");
  CHECK(compile_error("a{2,1}") == "error parsing regexp: invalid repeat count: `{2,1}`");
  CHECK(compile_error("x{99999999999}") == "error parsing regexp: invalid repeat count: `{99999999999}`");
  // Nested repetitions may not make more than 1000 copies.
  CHECK(compile_error("(?:a{1000}){1000}") == "error parsing regexp: invalid repeat count: `{1000}`");
  CHECK(compile_error("(?:a{10}){101}?") == "error parsing regexp: invalid repeat count: `{101}?`");
  CHECK(compile_error("(?:a{10}){100}").empty());
  CHECK(compile_error("(?-)") == "error parsing regexp: invalid or unsupported Perl syntax: `(?-)`");
  CHECK(compile_error("(?i-)") == "error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`");
  CHECK(compile_error("(?P") == "error parsing regexp: invalid or unsupported Perl syntax: `(?P`");
  CHECK(compile_error("(?P<>a)") == "error parsing regexp: invalid named capture: `(?P<>`");
  CHECK(compile_error("[a-\\d]") == "error parsing regexp: invalid escape sequence: `\\d`");
  CHECK(compile_error("\\x{110000}") == "error parsing regexp: invalid escape sequence: `\\x{110000`");
  CHECK(compile_error("\\x4\xc3\xa9") == "error parsing regexp: invalid escape sequence: `\\x4\xc3\xa9`");
  CHECK(compile_error("\\1") == "error parsing regexp: invalid escape sequence: `\\1`");
  CHECK(compile_error("\\C") == "error parsing regexp: invalid escape sequence: `\\C`");
  CHECK(compile_error("[[:foo:]]") == "error parsing regexp: invalid character class range: `[:foo:]`");
  CHECK(compile_error("[z-a]") == "error parsing regexp: invalid character class range: `z-a`");
  CHECK(compile_error("[a") == "error parsing regexp: missing closing ]: `[a`");
  CHECK(compile_error("\\p_") == "error parsing regexp: invalid character class range: `\\p_`");
  CHECK(compile_error("a\xff") == "error parsing regexp: invalid UTF-8: `\xff`");
  CHECK(compile_error(std::string(1001, '(') + "a" + std::string(1001, ')')) ==
        "error parsing regexp: expression nests too deeply: `" + std::string(1001, '(') + "a" + std::string(1001, ')') + "`");
  // Valid in Go: an empty flag group, a repeated assertion, a repeat applied after flags, \_.
  for (const char* ok : {"(?)", "^*", "a(?i)*", "(?-i)a", "\\_", "[\\d-z]", "\\x{0000000041}", "\\08", "a{01}",
                         "(?P<n>a)(?P<n>b)", "(?<n>a)", "[[:^alpha:]]", "\\p{Any}", "[\\P{Any}a]",
                         "(?:(?:(?:(?:(?:a)))))"}) {
    CHECK_MESSAGE(compile_error(ok).empty(), ok);
  }
}

TEST_CASE("what sidecarctl's engine refuses where Go would not") {
  CHECK(compile_error("\\pL") ==
        "error parsing regexp: Unicode classes other than Any are not supported by sidecarctl's regexp engine: `\\pL`");
  CHECK(compile_error("[\\p{Greek}]") ==
        "error parsing regexp: Unicode classes other than Any are not supported by sidecarctl's regexp engine: "
        "`\\p{Greek}`");
  // Go folds (?:...) away and would accept this; open groups hold memory, so depth is bounded.
  std::string deep;
  for (int i = 0; i < 1001; ++i) deep += "(?:";
  deep += "a" + std::string(1001, ')');
  CHECK(compile_error(deep) == "error parsing regexp: expression nests too deeply: `" + deep + "`");
  CHECK(compile_error(deep.substr(3, deep.size() - 4)).empty());
  std::string big;
  for (int i = 0; i < 21; ++i) big += "(?:abcdefghij){1000}";
  CHECK(compile_error(big) == "error parsing regexp: expression too large: `" + big + "`");
}

TEST_CASE("leftmost-first matches and groups, as Go finds them") {
  CHECK(find_all("a|ab", "ab") == "[0 1]");
  CHECK(find_all("ab|a", "ab") == "[0 2]");
  CHECK(find_all("a*?b", "aab") == "[0 3]");
  CHECK(find_all("(a+)(a*)", "aaa") == "[0 3 0 3 3 3]");
  CHECK(find_all("(a+?)(a*)", "aaa") == "[0 3 0 1 1 3]");
  CHECK(find_all("(?U)(a+)(a*)", "aaa") == "[0 1 0 1 1 1][1 2 1 2 2 2][2 3 2 3 3 3]");
  CHECK(find_all("(a)|(b)", "ab") == "[0 1 0 1 -1 -1][1 2 -1 -1 1 2]");
  CHECK(find_all("(a|ab)(c|bcd)(d*)", "abcd") == "[0 4 0 1 1 4 4 4]");
  CHECK(find_all("(a*)*", "b") == "[0 0 0 0][1 1 1 1]");
  CHECK(find_all("(a*)+", "b") == "[0 0 0 0][1 1 1 1]");
  CHECK(find_all("(|a)*", "aa") == "[0 0 0 0][1 1 1 1][2 2 2 2]");
  CHECK(find_all("(a|aa){2}", "aaaa") == "[0 2 1 2][2 4 3 4]");
  CHECK(find_all("a{2,3}?", "aaaa") == "[0 2][2 4]");
  CHECK(find_all("x*", "abc") == "[0 0][1 1][2 2][3 3]");
  // Threads stopped at an assertion before any consuming instruction (the template fuzzer's
  // finding: clang's UBSan trapped on the slots of such threads, which are never stored).
  CHECK(find_all("$a(h*)vueb", "b-urbreara\xcf\x8fxb-") == "");
}

TEST_CASE("flags, anchors, classes and UTF-8 as in Go") {
  CHECK(find_all("(?i)k", "kK\xe2\x84\xaa") == "[0 1][1 2][2 5]");  // K, k and the Kelvin sign
  CHECK(find_all("(?i)\xc3\xa9", "\xc3\x89") == "[0 2]");
  CHECK(find_all("a(?i)b|c", "aBC") == "[0 2][2 3]");
  CHECK(find_all("(?i:a)b", "AbAB") == "[0 2]");
  CHECK(find_all("^a", "a\na") == "[0 1]");
  CHECK(find_all("(?m)^a", "a\na") == "[0 1][2 3]");
  CHECK(find_all("(?m)a$", "a\na") == "[0 1][2 3]");
  CHECK(find_all("a$", "a\n") == "");
  CHECK(find_all("\\Aa|b\\z", "ab") == "[0 1][1 2]");
  CHECK(find_all("\\bx\\B", "x xy") == "[2 3]");
  CHECK(find_all(".", "\xc3\xa9\n") == "[0 2]");
  CHECK(find_all("(?s).", "a\n") == "[0 1][1 2]");
  CHECK(find_all("[^a]", "a\n") == "[1 2]");
  CHECK(find_all("[\xc3\xa0-\xc3\xbc]+", "x\xc3\xa9\xc3\xbc") == "[1 5]");
  CHECK(find_all("[[:^alpha:]\\d]+", "ab1-c") == "[2 4]");
  CHECK(find_all("\\Q.*\\E+", ".**") == "[0 3]");
  CHECK(find_all("\\p{Any}", "\xc3\xa9") == "[0 2]");
  // Invalid UTF-8 in the input is one rune per byte (U+FFFD), which '.' matches.
  CHECK(find_all(".", "\xff\xfe") == "[0 1][1 2]");
}

TEST_CASE("patterns that make a backtracking engine exponential take linear steps") {
  // 5000 runes: a backtracker needs about 2^5000 steps for the first two; the VM takes a few
  // per rune and program instruction, well inside one million.
  const std::string as(5000, 'a');
  for (const char* pattern : {"(a|aa)*c", "(a*)*b", "(?:a+)+b", "(x+x+)+y|a{0,1000}c"}) {
    RegexProgram program = program_of(pattern);
    RegexMatcher matcher(program, 2, 1'000'000 * (program.insts().size() / 10 + 1));
    std::vector<long> caps;
    auto found = matcher.search(as, 0, caps);
    REQUIRE_MESSAGE(found.has_value(), pattern);
    CHECK_FALSE(*found);
  }
}

TEST_CASE("a search that runs out of steps is an error, not a wrong answer") {
  RegexProgram program = program_of("a{1000}");
  RegexMatcher matcher(program, 2, 100000);
  std::vector<long> caps;
  auto found = matcher.search(std::string(10000, 'a') + "b", 0, caps);
  REQUIRE_FALSE(found.has_value());
  CHECK(found.error().message == "regexp matching took more than sidecarctl's limit of 100000 steps");

  auto re = GoRegex::compile("(?:a?){1000}b");
  REQUIRE(re.has_value());
  auto all = re->find_all(std::string(100000, 'a'), -1);
  REQUIRE_FALSE(all.has_value());
  CHECK(all.error().message == "regexp matching took more than sidecarctl's limit of 20000000 steps");
}

}  // namespace
}  // namespace sidecarctl::gotemplate
