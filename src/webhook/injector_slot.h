// The injector in use, swapped whole when settings are reloaded: requests take a reference to the
// current one and keep it for their duration, so a reload never changes a request half way. Each
// injector comes with its own patch cache (none when its results do not repeat or the cache is off).
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>

#include "inject/injector.h"
#include "webhook/patch_cache.h"

namespace sidecarctl::webhook {

struct ServingInjector {
  std::shared_ptr<const inject::Injector> injector;
  std::shared_ptr<PatchCache> patches;  // nullptr: no cache
};

class InjectorSlot {
 public:
  // Patch caches of `cache_entries` entries and `cache_bytes` bytes (0 entries: no cache).
  explicit InjectorSlot(std::size_t cache_entries = 0, std::size_t cache_bytes = 0)
      : cache_entries_(cache_entries), cache_bytes_(cache_bytes) {}

  ServingInjector get() const {
    std::lock_guard lock(mu_);
    return current_;
  }
  void set(std::shared_ptr<const inject::Injector> injector) {
    ServingInjector next;
    if (injector != nullptr && cache_entries_ > 0 && injector->renders_repeatably()) {
      next.patches = std::make_shared<PatchCache>(cache_entries_, cache_bytes_);
    }
    next.injector = std::move(injector);
    std::lock_guard lock(mu_);
    current_ = std::move(next);
  }

 private:
  const std::size_t cache_entries_, cache_bytes_;
  mutable std::mutex mu_;
  ServingInjector current_;
};

}  // namespace sidecarctl::webhook
