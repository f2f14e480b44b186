// The webhook's cache of injected patches (see patch_cache.h).
#include "webhook/patch_cache.h"

#include <functional>
#include <iterator>
#include <utility>

namespace sidecarctl::webhook {

std::size_t PatchCache::key_hash(std::string_view path, const Json& pod) {
  const std::size_t h = std::hash<Json>{}(pod);
  return h ^ (std::hash<std::string_view>{}(path) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

PatchCache::Order::iterator PatchCache::locate(std::size_t hash, std::string_view path, const Json& pod) {
  auto [first, last] = index_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    if (it->second->path == path && it->second->pod == pod) return it->second;
  }
  return order_.end();
}

std::optional<std::string> PatchCache::find(std::string_view path, const Json& pod) {
  const std::size_t hash = key_hash(path, pod);
  std::lock_guard lock(mu_);
  auto entry = locate(hash, path, pod);
  if (entry == order_.end()) return std::nullopt;
  order_.splice(order_.begin(), order_, entry);
  return entry->patch;
}

void PatchCache::insert(std::string_view path, const Json& pod, std::string patch, std::size_t pod_bytes) {
  const std::size_t size = pod_bytes + patch.size() + path.size();
  if (max_entries_ == 0 || size > max_bytes_) return;
  const std::size_t hash = key_hash(path, pod);
  std::lock_guard lock(mu_);
  if (locate(hash, path, pod) != order_.end()) return;  // another request kept it first
  while (!order_.empty() && (order_.size() >= max_entries_ || bytes_ + size > max_bytes_)) {
    Entry& oldest = order_.back();
    auto [first, last] = index_.equal_range(oldest.hash);
    for (auto it = first; it != last; ++it) {
      if (it->second == std::prev(order_.end())) {
        index_.erase(it);
        break;
      }
    }
    bytes_ -= oldest.bytes;
    order_.pop_back();
  }
  order_.push_front(Entry{hash, std::string(path), pod, std::move(patch), size});
  index_.emplace(hash, order_.begin());
  bytes_ += size;
}

std::size_t PatchCache::size() const {
  std::lock_guard lock(mu_);
  return order_.size();
}

std::size_t PatchCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace sidecarctl::webhook
