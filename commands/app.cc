// The root command: istioctl's global flags and the list of subcommands.
#include "commands/subcommands.h"

namespace sidecarctl::commands {

void build_app(CLI::App& app, Context& ctx) {
  app.description(
      "sidecarctl: Istio sidecar injection, configuration analysis and iptables preview.\n"
      "Works offline on manifests, or against a cluster through kubeconfig.");
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  GlobalOptions& g = ctx.globals;
  app.add_option("-c,--kubeconfig", g.kubeconfig, "Kubernetes configuration file");
  app.add_option("--context", g.context, "Kubernetes configuration context");
  app.add_option("-n,--namespace", g.namespace_, "Kubernetes namespace");
  app.add_option("-i,--istioNamespace", g.istio_namespace, "Istio system namespace")
      ->capture_default_str();
  app.add_option("--as", g.as, "Username to impersonate for the operation");
  app.add_option("--as-group", g.as_groups, "Group to impersonate for the operation (repeatable)");
  app.add_option("--as-uid", g.as_uid, "UID to impersonate for the operation");
  app.add_option("--kubeclient-timeout", g.kubeclient_timeout, "Kubernetes client timeout (e.g. 15s, 1m)")
      ->capture_default_str();

  add_kube_inject(app, ctx);
  add_label_namespace(app, ctx);
  add_analyze(app, ctx);
  add_iptables_preview(app, ctx);
  add_template(app, ctx);
  add_version(app, ctx);
  add_check_inject(app, ctx);
  add_webhook(app, ctx);
  add_completion(app, ctx);
  // Like istioctl's persistent flags, the global flags may also follow the subcommand
  // (`sidecarctl kube-inject -i istio-canary -f app.yaml`).
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->fallthrough();
    for (CLI::App* nested : sub->get_subcommands({})) nested->fallthrough();
  }
}

}  // namespace sidecarctl::commands
