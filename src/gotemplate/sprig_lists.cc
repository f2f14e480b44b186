// sprig's list functions (list.go; until/untilStep/seq of numeric.go). Lists are immutable values,
// so every function builds a new list, as sprig copies into a fresh []interface{}.
#include <algorithm>
#include <cmath>
#include <string>

#include "gotemplate/sprig.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/step_budget.h"

namespace sidecarctl::gotemplate {
namespace {

using Args = std::span<const Value>;

Value interface_list(List items) { return Value::from_list(std::move(items)); }

// reflect.TypeOf(x).Kind() on a nil interface dereferences a nil Type: Go's runtime panic.
[[noreturn]] void nil_type_panic() {
  throw_function_error("runtime error: invalid memory address or nil pointer dereference");
}

// The items of a slice argument, or sprig's error "Cannot <what> type <kind>".
List items_of(const Value& v, const std::string& prefix, const std::string& suffix = "") {
  if (v.is_nil() || v.is_missing()) nil_type_panic();
  if (!is_go_slice(v)) throw_function_error(prefix + go_kind_name(v) + suffix);
  return slice_items(v);
}

bool in_list(const List& haystack, const Value& needle) {
  return std::any_of(haystack.begin(), haystack.end(), [&](const Value& h) { return go_deep_equal(needle, h); });
}

std::vector<long> until_step(long start, long stop, long step) {
  std::vector<long> v;
  if (stop == start || step == 0 || (stop < start) != (step < 0)) return v;
  double count = (static_cast<double>(stop) - static_cast<double>(start)) / static_cast<double>(step);
  auto size = count > 1e18 ? ~std::uint64_t{0} : static_cast<std::uint64_t>(count);
  check_result_size(size);
  charge_steps(size);  // before building: 60 million elements would take seconds and gigabytes
  // Where Go's int would wrap around and go on, the loop stops.
  for (long i = start; stop < start ? i > stop : i < stop;)
    if (v.push_back(i), __builtin_add_overflow(i, step, &i)) break;
  return v;
}

Value int_list(const std::vector<long>& ints) {
  List out;
  out.reserve(ints.size());
  for (long i : ints) out.push_back(Value::from_int(i));
  return Value::from_list(std::move(out), "[]int");
}

std::string join_ints(const std::vector<long>& ints) {
  std::string out;
  for (std::size_t i = 0; i < ints.size(); ++i) {
    if (i > 0) out += ' ';
    out += std::to_string(ints[i]);
    check_result_size(out.size());
  }
  return out;
}

std::string seq(Args a) {
  auto p = [&](std::size_t i) { return static_cast<long>(a[i].as_int()); };
  switch (a.size()) {
    case 1: {
      long end = p(0);
      long inc = end < 1 ? -1 : 1;
      return join_ints(until_step(1, end + inc, inc));
    }
    case 2: {
      long step = p(1) < p(0) ? -1 : 1;
      return join_ints(until_step(p(0), p(1) + step, step));
    }
    case 3: {
      long start = p(0);
      long step = p(1);
      long end = p(2);
      long inc = 1;
      if (end < start) {
        inc = -1;
        if (step > 0) return "";
      }
      return join_ints(until_step(start, end + inc, step));
    }
    default: return "";
  }
}

// Registers `name` and its must-variant with the same implementation (the error is the same text
// whether sprig panics or returns it).
void add_both(FunctionMap& m, const std::string& name, std::vector<Param::Kind> params, bool variadic,
              const FunctionImpl& impl) {
  m.add(name, params, variadic, impl);
  std::string must = "must" + name;
  must[4] = static_cast<char>(must[4] - 'a' + 'A');
  m.add(must, std::move(params), variadic, impl);
}

}  // namespace

void register_sprig_lists(FunctionMap& m) {
  using P = Param;
  for (const char* name : {"list", "tuple"}) {
    m.add(name, {P::kAny}, true, [](CallContext&, Args a) { return interface_list(List(a.begin(), a.end())); });
  }
  FunctionImpl push = [](CallContext&, Args a) {
    List items = items_of(a[0], "Cannot push on type ");
    items.push_back(a[1]);
    return interface_list(std::move(items));
  };
  add_both(m, "append", {P::kAny, P::kAny}, false, push);
  add_both(m, "push", {P::kAny, P::kAny}, false, push);
  add_both(m, "prepend", {P::kAny, P::kAny}, false, [](CallContext&, Args a) {
    List items = items_of(a[0], "Cannot prepend on type ");
    items.insert(items.begin(), a[1]);
    return interface_list(std::move(items));
  });
  add_both(m, "first", {P::kAny}, false, [](CallContext&, Args a) {
    List items = items_of(a[0], "Cannot find first on type ");
    return items.empty() ? Value::nil() : items.front();
  });
  add_both(m, "last", {P::kAny}, false, [](CallContext&, Args a) {
    List items = items_of(a[0], "Cannot find last on type ");
    return items.empty() ? Value::nil() : items.back();
  });
  add_both(m, "rest", {P::kAny}, false, [](CallContext&, Args a) {
    List items = items_of(a[0], "Cannot find rest on type ");
    if (!items.empty()) items.erase(items.begin());
    return interface_list(std::move(items));
  });
  add_both(m, "initial", {P::kAny}, false, [](CallContext&, Args a) {
    List items = items_of(a[0], "Cannot find initial on type ");
    if (!items.empty()) items.pop_back();
    return interface_list(std::move(items));
  });
  add_both(m, "reverse", {P::kAny}, false, [](CallContext&, Args a) {
    List items = items_of(a[0], "Cannot find reverse on type ");
    std::reverse(items.begin(), items.end());
    return interface_list(std::move(items));
  });
  add_both(m, "compact", {P::kAny}, false, [](CallContext&, Args a) {
    List out;
    for (Value& v : items_of(a[0], "Cannot compact on type ")) {
      if (!sprig_empty(v)) out.push_back(std::move(v));
    }
    return interface_list(std::move(out));
  });
  add_both(m, "uniq", {P::kAny}, false, [](CallContext&, Args a) {
    List out;
    for (Value& v : items_of(a[0], "Cannot find uniq on type ")) {
      if (!in_list(out, v)) out.push_back(std::move(v));
    }
    return interface_list(std::move(out));
  });
  add_both(m, "without", {P::kAny, P::kAny}, true, [](CallContext&, Args a) {
    List omit(a.begin() + 1, a.end());
    List out;
    for (Value& v : items_of(a[0], "Cannot find without on type ")) {
      if (!in_list(omit, v)) out.push_back(std::move(v));
    }
    return interface_list(std::move(out));
  });
  add_both(m, "has", {P::kAny, P::kAny}, false, [](CallContext&, Args a) {
    if (a[1].is_nil() || a[1].is_missing()) return Value::from_bool(false);
    return Value::from_bool(in_list(items_of(a[1], "Cannot find has on type "), a[0]));
  });
  add_both(m, "slice", {P::kAny, P::kAny}, true, [](CallContext&, Args a) {
    const Value& list = a[0];
    if (list.is_nil() || list.is_missing()) nil_type_panic();
    if (!is_go_slice(list)) throw_function_error("list should be type of slice or array but " + go_kind_name(list));
    List items = slice_items(list);
    if (items.empty()) return Value::nil();
    std::int64_t start = a.size() > 1 ? cast_to_int64(a[1]) : 0;
    std::int64_t end = a.size() > 2 ? cast_to_int64(a[2]) : static_cast<std::int64_t>(items.size());
    if (start < 0 || end < start || end > static_cast<std::int64_t>(items.size())) {
      throw_function_error("reflect.Value.Slice: slice index out of range");
    }
    List out(items.begin() + start, items.begin() + end);
    return Value::from_list(std::move(out), list.list_type_name());
  });
  m.add("concat", {P::kAny}, true, [](CallContext&, Args a) {
    List out;
    for (const Value& list : a) {
      if (list.is_nil() || list.is_missing()) nil_type_panic();
      if (!is_go_slice(list)) throw_function_error("Cannot concat type " + go_kind_name(list) + " as list");
      for (Value& v : slice_items(list)) out.push_back(std::move(v));
    }
    return interface_list(std::move(out));
  });
  add_both(m, "chunk", {P::kInt, P::kAny}, false, [](CallContext&, Args a) {
    std::int64_t size = a[0].as_int();
    List items = items_of(a[1], "Cannot chunk type ");
    if (size <= 0) throw_function_error("runtime error: makeslice: len out of range");
    List chunks;
    for (std::size_t i = 0; i < items.size(); i += static_cast<std::size_t>(size)) {
      std::size_t end = std::min(items.size(), i + static_cast<std::size_t>(size));
      chunks.push_back(interface_list(List(items.begin() + static_cast<long>(i), items.begin() + static_cast<long>(end))));
    }
    return Value::from_list(std::move(chunks), "[][]interface {}");
  });
  m.add("sortAlpha", {P::kAny}, false, [](CallContext&, Args a) {
    if (!is_go_slice(a[0])) return make_string_list({sprig_strval(a[0])});
    std::vector<std::string> items = sprig_strslice(a[0]);
    std::sort(items.begin(), items.end());
    return make_string_list(std::move(items));
  });
  m.add("until", {P::kInt}, false, [](CallContext&, Args a) {
    long count = static_cast<long>(a[0].as_int());
    return int_list(until_step(0, count, count < 0 ? -1 : 1));
  });
  m.add("untilStep", {P::kInt, P::kInt, P::kInt}, false, [](CallContext&, Args a) {
    return int_list(until_step(static_cast<long>(a[0].as_int()), static_cast<long>(a[1].as_int()),
                               static_cast<long>(a[2].as_int())));
  });
  m.add("seq", {P::kInt}, true, [](CallContext&, Args a) { return Value::from_string(seq(a)); });
}

}  // namespace sidecarctl::gotemplate
