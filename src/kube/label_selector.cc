#include "kube/label_selector.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace sidecarctl::kube {
namespace {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// A qualified name's name part, or a label value: at most 63 characters of [-_.A-Za-z0-9],
// starting and ending with an alphanumeric.
bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

// A DNS-1123 subdomain: lower-case alphanumerics, '-' and '.', at most 253, alphanumeric at both ends.
bool valid_subdomain(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_alnum(name.front()) || !lower_alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return lower_alnum(c) || c == '-' || c == '.'; });
}

Error invalid(const std::string& message) { return make_error(ErrorKind::kInvalidInput, message); }

Result<std::string> requirement_key(const Json& expr, std::size_t index) {
  auto key = expr.find("key");
  if (key == expr.end() || !key->is_string()) {
    return invalid(fmt::format("matchExpressions[{}]: key must be a string", index));
  }
  std::string k = key->get<std::string>();
  if (!valid_label_key(k))
    return invalid(fmt::format("matchExpressions[{}]: invalid label key \"{}\"", index, k));
  return k;
}

Result<LabelRequirement> parse_expression(const Json& expr, std::size_t index) {
  if (!expr.is_object()) return invalid(fmt::format("matchExpressions[{}] must be an object", index));
  LabelRequirement req;
  auto key = requirement_key(expr, index);
  if (!key) return key.error();
  req.key = *key;
  std::string op =
      expr.contains("operator") && expr["operator"].is_string() ? expr["operator"].get<std::string>() : "";
  if (op == "In") {
    req.op = LabelRequirement::Op::kIn;
  } else if (op == "NotIn") {
    req.op = LabelRequirement::Op::kNotIn;
  } else if (op == "Exists") {
    req.op = LabelRequirement::Op::kExists;
  } else if (op == "DoesNotExist") {
    req.op = LabelRequirement::Op::kDoesNotExist;
  } else {
    return invalid(
        fmt::format("matchExpressions[{}]: \"{}\" is not a valid label selector operator", index, op));
  }
  if (auto values = expr.find("values"); values != expr.end() && !values->is_null()) {
    if (!values->is_array())
      return invalid(fmt::format("matchExpressions[{}]: values must be a list", index));
    for (const Json& v : *values) {
      if (!v.is_string() || !valid_label_value(v.get<std::string>())) {
        return invalid(fmt::format("matchExpressions[{}]: invalid label value {}", index, v.dump()));
      }
      req.values.push_back(v.get<std::string>());
    }
  }
  bool set_op = req.op == LabelRequirement::Op::kIn || req.op == LabelRequirement::Op::kNotIn;
  if (set_op && req.values.empty()) {
    return invalid(
        fmt::format("matchExpressions[{}]: for 'in', 'notin' operators, values set can't be empty", index));
  }
  if (!set_op && !req.values.empty()) {
    return invalid(
        fmt::format("matchExpressions[{}]: values set must be empty for exists and does not exist", index));
  }
  return req;
}

}  // namespace

LabelMap label_map(const Json& labels) {
  LabelMap out;
  if (!labels.is_object()) return out;
  for (auto it = labels.begin(); it != labels.end(); ++it) {
    if (it->is_string()) out[it.key()] = it->get<std::string>();
  }
  return out;
}

bool valid_label_key(std::string_view key) {
  auto slash = key.find('/');
  if (slash == std::string_view::npos) return valid_name(key);
  return valid_subdomain(key.substr(0, slash)) && valid_name(key.substr(slash + 1));
}

bool valid_label_value(std::string_view value) { return value.empty() || valid_name(value); }

bool LabelRequirement::matches(const LabelMap& labels) const {
  auto it = labels.find(key);
  bool has = it != labels.end();
  bool listed = has && std::find(values.begin(), values.end(), it->second) != values.end();
  switch (op) {
    case Op::kIn:
      return listed;
    case Op::kNotIn:
      return !listed;
    case Op::kExists:
      return has;
    case Op::kDoesNotExist:
      return !has;
  }
  return false;
}

Result<LabelSelector> LabelSelector::parse(const Json& selector) {
  LabelSelector out;
  if (selector.is_null()) {
    out.nothing_ = true;
    return out;
  }
  if (!selector.is_object()) return invalid("a label selector must be an object");
  if (auto ml = selector.find("matchLabels"); ml != selector.end() && !ml->is_null()) {
    if (!ml->is_object()) return invalid("matchLabels must be a map of strings");
    for (auto it = ml->begin(); it != ml->end(); ++it) {
      if (!valid_label_key(it.key()))
        return invalid(fmt::format("matchLabels: invalid label key \"{}\"", it.key()));
      if (!it->is_string() || !valid_label_value(it->get<std::string>())) {
        return invalid(fmt::format("matchLabels: invalid label value {} for \"{}\"", it->dump(), it.key()));
      }
      out.requirements_.push_back({it.key(), LabelRequirement::Op::kIn, {it->get<std::string>()}});
    }
  }
  if (auto me = selector.find("matchExpressions"); me != selector.end() && !me->is_null()) {
    if (!me->is_array()) return invalid("matchExpressions must be a list");
    for (std::size_t i = 0; i < me->size(); ++i) {
      auto req = parse_expression((*me)[i], i);
      if (!req) return req.error();
      out.requirements_.push_back(std::move(*req));
    }
  }
  return out;
}

bool LabelSelector::matches(const LabelMap& labels) const {
  if (nothing_) return false;
  return std::all_of(requirements_.begin(), requirements_.end(),
                     [&](const LabelRequirement& r) { return r.matches(labels); });
}

Result<bool> selector_matches(const Json& selector, const LabelMap& labels) {
  auto parsed = LabelSelector::parse(selector);
  if (!parsed) return parsed.error();
  return parsed->matches(labels);
}

Result<LabelMap> parse_label_pairs(std::string_view text) {
  LabelMap out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view term =
        text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!term.empty() && std::isspace(static_cast<unsigned char>(term.front()))) term.remove_prefix(1);
    while (!term.empty() && std::isspace(static_cast<unsigned char>(term.back()))) term.remove_suffix(1);
    if (!term.empty()) {
      std::size_t eq = term.find('=');
      if (eq == std::string_view::npos || eq == 0 || term[eq - 1] == '!') {
        return make_error(ErrorKind::kUsage,
                          fmt::format("labels \"{}\": \"{}\" is not a key=value pair", text, term));
      }
      std::string_view key = term.substr(0, eq);
      std::string_view value = term.substr(eq + 1);
      if (!value.empty() && value.front() == '=') value.remove_prefix(1);
      while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.remove_suffix(1);
      while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
        value.remove_prefix(1);
      if (!valid_label_key(key)) {
        return make_error(ErrorKind::kUsage,
                          fmt::format("labels \"{}\": invalid label key \"{}\"", text, key));
      }
      if (!valid_label_value(value)) {
        return make_error(ErrorKind::kUsage,
                          fmt::format("labels \"{}\": invalid label value \"{}\"", text, value));
      }
      out[std::string(key)] = std::string(value);
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace sidecarctl::kube
