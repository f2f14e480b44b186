// The analysis pipeline: documents -> resource store (plus the mesh config, mesh networks and
// default ingress resources) -> selected analyzers -> suppression -> sorted, de-duplicated messages.
#pragma once

#include <string>
#include <vector>

#include "analyze/analyzer.h"
#include "analyze/message.h"
#include "analyze/resource.h"
#include "base/result.h"
#include "yaml/document.h"

namespace sidecarctl::analyze {

// A -S/--suppress rule: a code (or `*`) and a glob over the origin ("Kind ns/name").
struct Suppression {
  std::string code;
  std::string glob;
};
// Parses "CODE=GLOB"; an error when the `=` is missing.
Result<Suppression> parse_suppression(const std::string& text);
// Glob matching with `*` (any run) and `?` (one character).
bool glob_match(std::string_view pattern, std::string_view text);

struct Options {
  std::vector<std::string> analyzers;  // names; empty or none known = all registered analyzers
  Json mesh_config;                    // MeshConfig overrides (null: defaults only)
  Json mesh_networks;                  // MeshNetworks (null: none)
  std::vector<Suppression> suppressions;
};

// Adds the resources of `docs` (kind: List expanded; unknown kinds skipped) to `store`; a
// namespaced resource without a namespace gets `default_namespace`. The documents' values move
// into the store (each `doc.value` is left null); `docs` must outlive the store (resources point
// at them for file:line references). Replaces resources of the same kind/namespace/name, so
// documents added after cluster objects override them. The resources are made by `jobs` threads.
void add_documents(std::vector<yaml::Document>& docs, Store& store, const std::string& default_namespace = "",
                   int jobs = 1);
// Adds objects read from a cluster (no file, so messages on them have no reference).
void add_objects(std::vector<Json> objects, Store& store);
// Adds the synthetic MeshConfig/MeshNetworks resources and, with `default_resources` (files-only
// analysis), the default ingress Service and Pod.
void add_environment(const Json& mesh_config, const Json& mesh_networks, Store& store,
                     bool default_resources = true);

// The namespace a message is about, as istioctl filters by it: a Namespace's own name, the
// resource's namespace, "" for cluster-scoped resources and messages without a resource.
std::string message_namespace(const Message& m);

// The analyzers `names` select (all registered ones when empty or when no name is known).
std::vector<const Analyzer*> select_analyzers(const std::vector<std::string>& names);

// Runs the analyzers over the store, `jobs` threads taking analyzers from the list (the messages
// are the same for any number); returns sorted, de-duplicated, unsuppressed messages.
std::vector<Message> run_analyzers(const Store& store, const std::vector<const Analyzer*>& analyzers,
                                   const Json& mesh_config, const std::vector<Suppression>& suppressions,
                                   int jobs = 1);

}  // namespace sidecarctl::analyze
