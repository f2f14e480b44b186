// sprig's regex functions (regex.go): the plain ones panic on a bad pattern (regexp.MustCompile),
// the must* ones return Go's compile error; regexMatch swallows it.
#include <string>

#include "gotemplate/sprig.h"
#include "gotemplate/sprig_regex.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/step_budget.h"

namespace sidecarctl::gotemplate {
namespace {

using Args = std::span<const Value>;

// Compiles `pattern`; on error throws MustCompile's panic text or, for must*, the plain error.
GoRegex compile_or_throw(std::string_view pattern, bool must) {
  auto re = GoRegex::compile(pattern);
  if (!re) {
    if (must) throw_function_error(re.error().message);
    bool backquote = pattern.find('`') == std::string_view::npos;
    std::string quoted = backquote ? "`" + std::string(pattern) + "`" : "\"" + std::string(pattern) + "\"";
    throw_function_error("regexp: Compile(" + quoted + "): " + re.error().message);
  }
  return std::move(re).value();
}

// The value of a matching call on `re`, or its error (out of steps) as the function's error. The
// execution's step budget is charged a step per 16 matcher steps (about what a template step
// costs), so a template cannot call a slow match millions of times.
template <typename T>
T checked(const GoRegex& re, Result<T> r) {
  if (!r) throw_function_error(r.error().message);
  charge_steps(re.steps_taken() / 16);
  return std::move(r).value();
}

void add_pair(FunctionMap& m, const std::string& name, std::vector<Param::Kind> params,
              Value (*impl)(Args, bool must)) {
  m.add(name, params, false, [impl](CallContext&, Args a) { return impl(a, false); });
  std::string must = "must" + name;
  must[4] = static_cast<char>(must[4] - 'a' + 'A');
  m.add(must, std::move(params), false, [impl](CallContext&, Args a) { return impl(a, true); });
}

Value find_all(Args a, bool must) {
  GoRegex re = compile_or_throw(a[0].as_string(), must);
  std::string_view s = a[1].as_string();
  std::vector<std::string> out;
  for (const auto& match : checked(re, re.find_all(s, static_cast<int>(a[2].as_int())))) {
    out.emplace_back(s.substr(static_cast<std::size_t>(match[0].first),
                              static_cast<std::size_t>(match[0].second - match[0].first)));
  }
  return make_string_list(std::move(out));
}

Value find(Args a, bool must) {
  GoRegex re = compile_or_throw(a[0].as_string(), must);
  std::string_view s = a[1].as_string();
  auto matches = checked(re, re.find_all(s, 1));
  if (matches.empty()) return Value::from_string("");
  auto [b, e] = matches[0][0];
  return Value::from_string(std::string(s.substr(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b))));
}

Value replace(Args a, bool must) {
  GoRegex re = compile_or_throw(a[0].as_string(), must);
  return Value::from_string(checked(re, re.replace_all(a[1].as_string(), a[2].as_string(), false)));
}

Value replace_literal(Args a, bool must) {
  GoRegex re = compile_or_throw(a[0].as_string(), must);
  return Value::from_string(checked(re, re.replace_all(a[1].as_string(), a[2].as_string(), true)));
}

Value split(Args a, bool must) {
  GoRegex re = compile_or_throw(a[0].as_string(), must);
  return make_string_list(checked(re, re.split(a[1].as_string(), static_cast<int>(a[2].as_int()))));
}

}  // namespace

void register_sprig_regex(FunctionMap& m) {
  using P = Param;
  m.add("regexMatch", {P::kString, P::kString}, false, [](CallContext&, Args a) {
    auto re = GoRegex::compile(a[0].as_string());
    return Value::from_bool(re.has_value() && checked(*re, re->match(a[1].as_string())));
  });
  m.add("mustRegexMatch", {P::kString, P::kString}, false, [](CallContext&, Args a) {
    GoRegex re = compile_or_throw(a[0].as_string(), true);
    return Value::from_bool(checked(re, re.match(a[1].as_string())));
  });
  add_pair(m, "regexFindAll", {P::kString, P::kString, P::kInt}, find_all);
  add_pair(m, "regexFind", {P::kString, P::kString}, find);
  add_pair(m, "regexReplaceAll", {P::kString, P::kString, P::kString}, replace);
  add_pair(m, "regexReplaceAllLiteral", {P::kString, P::kString, P::kString}, replace_literal);
  add_pair(m, "regexSplit", {P::kString, P::kString, P::kInt}, split);
  m.add("regexQuoteMeta", {P::kString}, false,
        [](CallContext&, Args a) { return Value::from_string(go_quote_meta(a[0].as_string())); });
}

}  // namespace sidecarctl::gotemplate
