// label-namespace: revision check, per-namespace merge patch and restart advice; --list.
#include "kube/label_namespace.h"
#include "yaml/json_fields.h"

#include <algorithm>

namespace sidecarctl::kube {
namespace {

std::string name_of(const Json& obj) {
  if (!obj.is_object() || !obj.contains("metadata") || !obj["metadata"].is_object()) return "";
  return yaml::string_field_or(obj["metadata"], "name");
}

std::string resource_version_of(const Json& obj) {
  if (!obj.is_object() || !obj.contains("metadata") || !obj["metadata"].is_object()) return "";
  return yaml::string_field_or(obj["metadata"], "resourceVersion");
}

std::string revision_text(const std::string& name, const InstalledRevisions& installed) {
  if (!installed.has(name)) return installed.targets.empty() ? name : name + " (not installed)";
  std::string target = resolve_revision(name, installed);
  return target == name ? name : target + " (tag " + name + ")";
}

// An error that does not say which namespace it is about (a 5xx, a broken connection) gets the name;
// for a change, that it may have been applied (the answer was lost, not necessarily the request).
Error about_namespace(const std::string& name, Error e, bool change) {
  if (e.message.find("\"" + name + "\"") == std::string::npos) {
    e.message = "namespace \"" + name + "\": " +
                (change ? "change not confirmed (the server may have applied it): " : "") + e.message;
  }
  return e;
}

// The namespace after a change, and whether an answer was lost on the way.
struct WrittenChange {
  Json object;
  bool answer_lost = false;     // some patch's answer was lost
  bool applied_before = false;  // and the re-read found the change in place: that patch had applied
};

// Sends `change` as a merge patch whose resourceVersion (from `ns`, as read) is a precondition, so that
// no attempt can apply on top of anything it has not seen. An answer lost after the request was sent (a
// broken connection, a 5xx the client does not repeat) leaves it unknown whether the server acted: the
// same patch goes again, and either applies or meets 409 Conflict. A conflict (that lost write of ours,
// or another writer's change since the read) re-reads the namespace and plans again from its labels:
// nothing left to do means the change is in place; anything else is patched against the new
// resourceVersion, and a change another writer made that the request may not override is refused as
// on the first read, saying that it came from another writer. Never a double change, never a silent
// loss; at most kMaxWriteRounds patches.
Result<WrittenChange> write_change(ApiClient& client, const std::string& name, Json ns, LabelChange change,
                                   const LabelRequest& request, const WriteOptions& write) {
  constexpr int kMaxWriteRounds = 5;
  WrittenChange result;
  const std::string path = "/api/v1/namespaces/" + url_escape(name);
  for (int round = 1;; ++round) {
    auto patched = client.patch(path, change.merge_patch(resource_version_of(ns)), kMergePatch, write);
    if (patched) {
      result.object = std::move(*patched);
      return result;
    }
    bool conflict = client.last_status() == 409;
    bool ambiguous = client.last_answer_lost();
    if ((!conflict && !ambiguous) || round == kMaxWriteRounds) {
      return about_namespace(name, patched.error(), ambiguous || result.answer_lost);
    }
    if (ambiguous) {
      result.answer_lost = true;
      continue;
    }
    auto reread = client.get_namespace(name);
    if (!reread) return about_namespace(name, reread.error(), result.answer_lost);
    ns = std::move(*reread);
    auto replanned = plan_label_change(name, labels_of(ns), request);
    if (!replanned) {
      // The first plan passed: what conflicts now was set since our read.
      Error e = replanned.error();
      e.message += "; another writer changed the namespace after sidecarctl read it";
      return e;
    }
    if (replanned->empty()) {
      result.object = std::move(ns);
      result.applied_before = result.answer_lost;
      return result;
    }
    change = std::move(*replanned);
  }
}

NamespaceOutcome label_one(ApiClient& client, const std::string& name, const LabelNamespaceOptions& options,
                           const InstalledRevisions& installed) {
  NamespaceOutcome out;
  out.name = name;
  if (!is_dns_label(name)) {
    out.error = make_error(ErrorKind::kUsage, "\"" + name + "\" is not a valid namespace name");
    return out;
  }
  auto ns = client.get_namespace(name);
  if (!ns) {
    out.error = about_namespace(name, ns.error(), false);
    return out;
  }
  Json labels = labels_of(*ns);
  if (namespace_injection(labels).ambient) {
    out.warnings.push_back("namespace \"" + name + "\" has " + std::string(kDataplaneModeLabel) +
                           "=ambient: its pods are captured by ztunnel, and injecting sidecars there as well "
                           "is not supported");
  }
  auto change = plan_label_change(name, labels, options.request);
  if (!change) {
    out.error = change.error();
    return out;
  }
  std::string verb = options.request.action == LabelAction::kRemove ? "unlabeled" : "labeled";
  if (change->empty()) {
    out.object = *ns;
    NamespaceInjection state = namespace_injection(labels);
    out.summary = "namespace/" + name + " unchanged (injection " + state.state_text() +
                  (state.revision.empty() ? "" : ", revision " + state.revision) + ")";
  } else if (options.dry_run == DryRun::kClient) {
    out.object = *ns;
    out.object["metadata"]["labels"] = change->apply(labels);
    out.summary = "namespace/" + name + " " + verb + " (client dry run, nothing sent): " + change->describe();
  } else {
    WriteOptions write;
    write.dry_run = options.dry_run == DryRun::kServer;
    auto written = write_change(client, name, *ns, *change, options.request, write);
    if (!written) {
      out.error = written.error();
      return out;
    }
    out.object = std::move(written->object);
    if (written->applied_before) {
      out.warnings.push_back("namespace \"" + name + "\": the server's answer to the change was lost; reading the "
                             "namespace again showed the change applied");
    }
    out.summary = "namespace/" + name + " " + verb + (write.dry_run ? " (server dry run)" : "") + ": " +
                  change->describe();
  }
  auto pods = client.list_pods(name);
  if (!pods) {
    out.warnings.push_back("cannot list the pods of namespace \"" + name +
                           "\" to tell which need a restart: " + pods.error().message);
    return out;
  }
  out.restarts = restart_lines(pods_to_restart(*pods, labels_of(out.object), installed), name);
  return out;
}

}  // namespace

bool is_dns_label(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return name.front() != '-' && name.back() != '-';
}

Result<LabelNamespaceReport> label_namespaces(ApiClient& client, const LabelNamespaceOptions& options) {
  LabelNamespaceReport report;
  std::string selector(kRevisionLabel);
  auto hooks = client.list_mutating_webhooks(selector);
  InstalledRevisions installed;
  if (hooks) installed = installed_revisions(*hooks);
  const LabelRequest& request = options.request;
  if (request.action == LabelAction::kRevision) {
    if (!hooks) return hooks.error().with_context("cannot check that revision \"" + request.revision + "\" exists");
    if (!installed.has(request.revision)) {
      return make_error(ErrorKind::kNotFound,
                        "revision \"" + request.revision + "\" is not installed: no MutatingWebhookConfiguration "
                        "labelled istio.io/rev or istio.io/tag with that value (installed: " +
                            installed.describe() + ")");
    }
  } else if (!hooks) {
    report.warnings.push_back("cannot list the sidecar injector webhooks: " + hooks.error().message);
  } else if (request.action == LabelAction::kEnable && !installed.has("default")) {
    report.warnings.push_back("no default sidecar injector (istio.io/rev=default or istio.io/tag=default): pods in "
                              "namespaces labelled istio-injection=enabled will not be injected (installed: " +
                              installed.describe() + ")");
  }
  for (const std::string& name : options.namespaces) report.namespaces.push_back(label_one(client, name, options, installed));
  return report;
}

Result<std::vector<NamespaceInjectionRow>> list_namespace_injection(ApiClient& client,
                                                                    std::vector<std::string>* warnings) {
  TRY_ASSIGN(std::vector<Json> namespaces, client.list_namespaces());
  std::string selector(kRevisionLabel);
  auto hooks = client.list_mutating_webhooks(selector);
  InstalledRevisions installed;
  if (hooks) {
    installed = installed_revisions(*hooks);
  } else if (warnings != nullptr) {
    warnings->push_back("cannot list the sidecar injector webhooks (tags are not resolved): " + hooks.error().message);
  }
  std::vector<NamespaceInjectionRow> rows;
  for (const Json& ns : namespaces) {
    Json labels = labels_of(ns);
    NamespaceInjection state = namespace_injection(labels);
    NamespaceInjectionRow row;
    row.name = name_of(ns);
    row.injection = state.state_text();
    row.ambient = state.ambient;
    row.revision = state.revision.empty() ? "-" : revision_text(state.revision, installed);
    if (labels.contains(std::string(kInjectionLabel))) {
      row.label = std::string(kInjectionLabel) + "=" + yaml::string_field_or(labels, std::string(kInjectionLabel));
    } else if (labels.contains(std::string(kRevisionLabel))) {
      row.label = std::string(kRevisionLabel) + "=" + yaml::string_field_or(labels, std::string(kRevisionLabel));
    } else {
      row.label = "-";
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return rows;
}

std::string format_injection_table(const std::vector<NamespaceInjectionRow>& rows) {
  std::vector<std::vector<std::string>> cells = {{"NAMESPACE", "INJECTION", "REVISION", "LABEL"}};
  for (const auto& r : rows) {
    cells.push_back({r.name, r.injection + (r.ambient ? " (ambient)" : ""), r.revision, r.label});
  }
  std::vector<std::size_t> width(4, 0);
  for (const auto& line : cells) {
    for (std::size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
  }
  std::string out;
  for (const auto& line : cells) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      text += line[i];
      if (i + 1 < line.size()) text += std::string(width[i] - line[i].size() + 3, ' ');
    }
    out += text + "\n";
  }
  return out;
}

Json injection_rows_json(const std::vector<NamespaceInjectionRow>& rows) {
  Json out = Json::array();
  for (const auto& r : rows) {
    out.push_back({{"namespace", r.name}, {"injection", r.injection}, {"revision", r.revision}, {"label", r.label},
                   {"ambient", r.ambient}});
  }
  return out;
}

}  // namespace sidecarctl::kube
