// Reading analyze's inputs: files, directories and stdin, each file parsed on its own so that one
// unparseable file is reported while the others are still analyzed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "yaml/document.h"

namespace sidecarctl::analyze {

struct Inputs {
  std::vector<yaml::Document> documents;
  // Files that could not be read or parsed, workloads of the wrong shape, Istio resources whose
  // spec does not decode into its Istio type.
  std::vector<Error> errors;
  std::vector<std::string> warnings;  // what was read leniently, as istioctl reads it (repeated keys)
};

// How analyze reads manifests: a repeated key as istioctl reads it (the last value wins, with a
// warning), and no node positions: yaml::record_positions fills them for the documents an error
// or a message needs a line of.
yaml::LoadOptions manifest_load_options();

// Reads every document of `paths` ("-" = `stdin_text`; directories expanded, recursively when
// `recursive`, to their .yaml/.yml/.json files). Workloads (the kinds kube-inject decodes) that do
// not decode into their Kubernetes type, and Istio resources whose spec does not decode into its
// Istio type, are left out with an error naming file and line; the specs of the others are left
// as Istio's decoder leaves them (proto_decode.h). `jobs` threads parse and check the documents
// while this one reads them; the Inputs are the same for any number.
Inputs read_inputs(const std::vector<std::string>& paths, bool recursive, std::string_view stdin_text,
                   int jobs = 1);

}  // namespace sidecarctl::analyze
