// sprig's dict functions (dict.go). Go maps are references: set/unset/merge change the map in
// place (Value::map_set/map_erase), so every holder sees the change.
#include <string>

#include "gotemplate/go_fmt.h"
#include "gotemplate/sprig.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/step_budget.h"

namespace sidecarctl::gotemplate {
namespace {

using Args = std::span<const Value>;

Map entries_of(const Value& v) {
  Map out;
  if (v.kind() != Value::Kind::kMap && v.kind() != Value::Kind::kStringMap) return out;
  v.map_for_each([&](std::string_view key, const Value& value) { out.emplace(std::string(key), value); });
  return out;
}

bool is_map(const Value& v) { return v.kind() == Value::Kind::kMap; }

// map[key] = value, refusing a value that holds the map itself (see Value::map_set).
void store(const Value& map, const std::string& key, const Value& value) {
  if (!map.map_set(key, value)) throw_function_error("a map cannot contain itself (key " + go_quote(key) + ")");
}

// mergo.Merge / MergeWithOverwrite of map[string]interface{} values.
void merge_into(Map& dst, const Value& src, bool overwrite, int depth = 0) {
  enter_value_level(depth, kCopyStepsPerElement);
  src.map_for_each([&](std::string_view key, const Value& value) {
    auto it = dst.find(key);
    if (it == dst.end()) {
      dst.emplace(std::string(key), value);
      return;
    }
    if (is_map(it->second) && is_map(value)) {
      Map nested = entries_of(it->second);
      merge_into(nested, value, overwrite, depth + 1);
      it->second = Value::from_map(std::move(nested));
      return;
    }
    if (sprig_empty(it->second) || (overwrite && !sprig_empty(value))) it->second = value;
  });
}

Value merge(Args a, bool overwrite) {
  if (a[0].is_nil() || a[0].is_missing()) return Value::from_string("");
  Map dst = entries_of(a[0]);
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (a[i].is_nil() || a[i].is_missing()) continue;
    merge_into(dst, a[i], overwrite);
  }
  for (const auto& [key, value] : dst) store(a[0], key, value);
  return a[0];
}

[[noreturn]] void interface_conversion(const Value& v, const std::string& want) {
  std::string got = (v.is_nil() || v.is_missing()) ? "nil" : v.go_type_name();
  throw_function_error("interface conversion: interface {} is " + got + ", not " + want);
}

// copystructure.Copy: fresh maps and lists all the way down (scalars are shared as they are).
Value deep_copy(const Value& v, int depth = 0) {
  enter_value_level(depth, kCopyStepsPerElement);
  if (v.kind() == Value::Kind::kMap) {
    Map out;
    v.map_for_each(
        [&](std::string_view key, const Value& item) { out.emplace(std::string(key), deep_copy(item, depth + 1)); });
    return Value::from_map(std::move(out));
  }
  if (v.kind() == Value::Kind::kStringMap) return Value::from_string_map(v.string_map());
  if (v.kind() == Value::Kind::kList) {
    List out;
    for (std::size_t i = 0; i < v.list_size(); ++i) out.push_back(deep_copy(v.list_at(i), depth + 1));
    return Value::from_list(std::move(out), v.list_type_name());
  }
  return v;
}

Value dig(Args a) {
  if (a.size() < 3) throw_function_error("dig needs at least three arguments");
  const Value& dict = a[a.size() - 1];
  const Value& fallback = a[a.size() - 2];
  std::vector<std::string> keys;
  for (std::size_t i = 0; i + 2 < a.size(); ++i) {
    if (a[i].kind() != Value::Kind::kString) interface_conversion(a[i], "string");
    keys.emplace_back(a[i].as_string());
  }
  if (!is_map(dict)) interface_conversion(dict, "map[string]interface {}");
  Value step = dict;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!is_map(step)) interface_conversion(step, "map[string]interface {}");
    auto found = step.map_find(keys[i]);
    if (!found) return fallback;
    step = *found;
  }
  return step;
}

}  // namespace

