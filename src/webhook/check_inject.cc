#include "webhook/check_inject.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <tuple>

#include "inject/policy.h"
#include "inject/settings.h"
#include "kube/workload.h"
#include "yaml/json_fields.h"

namespace sidecarctl::webhook {
namespace {

using kube::LabelMap;

constexpr std::string_view kInjectionLabel = "istio-injection";

const Json& expressions(const Json& selector) {
  static const Json kNone = Json::array();
  if (!selector.is_object()) return kNone;
  auto it = selector.find("matchExpressions");
  return it != selector.end() && it->is_array() ? *it : kNone;
}

std::string string_of(const Json& obj, const char* key) { return yaml::string_field_or(obj, key); }

// istioctl's extractMatchedSelectorInfo: whether a webhook selector matches (a missing selector
// does; an invalid one does not) and, when it does, the first In/NotIn expression's label the
// object carries ("key=value").
struct SelectorMatch {
  bool matched = false;
  std::string label;
};

SelectorMatch match_selector(const Json& selector, const LabelMap& labels) {
  if (selector.is_null()) return {true, ""};
  auto parsed = kube::LabelSelector::parse(selector);
  if (!parsed || !parsed->matches(labels)) return {};
  for (const Json& e : expressions(selector)) {
    std::string op = string_of(e, "operator");
    if (op != "In" && op != "NotIn") continue;
    if (auto l = labels.find(string_of(e, "key")); l != labels.end())
      return {true, l->first + "=" + l->second};
  }
  return {true, ""};
}

const Json& selector_of(const Json& webhook, const char* field) {
  static const Json kNull;
  auto it = webhook.find(field);
  return it == webhook.end() ? kNull : *it;
}

// istioctl's NeverMatch selector, compared as reflect.DeepEqual compares the decoded structs.
bool is_never_match(const Json& selector) {
  if (!selector.is_object()) return false;
  auto ml = selector.find("matchLabels");
  auto me = selector.find("matchExpressions");
  return ml != selector.end() && *ml == Json{{"istio.io/deactivated", "never-match"}} &&
         (me == selector.end() || me->is_null());
}

// istioctl's noMatchingReason.
std::string no_match_reason(const Json& webhooks) {
  std::vector<std::string> ns_labels;
  std::vector<std::string> pod_labels;
  bool deactivated = false;
  auto in_labels = [](const Json& selector, std::vector<std::string>& out) {
    for (const Json& e : expressions(selector)) {
      if (string_of(e, "operator") != "In") continue;
      auto values = e.find("values");
      if (values == e.end() || !values->is_array()) continue;
      for (const Json& v : *values) {
        out.push_back(string_of(e, "key") + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
      }
    }
  };
  for (const Json& wh : webhooks) {
    if (is_never_match(selector_of(wh, "namespaceSelector")) &&
        is_never_match(selector_of(wh, "objectSelector"))) {
      deactivated = true;
    }
    in_labels(selector_of(wh, "namespaceSelector"), ns_labels);
    in_labels(selector_of(wh, "objectSelector"), pod_labels);
  }
  if (deactivated) return "The injection webhook is deactivated, and will never match labels.";
  return fmt::format("No matching namespace labels ({}) or pod labels ({})", fmt::join(ns_labels, ", "),
                     fmt::join(pod_labels, ", "));
}

// A pod label that an objectSelector's DoesNotExist or NotIn expression refuses.
std::optional<std::string> refusing_pod_label(const Json& object_selector, const LabelMap& pod_labels) {
  for (const Json& e : expressions(object_selector)) {
    std::string op = string_of(e, "operator");
    auto l = pod_labels.find(string_of(e, "key"));
    if (l == pod_labels.end()) continue;
    if (op == "DoesNotExist") return l->first + "=" + l->second;
    if (op != "NotIn") continue;
    auto values = e.find("values");
    if (values != e.end() && values->is_array() &&
        std::find(values->begin(), values->end(), Json(l->second)) != values->end()) {
      return l->first + "=" + l->second;
    }
  }
  return std::nullopt;
}

// istioctl's analyzeWebhooksMatchStatus over the webhooks of one configuration.
std::pair<bool, std::string> match_status(const Json& webhooks, const LabelMap& pod_labels,
                                          const LabelMap& ns_labels) {
  for (const Json& wh : webhooks) {
    SelectorMatch ns = match_selector(selector_of(wh, "namespaceSelector"), ns_labels);
    SelectorMatch pod = match_selector(selector_of(wh, "objectSelector"), pod_labels);
    if (ns.matched && pod.matched) {
      if (!ns.label.empty() && !pod.label.empty()) {
        return {true,
                fmt::format("Namespace label {} matches, and pod label {} matches", ns.label, pod.label)};
      }
      if (!ns.label.empty()) {
        std::string reason = fmt::format("Namespace label {} matches", ns.label);
        if (ns.label.find("kubernetes.io/metadata.name") != std::string::npos) {
          reason += " (Automatic injection is enabled in all namespaces).";
        }
        return {true, reason};
      }
      if (!pod.label.empty()) return {true, fmt::format("Pod label {} matches", pod.label)};
    } else if (ns.matched) {
      if (auto label = refusing_pod_label(selector_of(wh, "objectSelector"), pod_labels)) {
        return {false, fmt::format("Pod has {} label, preventing injection", *label)};
      }
    } else if (pod.matched) {
      auto l = ns_labels.find(std::string(kInjectionLabel));
      if (l != ns_labels.end() && l->second != "enabled") {
        return {false,
                fmt::format("Namespace has {}={} label, preventing injection", kInjectionLabel, l->second)};
      }
    }
  }
  return {false, no_match_reason(webhooks)};
}

bool is_istio_webhook(const Json& configuration) {
  auto webhooks = configuration.find("webhooks");
  if (webhooks == configuration.end() || !webhooks->is_array()) return false;
  return std::any_of(webhooks->begin(), webhooks->end(), [](const Json& wh) {
    std::string name = string_of(wh, "name");
    return name.size() >= 8 && name.compare(name.size() - 8, 8, "istio.io") == 0;
  });
}

// kubectl's podutils.ByLogging, shortened: pods on a node first, running ones first, then the newest.
const Json* first_pod(const std::vector<const Json*>& pods) {
  auto rank = [](const Json* p) {
    const Json& spec = yaml::object_field_or_empty(*p, "spec");
    const Json& status = yaml::object_field_or_empty(*p, "status");
    std::string phase = string_of(status, "phase");
    int phase_rank = phase == "Running" ? 0 : phase == "Unknown" ? 1 : phase == "Pending" ? 2 : 3;
    return std::make_tuple(string_of(spec, "nodeName").empty() ? 1 : 0, phase_rank);
  };
  auto better = [&](const Json* a, const Json* b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    const Json& ma = yaml::object_field_or_empty(*a, "metadata");
    const Json& mb = yaml::object_field_or_empty(*b, "metadata");
    std::string ca = string_of(ma, "creationTimestamp"), cb = string_of(mb, "creationTimestamp");
    if (ca != cb) return ca > cb;
    return string_of(ma, "name") < string_of(mb, "name");
  };
  return pods.empty() ? nullptr : *std::min_element(pods.begin(), pods.end(), better);
}

// The selector of a workload: spec.selector (a LabelSelector; a plain map for a
// ReplicationController), else its pod template's labels as the API server defaults them.
Json workload_selector(const Json& workload, const Json& template_labels) {
  const Json& spec = yaml::object_field_or_empty(workload, "spec");
  auto it = spec.find("selector");
  if (it == spec.end() || !it->is_object() || it->empty()) return {{"matchLabels", template_labels}};
  if (string_of(workload, "kind") == "ReplicationController") return {{"matchLabels", *it}};
  return *it;
}

struct Subject {
  std::string description;
  Json metadata = Json::object();
  Json spec = Json::object();
};

Result<Subject> resolve_subject(ObjectSource& source, const CheckInjectRequest& request,
                                std::vector<std::string>& warnings) {
  Subject out;
  if (request.labels) {
    std::vector<std::string> pairs;
    Json labels = Json::object();
    for (const auto& [k, v] : *request.labels) {
      pairs.push_back(k + "=" + v);
      labels[k] = v;
    }
    out.description = fmt::format("labels {} in namespace {}", fmt::join(pairs, ","), request.ns);
    out.metadata = {{"namespace", request.ns}, {"labels", labels}};
    return out;
  }
  auto target = parse_target(request.target, request.ns);
  if (!target) return target.error();
  auto object = source.get(target->kind, target->ns, target->name);
  if (!object) return object.error();
  if (!object->has_value()) {
    return make_error(ErrorKind::kNotFound, target_not_found(*target));
  }
  const Json& obj = **object;
  if (target->kind == "Pod") {
    out.description = fmt::format("pod {}/{}", target->ns, target->name);
    out.metadata = yaml::object_field_or_empty(obj, "metadata");
    out.spec = yaml::object_field_or_empty(obj, "spec");
    return out;
  }
  const Json* tmpl = kube::find_pod_template(obj);
  if (tmpl == nullptr) {
    return make_error(ErrorKind::kInvalidInput,
                      fmt::format("{} {}/{} has no pod template", target->kind, target->ns, target->name));
  }
  const Json& tmpl_meta = yaml::object_field_or_empty(*tmpl, "metadata");
  auto selector =
      kube::LabelSelector::parse(workload_selector(obj, yaml::object_field_or_empty(tmpl_meta, "labels")));
  if (!selector) {
    return selector.error().with_context(
        fmt::format("{} {}/{}: spec.selector", target->kind, target->ns, target->name));
  }
  auto pods = source.pods(target->ns);
  if (!pods) return pods.error();
  std::vector<const Json*> selected;
  for (const Json& p : *pods) {
    if (selector->matches(kube::label_map(
            yaml::object_field_or_empty(yaml::object_field_or_empty(p, "metadata"), "labels")))) {
      selected.push_back(&p);
    }
  }
  if (const Json* pod = first_pod(selected)) {
    const Json& meta = yaml::object_field_or_empty(*pod, "metadata");
    out.description =
        fmt::format("pod {}/{} of {} {}", target->ns, string_of(meta, "name"), target->kind, target->name);
    out.metadata = meta;
    out.spec = yaml::object_field_or_empty(*pod, "spec");
    return out;
  }
  if (!source.offline()) {
    warnings.push_back(fmt::format("no pod of {} {}/{} found: checking its pod template", target->kind,
                                   target->ns, target->name));
  }
  out.description = fmt::format("{} {}/{} (pod template)", target->kind, target->ns, target->name);
  out.metadata = tmpl_meta;
  out.metadata["namespace"] = target->ns;
  out.spec = yaml::object_field_or_empty(*tmpl, "spec");
  return out;
}

// The labels of namespace `ns`; kubernetes.io/metadata.name is always there, as the API server sets it.
Result<LabelMap> namespace_labels(ObjectSource& source, const std::string& ns,
                                  std::vector<std::string>& warnings) {
  auto object = source.get("Namespace", "", ns);
  if (!object) return object.error();
  LabelMap labels;
  if (object->has_value()) {
    labels = kube::label_map(
        yaml::object_field_or_empty(yaml::object_field_or_empty(**object, "metadata"), "labels"));
  } else if (source.offline()) {
    warnings.push_back(fmt::format("namespace {} is not in the files: assuming it has no labels", ns));
  } else {
    return make_error(ErrorKind::kNotFound, fmt::format("namespaces \"{}\" not found", ns));
  }
  labels.emplace("kubernetes.io/metadata.name", ns);
  return labels;
}

// The injector policy of the revision whose configuration injects.
std::optional<PolicyVerdict> check_policy(ObjectSource& source, const CheckInjectRequest& request,
                                          const Subject& subject, const std::string& revision,
                                          std::vector<std::string>& warnings) {
  PolicyVerdict verdict;
  verdict.revision = revision.empty() ? "default" : revision;
  std::string name =
      verdict.revision == "default" ? "istio-sidecar-injector" : "istio-sidecar-injector-" + verdict.revision;
  verdict.config_map = request.istio_namespace + "/" + name;
  auto cm = source.get("ConfigMap", request.istio_namespace, name);
  if (!cm || !cm->has_value()) {
    warnings.push_back(fmt::format("injector policy not checked: ConfigMap {} {}", verdict.config_map,
                                   cm ? "not found" : "unreadable: " + cm.error().message));
    return std::nullopt;
  }
  const Json& data = yaml::object_field_or_empty(**cm, "data");
  auto config = inject::parse_inject_config(string_of(data, "config"), "ConfigMap " + verdict.config_map);
  if (!config) {
    warnings.push_back("injector policy not checked: " + config.error().to_string());
    return std::nullopt;
  }
  Json metadata = subject.metadata;
  metadata["namespace"] = request.ns;
  auto decision = inject::injection_decision(metadata, subject.spec, *config);
  verdict.injected = decision.inject;
  verdict.reason = decision.reason;
  return verdict;
}

// istioctl's table cell: fatih/color wraps a colored value in SGR codes, which count in the column
// width (bytes) while the padding counts the value's runes.
struct Cell {
  std::string value;
  int color = 0;  // 31 red, 32 green, 0 none

  std::string text() const { return color == 0 ? value : fmt::format("\x1b[{}m{}\x1b[0m", color, value); }
};

std::size_t runes(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string table(const std::vector<std::vector<Cell>>& rows) {
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].text().size());
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += row[i].text();
      if (i + 1 == row.size()) {
        out += '\n';
      } else {
        out.append(widths[i] + 2 - std::min(widths[i] + 2, runes(row[i].value)), ' ');
      }
    }
  }
  return out;
}

}  // namespace

