// Kubernetes label selectors as the analyzers use them: equality sets (SelectorFromSet), full
// LabelSelectors (matchLabels + matchExpressions), their canonical string form, and subset tests.
#pragma once

#include <string>

#include "analyze/resource.h"

namespace sidecarctl::analyze {

// True when every key=value of `selector` is in `labels` (an empty selector matches everything).
bool set_matches(const Labels& selector, const Labels& labels);
// klabels.SelectorFromSet(s).String(): "k1=v1,k2=v2" sorted by key.
std::string selector_string(const Labels& selector);
// metav1.LabelSelector (matchLabels, matchExpressions) matching; a null selector matches all,
// an invalid one matches nothing.
bool label_selector_matches(const Json& selector, const Labels& labels);

}  // namespace sidecarctl::analyze
