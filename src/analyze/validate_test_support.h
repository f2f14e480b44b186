// Test helper for the validators: decodes a spec written in YAML as istioctl decodes it, runs the
// kind's validation and lists what it finds, one line per finding, sorted (Istio builds some lists
// from Go maps, whose order varies). Expected texts come from the real istioctl on the same input.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analyze/proto_decode.h"
#include "analyze/validate.h"
#include "yaml/document.h"

namespace sidecarctl::analyze::testing {

// "error: TEXT", "warning: TEXT" and "IST0130: ARG | ARG" lines for `spec_yaml` of `kind`.
inline std::vector<std::string> findings(const std::string& kind, const std::string& spec_yaml,
                                         const std::string& name = "x", const std::string& ns = "ns") {
  auto spec = yaml::parse_value(spec_yaml, "test.yaml");
  REQUIRE_MESSAGE(spec.has_value(), spec.error().to_string());
  Json object = {{"spec", *spec}};
  auto failure = decode_istio_spec(kind, object);
  if (failure) FAIL(std::string(failure->pointer + ": " + failure->message));
  Validation v = validate_resource(kind, ConfigMeta{name, ns}, object["spec"]);
  std::vector<std::string> out;
  for (const std::string& e : v.errors) out.push_back("error: " + e);
  for (const std::string& w : v.warnings) out.push_back("warning: " + w);
  for (const PreciseFinding& f : v.precise) {
    std::string line = f.code + ":";
    for (std::size_t i = 0; i < f.args.size(); ++i) line += (i ? " | " : " ") + f.args[i];
    out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());  // the analyzer reports duplicates once
  return out;
}

// The decoder's error for `spec_yaml` of `kind` ("" when it decodes): "POINTER: MESSAGE".
inline std::string decode_error(const std::string& kind, const std::string& spec_yaml) {
  auto spec = yaml::parse_value(spec_yaml, "test.yaml");
  REQUIRE_MESSAGE(spec.has_value(), spec.error().to_string());
  Json object = {{"spec", *spec}};
  auto failure = decode_istio_spec(kind, object);
  return failure ? failure->pointer + ": " + failure->message : "";
}

using Lines = std::vector<std::string>;

}  // namespace sidecarctl::analyze::testing
