// libFuzzer target: YAML/JSON loading must never crash, and emitting a loaded document then loading
// it again must give the same value (the emitter's round trip is stable).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "yaml/document.h"
#include "yaml/emit.h"

namespace {

// Value equality where NaN equals NaN (nlohmann's operator== says NaN != NaN).
bool same_value(const sidecarctl::yaml::Json& a, const sidecarctl::yaml::Json& b) {
  if (a.is_number_float() && b.is_number_float() && std::isnan(a.get<double>()) && std::isnan(b.get<double>()))
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sidecarctl::yaml::LoadOptions options;
  options.max_nodes = 200'000;
  options.max_alias_expansion = 100'000;
  auto docs = sidecarctl::yaml::load_stream(text, "fuzz.yaml", options);
  if (!docs) return 0;
  for (const auto& doc : *docs) {
    std::string emitted = sidecarctl::yaml::to_yaml(doc.value);
    auto again = sidecarctl::yaml::load_stream(emitted, "emitted.yaml", options);
    if (!again || again->size() != 1 || !same_value((*again)[0].value, doc.value)) {
      // A value the emitter cannot write back faithfully: a bug worth a crash report.
      std::abort();
    }
    (void)sidecarctl::yaml::to_json(doc.value);
  }
  return 0;
}
