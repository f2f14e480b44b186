// The `iptables-preview` subcommand: istio-iptables' flags (or a manifest's istio-init args) in,
// the rules istio-iptables would install out. Wiring only; the work is in src/iptables.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "commands/subcommands.h"
#include "iptables/flag_spec.h"
#include "iptables/preview.h"
#include "iptables/builder.h"
#include "commands/iptables_verify.h"
#include "yaml/document.h"

namespace sidecarctl::commands {
namespace {

namespace ipt = sidecarctl::iptables;

struct IptablesPreviewOptions {
  std::string format = "restore";
  std::vector<std::string> files;
  std::string workload;
  bool verify = false;
  bool ipv6 = false;
  std::string dns_servers;
  // istio-iptables flags: long name -> (value, option)
  std::map<std::string, std::pair<std::string, CLI::Option*>> istio_flags;
};

void register_istio_flags(CLI::App* sub, IptablesPreviewOptions& opts) {
  for (const ipt::FlagSpec& spec : ipt::istio_iptables_flags()) {
    std::string name(spec.name);
    std::string names = spec.shorthand != 0 ? std::string("-") + spec.shorthand + ",--" + name : "--" + name;
    auto& slot = opts.istio_flags[name];
    std::string help = std::string(spec.help);
    if (!spec.env.empty()) {
      help += " [env";
      for (std::string_view var : spec.env) help += " " + std::string(var);
      help += "]";
    }
    if (!spec.default_value.empty() && spec.kind != ipt::FlagKind::kBool) help += " (default \"" + std::string(spec.default_value) + "\")";
    CLI::Option* opt = nullptr;
    if (spec.kind == ipt::FlagKind::kBool) {
      opt = sub->add_flag(names + "{true}", slot.first, help);
    } else {
      // expected(0,1): pflag accepts "--flag=" as an empty value.
      opt = sub->add_option(names, slot.first, help)->expected(0, 1);
    }
    opt->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)->group("istio-iptables flags");
    slot.second = opt;
  }
}

// The preview sections: one from the flags and environment, or one per workload of -f.
Result<std::vector<ipt::PreviewSection>> sections(IptablesPreviewOptions& opts, Context& ctx, ipt::PodFacts facts) {
  std::vector<ipt::FlagValue> flags;
  for (const auto& [name, slot] : opts.istio_flags) {
    if (slot.second->count() > 0) flags.push_back({name, slot.first, ipt::Origin{ipt::OriginKind::kFlag, "--" + name, {}}});
  }
  if (opts.files.empty()) {
    if (!opts.workload.empty()) return make_error(ErrorKind::kUsage, "--workload needs -f");
    TRY_ASSIGN(ipt::IptablesConfig config,
               ipt::config_from_flags(flags, ipt::EnvSource{ctx.env, ipt::OriginKind::kEnv, {}}, std::move(facts)));
    ipt::RuleSet rules = ipt::build_rules(config);
    return std::vector<ipt::PreviewSection>{{false, {}, std::move(config), std::move(rules)}};
  }
  if (!flags.empty()) {
    return make_error(ErrorKind::kUsage, "--" + flags.front().name +
                                             ": istio-iptables flags cannot be combined with -f (the manifest's istio-init args are used)");
  }
  std::string stdin_text;
  if (std::find(opts.files.begin(), opts.files.end(), "-") != opts.files.end()) {
    TRY_ASSIGN(stdin_text, read_standard_input(ctx));
  }
  TRY_ASSIGN(std::vector<yaml::Document> docs, yaml::load_inputs(opts.files, false, stdin_text));
  return ipt::sections_from_manifest(docs, opts.workload, facts);
}

int run(IptablesPreviewOptions& opts, Context& ctx) {
  auto format = ipt::parse_output_format(opts.format);
  if (!format) return report_error(ctx, format.error());
  ipt::PodFacts facts;
  facts.ipv6 = opts.ipv6;
  auto servers = ipt::parse_dns_servers(opts.dns_servers);
  if (!servers) return report_error(ctx, servers.error());
  facts.dns_servers = std::move(servers).value();
  if (!opts.ipv6) facts.ipv6_origin = ipt::Origin{};
  if (opts.dns_servers.empty()) facts.dns_origin = ipt::Origin{};
  auto result = sections(opts, ctx, std::move(facts));
  if (!result) return report_error(ctx, result.error());
  for (const ipt::PreviewSection& s : *result) {
    std::string prefix = s.has_workload && result->size() > 1 ? s.workload.title() + ": " : "";
    for (const std::string& note : s.config.source_notes) ctx.err << "note: " << prefix << note << "\n";
    for (const std::string& note : s.config.notes) report_warning(ctx, prefix + note);
  }
  // --verify reports on the payloads instead of printing them (the rules read back are shown).
  if (opts.verify) return verify_payloads(*result, ctx);
  ctx.out << ipt::render(*format, *result);
  return kExitOk;
}

}  // namespace

void add_iptables_preview(CLI::App& root, Context& ctx) {
  auto opts = std::make_shared<IptablesPreviewOptions>();
  CLI::App* sub = root.add_subcommand("iptables-preview", "Show the iptables rules istio-init installs in a pod");
  sub->add_option("--format", opts->format, "Output: restore (iptables-restore payloads), commands, json or explain")
      ->capture_default_str();
  sub->add_option("-f,--filename", opts->files, "Manifest file, directory or - (stdin): rules of its workloads' istio-init");
  sub->add_option("--workload", opts->workload, "With -f: only the workload with this name (or Kind/name)");
  sub->add_flag("--verify", opts->verify, "Load the payloads with iptables-restore (nft and legacy) in a fresh network namespace");
  sub->add_flag("--ipv6", opts->ipv6, "Render as if the pod had an IPv6 address (adds the ip6tables payload)");
  sub->add_option("--dns-servers", opts->dns_servers, "The pod's resolv.conf name servers, comma-separated (for --redirect-dns)");
  register_istio_flags(sub, *opts);
  sub->footer(
      "Examples:\n"
      "  sidecarctl iptables-preview -b '*' -d 15090,15021,15020 -i '*'\n"
      "  sidecarctl iptables-preview --format explain -f deployment.yaml\n"
      "  ISTIO_OUTBOUND_OWNER_GROUPS=java sidecarctl iptables-preview --format commands\n"
      "  sidecarctl iptables-preview -m TPROXY -b 8080 --verify");
  sub->callback([opts, &ctx] { ctx.exit_code = run(*opts, ctx); });
}

}  // namespace sidecarctl::commands
