// libFuzzer target: istio-iptables flag parsing and manifest (annotation, istio-init args and env)
// reading. An input starting with '-' (not "---") is istio-iptables arguments, one per line; any
// other is a YAML manifest whose workloads are previewed. Both must end in rules or an error, never
// a crash; one output format, chosen by the input's size, renders what was built (explain
// simulates packet paths and is slow, so not every input pays for all four).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "iptables/args.h"
#include "iptables/builder.h"
#include "iptables/preview.h"
#include "yaml/document.h"

namespace ipt = sidecarctl::iptables;

namespace {

std::size_t g_size = 0;

void render_all(const std::vector<ipt::PreviewSection>& sections) {
  static constexpr ipt::OutputFormat kFormats[] = {ipt::OutputFormat::kRestore, ipt::OutputFormat::kCommands,
                                                   ipt::OutputFormat::kJson, ipt::OutputFormat::kExplain};
  (void)ipt::render(kFormats[g_size % 4], sections);
}

void from_args(std::string_view text) {
  std::vector<std::string> args;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    args.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::vector<std::string> notes;
  ipt::Origin origin{ipt::OriginKind::kFlag, "", {}};
  auto flags = ipt::parse_istio_iptables_args(args, {}, origin, &notes);
  if (!flags) return;
  ipt::EnvSource env;
  env.vars.set("INBOUND_INTERCEPTION_MODE", "TPROXY");
  ipt::PodFacts facts;
  facts.dns_servers = {"10.96.0.10", "fd00::a"};
  auto config = ipt::config_from_flags(*flags, env, facts);
  if (!config) return;
  ipt::PreviewSection section;
  section.config = *config;
  section.rules = ipt::build_rules(*config);
  render_all({section});
}

void from_manifest(std::string_view text) {
  sidecarctl::yaml::LoadOptions options;
  options.max_nodes = 100'000;
  auto docs = sidecarctl::yaml::load_stream(text, "fuzz.yaml", options);
  if (!docs) return;
  ipt::PodFacts facts;
  auto sections = ipt::sections_from_manifest(*docs, "", facts);
  if (sections) render_all(*sections);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  g_size = size;
  if (text.starts_with("-") && !text.starts_with("---"))
    from_args(text);
  else
    from_manifest(text);
  return 0;
}
