// sprig's encodings and digests (b64enc b64dec b32enc b32dec sha1sum sha256sum adler32sum) and its
// random helpers (randAlphaNum randAlpha randAscii randNumeric randBytes shuffle uuidv4).
#include <algorithm>
#include <random>
#include <string>

#include "gotemplate/sprig.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/sprig_text.h"

namespace sidecarctl::gotemplate {
namespace {

using Args = std::span<const Value>;

std::mt19937_64& engine() {
  static thread_local std::mt19937_64 e{std::random_device{}()};
  return e;
}

constexpr std::size_t kMaxRandom = 1 << 20;

std::string random_from(std::string_view alphabet, std::int64_t count) {
  if (count < 0) throw_function_error("Requested random string length " + std::to_string(count) + " is less than 0.");
  if (static_cast<std::size_t>(count) > kMaxRandom) throw_function_error("random string length too large");
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (std::int64_t i = 0; i < count; ++i) out += alphabet[pick(engine())];
  return out;
}

std::string ascii_printable() {
  std::string s;
  for (char c = ' '; c <= '~'; ++c) s += c;
  return s;
}

std::string uuid_v4() {
  std::uniform_int_distribution<int> byte(0, 255);
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    int b = byte(engine());
    if (i == 6) b = (b & 0x0F) | 0x40;
    if (i == 8) b = (b & 0x3F) | 0x80;
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[static_cast<std::size_t>(b >> 4)];
    out += kHex[static_cast<std::size_t>(b & 0xF)];
  }
  return out;
}

}  // namespace

void register_sprig_encoding(FunctionMap& m) {
  using P = Param;
  m.add("b64enc", {P::kString}, false, [](CallContext&, Args a) { return Value::from_string(base64_encode(a[0].as_string())); });
  m.add("b64dec", {P::kString}, false, [](CallContext&, Args a) {
    auto [data, error] = base64_decode(a[0].as_string());
    return Value::from_string(error ? *error : data);
  });
  m.add("b32enc", {P::kString}, false, [](CallContext&, Args a) { return Value::from_string(base32_encode(a[0].as_string())); });
  m.add("b32dec", {P::kString}, false, [](CallContext&, Args a) {
    auto [data, error] = base32_decode(a[0].as_string());
    return Value::from_string(error ? *error : data);
  });
  m.add("sha1sum", {P::kString}, false, [](CallContext&, Args a) { return Value::from_string(sha1_hex(a[0].as_string())); });
  m.add("sha256sum", {P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(sha256_hex(a[0].as_string())); });
  m.add("adler32sum", {P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(std::to_string(adler32(a[0].as_string()))); });
  m.add("randAlphaNum", {P::kInt}, false, [](CallContext&, Args a) {
    return Value::from_string(random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", a[0].as_int()));
  });
  m.add("randAlpha", {P::kInt}, false, [](CallContext&, Args a) {
    return Value::from_string(random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", a[0].as_int()));
  });
  m.add("randNumeric", {P::kInt}, false,
        [](CallContext&, Args a) { return Value::from_string(random_from("0123456789", a[0].as_int())); });
  m.add("randAscii", {P::kInt}, false,
        [](CallContext&, Args a) { return Value::from_string(random_from(ascii_printable(), a[0].as_int())); });
  m.add("randBytes", {P::kInt}, false, [](CallContext&, Args a) {
    std::int64_t count = a[0].as_int();
    if (count < 0) throw_function_error("runtime error: makeslice: len out of range");
    if (static_cast<std::size_t>(count) > kMaxRandom) throw_function_error("random byte count too large");
    std::string bytes(static_cast<std::size_t>(count), '\0');
    std::uniform_int_distribution<int> byte(0, 255);
    for (char& c : bytes) c = static_cast<char>(byte(engine()));
    return Value::from_string(base64_encode(bytes));
  });
  m.add("shuffle", {P::kString}, false, [](CallContext&, Args a) {
    std::string_view s = a[0].as_string();
    std::vector<std::string> runes;
    for (std::size_t i = 0; i < s.size();) {
      std::size_t w = decode_rune(s, i).width;
      runes.emplace_back(s.substr(i, w));
      i += w;
    }
    std::shuffle(runes.begin(), runes.end(), engine());
    std::string out;
    for (const auto& r : runes) out += r;
    return Value::from_string(out);
  });
  m.add("uuidv4", {}, false, [](CallContext&, Args) { return Value::from_string(uuid_v4()); });
}

}  // namespace sidecarctl::gotemplate
