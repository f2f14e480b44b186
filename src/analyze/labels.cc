#include "analyze/labels.h"

#include <algorithm>

namespace sidecarctl::analyze {

bool set_matches(const Labels& selector, const Labels& labels) {
  for (const auto& [k, v] : selector) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

std::string selector_string(const Labels& selector) {
  std::string out;
  for (const auto& [k, v] : selector) {
    if (!out.empty()) out += ',';
    out += k + "=" + v;
  }
  return out;
}

bool label_selector_matches(const Json& selector, const Labels& labels) {
  if (!selector.is_object()) return true;
  if (!set_matches(string_map(field(selector, "matchLabels")), labels)) return false;
  for (const Json& expr : array(selector, "matchExpressions")) {
    std::string key = str(expr, "key");
    std::string op = str(expr, "operator");
    std::vector<std::string> values;
    for (const Json& v : array(expr, "values")) values.push_back(scalar_string(v));
    auto it = labels.find(key);
    bool has = it != labels.end();
    bool in = has && std::find(values.begin(), values.end(), it->second) != values.end();
    if (op == "In") {
      if (values.empty() || !in) return false;
    } else if (op == "NotIn") {
      if (values.empty()) return false;
      if (in) return false;
    } else if (op == "Exists") {
      if (!values.empty() || !has) return false;
    } else if (op == "DoesNotExist") {
      if (!values.empty() || has) return false;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace sidecarctl::analyze
