// JSON Patch creation (see json_patch.h).
#include "webhook/json_patch.h"

#include <algorithm>
#include <cstddef>

#include "yaml/json_fields.h"

namespace sidecarctl::webhook {
namespace {

void add_op(Json& ops, const char* op, const std::string& path, const Json* value) {
  Json o = Json::object();
  o["op"] = op;
  o["path"] = path;
  if (value != nullptr) o["value"] = *value;
  ops.push_back(std::move(o));
}

void diff(const Json& from, const Json& to, const std::string& path, Json& ops);

void diff_objects(const Json& from, const Json& to, const std::string& path, Json& ops) {
  for (auto it = from.begin(); it != from.end(); ++it) {
    std::string child = path + "/" + yaml::json_pointer_token(it.key());
    auto other = to.find(it.key());
    if (other == to.end()) {
      add_op(ops, "remove", child, nullptr);
    } else {
      diff(*it, *other, child, ops);
    }
  }
  for (auto it = to.begin(); it != to.end(); ++it) {
    if (!from.contains(it.key())) add_op(ops, "add", path + "/" + yaml::json_pointer_token(it.key()), &*it);
  }
}

void diff_arrays(const Json& from, const Json& to, const std::string& path, Json& ops) {
  const std::size_t nf = from.size(), nt = to.size();
  std::size_t prefix = 0;
  while (prefix < nf && prefix < nt && from[prefix] == to[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < nf - prefix && suffix < nt - prefix && from[nf - 1 - suffix] == to[nt - 1 - suffix]) ++suffix;
  // The middle parts: pairs are diffed in place, the rest of `from` removed (last first, so indexes
  // stay valid), the rest of `to` inserted before the common suffix.
  const std::size_t mf = nf - prefix - suffix, mt = nt - prefix - suffix;
  const std::size_t common = std::min(mf, mt);
  for (std::size_t i = 0; i < common; ++i) {
    diff(from[prefix + i], to[prefix + i], path + "/" + std::to_string(prefix + i), ops);
  }
  for (std::size_t i = mf; i > common; --i) add_op(ops, "remove", path + "/" + std::to_string(prefix + i - 1), nullptr);
  for (std::size_t i = common; i < mt; ++i) {
    std::size_t index = prefix + i;
    // Appending at the very end uses the index too (`-` would do, istiod's library writes indexes).
    add_op(ops, "add", path + "/" + std::to_string(index), &to[index]);
  }
}

void diff(const Json& from, const Json& to, const std::string& path, Json& ops) {
  if (from.is_object() && to.is_object()) {
    diff_objects(from, to, path, ops);
  } else if (from.is_array() && to.is_array()) {
    diff_arrays(from, to, path, ops);
  } else if (from != to || from.type() != to.type()) {
    add_op(ops, "replace", path, &to);
  }
}

}  // namespace

Json create_patch(const Json& from, const Json& to) {
  Json ops = Json::array();
  diff(from, to, "", ops);
  return ops;
}

}  // namespace sidecarctl::webhook
