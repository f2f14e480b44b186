// ValidateTelemetry: selectors and target references, metrics overrides, tracing (providers,
// sampling, custom tags) and access logging providers. Access log filter expressions are CEL,
// which Istio parses and sidecarctl does not (src/analyze/README.md).
#include "analyze/validate.h"
#include "analyze/validate_names.h"

namespace sidecarctl::analyze {

namespace {

std::string providers_error(const Json& entry) {
  for (const Json& p : array(entry, "providers"))
    if (str(p, "name").empty()) return "providers.name may not be empty";
  return "";
}

Validation metrics(const Json& list) {
  Validation v;
  for (const Json& m : list) {
    v.error(providers_error(m));
    for (const Json& o : array(m, "overrides")) {
      if (const Json& tags = field(o, "tagOverrides"); tags.is_object())
        for (auto it = tags.begin(); it != tags.end(); ++it) {
          if (it.key().empty()) v.warn("tagOverrides.name may not be empty");
          std::string op = enum_value(it.value(), "operation", "UPSERT"), value = str(it.value(), "value");
          if (op == "UPSERT" && value.empty())
            v.error("tagOverrides.value must be set when operation is UPSERT");
          if (op == "REMOVE" && !value.empty())
            v.error("tagOverrides.value may only be set when operation is UPSERT");
        }
      const Json& match = field(o, "match");
      if (present(match, "customMetric") && str(match, "customMetric").empty())
        v.error("customMetric may not be empty");
    }
  }
  return v;
}

Validation tracing(const Json& list) {
  Validation v;
  if (list.size() > 1) v.warn("multiple tracing is not currently supported");
  for (const Json& t : list) {
    if (array(t, "providers").size() > 1) v.warn("multiple providers is not currently supported");
    v.error(providers_error(t));
    double sampling = number(t, "randomSamplingPercentage");
    if (sampling < 0 || sampling > 100) v.error("randomSamplingPercentage must be in range [0.0, 100.0]");
    if (const Json& tags = field(t, "customTags"); tags.is_object())
      for (auto it = tags.begin(); it != tags.end(); ++it) {
        if (it.key().empty()) v.error("tag name may not be empty");
        const Json& tag = it.value();
        if (present(tag, "literal") && str(field(tag, "literal"), "value").empty())
          v.error("literal tag value may not be empty");
        if (present(tag, "header") && str(field(tag, "header"), "name").empty())
          v.error("header tag name may not be empty");
        if (present(tag, "environment") && str(field(tag, "environment"), "name").empty())
          v.error("environment tag name may not be empty");
      }
  }
  return v;
}

}  // namespace

Validation validate_telemetry(const ConfigMeta&, const Json& spec) {
  Validation v = check_policy_selectors(spec);
  v.add(metrics(array(spec, "metrics")));
  v.add(tracing(array(spec, "tracing")));
  for (const Json& log : array(spec, "accessLogging")) v.error(providers_error(log));
  return v;
}

}  // namespace sidecarctl::analyze
