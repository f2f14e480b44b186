// The `version` subcommand: our build and, with --remote, the cluster's control plane and data plane
// versions (src/version, src/kube/mesh_versions.h).
#include "commands/cluster.h"
#include "commands/subcommands.h"
#include "kube/mesh_versions.h"
#include "version/report.h"
#include "yaml/emit.h"

namespace sidecarctl::commands {
namespace {

struct VersionFlags {
  std::string output;
  bool short_form = false;
  bool remote = false;
  bool remote_given = false;  // --remote or --remote=false on the command line
};

Result<kube::MeshVersions> read_cluster(Context& ctx) {
  TRY_ASSIGN(auto client, connect_cluster(ctx));
  return kube::read_mesh_versions(*client, ctx.globals.istio_namespace);
}

int run(Context& ctx, const VersionFlags& flags) {
  version::VersionReport report{version::current_build_info(), std::nullopt};
  // As istioctl: the cluster is asked unless --remote=false; we ask only when a cluster is
  // configured, and an unreachable one is then a note, unless --remote was asked for.
  bool remote = flags.remote_given ? flags.remote : cluster_configured(ctx);
  if (remote) {
    auto mesh = read_cluster(ctx);
    if (mesh) {
      report.mesh = std::move(*mesh);
    } else if (flags.remote_given) {
      return report_error(ctx, mesh.error());
    } else {
      ctx.err << "note: no control plane or data plane versions: " << mesh.error().to_string()
              << " (--remote=false skips the cluster)\n";
    }
  }
  if (flags.output == "json") {
    ctx.out << yaml::to_json(version::to_json(report), 2) << '\n';
  } else if (flags.output == "yaml") {
    ctx.out << yaml::to_yaml(version::to_json(report));
  } else {
    ctx.out << (flags.short_form ? version::format_short(report) : version::format_text(report));
  }
  return kExitOk;
}

}  // namespace

void add_version(CLI::App& root, Context& ctx) {
  auto flags = std::make_shared<VersionFlags>();
  CLI::App* sub =
      root.add_subcommand("version", "Print sidecarctl's version and the cluster's Istio versions");
  sub->add_option("-o,--output", flags->output, "Print as yaml or json")
      ->check(CLI::IsMember({"yaml", "json"}));
  sub->add_flag("-s,--short", flags->short_form, "One line per version, as istioctl version prints them");
  CLI::Option* remote = sub->add_flag("--remote", flags->remote,
                                      "Read the control plane and proxy versions from the cluster (default: "
                                      "when a kubeconfig exists; --remote=false skips)");
  sub->footer(
      "Examples:\n"
      "  sidecarctl version                   # our build; the cluster's versions when a kubeconfig exists\n"
      "  sidecarctl version --short\n"
      "  sidecarctl version --remote -o json  # every proxy; fails when the cluster cannot be read\n"
      "  sidecarctl version --remote=false\n");
  sub->callback([&ctx, flags, remote] {
    flags->remote_given = remote->count() > 0;
    ctx.exit_code = run(ctx, *flags);
  });
}

}  // namespace sidecarctl::commands
