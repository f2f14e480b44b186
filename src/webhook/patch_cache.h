// Recent injections' patches by pod, for the webhook: the pods of one ReplicaSet reach it equal
// (a generateName and no name yet, the same template), so a scale-up of N replicas would render
// the same injection N times. An equal pod on the same path gets the patch kept for the first.
// One cache per injector (a settings reload starts an empty one), and only for an injector whose
// results repeat (inject::Injector::renders_repeatably). Thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sidecarctl::webhook {

using Json = nlohmann::json;

class PatchCache {
 public:
  // At most `max_entries` patches and `max_bytes` (the patches' text plus an estimate of each pod's
  // size, see insert); the least recently used go first.
  PatchCache(std::size_t max_entries, std::size_t max_bytes) : max_entries_(max_entries), max_bytes_(max_bytes) {}

  // The patch kept for a pod equal to `pod` (the decoded, typed pod) injected through `path`.
  std::optional<std::string> find(std::string_view path, const Json& pod);

  // Keeps `patch` for `pod` and `path`; `pod_bytes` is the pod's size as received, which stands for
  // the memory its tree takes. An entry larger than the whole budget is not kept.
  void insert(std::string_view path, const Json& pod, std::string patch, std::size_t pod_bytes);

  std::size_t size() const;
  std::size_t bytes() const;

 private:
  struct Entry {
    std::size_t hash;
    std::string path;
    Json pod;
    std::string patch;
    std::size_t bytes;
  };
  using Order = std::list<Entry>;  // most recently used first

  static std::size_t key_hash(std::string_view path, const Json& pod);
  Order::iterator locate(std::size_t hash, std::string_view path, const Json& pod);

  const std::size_t max_entries_, max_bytes_;
  mutable std::mutex mu_;
  Order order_;
  std::unordered_multimap<std::size_t, Order::iterator> index_;
  std::size_t bytes_ = 0;
};

}  // namespace sidecarctl::webhook
