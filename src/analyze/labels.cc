#include "analyze/labels.h"

#include "kube/label_selector.h"

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
  auto matched = kube::selector_matches(selector, labels);
  return matched && *matched;
}

}  // namespace sidecarctl::analyze
