// The injector in use, swapped whole when settings are reloaded: requests take a reference to the
// current one and keep it for their duration, so a reload never changes a request half way.
#pragma once

#include <memory>
#include <mutex>

#include "inject/injector.h"

namespace sidecarctl::webhook {

class InjectorSlot {
 public:
  std::shared_ptr<const inject::Injector> get() const {
    std::lock_guard lock(mu_);
    return current_;
  }
  void set(std::shared_ptr<const inject::Injector> injector) {
    std::lock_guard lock(mu_);
    current_ = std::move(injector);
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const inject::Injector> current_;
};

}  // namespace sidecarctl::webhook
