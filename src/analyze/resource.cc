// Resource (file:line references into the source document), the Store index by kind, namespace
// and name, and the tolerant JSON accessors analyzers read fields with.
#include "analyze/resource.h"

#include <algorithm>

#include "analyze/input.h"
#include "base/go_strconv.h"
#include "base/parallel_for.h"
#include "yaml/build_value.h"
#include "yaml/json_fields.h"
#include "yaml/object_key.h"

namespace sidecarctl::analyze {

namespace {
const Json& null_json() {
  static const Json kNull;
  return kNull;
}
const Json& empty_array() {
  static const Json kEmpty = Json::array();
  return kEmpty;
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

std::string pointer(std::initializer_list<std::string_view> segments) {
  std::string out;
  for (std::string_view seg : segments) {
    out += '/';
    for (char c : seg) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
  }
  return out;
}

int Resource::line_of(std::string_view ptr) const {
  if (doc == nullptr || ptr.empty()) return 0;
  std::string full = pointer_prefix + std::string(ptr);
  // Only an exact hit counts (Istio's field map has the field or not): probe the node itself.
  yaml::Mark m = positions().find(full);
  if (m.line == 0) return 0;
  // find() falls back to ancestors; accept the mark only if the node exists in the value.
  // Istio's field map only knows scalar fields: a mapping or list gets the document start.
  const Json* node = yaml::node_at_pointer(value, ptr);
  return node == nullptr || node->is_structured() ? 0 : m.line;
}

std::string Resource::reference(std::string_view ptr) const {
  if (doc == nullptr) return "";
  if (ends_with(doc->source, ".json")) return doc->source;
  int line = line_of(ptr);
  if (line == 0) {
    line = pointer_prefix.empty() ? doc->first_line : positions().find(pointer_prefix).line;
    if (line == 0) line = doc->first_line;
  }
  return doc->source + ":" + std::to_string(line);
}

void Resource::reference_pointers(std::string_view ptr, std::vector<std::string>& out) const {
  if (doc == nullptr || ends_with(doc->source, ".json")) return;
  if (!ptr.empty()) out.push_back(pointer_prefix + std::string(ptr));
  if (!pointer_prefix.empty()) out.push_back(pointer_prefix);
}

const yaml::PositionMap& Resource::positions() const {
  if (doc->positions.empty()) yaml::record_positions(*doc, manifest_load_options());
  return doc->positions;
}

void Resource::set_value(Json object) {
  value = std::move(object);
  spec_ = &field(value, "spec");
}

const Json& Resource::spec() const { return spec_ != nullptr ? *spec_ : field(value, "spec"); }

void Store::add(std::unique_ptr<Resource> r) {
  auto& objects = by_kind_[r->kind];
  const NameKey key{r->ns, r->name};
  auto at = objects.lower_bound(key);
  if (at != objects.end() && !(key < at->first)) {
    at = objects.erase(at);  // replaced: its key viewed the strings of the resource it held
  } else {
    ++count_;
  }
  objects.emplace_hint(at, key, std::move(r));
}

void Store::finish() {
  sorted_.clear();
  for (auto& [kind, objects] : by_kind_) {
    auto& list = sorted_[kind];
    list.reserve(objects.size());
    for (auto& [key, r] : objects) list.push_back(r.get());
  }
}

void Store::release(int jobs) {
  std::vector<std::unique_ptr<Resource>> all;
  all.reserve(count_);
  for (auto& [kind, objects] : by_kind_)
    for (auto& [key, r] : objects) all.push_back(std::move(r));
  by_kind_.clear();
  sorted_.clear();
  count_ = 0;
  const std::size_t parts =
      std::clamp<std::size_t>(static_cast<std::size_t>(jobs), 1, std::max<std::size_t>(all.size(), 1));
  parallel_for_ranges(all.size(), parts, jobs, [&all](std::size_t, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) all[i].reset();
  });
}

const std::vector<const Resource*>& Store::of(const std::string& kind) const {
  static const std::vector<const Resource*> kNone;
  auto it = sorted_.find(kind);
  return it == sorted_.end() ? kNone : it->second;
}

std::span<const Resource* const> Store::in_namespace(const std::string& kind, const std::string& ns) const {
  const auto& list = of(kind);
  auto lo = std::lower_bound(list.begin(), list.end(), ns, [](const Resource* r, const std::string& n) { return r->ns < n; });
  auto hi = std::upper_bound(lo, list.end(), ns, [](const std::string& n, const Resource* r) { return n < r->ns; });
  return {lo, hi};
}

const Resource* Store::find(const std::string& kind, const std::string& ns, const std::string& name) const {
  auto it = by_kind_.find(kind);
  if (it == by_kind_.end()) return nullptr;
  auto jt = it->second.find(NameKey{ns, name});
  return jt == it->second.end() ? nullptr : jt->second.get();
}

std::string scalar_string(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "";
  if (j.is_boolean()) return j.get<bool>() ? "true" : "false";
  if (j.is_number_integer()) return std::to_string(j.get<long long>());
  if (j.is_number_unsigned()) return std::to_string(j.get<unsigned long long>());
  return j.dump();
}

Labels string_map(const Json& object) {
  Labels out;
  if (!object.is_object()) return out;
  for (auto it = object.begin(); it != object.end(); ++it) out[it.key()] = scalar_string(it.value());
  return out;
}

const Json& field(const Json& j, std::string_view key) {
  const Json* value = yaml::member_of(j, key);
  return value == nullptr ? null_json() : *value;
}

std::string str(const Json& j, std::string_view key) {
  const Json& v = field(j, key);
  return v.is_null() ? "" : scalar_string(v);
}

long long integer(const Json& j, std::string_view key, long long fallback) {
  const Json& v = field(j, key);
  if (v.is_number_integer() || v.is_number_unsigned()) return v.get<long long>();
  if (v.is_number_float()) return truncated_int64(v.get<double>()).value_or(fallback);
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        s.size() < 18)
      return std::stoll(s);
  }
  return fallback;
}

bool boolean(const Json& j, std::string_view key) {
  const Json& v = field(j, key);
  return v.is_boolean() && v.get<bool>();
}

const Json& array(const Json& j, std::string_view key) {
  const Json& v = field(j, key);
  return v.is_array() ? v : empty_array();
}

}  // namespace sidecarctl::analyze