bool CheckInjectReport::injected() const {
  auto count =
      std::count_if(webhooks.begin(), webhooks.end(), [](const WebhookVerdict& v) { return v.injected; });
  return count == 1 && (!policy || policy->injected);
}

Result<CheckInjectReport> check_inject(ObjectSource& source, const CheckInjectRequest& request,
                                       std::vector<std::string>& warnings) {
  auto subject = resolve_subject(source, request, warnings);
  if (!subject) return subject.error();
  CheckInjectReport report;
  report.subject = subject->description;
  report.ns = string_of(subject->metadata, "namespace");
  report.pod_metadata = subject->metadata;
  auto ns_labels = namespace_labels(source, report.ns, warnings);
  if (!ns_labels) return ns_labels.error();
  report.ns_labels = *ns_labels;
  auto configurations = source.webhook_configurations();
  if (!configurations) return configurations.error();
  LabelMap pod_labels = kube::label_map(yaml::object_field_or_empty(subject->metadata, "labels"));
  report.webhooks = check_webhooks(*configurations, pod_labels, report.ns_labels);
  std::vector<const WebhookVerdict*> injecting;
  for (const auto& v : report.webhooks) {
    if (v.injected) injecting.push_back(&v);
  }
  if (injecting.size() == 1) {
    CheckInjectRequest policy_request = request;
    policy_request.ns = report.ns;
    report.policy = check_policy(source, policy_request, *subject, injecting.front()->revision, warnings);
  }
  return report;
}

