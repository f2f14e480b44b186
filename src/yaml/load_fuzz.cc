// libFuzzer target: YAML/JSON loading must never crash, and emitting a loaded document then loading
// it again must give the same value (the emitter's round trip is stable). Loading with a memo of
// parsed blocks (three times, so that blocks are kept and then found) must give what loading
// without one gives: the same values and warnings, or the same error.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "yaml/block_memo.h"
#include "yaml/document.h"
#include "yaml/emit.h"
#include "yaml/go_format.h"

namespace {

// Value equality where NaN equals NaN (nlohmann's operator== says NaN != NaN).
bool same_value(const sidecarctl::yaml::Json& a, const sidecarctl::yaml::Json& b) {
  if (a.is_number_float() && b.is_number_float() && std::isnan(a.get<double>()) &&
      std::isnan(b.get<double>()))
    return true;
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_value(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !same_value(*it, *other)) return false;
    }
    return true;
  }
  return a == b;
}

// Strings go-yaml's own reader would not read back as its emitter wrote them, or that we read
// differently (src/yaml/README.md, "Deviations"): an LS or PS next to a blank (the blanks fold away
// around a line break), or in a string with a line feed (written as a literal block scalar).
bool has_unstable_unicode_break(const sidecarctl::yaml::Json& v) {
  if (v.is_array() || v.is_object()) {
    for (const auto& item : v)
      if (has_unstable_unicode_break(item)) return true;
    return false;
  }
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  bool has_line_feed = s.find('\n') != std::string::npos;
  for (std::size_t i = s.find("\xE2\x80"); i != std::string::npos; i = s.find("\xE2\x80", i + 1)) {
    if (i + 2 >= s.size() || (s[i + 2] != '\xA8' && s[i + 2] != '\xA9')) continue;
    if (has_line_feed) return true;
    auto blank = [&](std::size_t at) { return at < s.size() && (s[at] == ' ' || s[at] == '\t'); };
    if ((i > 0 && blank(i - 1)) || blank(i + 3)) return true;
  }
  return false;
}

// The value as to_yaml writes it: string values (not keys) holding a U+0085 fold as sigs.k8s.io/yaml's
// JSON step reads them, which the emitter reproduces on purpose (src/yaml/go_format.h).
sidecarctl::yaml::Json as_written(const sidecarctl::yaml::Json& v) {
  if (v.is_string() && sidecarctl::yaml::has_next_line(v.get_ref<const std::string&>()))
    return sidecarctl::yaml::fold_next_lines(v.get_ref<const std::string&>());
  if (!v.is_array() && !v.is_object()) return v;
  sidecarctl::yaml::Json out = v;
  for (auto& item : out) item = as_written(item);
  return out;
}

void check_block_memo(std::string_view text, sidecarctl::yaml::LoadOptions options) {
  options.positions = false;
  options.duplicate_keys_last_wins = true;
  auto plain = sidecarctl::yaml::load_stream(text, "fuzz.yaml", options);
  sidecarctl::yaml::BlockMemo memo;  // one per input: what an input runs depends on it alone
  options.block_memo = &memo;
  for (int round = 0; round < 3; ++round) {
    auto memoized = sidecarctl::yaml::load_stream(text, "fuzz.yaml", options);
    if (memoized.has_value() != plain.has_value()) std::abort();
    if (!plain) {
      if (memoized.error().to_string() != plain.error().to_string()) std::abort();
      continue;
    }
    if (memoized->size() != plain->size()) std::abort();
    for (std::size_t i = 0; i < plain->size(); ++i) {
      if (!same_value((*memoized)[i].value, (*plain)[i].value)) std::abort();
      if ((*memoized)[i].warnings != (*plain)[i].warnings) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sidecarctl::yaml::LoadOptions options;
  options.max_nodes = 200'000;
  options.max_alias_expansion = 100'000;
  check_block_memo(text, options);
  auto docs = sidecarctl::yaml::load_stream(text, "fuzz.yaml", options);
  if (!docs) return 0;
  for (const auto& doc : *docs) {
    std::string emitted = sidecarctl::yaml::to_yaml(doc.value);
    auto again = sidecarctl::yaml::load_stream(emitted, "emitted.yaml", options);
    bool read_back = again && again->size() == 1 && same_value((*again)[0].value, doc.value);
    // A value the emitter cannot write back faithfully (read back as another value, or refused) is
    // a bug worth a crash report, unless it is one of the known deviations.
    if (!read_back) {
      sidecarctl::yaml::Json written = as_written(doc.value);
      read_back = again && again->size() == 1 && same_value((*again)[0].value, written);
      if (!read_back && !has_unstable_unicode_break(written)) std::abort();
    }
    (void)sidecarctl::yaml::to_json(doc.value);
  }
  return 0;
}
