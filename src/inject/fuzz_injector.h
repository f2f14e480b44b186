// For the libFuzzer targets only (inject_fuzz, webhook_fuzz; no library source includes it): the
// injector over the embedded default settings, built once per target with that target's options
// (and no memo of rendered blocks: see InjectorOptions::memo_rendered_blocks).
#pragma once

#include <cstdlib>
#include <utility>

#include "inject/injector.h"
#include "inject/istio_funcs.h"
#include "inject/settings.h"

namespace sidecarctl::inject {

// The injector over the embedded defaults with `options`; aborts the fuzzer if they do not build one.
inline Injector fuzz_injector(const InjectorOptions& options) {
  auto settings = embedded_settings();
  if (!settings) std::abort();
  InjectorOptions without_memo = options;
  without_memo.memo_rendered_blocks = false;
  auto created = Injector::create(std::move(*settings), istio_function_map(options.env), without_memo);
  if (!created) std::abort();
  return std::move(*created);
}

}  // namespace sidecarctl::inject
