// The `kube-inject` subcommand: istioctl kube-inject, offline with files or embedded defaults.
#include <fmt/format.h>

#include <optional>
#include <sstream>

#include "base/available_cores.h"
#include "base/file_io.h"
#include "base/output.h"
#include "commands/inject_settings.h"
#include "commands/subcommands.h"
#include "inject/injector.h"
#include "inject/parallel_stream.h"
#include "inject/settings.h"
#include "inject/stream.h"
#include "kube/duration.h"
#include "kube/http_transport.h"
#include "yaml/document.h"

namespace sidecarctl::commands {
namespace {

struct KubeInjectOptions {
  std::vector<std::string> filenames;
  bool recursive = false;
  std::string output;
  InjectSettingsOptions settings;
  bool show_config = false;
  bool uninject = false;
  bool webhook_policy = false;
  int jobs = 0;  // documents injected in parallel (0: one per core)
};

bool is_url(const std::string& name) { return name.rfind("http://", 0) == 0 || name.rfind("https://", 0) == 0; }

// Standard input and every URL among the inputs, by the name given with -f.
Result<yaml::InputTexts> input_texts(const KubeInjectOptions& opts, Context& ctx) {
  yaml::InputTexts texts;
  kube::FetchOptions fetch;
  TRY_ASSIGN(fetch.timeout, kube::parse_duration(ctx.globals.kubeclient_timeout));
  // As Go's net/http: SSL_CERT_FILE / SSL_CERT_DIR replace the system CAs; proxies from the environment.
  fetch.ca_file = ctx.env.get_or("SSL_CERT_FILE", "");
  fetch.ca_dir = ctx.env.get_or("SSL_CERT_DIR", "");
  for (const auto& f : opts.filenames) {
    if (f == "-" && !texts.contains(f)) {
      TRY_ASSIGN(texts[f], read_standard_input(ctx));
    } else if (is_url(f) && !texts.contains(f)) {
      kube::EnvironmentProxy proxy = kube::proxy_from_environment(f, ctx.env);
      fetch.proxy_url = std::move(proxy.url);
      fetch.no_proxy = std::move(proxy.no_proxy);
      TRY_ASSIGN(texts[f], kube::fetch_url(f, fetch));
    }
  }
  return texts;
}

Result<void> run(const KubeInjectOptions& opts, Context& ctx) {
  if (opts.filenames.empty() && !opts.show_config) {
    return make_error(ErrorKind::kUsage, "filename not specified (see --filename or -f)");
  }
  TRY_ASSIGN(std::string native, native_sidecars_mode(opts.settings, ctx));
  std::optional<InjectCluster> cluster = settings_cluster(opts.settings, ctx);
  InjectCluster* source = cluster ? &*cluster : nullptr;
  if (opts.jobs < 0) return make_error(ErrorKind::kUsage, "--jobs must not be negative, got " + std::to_string(opts.jobs));
  inject::Settings settings;
  if (!opts.uninject || opts.show_config) {
    TRY_ASSIGN(settings, load_inject_settings(opts.settings, ctx, source));
  }
  if (opts.show_config) {
    ctx.out << inject::show_config(settings);
    return {};
  }

  TRY_ASSIGN(yaml::InputTexts texts, input_texts(opts, ctx));
  std::optional<inject::Injector> injector;
  if (!opts.uninject) {
    inject::NativeSidecarSupport support = native_sidecar_decision(native, source);
    for (const auto& w : support.warnings) report_warning(ctx, w);
    TRY_ASSIGN(auto created,
               make_injector(opts.settings, ctx, source, std::move(settings), std::move(support), opts.webhook_policy));
    injector.emplace(std::move(created));
  }

  // Documents read, injected, written out in input order and freed, several at a time with --jobs.
  // The output reaches -o (atomically) or standard output only once every document has succeeded.
  OutputSpool spool;
  std::optional<AtomicFile> file;
  auto write = [&](std::string_view text) -> Result<void> {
    if (opts.output.empty()) return spool.write(text);
    if (!file) {
      TRY_ASSIGN(AtomicFile created, AtomicFile::create(opts.output));
      file.emplace(std::move(created));
    }
    return file->write(text);
  };
  inject::StreamOptions stream;
  stream.jobs = opts.jobs == 0 ? available_cores() : opts.jobs;
  stream.load.positions = false;  // only an error needs them: process_document then parses again
  stream.load.duplicate_keys_last_wins = true;  // as istioctl reads manifests, with a warning
  const auto mode = opts.uninject ? inject::StreamMode::kUninject : inject::StreamMode::kInject;
  std::vector<std::string> warnings;
  TRY(inject::process_inputs(opts.filenames, opts.recursive, texts, stream, injector ? &*injector : nullptr, mode,
                             warnings, write));
  if (opts.output.empty()) {
    TRY(spool.copy_to(ctx.out));
  } else {
    TRY(write(""));  // an empty output still replaces the file
    TRY(file->commit());
  }
  if (!warnings.empty()) ctx.err << "\n";
  for (const auto& w : warnings) ctx.err << w << "\n";
  return {};
}

}  // namespace

void add_kube_inject(CLI::App& root, Context& ctx) {
  auto opts = std::make_shared<KubeInjectOptions>();
  CLI::App* cmd = root.add_subcommand("kube-inject", "Inject the Istio sidecar into Kubernetes workload manifests");
  cmd->add_option("-f,--filename", opts->filenames,
                  "Input Kubernetes resource file, directory, http(s) URL, or - for stdin (repeatable)");
  cmd->add_flag("-R,--recursive", opts->recursive, "Process the directories given with -f recursively");
  cmd->add_option("-o,--output", opts->output, "Modified output Kubernetes resource filename (written atomically)");
  add_settings_source_flags(cmd, opts->settings);
  cmd->add_flag("--show-config", opts->show_config,
                "Print the effective injection config, values and mesh config, then exit");
  cmd->add_flag("--uninject", opts->uninject,
                "Remove the injected sidecar (what the sidecar.istio.io/status annotation lists)");
  cmd->add_flag("--webhook-policy", opts->webhook_policy,
                "Apply the webhook's policy, selectors, defaultTemplates, aliases and injectedAnnotations");
  add_settings_mode_flags(cmd, opts->settings);
  cmd->add_option("-j,--jobs", opts->jobs,
                  "Documents injected in parallel, output in input order (default: the number of cores)");
  cmd->footer(
      "Examples:\n"
      "  # Update resources on the fly before applying.\n"
      "  kubectl apply -f <(sidecarctl kube-inject -f deployment.yaml)\n"
      "  # Inject with the settings of the cluster's canary control plane.\n"
      "  sidecarctl kube-inject -f https://example.com/app.yaml -r canary\n"
      "  # Inject with settings captured from a cluster.\n"
      "  sidecarctl kube-inject -f app.yaml --injectConfigFile inject-config.yaml \\\n"
      "      --valuesFile values.json --meshConfigFile mesh.yaml -o app-injected.yaml\n"
      "  # Save the embedded defaults for editing.\n"
      "  sidecarctl kube-inject --show-config > settings.yaml\n"
      "  # Remove the sidecar again.\n"
      "  sidecarctl kube-inject --uninject -f app-injected.yaml");
  cmd->callback([opts, &ctx] {
    if (auto r = run(*opts, ctx); !r) ctx.exit_code = report_error(ctx, r.error());
  });
}

}  // namespace sidecarctl::commands
