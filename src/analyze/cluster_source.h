// Reading what the analyzers need from a live cluster (`analyze --use-kube`): one paged LIST per
// resource type the selected analyzers read, in the newest API version the server serves, plus
// the mesh config from the `istio` ConfigMap, as istioctl's running-kube source reads them.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "analyze/analyzer.h"
#include "base/result.h"
#include "kube/api_client.h"

namespace sidecarctl::analyze {

// How far the read has come (for a progress line).
struct ClusterProgress {
  std::size_t done = 0;   // resource types read
  std::size_t total = 0;  // resource types to read
  std::size_t objects = 0;
  std::string resource;  // the one just read ("pods", "virtualservices.networking.istio.io")
};

struct ClusterQuery {
  std::vector<std::string> kinds;  // canonical kind ids (input_kinds of the selected analyzers)
  std::string istio_namespace = "istio-system";
  // When not empty: this namespace must exist (else an error), and a type that may not be
  // listed across namespaces (403) is listed in it alone.
  std::string ns;
  std::function<void(const ClusterProgress&)> progress;
};

struct ClusterState {
  std::vector<Json> objects;  // every object read, apiVersion and kind filled in
  bool has_mesh_config_map = false;
  std::string mesh_config;            // the `mesh` key of ConfigMap <istio ns>/istio ("" when absent)
  std::string mesh_networks;          // its `meshNetworks` key
  std::string mesh_source;            // "ConfigMap istio-system/istio", for messages
  std::vector<std::string> warnings;  // resources that could not be read (403), with the reason
  std::vector<std::string> skipped;   // resource types the server does not serve (no CRD)
};

// The kinds `analyzers` read (the union of their inputs), without the synthetic MeshConfig and
// MeshNetworks.
std::vector<std::string> input_kinds(const std::vector<const Analyzer*>& analyzers);

// Reads the cluster. A type the server does not serve (404 in every version) is skipped, a
// forbidden one (403) becomes a warning; any other failure (after the client's retries) is an
// error naming the resource.
Result<ClusterState> read_cluster(kube::ApiClient& client, const ClusterQuery& query);

}  // namespace sidecarctl::analyze
