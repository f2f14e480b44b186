// One `analyze` run from inputs to messages: reads the mesh config/networks files and the
// manifests, adds what was read from a cluster, builds the store, runs the selected analyzers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyze/cluster_source.h"
#include "analyze/engine.h"
#include "analyze/input.h"
#include "analyze/message.h"
#include "base/result.h"

namespace sidecarctl::analyze {

struct Request {
  std::vector<std::string> paths;
  bool recursive = false;
  std::string stdin_text;
  std::string mesh_config_file;    // "" = built-in defaults
  std::string mesh_networks_file;  // "" = none
  std::vector<std::string> analyzers;
  std::vector<Suppression> suppressions;
  // Live mode: what was read from the cluster (files override objects of the same kind,
  // namespace and name; the cluster's mesh config applies unless mesh_config_file is given; no
  // default ingress resources are added).
  std::optional<ClusterState> cluster;
  std::string default_namespace;  // namespace of file resources that name none
  std::string only_namespace;     // keep only messages about this namespace (and cluster-scoped ones)
  int jobs = 1;  // threads reading documents and running analyzers (the report is the same for any number)
};

struct Report {
  std::vector<Message> messages;  // every unsuppressed message, sorted and de-duplicated
  std::vector<Error> input_errors;
  std::vector<std::string> warnings;  // e.g. an unparseable mesh config in the cluster
  std::size_t resources = 0;
  std::shared_ptr<const void> keep_alive;  // documents and store the messages point into

  // Messages at `threshold` or worse, taken out of the report with nothing left behind: the
  // documents and resources are freed before the caller renders the messages, which then point
  // into no resource.
  std::vector<Message> take_at_least(Level threshold);
};

// Mesh config/networks files that cannot be read or parsed are errors; unparseable manifests
// go to Report::input_errors and the rest is analyzed.
Result<Report> run(Request request);

}  // namespace sidecarctl::analyze
