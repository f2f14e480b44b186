// The `analyze` subcommand: istioctl analyze's flags over src/analyze (offline files, stdin).
#include <iterator>
#include <sstream>

#include "analyze/output.h"
#include "analyze/session.h"
#include "commands/subcommands.h"

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
  std::string use_kube = "false";
  bool all_namespaces = false;
  std::string timeout = "30s";
  bool ignore_unknown = false;
  bool verbose = false;
};

void list_analyzers(Context& ctx) {
  ctx.out << "Available analyzers:\n";
  for (const auto& entry : analyze::all_analyzers()) {
    if (!entry.registered) continue;
    ctx.out << "* " << entry.analyzer->name() << ":\n    " << entry.analyzer->description() << "\n";
  }
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
    return report_error(ctx, make_error(ErrorKind::kUsage, "--output-threshold: invalid level \"" +
                                                               opts.output_threshold + "\" (Error, Warning, Info)"));
  if (!analyze::parse_level(opts.failure_threshold, failure_level))
    return report_error(ctx, make_error(ErrorKind::kUsage, "--failure-threshold: invalid level \"" +
                                                               opts.failure_threshold + "\" (Error, Warning, Info)"));
  if (opts.use_kube == "true" || opts.use_kube == "1")
    return report_error(ctx, make_error(ErrorKind::kUsage,
                                        "--use-kube: live cluster analysis is not available in this build; "
                                        "analyze manifest files instead"));
  if (opts.inputs.empty())
    return report_error(ctx, make_error(ErrorKind::kUsage, "no input files given (use FILE, DIR or - for stdin)"));

  analyze::Request request;
  request.paths = opts.inputs;
  request.recursive = opts.recursive;
  request.mesh_config_file = opts.mesh_config_file;
  request.mesh_networks_file = opts.mesh_networks_file;
  request.analyzers = opts.analyzers;
  for (const std::string& s : opts.suppress) {
    auto rule = analyze::parse_suppression(s);
    if (!rule.has_value()) return report_error(ctx, rule.error());
    request.suppressions.push_back(*rule);
  }
  for (const std::string& p : opts.inputs)
    if (p == "-") {
      request.stdin_text.assign(std::istreambuf_iterator<char>(ctx.in), std::istreambuf_iterator<char>());
      break;
    }
  auto report = analyze::run(std::move(request));
  if (!report.has_value()) return report_error(ctx, report.error());

  int code = kExitOk;
  for (const Error& e : report->input_errors) {
    if (opts.ignore_unknown) continue;
    report_error(ctx, e);
    code = kExitBadInput;
  }
  std::vector<analyze::Message> shown = report->at_least(output_level);
  bool color = format == analyze::Format::kLog && ctx.stdout_is_terminal && !ctx.env.get("NO_COLOR").has_value();
  ctx.out << analyze::render(format, shown, color, SIDECARCTL_VERSION);
  if (shown.empty()) {
    std::string target = opts.all_namespaces || ctx.globals.namespace_.empty()
                             ? std::string("all namespaces")
                             : "namespace: " + ctx.globals.namespace_;
    ctx.err << "\u2714 No validation issues found when analyzing " << target << ".\n";
  }
  // An unparseable input (65) outranks the findings (79).
  if (code == kExitOk && !report->at_least(failure_level).empty()) code = kExitAnalyzeIssues;
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
  cmd->add_option("--meshConfigFile", opts->mesh_config_file, "MeshConfig file applied over Istio's defaults");
  cmd->add_option("--meshNetworksFile", opts->mesh_networks_file, "MeshNetworks file (networks: ...)");
  cmd->add_option("--output-threshold", opts->output_threshold, "Lowest level printed: Info, Warning, Error")
      ->capture_default_str();
  cmd->add_option("--failure-threshold", opts->failure_threshold,
                  "Lowest level that makes the command exit 79: Info, Warning, Error")
      ->capture_default_str();
  cmd->add_option("-S,--suppress", opts->suppress,
                  "Suppress messages: \"CODE=Kind ns/name\" (globs allowed, repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--use-kube", opts->use_kube, "Read resources from the cluster too (true/false)")
      ->expected(0, 1)
      ->default_str("false");
  cmd->add_flag("-A,--all-namespaces", opts->all_namespaces, "Analyze every namespace");
  cmd->add_option("--timeout", opts->timeout, "Time limit for cluster reads")->capture_default_str();
  cmd->add_flag("--ignore-unknown", opts->ignore_unknown, "Do not report files that cannot be parsed");
  cmd->add_flag("-v,--verbose", opts->verbose, "Print more output");
  cmd->footer(
      "Examples:\n"
      "  sidecarctl analyze deploy/                       # every manifest in a directory\n"
      "  sidecarctl analyze -R manifests/ -o sarif > analyze.sarif\n"
      "  kubectl get -A -o yaml all | sidecarctl analyze -\n"
      "  sidecarctl analyze --analyzer injection.Analyzer -S \"IST0102=Namespace *\" app.yaml\n"
      "\n"
      "Exit status: 0 no message at the failure threshold, 79 messages at or above it (every\n"
      "output format), 65 a file could not be parsed, 64 bad usage.");
  cmd->callback([&ctx, opts] { ctx.exit_code = run(ctx, *opts); });
}

}  // namespace sidecarctl::commands
