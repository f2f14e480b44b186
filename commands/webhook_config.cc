// The `webhook config` subcommand: prints or applies (server-side apply, field manager sidecarctl)
// the MutatingWebhookConfiguration of src/webhook/webhook_configuration.h.
#include <iostream>

#include "base/file_io.h"
#include "commands/cluster.h"
#include "commands/subcommands.h"
#include "webhook/webhook_configuration.h"
#include "yaml/emit.h"

namespace sidecarctl::commands {
namespace {

struct WebhookConfigFlags {
  webhook::WebhookConfigOptions options;
  std::string service;
  std::string ca_bundle;
  std::string output = "yaml";
  bool apply = false;
  std::string dry_run = "none";
  bool verbose = false;
};

int run(Context& ctx, WebhookConfigFlags& flags) {
  if (!flags.service.empty()) {
    if (auto ok = webhook::parse_service(flags.service, flags.options); !ok)
      return report_error(ctx, ok.error());
  }
  if (flags.dry_run != "none" && !flags.apply) {
    return report_error(ctx, make_error(ErrorKind::kUsage, "--dry-run goes with --apply"));
  }
  if (!flags.ca_bundle.empty()) {
    auto pem = read_file(flags.ca_bundle);
    if (!pem) return report_error(ctx, pem.error());
    flags.options.ca_bundle_pem = std::move(*pem);
    flags.options.ca_bundle_source = flags.ca_bundle;
  }
  auto config = webhook::webhook_configuration(flags.options);
  if (!config) return report_error(ctx, config.error());
  kube::Json shown = *config;
  if (flags.apply) {
    auto client = connect_cluster(ctx, flags.verbose);
    if (!client) return report_error(ctx, client.error());
    kube::WriteOptions write;
    write.force = true;
    write.dry_run = flags.dry_run == "server";
    std::string name = (*config)["metadata"]["name"].get<std::string>();
    auto applied = (*client)->patch(
        "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/" + kube::url_escape(name),
        *config, kube::kApplyPatch, write);
    if (!applied)
      return report_error(ctx, applied.error().with_context("applying MutatingWebhookConfiguration " + name));
    ctx.err << "mutatingwebhookconfiguration.admissionregistration.k8s.io/" << name << " serverside-applied"
            << (write.dry_run ? " (server dry run)" : "") << "\n";
    shown = std::move(*applied);
  }
  ctx.out << (flags.output == "json" ? yaml::to_json(shown, 2) + "\n" : yaml::to_yaml(shown));
  return kExitOk;
}

}  // namespace

void add_webhook_config(CLI::App& webhook, Context& ctx) {
  auto flags = std::make_shared<WebhookConfigFlags>();
  CLI::App* sub = webhook.add_subcommand(
      "config", "Print or apply the MutatingWebhookConfiguration that sends pods to sidecarctl's webhook");
  sub->add_option("--url", flags->options.url, "The webhook's https URL (clientConfig.url)");
  sub->add_option("--service", flags->service,
                  "The webhook's Service as NAMESPACE/NAME[:PORT] (port 443 by default)");
  sub->add_option("--path", flags->options.path, "The path on the Service")->capture_default_str();
  sub->add_option("--ca-bundle", flags->ca_bundle,
                  "PEM file of the CA that signed the webhook's certificate");
  sub->add_option("-r,--revision", flags->options.revision,
                  "Serve pods of this revision (istio.io/rev) only");
  sub->add_option("--failure-policy", flags->options.failure_policy,
                  "What the API server does when the webhook fails")
      ->check(CLI::IsMember({"Fail", "Ignore"}))
      ->capture_default_str();
  sub->add_option("--timeout", flags->options.timeout_seconds,
                  "Seconds the API server waits for the webhook (1-30)")
      ->capture_default_str();
  sub->add_option("-o,--output", flags->output, "yaml or json")
      ->check(CLI::IsMember({"yaml", "json"}))
      ->capture_default_str();
  sub->add_flag("--apply", flags->apply, "Create or update it through the API server (server-side apply)");
  sub->add_option("--dry-run", flags->dry_run, "With --apply: none or server (dryRun=All)")
      ->check(CLI::IsMember({"none", "server"}))
      ->capture_default_str();
  sub->add_flag("-v,--verbose", flags->verbose, "Log API requests on stderr (credentials redacted)");
  sub->footer(
      "Examples:\n"
      "  sidecarctl webhook config --service istio-system/sidecarctl --ca-bundle ca.pem\n"
      "  sidecarctl webhook config --url https://127.0.0.1:15017/inject --ca-bundle ca.pem -r canary "
      "--apply\n");
  sub->callback([&ctx, flags] { ctx.exit_code = run(ctx, *flags); });
}

}  // namespace sidecarctl::commands
