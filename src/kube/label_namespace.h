// The work of `sidecarctl label-namespace`: validate the revision, change each namespace's
// injection labels with one merge patch, and find the pods that need a restart; or list every
// namespace's injection state. Returns data; the command prints it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kube/api_client.h"
#include "kube/injection_labels.h"

namespace sidecarctl::kube {

enum class DryRun { kNone, kClient, kServer };

struct LabelNamespaceOptions {
  std::vector<std::string> namespaces;
  LabelRequest request;
  DryRun dry_run = DryRun::kNone;
};

// The outcome for one namespace (each succeeds or fails on its own).
struct NamespaceOutcome {
  std::string name;
  std::optional<Error> error;
  std::vector<std::string> warnings;
  std::string summary;              // "namespace/foo labeled: istio-injection=enabled"
  std::vector<std::string> restarts;  // restart_lines() for its pods
  Json object;                      // the namespace after the change (as the server returned it)
};

struct LabelNamespaceReport {
  std::vector<std::string> warnings;  // about the whole run (no default injector, ...)
  std::vector<NamespaceOutcome> namespaces;
};

// Labels every namespace of `options`. Fails as a whole only when the requested revision does not
// exist (or cannot be checked); per-namespace failures are in the report.
Result<LabelNamespaceReport> label_namespaces(ApiClient& client, const LabelNamespaceOptions& options);

// One row of `label-namespace --list`.
struct NamespaceInjectionRow {
  std::string name;
  std::string injection;  // enabled, disabled, not labelled
  std::string revision;   // the revision that would inject ("-" for none), tags resolved
  std::string label;      // the label that decides ("istio.io/rev=canary", "-")
  bool ambient = false;
};

Result<std::vector<NamespaceInjectionRow>> list_namespace_injection(ApiClient& client,
                                                                    std::vector<std::string>* warnings);

// The rows as an aligned table with a header line.
std::string format_injection_table(const std::vector<NamespaceInjectionRow>& rows);
// The rows as JSON: [{"namespace", "injection", "revision", "label", "ambient"}].
Json injection_rows_json(const std::vector<NamespaceInjectionRow>& rows);

// True for a valid namespace name (an RFC 1123 DNS label).
bool is_dns_label(const std::string& name);

}  // namespace sidecarctl::kube
