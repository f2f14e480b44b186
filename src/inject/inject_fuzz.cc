// libFuzzer target: the injector end to end with the embedded default settings. The input is a
// manifest stream; it is injected and uninjected as kube-inject does. Both must end in output or an
// error naming the document, never a crash; injected output must load again and uninject.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "inject/fuzz_injector.h"
#include "inject/stream.h"
#include "yaml/document.h"

namespace inj = sidecarctl::inject;

namespace {

const inj::Injector* injector() {
  static const inj::Injector instance = [] {
    inj::InjectorOptions options;
    options.env = sidecarctl::Environment({{"ENABLE_NATIVE_SIDECARS", "auto"}});
    return inj::fuzz_injector(options);
  }();
  return &instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sidecarctl::yaml::LoadOptions options;
  options.max_nodes = 100'000;
  auto docs = sidecarctl::yaml::load_stream(text, "fuzz.yaml", options);
  if (!docs) return 0;
  std::vector<std::string> warnings;
  auto injected = inj::process_documents(*docs, injector(), inj::StreamMode::kInject, warnings);
  (void)inj::process_documents(*docs, nullptr, inj::StreamMode::kUninject, warnings);
  if (!injected) return 0;
  // What kube-inject prints must be a stream it can read back.
  auto again = sidecarctl::yaml::load_stream(*injected, "injected.yaml", options);
  if (!again) std::abort();
  (void)inj::process_documents(*again, nullptr, inj::StreamMode::kUninject, warnings);
  return 0;
}
