// sprig's string functions (strings.go and the string entries of functions.go).
#include <string>

#include "gotemplate/go_fmt.h"
#include "gotemplate/sprig.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/sprig_text.h"

namespace sidecarctl::gotemplate {
namespace {

using Args = std::span<const Value>;

std::string str(Args a, std::size_t i) { return std::string(a[i].as_string()); }
int num(Args a, std::size_t i) { return static_cast<int>(a[i].as_int()); }

// Go's panic text for a string slice expression out of range.
[[noreturn]] void slice_panic(long lo, long hi, std::size_t len, bool has_lo) {
  if (has_lo) {
    throw_function_error("runtime error: slice bounds out of range [" + std::to_string(lo) + ":" + std::to_string(hi) +
                         "]");
  }
  throw_function_error("runtime error: slice bounds out of range [:" + std::to_string(hi) + "] with length " +
                       std::to_string(len));
}

std::string substring(int start, int end, const std::string& s) {
  long len = static_cast<long>(s.size());
  if (start < 0) {
    if (end < 0 || end > len) slice_panic(0, end, s.size(), false);
    return s.substr(0, static_cast<std::size_t>(end));
  }
  if (end < 0 || end > len) {
    if (start > len) slice_panic(start, len, s.size(), true);
    return s.substr(static_cast<std::size_t>(start));
  }
  if (start > end) slice_panic(start, end, s.size(), true);
  return s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
}

std::string trunc(int c, const std::string& s) {
  long len = static_cast<long>(s.size());
  if (c < 0 && len + c > 0) return s.substr(static_cast<std::size_t>(len + c));
  if (c >= 0 && len > c) return s.substr(0, static_cast<std::size_t>(c));
  return s;
}

std::string repeat(int count, const std::string& s) {
  if (count < 0) throw_function_error("strings: negative Repeat count");
  check_result_size(static_cast<std::uint64_t>(s.size()) * static_cast<std::uint64_t>(count));
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) out += s;
  return out;
}

// Fails before strings.ReplaceAll(s, old_text, new_text) would build a result over the limit.
void check_replace_size(std::string_view s, std::string_view old_text, std::string_view new_text) {
  if (new_text.size() <= old_text.size()) return;
  std::uint64_t hits = 0;
  if (old_text.empty()) {
    hits = s.size() + 1;  // at most one per byte, plus one
  } else {
    for (std::size_t pos = s.find(old_text); pos != std::string_view::npos; pos = s.find(old_text, pos + old_text.size()))
      ++hits;
  }
  check_result_size(s.size() + hits * (new_text.size() - old_text.size()));
}

// sprig's indent: every line, the first included, gets `spaces` spaces.
std::string sprig_indent(int spaces, const std::string& v) {
  if (spaces < 0) throw_function_error("strings: negative Repeat count");
  auto lines = static_cast<std::uint64_t>(std::count(v.begin(), v.end(), '\n')) + 1;
  check_result_size(v.size() + lines * static_cast<std::uint64_t>(spaces));
  std::string pad(static_cast<std::size_t>(spaces), ' ');
  return pad + go_replace_all(v, "\n", "\n" + pad);
}

// The non-nil arguments, each formatted by `format`, joined with spaces (quote, squote, cat).
template <typename F>
std::string join_present(Args a, F format) {
  std::string out;
  bool first = true;
  for (const Value& v : a) {
    if (v.is_nil() || v.is_missing()) continue;
    if (!first) out += ' ';
    first = false;
    out += format(v);
  }
  return out;
}

Value split_map(const std::vector<std::string>& parts) {
  StringMap out;
  for (std::size_t i = 0; i < parts.size(); ++i) out["_" + std::to_string(i)] = parts[i];
  return Value::from_string_map(std::move(out));
}

}  // namespace

