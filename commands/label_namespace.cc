// The `label-namespace` subcommand: options, flag wiring, and printing of src/kube's results.
#include <iostream>

#include "commands/cluster.h"
#include "commands/subcommands.h"
#include "kube/label_namespace.h"
#include "yaml/emit.h"

namespace sidecarctl::commands {
namespace {

struct LabelNamespaceFlags {
  std::vector<std::string> namespaces;
  std::string revision;
  bool disable = false;
  bool remove = false;
  bool overwrite = false;
  bool list = false;
  bool verbose = false;
  std::string dry_run = "none";
  std::string output;
};

std::string render(const kube::Json& value, const std::string& format) {
  return format == "json" ? yaml::to_json(value, 4) + "\n" : yaml::to_yaml(value);
}

int run_list(Context& ctx, const LabelNamespaceFlags& flags) {
  auto client = connect_cluster(ctx, flags.verbose);
  if (!client) return report_error(ctx, client.error());
  std::vector<std::string> warnings;
  auto rows = kube::list_namespace_injection(**client, &warnings);
  for (const auto& w : warnings) report_warning(ctx, w);
  if (!rows) return report_error(ctx, rows.error());
  if (flags.output.empty()) {
    ctx.out << kube::format_injection_table(*rows);
  } else {
    ctx.out << render(kube::injection_rows_json(*rows), flags.output);
  }
  return kExitOk;
}

int run(Context& ctx, const LabelNamespaceFlags& flags) {
  int modes = (flags.revision.empty() ? 0 : 1) + (flags.disable ? 1 : 0) + (flags.remove ? 1 : 0);
  if (modes > 1) {
    return report_error(ctx, make_error(ErrorKind::kUsage, "--revision, --disable and --remove exclude each other"));
  }
  if (flags.list) {
    if (!flags.namespaces.empty() || modes > 0 || flags.overwrite || flags.dry_run != "none") {
      return report_error(ctx, make_error(ErrorKind::kUsage, "--list takes no namespaces and no labeling flags"));
    }
    return run_list(ctx, flags);
  }
  if (flags.namespaces.empty()) {
    return report_error(ctx, make_error(ErrorKind::kUsage, "give at least one NAMESPACE (or --list)"));
  }
  kube::LabelNamespaceOptions options;
  options.namespaces = flags.namespaces;
  options.request.overwrite = flags.overwrite;
  options.request.revision = flags.revision;
  options.request.action = !flags.revision.empty() ? kube::LabelAction::kRevision
                           : flags.disable          ? kube::LabelAction::kDisable
                           : flags.remove           ? kube::LabelAction::kRemove
                                                    : kube::LabelAction::kEnable;
  options.dry_run = flags.dry_run == "client"   ? kube::DryRun::kClient
                    : flags.dry_run == "server" ? kube::DryRun::kServer
                                                : kube::DryRun::kNone;
  auto client = connect_cluster(ctx, flags.verbose);
  if (!client) return report_error(ctx, client.error());
  auto report = kube::label_namespaces(**client, options);
  if (!report) return report_error(ctx, report.error());
  for (const auto& w : report->warnings) report_warning(ctx, w);
  // With -o the objects go to stdout and the advice to stderr, so the output stays parseable.
  std::ostream& text = flags.output.empty() ? ctx.out : ctx.err;
  int exit_code = kExitOk;
  kube::Json objects = kube::Json::array();
  for (const auto& ns : report->namespaces) {
    for (const auto& w : ns.warnings) report_warning(ctx, w);
    if (ns.error) {
      int code = report_error(ctx, *ns.error);
      if (exit_code == kExitOk) exit_code = code;
      continue;
    }
    text << ns.summary << '\n';
    if (!ns.restarts.empty()) {
      text << "  pods needing a restart to apply the change:\n";
      for (const auto& line : ns.restarts) text << "    " << line << '\n';
    }
    objects.push_back(ns.object);
  }
  if (!flags.output.empty() && !objects.empty()) {
    ctx.out << render(objects.size() == 1 ? objects[0]
                                          : kube::Json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", objects}},
                      flags.output);
  }
  return exit_code;
}

}  // namespace

void add_label_namespace(CLI::App& root, Context& ctx) {
  auto flags = std::make_shared<LabelNamespaceFlags>();
  CLI::App* sub = root.add_subcommand("label-namespace", "Label namespaces for automatic sidecar injection");
  sub->add_option("NAMESPACE", flags->namespaces, "Namespaces to label");
  sub->add_option("-r,--revision", flags->revision,
                  "Label with istio.io/rev=REV (a revision or tag that must exist) instead of istio-injection=enabled");
  sub->add_flag("--disable", flags->disable, "Label with istio-injection=disabled");
  sub->add_flag("--remove", flags->remove, "Remove the istio-injection and istio.io/rev labels");
  sub->add_flag("--overwrite", flags->overwrite, "Change or remove existing injection labels");
  sub->add_option("--dry-run", flags->dry_run, "none, client (send nothing) or server (dryRun=All)")
      ->check(CLI::IsMember({"none", "client", "server"}))
      ->capture_default_str();
  sub->add_option("-o,--output", flags->output, "Print the resulting objects as yaml or json")
      ->check(CLI::IsMember({"yaml", "json"}));
  sub->add_flag("--list", flags->list, "List every namespace's injection state and the revision that injects");
  sub->add_flag("-v,--verbose", flags->verbose, "Log API requests on stderr (credentials redacted)");
  sub->footer(
      "Examples:\n"
      "  sidecarctl label-namespace default                  # istio-injection=enabled\n"
      "  sidecarctl label-namespace shop web --revision canary --overwrite\n"
      "  sidecarctl label-namespace legacy --disable --dry-run=server -o yaml\n"
      "  sidecarctl label-namespace old --remove\n"
      "  sidecarctl label-namespace --list\n");
  sub->callback([&ctx, flags] { ctx.exit_code = run(ctx, *flags); });
}

}  // namespace sidecarctl::commands