void register_sprig_dicts(FunctionMap& m) {
  using P = Param;
  m.add("dict", {P::kAny}, true, [](CallContext&, Args a) {
    Map out;
    for (std::size_t i = 0; i < a.size(); i += 2) {
      out.insert_or_assign(sprig_strval(a[i]), i + 1 < a.size() ? a[i + 1] : Value::from_string(""));
    }
    return Value::from_map(std::move(out));
  });
  m.add("get", {P::kMap, P::kString}, false, [](CallContext&, Args a) {
    if (!is_map(a[0])) return Value::from_string("");
    return a[0].map_find(a[1].as_string()).value_or(Value::from_string(""));
  });
  m.add("set", {P::kMap, P::kString, P::kAny}, false, [](CallContext&, Args a) {
    if (!is_map(a[0])) throw_function_error("assignment to entry in nil map");
    store(a[0], std::string(a[1].as_string()), a[2]);
    return a[0];
  });
  m.add("unset", {P::kMap, P::kString}, false, [](CallContext&, Args a) {
    if (is_map(a[0])) a[0].map_erase(a[1].as_string());
    return a[0];
  });
  m.add("hasKey", {P::kMap, P::kString}, false, [](CallContext&, Args a) {
    return Value::from_bool(is_map(a[0]) && a[0].map_find(a[1].as_string()).has_value());
  });
  m.add("pluck", {P::kString, P::kMap}, true, [](CallContext&, Args a) {
    List out;
    for (std::size_t i = 1; i < a.size(); ++i) {
      if (!is_map(a[i])) continue;
      if (auto v = a[i].map_find(a[0].as_string())) out.push_back(*v);
    }
    return Value::from_list(std::move(out));
  });
  m.add("keys", {P::kMap}, true, [](CallContext&, Args a) {
    std::vector<std::string> out;
    for (const Value& d : a) {
      if (!is_map(d)) continue;
      for (std::string& k : d.map_keys()) out.push_back(std::move(k));
    }
    return make_string_list(std::move(out));
  });
  m.add("values", {P::kMap}, false, [](CallContext&, Args a) {
    List out;
    if (is_map(a[0])) a[0].map_for_each([&](std::string_view, const Value& v) { out.push_back(v); });
    return Value::from_list(std::move(out));
  });
  m.add("pick", {P::kMap, P::kString}, true, [](CallContext&, Args a) {
    Map out;
    for (std::size_t i = 1; i < a.size(); ++i) {
      if (!is_map(a[0])) break;
      if (auto v = a[0].map_find(a[i].as_string())) out.insert_or_assign(std::string(a[i].as_string()), *v);
    }
    return Value::from_map(std::move(out));
  });
  m.add("omit", {P::kMap, P::kString}, true, [](CallContext&, Args a) {
    Map out = entries_of(a[0]);
    for (std::size_t i = 1; i < a.size(); ++i) {
      auto it = out.find(a[i].as_string());
      if (it != out.end()) out.erase(it);
    }
    return Value::from_map(std::move(out));
  });
  for (const char* name : {"merge", "mustMerge"}) {
    m.add(name, {P::kMap, P::kMap}, true, [](CallContext&, Args a) { return merge(a, false); });
  }
  for (const char* name : {"mergeOverwrite", "mustMergeOverwrite"}) {
    m.add(name, {P::kMap, P::kMap}, true, [](CallContext&, Args a) { return merge(a, true); });
  }
  for (const char* name : {"deepCopy", "mustDeepCopy"}) {
    m.add(name, {P::kAny}, false, [](CallContext&, Args a) { return deep_copy(a[0]); });
  }
  m.add("dig", {P::kAny}, true, [](CallContext&, Args a) { return dig(a); });
}

}  // namespace sidecarctl::gotemplate