void register_sprig_strings(FunctionMap& m) {
  using P = Param;
  m.add("hello", {}, false, [](CallContext&, Args) { return Value::from_string("Hello!"); });
  m.add("abbrev", {P::kInt, P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(sprig_abbrev(str(a, 1), num(a, 0))); });
  m.add("abbrevboth", {P::kInt, P::kInt, P::kString}, false, [](CallContext&, Args a) {
    int left = num(a, 0);
    int right = num(a, 1);
    std::string s = str(a, 2);
    if (right < 4 || (left > 0 && right < 7)) return Value::from_string(s);
    return Value::from_string(sprig_abbrev_full(s, left, right));
  });
  m.add("trunc", {P::kInt, P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(trunc(num(a, 0), str(a, 1))); });
  m.add("trim", {P::kString}, false, [](CallContext&, Args a) { return Value::from_string(go_trim_space(a[0].as_string())); });
  m.add("upper", {P::kString}, false, [](CallContext&, Args a) { return Value::from_string(go_to_upper(a[0].as_string())); });
  m.add("lower", {P::kString}, false, [](CallContext&, Args a) { return Value::from_string(go_to_lower(a[0].as_string())); });
  m.add("title", {P::kString}, false, [](CallContext&, Args a) { return Value::from_string(go_title(a[0].as_string())); });
  m.add("untitle", {P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(sprig_untitle(a[0].as_string())); });
  m.add("substr", {P::kInt, P::kInt, P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(substring(num(a, 0), num(a, 1), str(a, 2))); });
  m.add("repeat", {P::kInt, P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(repeat(num(a, 0), str(a, 1))); });
  for (const char* name : {"trimall", "trimAll"}) {
    m.add(name, {P::kString, P::kString}, false,
          [](CallContext&, Args a) { return Value::from_string(go_trim_cutset(a[1].as_string(), a[0].as_string())); });
  }
  m.add("trimSuffix", {P::kString, P::kString}, false, [](CallContext&, Args a) {
    std::string_view s = a[1].as_string();
    std::string_view suffix = a[0].as_string();
    if (s.ends_with(suffix)) s.remove_suffix(suffix.size());
    return Value::from_string(std::string(s));
  });
  m.add("trimPrefix", {P::kString, P::kString}, false, [](CallContext&, Args a) {
    std::string_view s = a[1].as_string();
    std::string_view prefix = a[0].as_string();
    if (s.starts_with(prefix)) s.remove_prefix(prefix.size());
    return Value::from_string(std::string(s));
  });
  m.add("nospace", {P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(sprig_nospace(a[0].as_string())); });
  m.add("initials", {P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(sprig_initials(a[0].as_string())); });
  m.add("swapcase", {P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(sprig_swapcase(a[0].as_string())); });
  m.add("wrap", {P::kInt, P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(sprig_wrap(a[1].as_string(), num(a, 0))); });
  m.add("wrapWith", {P::kInt, P::kString, P::kString}, false, [](CallContext&, Args a) {
    return Value::from_string(sprig_wrap(a[2].as_string(), num(a, 0), a[1].as_string(), true));
  });
  m.add("contains", {P::kString, P::kString}, false, [](CallContext&, Args a) {
    return Value::from_bool(a[1].as_string().find(a[0].as_string()) != std::string_view::npos);
  });
  m.add("hasPrefix", {P::kString, P::kString}, false,
        [](CallContext&, Args a) { return Value::from_bool(a[1].as_string().starts_with(a[0].as_string())); });
  m.add("hasSuffix", {P::kString, P::kString}, false,
        [](CallContext&, Args a) { return Value::from_bool(a[1].as_string().ends_with(a[0].as_string())); });
  m.add("quote", {P::kAny}, true, [](CallContext&, Args a) {
    return Value::from_string(join_present(a, [](const Value& v) { return go_quote(sprig_strval(v)); }));
  });
  m.add("squote", {P::kAny}, true, [](CallContext&, Args a) {
    return Value::from_string(join_present(a, [](const Value& v) { return "'" + to_go_string(v) + "'"; }));
  });
  m.add("cat", {P::kAny}, true,
        [](CallContext&, Args a) { return Value::from_string(join_present(a, [](const Value& v) { return to_go_string(v); })); });
  m.add("indent", {P::kInt, P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(sprig_indent(num(a, 0), str(a, 1))); });
  m.add("nindent", {P::kInt, P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string("\n" + sprig_indent(num(a, 0), str(a, 1))); });
  m.add("replace", {P::kString, P::kString, P::kString}, false, [](CallContext&, Args a) {
    check_replace_size(a[2].as_string(), a[0].as_string(), a[1].as_string());
    return Value::from_string(go_replace_all(a[2].as_string(), a[0].as_string(), a[1].as_string()));
  });
  m.add("plural", {P::kString, P::kString, P::kInt}, false,
        [](CallContext&, Args a) { return a[2].as_int() == 1 ? a[0] : a[1]; });
  m.add("toString", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_string(sprig_strval(a[0])); });
  m.add("split", {P::kString, P::kString}, false,
        [](CallContext&, Args a) { return split_map(go_split(a[1].as_string(), a[0].as_string())); });
  m.add("splitList", {P::kString, P::kString}, false,
        [](CallContext&, Args a) { return make_string_list(go_split(a[1].as_string(), a[0].as_string())); });
  m.add("splitn", {P::kString, P::kInt, P::kString}, false,
        [](CallContext&, Args a) { return split_map(go_split(a[2].as_string(), a[0].as_string(), num(a, 1))); });
  m.add("toStrings", {P::kAny}, false, [](CallContext&, Args a) { return make_string_list(sprig_strslice(a[0])); });
  m.add("join", {P::kString, P::kAny}, false, [](CallContext&, Args a) {
    std::string out;
    std::string sep(a[0].as_string());
    bool first = true;
    for (const std::string& s : sprig_strslice(a[1])) {
      if (!first) out += sep;
      first = false;
      out += s;
    }
    return Value::from_string(out);
  });
}

}  // namespace sidecarctl::gotemplate
