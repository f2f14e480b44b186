// Kubernetes label selectors (metav1.LabelSelector: matchLabels and matchExpressions) evaluated on
// a set of labels with apimachinery's semantics, as the API server's admission plugin evaluates a
// webhook's namespaceSelector and objectSelector: every requirement must hold; In needs the key
// with one of the values, NotIn holds when the key is missing or has none of the values, Exists
// and DoesNotExist test the key only. A selector with no requirements ({}) matches everything; a
// null one matches nothing (LabelSelectorAsSelector(nil)). Callers that default a missing selector
// (the API server stores {} for an omitted webhook selector) decide that themselves.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sidecarctl::kube {

using Json = nlohmann::json;
using LabelMap = std::map<std::string, std::string>;

// The string-valued entries of a JSON labels object (anything else is skipped; not an object: {}).
LabelMap label_map(const Json& labels);

// One requirement of a selector (a matchLabels entry is an In with one value).
struct LabelRequirement {
  enum class Op { kIn, kNotIn, kExists, kDoesNotExist };
  std::string key;
  Op op = Op::kIn;
  std::vector<std::string> values;

  bool matches(const LabelMap& labels) const;
};

// A validated selector. Invalid selectors (an unknown operator, In without values, Exists with
// values, a key or value Kubernetes would refuse, a field of the wrong type) are errors naming the
// offending part, with apimachinery's wording where it has one.
class LabelSelector {
 public:
  // From JSON: null -> matches nothing; {} -> matches everything.
  static Result<LabelSelector> parse(const Json& selector);

  bool matches(const LabelMap& labels) const;
  bool matches_nothing() const { return nothing_; }
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }

 private:
  bool nothing_ = false;
  std::vector<LabelRequirement> requirements_;
};

// LabelSelector::parse then matches; an invalid selector is the parse error.
Result<bool> selector_matches(const Json& selector, const LabelMap& labels);

// "key=value" pairs separated by commas ("app=web,version=v1"; "==" is accepted too), as
// `kubectl -l` writes equality selectors: the labels they describe. Set-based forms (`!=`, `in`,
// `notin`, `!key`, a bare key) describe no single value and are refused.
Result<LabelMap> parse_label_pairs(std::string_view text);

// Whether `key` is a valid label key (an optional DNS-subdomain prefix and '/', then a name of at
// most 63 characters: alphanumerics, '-', '_', '.', starting and ending alphanumeric).
bool valid_label_key(std::string_view key);
// Whether `value` is a valid label value (empty, or a name as above).
bool valid_label_value(std::string_view value);

}  // namespace sidecarctl::kube
