// The analyzed resources: every Kubernetes/Istio object read from the inputs (or synthesized),
// indexed by kind, namespace and name, with the document it came from for file:line references.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/document.h"

namespace sidecarctl::analyze {

using Json = yaml::Json;
using Labels = std::map<std::string, std::string>;

// One object. `kind` is the canonical kind id (see kinds.h); `display_kind` what messages show.
struct Resource {
  Resource() = default;
  Resource(const Resource&) = delete;  // spec() points into its own value
  Resource& operator=(const Resource&) = delete;

  std::string kind;
  std::string display_kind;
  std::string ns;
  std::string name;
  Json value;  // the whole object (apiVersion, kind, metadata, spec, status): see set_value
  Labels labels;
  Labels annotations;
  // Null for synthetic resources; not const, for its node positions are recorded on first use.
  yaml::Document* doc = nullptr;
  std::string pointer_prefix;           // "/items/3" for an item of a `kind: List`

  // "ns/name" or "name" (Istio's FullName.String()).
  std::string full_name() const { return ns.empty() ? name : ns + "/" + name; }
  // "Kind ns/name" or "Kind name".
  std::string origin() const { return display_kind + " " + full_name(); }
  // `file:line` of the node at `pointer` (relative to the object), else of the document start;
  // empty for synthetic resources. Files ending in .json get no line.
  std::string reference(std::string_view pointer = "") const;
  // The line of the node at `pointer` when the source knows it exactly, else 0.
  int line_of(std::string_view pointer) const;
  // Adds to `out` the pointers (in the document) whose node positions reference(pointer) reads,
  // for yaml::record_positions to record those alone.
  void reference_pointers(std::string_view pointer, std::vector<std::string>& out) const;
  // Sets `value` once, finding its spec while the tree is fresh in the cache: every analyzer of
  // the resource's kind asks for the spec, and walking to it again each time waited on memory.
  void set_value(Json object);
  // value's spec member (a null value when there is none).
  const Json& spec() const;

 private:
  const Json* spec_ = nullptr;  // set by set_value; the member's node stays put while value lives
  // The document's node positions, recorded when first asked for (manifest_load_options).
  const yaml::PositionMap& positions() const;
};

// Builds a JSON pointer from path segments, escaping `~` and `/`.
std::string pointer(std::initializer_list<std::string_view> segments);

// All resources, by kind; iteration in (namespace, name) order.
class Store {
 public:
  // Adds (or replaces the object with the same kind/namespace/name).
  void add(std::unique_ptr<Resource> r);
  // Resources of `kind`, sorted by namespace then name.
  const std::vector<const Resource*>& of(const std::string& kind) const;
  // Resources of `kind` in namespace `ns` (a sub-range of of(kind)).
  std::span<const Resource* const> in_namespace(const std::string& kind, const std::string& ns) const;
  const Resource* find(const std::string& kind, const std::string& ns, const std::string& name) const;
  bool exists(const std::string& kind, const std::string& ns, const std::string& name) const {
    return find(kind, ns, name) != nullptr;
  }
  std::size_t size() const { return count_; }
  // Sorts each kind's list; call once after adding.
  void finish();
  // Frees every resource, `jobs` threads at once (freeing a large store is mostly waiting for
  // memory), leaving the store empty.
  void release(int jobs);

 private:
  // A resource's namespace and name, viewing its own strings (the key lives as long as its value).
  struct NameKey {
    std::string_view ns;
    std::string_view name;
    bool operator<(const NameKey& other) const {
      int by_ns = ns.compare(other.ns);
      return by_ns != 0 ? by_ns < 0 : name < other.name;
    }
  };
  std::map<std::string, std::map<NameKey, std::unique_ptr<Resource>>, std::less<>> by_kind_;
  std::map<std::string, std::vector<const Resource*>> sorted_;
  std::size_t count_ = 0;
};

// Labels/annotations of a metadata object as strings.
Labels string_map(const Json& object);

// Helpers to read optional fields of a Json object without throwing.
const Json& field(const Json& j, std::string_view key);
std::string str(const Json& j, std::string_view key);
// An integer field (also from a numeric string); `fallback` when absent or out of range.
long long integer(const Json& j, std::string_view key, long long fallback = 0);
bool boolean(const Json& j, std::string_view key);
// The array at key (an empty array when absent or not an array).
const Json& array(const Json& j, std::string_view key);
// Go-like string rendering of a scalar (strings as is, numbers, booleans).
std::string scalar_string(const Json& j);

}  // namespace sidecarctl::analyze
