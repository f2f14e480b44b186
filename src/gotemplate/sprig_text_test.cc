#include "gotemplate/sprig_text.h"

#include <doctest/doctest.h>

namespace sidecarctl::gotemplate {
namespace {

using Parts = std::vector<std::string>;

TEST_CASE("Go case mapping and strings.Title") {
  CHECK(go_to_upper("aBc é") == "ABC É");
  CHECK(go_to_lower("AbC Ω") == "abc ω");
  CHECK(go_title("hello wide world") == "Hello Wide World");
  CHECK(go_title("o'neil is_here x-y 3d") == "O'Neil Is_here X-Y 3d");
  CHECK(go_title("élan vital") == "Élan Vital");
  CHECK(sprig_untitle("Hello World") == "hello world");
  CHECK(sprig_untitle("HELLO  World") == "hELLO  world");
}

TEST_CASE("trimming, replacing and splitting like package strings") {
  CHECK(go_trim_space("  a b \n") == "a b");
  CHECK(go_trim_space("\u00a0x\u3000") == "x");
  CHECK(go_trim_cutset("-_x.y_-", "-_.") == "x.y");
  CHECK(go_trim_cutset("abcab", "ab") == "c");
  CHECK(go_trim_cutset("xx", "x").empty());
  CHECK(go_replace_all("banana", "a", "o") == "bonono");
  CHECK(go_replace_all("ab", "", "-") == "-a-b-");
  CHECK(go_split("a,b,,c", ",") == Parts{"a", "b", "", "c"});
  CHECK(go_split("", ",") == Parts{""});
  CHECK(go_split("a:b:c", ":", 2) == Parts{"a", "b:c"});
  CHECK(go_split("abc", "", 2) == Parts{"a", "bc"});
  CHECK(go_split("", "").empty());
  CHECK(go_split("a", ",", 0).empty());
  CHECK(go_fields(" a  b\tc ") == Parts{"a", "b", "c"});
}

TEST_CASE("goutils word helpers") {
  CHECK(sprig_initials("hello wide world") == "hww");
  CHECK(sprig_nospace("a b\tc") == "abc");
  CHECK(sprig_nospace("abc") == "abc");
  CHECK(sprig_wrap("the quick brown fox jumps", 10) == "the quick\nbrown fox\njumps");
  CHECK(sprig_wrap("averyveryverylongword and", 5) == "averyveryverylongword\nand");
  CHECK(sprig_wrap("", 5).empty());
  CHECK(sprig_abbrev("hello world", 5) == "he...");
  CHECK(sprig_abbrev("hello", 3) == "hello");
  CHECK(sprig_abbrev("hello", 5) == "hello");
}

TEST_CASE("package path") {
  CHECK(go_path_base("/a/b/c.txt") == "c.txt");
  CHECK(go_path_base("") == ".");
  CHECK(go_path_base("///") == "/");
  CHECK(go_path_base("a/b/") == "b");
  CHECK(go_path_dir("/a/b/c.txt") == "/a/b");
  CHECK(go_path_dir("file") == ".");
  CHECK(go_path_dir("/") == "/");
  CHECK(go_path_ext("c.tar.gz") == ".gz");
  CHECK(go_path_ext("a.b/c").empty());
  CHECK(go_path_clean("/a/../b//c") == "/b/c");
  CHECK(go_path_clean("../../x/./y/..") == "../../x");
  CHECK(go_path_clean("/..") == "/");
  CHECK(go_path_clean("") == ".");
  CHECK(go_path_split("/etc/certs/root.pem").first == "/etc/certs/");
  CHECK(go_path_split("file").first.empty());
  CHECK(go_path_is_abs("/x"));
  CHECK_FALSE(go_path_is_abs("x"));
}

TEST_CASE("base64 and base32 with Go's error texts") {
  CHECK(base64_encode("hello world") == "aGVsbG8gd29ybGQ=");
  CHECK(base64_encode("hi") == "aGk=");
  CHECK(base64_encode("") == "");
  CHECK(base64_decode("aGVsbG8=").first == "hello");
  CHECK_FALSE(base64_decode("aGVsbG8=").second.has_value());
  CHECK(base64_decode("aGVs\nbG8=").first == "hello");
  CHECK(base64_decode("!!").second.value() == "illegal base64 data at input byte 0");
  CHECK(base64_decode("aGk").second.value() == "illegal base64 data at input byte 0");
  CHECK(base64_decode("aGk=x").second.value() == "illegal base64 data at input byte 4");
  CHECK(base64_decode("a===").second.value() == "illegal base64 data at input byte 1");
  CHECK(base32_encode("hi") == "NBUQ====");
  CHECK(base32_encode("hello") == "NBSWY3DP");
  CHECK(base32_decode("NBUQ====").first == "hi");
  CHECK(base32_decode("NBSWY3DP").first == "hello");
  CHECK(base32_decode("NB!Q====").second.value() == "illegal base32 data at input byte 2");
  CHECK(base32_decode("NBU").second.value() == "illegal base32 data at input byte 0");
}

TEST_CASE("digests") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex(std::string(100, 'a')) == "2816597888e4a0d3a36b82b83316ab32680eb8f00f8cd3b904d681246d285a0e");
  CHECK(sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(adler32("abc") == 38600999u);
  CHECK(adler32("") == 1u);
}

}  // namespace
}  // namespace sidecarctl::gotemplate
