// libFuzzer target: the injector end to end with the embedded default settings. The input is a
// manifest stream; it is injected and uninjected as kube-inject does. Both must end in output or an
// error naming the document, never a crash; injected output must load again and uninject. One
// input in four is also injected taking every step istioctl takes (InjectorOptions::every_istio_step,
// without the injector's shortcuts): output or error must be the same.
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

const inj::Injector* injector(bool every_istio_step) {
  auto make = [](bool every_step) {
    inj::InjectorOptions options;
    options.env = sidecarctl::Environment({{"ENABLE_NATIVE_SIDECARS", "auto"}});
    options.every_istio_step = every_step;
    return inj::fuzz_injector(options);
  };
  static const inj::Injector shortcuts = make(false);
  static const inj::Injector every_step = make(true);
  return every_istio_step ? &every_step : &shortcuts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sidecarctl::yaml::LoadOptions options;
  options.max_nodes = 100'000;
  auto docs = sidecarctl::yaml::load_stream(text, "fuzz.yaml", options);
  if (!docs) return 0;
  std::vector<std::string> warnings;
  auto injected = inj::process_documents(*docs, injector(false), inj::StreamMode::kInject, warnings);
  if (size % 4 == 0) {
    auto oracle = inj::process_documents(*docs, injector(true), inj::StreamMode::kInject, warnings);
    if (oracle.has_value() != injected.has_value()) std::abort();
    if (oracle ? *oracle != *injected : oracle.error().to_string() != injected.error().to_string()) std::abort();
  }
  (void)inj::process_documents(*docs, nullptr, inj::StreamMode::kUninject, warnings);
  if (!injected) return 0;
  // What kube-inject prints must be a stream it can read back.
  auto again = sidecarctl::yaml::load_stream(*injected, "injected.yaml", options);
  if (!again) std::abort();
  (void)inj::process_documents(*again, nullptr, inj::StreamMode::kUninject, warnings);
  return 0;
}
