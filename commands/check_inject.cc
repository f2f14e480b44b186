// The `check-inject` subcommand (istioctl x check-inject): gathers the pod, its namespace, the
// MutatingWebhookConfigurations and the injector ConfigMap from files, the cluster or both, and
// prints src/webhook/check_inject.h's verdicts.
#include "webhook/check_inject.h"

#include <fmt/format.h>

#include <iostream>

#include "commands/cluster.h"
#include "commands/subcommands.h"
#include "yaml/document.h"
#include "yaml/emit.h"
#include "yaml/json_fields.h"

namespace sidecarctl::commands {
namespace {

struct CheckInjectFlags {
  std::vector<std::string> targets;
  std::string labels;
  std::vector<std::string> files;
  bool offline = false;
  std::string output;
  bool verbose = false;
};

Result<std::vector<kube::Json>> read_files(Context& ctx, const std::vector<std::string>& files) {
  std::string stdin_text;
  for (const std::string& f : files) {
    if (f != "-") continue;
    auto text = read_standard_input(ctx);
    if (!text) return text.error();
    stdin_text = std::move(*text);
  }
  yaml::LoadOptions load;
  load.duplicate_keys_last_wins = true;
  auto docs = yaml::load_inputs(files, false, stdin_text, load);
  if (!docs) return docs.error();
  std::vector<kube::Json> objects;
  for (auto& d : *docs) {
    for (const auto& w : d.warnings) report_warning(ctx, w);
    if (d.value.is_null()) continue;
    if (!d.value.is_object() || !d.value.contains("kind")) {
      return make_error(ErrorKind::kInvalidInput, "not a Kubernetes object (no kind)", d.loc());
    }
    objects.push_back(std::move(d.value));
  }
  return objects;
}

// With files and no target: the one pod or workload they hold.
Result<std::string> only_workload(const webhook::FileSource& files) {
  auto workloads = files.workloads();
  if (workloads.size() != 1) {
    return make_error(
        ErrorKind::kUsage,
        fmt::format("the files hold {} pods and workloads: name one ([TYPE/]NAME[.NAMESPACE]) or give "
                    "--labels",
                    workloads.size()));
  }
  const kube::Json& w = *workloads.front();
  const kube::Json& meta = yaml::object_field_or_empty(w, "metadata");
  if (yaml::string_field_or(meta, "name").empty()) {
    return make_error(ErrorKind::kInvalidInput, fmt::format("the {} in the files has no metadata.name",
                                                            yaml::string_field_or(w, "kind")));
  }
  return fmt::format("{}/{}.{}", yaml::string_field_or(w, "kind"), yaml::string_field_or(meta, "name"),
                     yaml::string_field_or(meta, "namespace"));
}

int run(Context& ctx, const CheckInjectFlags& flags) {
  if (flags.targets.size() > 1 || (flags.targets.empty() && flags.labels.empty() && flags.files.empty())) {
    return report_error(
        ctx, make_error(ErrorKind::kUsage,
                        "check-inject requires only [<resource-type>/]<resource-name>[.<namespace>], "
                        "or specify labels flag"));
  }
  if (!flags.targets.empty() && !flags.labels.empty()) {
    return report_error(ctx, make_error(ErrorKind::kUsage, "give a pod or workload, or --labels, not both"));
  }
  webhook::CheckInjectRequest request;
  request.istio_namespace = ctx.globals.istio_namespace;
  request.ns = ctx.globals.namespace_;
  if (!flags.labels.empty()) {
    auto labels = kube::parse_label_pairs(flags.labels);
    if (!labels) return report_error(ctx, labels.error());
    request.labels = std::move(*labels);
  }
  auto objects = read_files(ctx, flags.files);
  if (!objects) return report_error(ctx, objects.error());
  bool offline = flags.offline || webhook::FileSource(*objects, "default").webhook_count() > 0;
  std::unique_ptr<kube::ApiClient> client;
  if (!offline) {
    auto connected = connect_cluster(ctx, flags.verbose);
    if (!connected) return report_error(ctx, connected.error());
    client = std::move(*connected);
    if (request.ns.empty()) request.ns = client->config().namespace_;
  }
  if (request.ns.empty()) request.ns = "default";
  webhook::FileSource files(std::move(*objects), request.ns);
  if (flags.targets.empty() && !request.labels) {
    auto target = only_workload(files);
    if (!target) return report_error(ctx, target.error());
    request.target = *target;
  } else if (!flags.targets.empty()) {
    request.target = flags.targets.front();
  }
  std::vector<std::string> warnings;
  Result<webhook::CheckInjectReport> report = make_error(ErrorKind::kInternal, "no source");
  if (offline) {
    report = webhook::check_inject(files, request, warnings);
  } else {
    webhook::ClusterSource cluster(*client);
    webhook::LayeredSource layered(files, cluster);
    report = webhook::check_inject(layered, request, warnings);
  }
  for (const auto& w : warnings) report_warning(ctx, w);
  if (!report) return report_error(ctx, report.error());
  if (flags.output.empty()) {
    ctx.out << webhook::format_text(*report);
  } else {
    kube::Json data = webhook::report_json(*report);
    ctx.out << (flags.output == "json" ? yaml::to_json(data, 2) + "\n" : yaml::to_yaml(data));
  }
  return kExitOk;
}

}  // namespace

void add_check_inject(CLI::App& root, Context& ctx) {
  auto flags = std::make_shared<CheckInjectFlags>();
  CLI::App* sub = root.add_subcommand(
      "check-inject",
      "Check whether a pod, a workload or labels would be injected, by which webhook, and why");
  sub->add_option("TARGET", flags->targets,
                  "[TYPE/]NAME[.NAMESPACE]: a pod, or deploy/, sts/, ds/, rs/, rc/, job/, cj/");
  sub->add_option("-l,--labels", flags->labels,
                  "A pod with these labels (key=value,...) in the namespace (-n)");
  sub->add_option(
         "-f,--filename", flags->files,
         "Manifests holding the pod or workload, Namespaces, MutatingWebhookConfigurations and injector "
         "ConfigMaps (files, directories, -; repeatable); offline when they hold a "
         "MutatingWebhookConfiguration")
      ->allow_extra_args(false);
  sub->add_flag("--offline", flags->offline, "Never contact a cluster: everything comes from -f");
  sub->add_option("-o,--output", flags->output, "json or yaml instead of the table")
      ->check(CLI::IsMember({"json", "yaml"}));
  sub->add_flag("-v,--verbose", flags->verbose, "Log API requests on stderr (credentials redacted)");
  sub->footer(
      "Examples:\n"
      "  sidecarctl check-inject web-5d8f9-x2x7k -n shop\n"
      "  sidecarctl check-inject deploy/web.shop\n"
      "  sidecarctl check-inject -n shop -l app=web,version=v1\n"
      "  sidecarctl check-inject -f cluster-objects.yaml deploy/web -n shop -o json\n");
  sub->callback([&ctx, flags] { ctx.exit_code = run(ctx, *flags); });
}

}  // namespace sidecarctl::commands