std::string format_text(const CheckInjectReport& report) {
  if (report.webhooks.empty()) return "ERROR: no Istio injection hooks present.\n";
  std::vector<std::vector<Cell>> rows = {{{"WEBHOOK"}, {"REVISION"}, {"INJECTED"}, {"REASON"}}};
  int injected = 0;
  for (const auto& v : report.webhooks) {
    injected += v.injected ? 1 : 0;
    rows.push_back({{v.name}, {v.revision}, v.injected ? Cell{"✔", 32} : Cell{"✘", 31}, {v.reason}});
  }
  std::string out = table(rows);
  // istioctl leaves this line without its newline; we end it.
  if (injected > 1) out += "ERROR: multiple webhooks will inject, which can lead to errors\n";
  if (report.policy) {
    out += fmt::format("Injector policy of revision {} (ConfigMap {}): {} ({})\n", report.policy->revision,
                       report.policy->config_map, report.policy->injected ? "injects" : "does not inject",
                       report.policy->reason);
  }
  return out;
}

Json report_json(const CheckInjectReport& report) {
  Json webhooks = Json::array();
  Json injected_by = Json::array();
  for (const auto& v : report.webhooks) {
    webhooks.push_back(
        {{"name", v.name}, {"revision", v.revision}, {"injected", v.injected}, {"reason", v.reason}});
    if (v.injected) injected_by.push_back(v.name);
  }
  Json policy = nullptr;
  if (report.policy) {
    policy = {{"configMap", report.policy->config_map},
              {"revision", report.policy->revision},
              {"injected", report.policy->injected},
              {"reason", report.policy->reason}};
  }
  return {{"subject", report.subject},
          {"namespace", report.ns},
          {"podLabels", yaml::object_field_or_empty(report.pod_metadata, "labels")},
          {"namespaceLabels", report.ns_labels},
          {"webhooks", webhooks},
          {"injectedBy", injected_by},
          {"policy", policy},
          {"injected", report.injected()}};
}

std::vector<WebhookVerdict> check_webhooks(const std::vector<Json>& configurations,
                                           const LabelMap& pod_labels, const LabelMap& ns_labels) {
  std::vector<WebhookVerdict> out;
  for (const Json& mwc : configurations) {
    if (!is_istio_webhook(mwc)) continue;
    const Json& meta = yaml::object_field_or_empty(mwc, "metadata");
    WebhookVerdict v;
    v.name = string_of(meta, "name");
    v.revision = string_of(yaml::object_field_or_empty(meta, "labels"), "istio.io/rev");
    std::tie(v.injected, v.reason) = match_status(mwc["webhooks"], pod_labels, ns_labels);
    out.push_back(std::move(v));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace sidecarctl::webhook
