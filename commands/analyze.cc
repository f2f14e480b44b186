// The `analyze` subcommand: istioctl analyze's flags over src/analyze (files, stdin, a live
// cluster through commands/cluster.h).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <sstream>

#include "analyze/cluster_source.h"
#include "analyze/output.h"
#include "analyze/session.h"
#include "base/available_cores.h"
#include "base/kept_until_exit.h"
#include "commands/cluster.h"
#include "commands/subcommands.h"
#include "kube/duration.h"
#include "version/build_info.h"

namespace sidecarctl::commands {

namespace {

struct AnalyzeOptions {
  std::vector<std::string> inputs;
  bool recursive = false;
  std::string output = "log";
  std::vector<std::string> analyzers;
  bool list_analyzers = false;
  std::string mesh_config_file;
  std::string mesh_networks_file;
  std::string output_threshold = "Info";
  std::string failure_threshold = "Error";
  std::vector<std::string> suppress;
  bool use_kube = false;
  bool use_kube_given = false;  // --use-kube on the command line (else: on when no files are given)
  bool all_namespaces = false;
  std::string timeout = "30s";
  bool ignore_unknown = false;
  bool verbose = false;
  int jobs = 0;  // threads reading documents and running analyzers (0: one per core)
};

void list_analyzers(Context& ctx) {
  ctx.out << "Available analyzers:\n";
  for (const auto& entry : analyze::all_analyzers()) {
    if (!entry.registered) continue;
    ctx.out << "* " << entry.analyzer->name() << ":\n    " << entry.analyzer->description() << "\n";
  }
}

// Reads the cluster for live analysis within --timeout; `ns` ("" = all) becomes the context's
// namespace when -n was not given. A progress line goes to stderr when it is a terminal.
Result<analyze::ClusterState> read_cluster(Context& ctx, const AnalyzeOptions& opts,
                                           const std::vector<std::string>& analyzers,
                                           std::chrono::milliseconds time_limit, std::string& ns) {
  // Every request, and the whole read, ends within --timeout.
  auto per_request = kube::parse_duration(ctx.globals.kubeclient_timeout);
  if (time_limit.count() > 0 && per_request.has_value() &&
      (per_request->count() == 0 || *per_request > time_limit))
    ctx.globals.kubeclient_timeout = opts.timeout;
  TRY_ASSIGN(std::unique_ptr<kube::ApiClient> client, connect_cluster(ctx));
  auto started = std::chrono::steady_clock::now();
  if (time_limit.count() > 0) client->set_deadline(started + time_limit);
  if (!opts.all_namespaces && ns.empty()) ns = client->config().namespace_;
  analyze::ClusterQuery query;
  query.kinds = analyze::input_kinds(analyze::select_analyzers(analyzers));
  query.istio_namespace = ctx.globals.istio_namespace;
  query.ns = ns;
  if (ctx.stderr_is_terminal)
    query.progress = [&ctx](const analyze::ClusterProgress& p) {
      ctx.err << "\rReading the cluster: " << p.done << "/" << p.total << " resource types, " << p.objects
              << " objects\033[K" << std::flush;
    };
  auto state = analyze::read_cluster(*client, query);
  if (ctx.stderr_is_terminal) ctx.err << "\r\033[K" << std::flush;
  if (!state.has_value()) {
    if (time_limit.count() > 0 &&
        std::chrono::steady_clock::now() - started + std::chrono::milliseconds(100) >= time_limit)
      return state.error().with_context("reading the cluster took longer than --timeout " + opts.timeout);
    return state.error();
  }
  for (const std::string& w : state->warnings) report_warning(ctx, w);
  if (opts.verbose && !state->skipped.empty()) {
    ctx.err << "Not served by the cluster (skipped):";
    for (const std::string& s : state->skipped) ctx.err << " " << s;
    ctx.err << "\n";
  }
  return state;
}

int run(Context& ctx, const AnalyzeOptions& opts) {
  if (opts.list_analyzers) {
    list_analyzers(ctx);
    return kExitOk;
  }
  analyze::Format format;
  if (!analyze::parse_format(opts.output, format))
    return report_error(ctx, make_error(ErrorKind::kUsage, "--output: unknown format \"" + opts.output +
                                                               "\" (log, json, yaml, sarif, junit, github)"));
  analyze::Level output_level, failure_level;
  if (!analyze::parse_level(opts.output_threshold, output_level))
    return report_error(
        ctx, make_error(ErrorKind::kUsage, "--output-threshold: invalid level \"" + opts.output_threshold +
                                               "\" (Error, Warning, Info)"));
  if (!analyze::parse_level(opts.failure_threshold, failure_level))
    return report_error(
        ctx, make_error(ErrorKind::kUsage, "--failure-threshold: invalid level \"" + opts.failure_threshold +
                                               "\" (Error, Warning, Info)"));
  bool use_kube = opts.use_kube_given ? opts.use_kube : opts.inputs.empty();
  if (!use_kube && opts.inputs.empty())
    return report_error(ctx,
                        make_error(ErrorKind::kUsage, "no input files given (use FILE, DIR or - for stdin)"));
  if (opts.jobs < 0)
    return report_error(
        ctx, make_error(ErrorKind::kUsage, "--jobs must not be negative, got " + std::to_string(opts.jobs)));
  auto time_limit = kube::parse_duration(opts.timeout);
  if (!time_limit.has_value())
    return report_error(ctx, make_error(ErrorKind::kUsage, "--timeout: " + time_limit.error().message));

  analyze::Request request;
  request.paths = opts.inputs;
  request.recursive = opts.recursive;
  request.mesh_config_file = opts.mesh_config_file;
  request.mesh_networks_file = opts.mesh_networks_file;
  request.analyzers = opts.analyzers;
  request.jobs = opts.jobs == 0 ? available_cores() : opts.jobs;
  for (const std::string& s : opts.suppress) {
    auto rule = analyze::parse_suppression(s);
    if (!rule.has_value()) return report_error(ctx, rule.error());
    request.suppressions.push_back(*rule);
  }
  // istioctl's scope: -A all namespaces; else -n, else (live) the context's namespace. Offline
  // without -n we analyze every namespace (CI manifests rarely name one).
  std::string ns = opts.all_namespaces ? "" : ctx.globals.namespace_;
  if (use_kube) {
    auto cluster = read_cluster(ctx, opts, request.analyzers, *time_limit, ns);
    if (!cluster.has_value()) {
      // No kubeconfig at all and no files: the user meant to analyze something else.
      const Error& e = cluster.error();
      if (!opts.use_kube_given && e.kind == ErrorKind::kNotFound &&
          e.message.rfind("no Kubernetes configuration", 0) == 0)
        return report_error(
            ctx, make_error(ErrorKind::kUsage, "nothing to analyze: no input files given and " + e.message));
      return report_error(ctx, e);
    }
    request.cluster = std::move(*cluster);
  }
  request.default_namespace = ns;
  request.only_namespace = ns;
  for (const std::string& p : opts.inputs)
    if (p == "-") {
      auto text = read_standard_input(ctx);
      if (!text) return report_error(ctx, text.error());
      request.stdin_text = std::move(*text);
      break;
    }
  auto report = analyze::run(std::move(request));
  if (!report.has_value()) return report_error(ctx, report.error());
  for (const std::string& w : report->warnings) report_warning(ctx, w);

  int code = kExitOk;
  analyze::RenderOptions render_options;
  for (const Error& e : report->input_errors) {
    if (opts.ignore_unknown) continue;
    report_error(ctx, e);
    render_options.input_errors.push_back(e.to_string());
    code = kExitBadInput;
  }
  // As istioctl: findings at the failure threshold (79) outrank an unparseable input (65).
  if (std::any_of(report->messages.begin(), report->messages.end(),
                  [&](const analyze::Message& m) { return m.type->level <= failure_level; }))
    code = kExitAnalyzeIssues;
  std::string target = ns.empty() ? std::string("all namespaces") : "namespace: " + ns;
  if (opts.verbose) ctx.err << "Analyzed " << report->resources << " resources in " << target << "\n";
  // The documents and resources are left to the process's exit: freeing them takes longer than
  // rendering the messages.
  keep_until_exit(report->keep_alive);
  std::vector<analyze::Message> shown = report->take_at_least(output_level);
  render_options.color =
      format == analyze::Format::kLog && ctx.stdout_is_terminal && !ctx.env.get("NO_COLOR").has_value();
  render_options.tool_version = version::current_build_info().project_version;
  render_options.exit_code = code;
  std::error_code cwd_error;
  render_options.working_directory = std::filesystem::current_path(cwd_error).string();
  analyze::write_rendered(format, shown, render_options, ctx.out);
  if (shown.empty()) {
    // As istioctl: the files when there are any, else the namespace scope.
    std::string what = target;
    if (!opts.inputs.empty()) {
      what.clear();
      for (const std::string& p : opts.inputs) what += (what.empty() ? "" : "\n") + p;
    }
    ctx.err << "\u2714 No validation issues found when analyzing " << what << ".\n";
  }
  return code;
}

}  // namespace

void add_analyze(CLI::App& root, Context& ctx) {
  auto opts = std::make_shared<AnalyzeOptions>();
  CLI::App* cmd = root.add_subcommand("analyze", "Analyze Istio configuration and report IST0xxx messages");
  cmd->add_option("inputs", opts->inputs, "Manifest files, directories, or - for standard input");
  cmd->add_flag("-R,--recursive", opts->recursive, "Descend into subdirectories of directory inputs");
  cmd->add_option("-o,--output", opts->output, "Output format: log, json, yaml, sarif, junit, github")
      ->capture_default_str();
  cmd->add_option("--analyzer", opts->analyzers, "Run only this analyzer (repeatable; see --list-analyzers)")
      ->allow_extra_args(false);
  cmd->add_flag("-L,--list-analyzers", opts->list_analyzers, "List the analyzers and what they check");
  cmd->add_option("--meshConfigFile", opts->mesh_config_file,
                  "MeshConfig file applied over Istio's defaults");
  cmd->add_option("--meshNetworksFile", opts->mesh_networks_file, "MeshNetworks file (networks: ...)");
  cmd->add_option("--output-threshold", opts->output_threshold, "Lowest level printed: Info, Warning, Error")
      ->capture_default_str();
  cmd->add_option("--failure-threshold", opts->failure_threshold,
                  "Lowest level that makes the command exit 79: Info, Warning, Error")
      ->capture_default_str();
  cmd->add_option("-S,--suppress", opts->suppress,
                  "Suppress messages: \"CODE=Kind ns/name\" (globs allowed, repeatable)")
      ->allow_extra_args(false);
  CLI::Option* use_kube =
      cmd->add_flag("-k,--use-kube", opts->use_kube,
                    "Analyze the live cluster (default: when no files are given); "
                    "with files, they override the cluster's resources. --use-kube=false: files only");
  cmd->add_flag("-A,--all-namespaces", opts->all_namespaces,
                "Report on every namespace (default: -n, else the kubeconfig context's namespace)");
  cmd->add_option("--timeout", opts->timeout, "Time limit for reading the cluster (Go duration)")
      ->capture_default_str();
  cmd->add_flag("--ignore-unknown", opts->ignore_unknown, "Do not report files that cannot be parsed");
  cmd->add_flag("-v,--verbose", opts->verbose, "Print more output");
  cmd->add_option("-j,--jobs", opts->jobs,
                  "Threads reading documents and running analyzers; the output is the same for any number "
                  "(default: the number of cores)");
  cmd->footer(
      "Examples:\n"
      "  sidecarctl analyze                               # the live cluster, context's namespace\n"
      "  sidecarctl analyze -A -o json                    # the live cluster, every namespace\n"
      "  sidecarctl analyze -k -n shop new-vs.yaml        # the cluster as if new-vs.yaml were applied\n"
      "  sidecarctl analyze deploy/                       # every manifest in a directory (no cluster)\n"
      "  sidecarctl analyze -R manifests/ -o sarif > analyze.sarif\n"
      "  kubectl get -A -o yaml all | sidecarctl analyze -\n"
      "  sidecarctl analyze --analyzer injection.Analyzer -S \"IST0102=Namespace *\" app.yaml\n"
      "\n"
      "Exit status: 0 no message at the failure threshold, 79 messages at or above it (every\n"
      "output format), 65 a file could not be parsed, 64 bad usage, 1 the cluster could not be read.");
  cmd->callback([&ctx, opts, use_kube] {
    opts->use_kube_given = use_kube->count() > 0;
    ctx.exit_code = run(ctx, *opts);
  });
}

}  // namespace sidecarctl::commands
