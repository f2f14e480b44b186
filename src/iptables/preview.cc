// The preview pipeline.
#include "iptables/preview.h"

#include "iptables/builder.h"
#include "iptables/explain.h"
#include "iptables/render.h"

namespace sidecarctl::iptables {
namespace {

std::string source_name(CaptureSource source) {
  switch (source) {
    case CaptureSource::kInitContainer: return "istio-init";
    case CaptureSource::kCniValidation: return "istio-cni";
    case CaptureSource::kAnnotations: return "annotations";
  }
  return "";
}

}  // namespace

Result<OutputFormat> parse_output_format(const std::string& name) {
  if (name == "restore") return OutputFormat::kRestore;
  if (name == "commands") return OutputFormat::kCommands;
  if (name == "json") return OutputFormat::kJson;
  if (name == "explain") return OutputFormat::kExplain;
  return make_error(ErrorKind::kUsage, "--format: unknown format \"" + name + "\" (want restore, commands, json or explain)");
}

Result<IptablesConfig> config_from_flags(const std::vector<FlagValue>& flags, const EnvSource& env, PodFacts facts) {
  std::vector<std::string> notes;
  TRY_ASSIGN(Settings settings, collect_settings(flags, env, &notes));
  TRY_ASSIGN(IptablesConfig config, make_config(std::move(settings), std::move(facts)));
  config.notes.insert(config.notes.begin(), notes.begin(), notes.end());
  return config;
}

Result<std::vector<PreviewSection>> sections_from_manifest(const std::vector<yaml::Document>& documents,
                                                           const std::string& selector, const PodFacts& facts) {
  TRY_ASSIGN(std::vector<WorkloadCapture> workloads, workloads_from_documents(documents));
  std::vector<PreviewSection> sections;
  for (WorkloadCapture& w : workloads) {
    if (!selector.empty() && !workload_matches(w, selector)) continue;
    PodFacts pod = facts;
    pod.app_ports = w.app_ports;
    auto config = config_from_flags(w.flags, w.env, std::move(pod));
    if (!config) {
      Error e = config.error();
      // A bad value in a manifest is bad input data, not a bad command line.
      if (e.kind == ErrorKind::kUsage) e.kind = ErrorKind::kInvalidInput;
      return e.with_context(w.title());
    }
    config->source_notes = w.notes;
    PreviewSection section{true, std::move(w), std::move(config).value(), {}};
    section.rules = build_rules(section.config);
    sections.push_back(std::move(section));
  }
  if (sections.empty()) {
    std::string where = documents.empty() ? "the input" : documents.front().source;
    if (!selector.empty()) return make_error(ErrorKind::kNotFound, "no workload named \"" + selector + "\" in " + where);
    return make_error(ErrorKind::kInvalidInput, "no pod-bearing workload (Pod, Deployment, ...) in " + where);
  }
  return sections;
}

std::string render(OutputFormat format, const std::vector<PreviewSection>& sections) {
  bool headers = sections.size() > 1;
  std::string out;
  if (format == OutputFormat::kJson) {
    if (sections.size() == 1 && !sections.front().has_workload) return render_json(sections.front().rules, sections.front().config);
    nlohmann::json list = nlohmann::json::array();
    for (const PreviewSection& s : sections) {
      nlohmann::json item = json_value(s.rules, s.config);
      item["workload"] = {{"kind", s.workload.kind}, {"namespace", s.workload.namespace_}, {"name", s.workload.name},
                          {"source", source_name(s.workload.source)}};
      list.push_back(std::move(item));
    }
    return nlohmann::json{{"workloads", std::move(list)}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
  }
  for (const PreviewSection& s : sections) {
    switch (format) {
      case OutputFormat::kRestore:
        if (headers) out += "# workload: " + s.workload.title() + "\n";
        out += render_restore(s.rules);
        break;
      case OutputFormat::kCommands:
        if (headers) out += "# workload: " + s.workload.title() + "\n";
        out += render_commands(s.rules);
        break;
      case OutputFormat::kExplain:
        if (!out.empty()) out += "\n";
        out += render_explain(s.rules, s.config, s.has_workload ? s.workload.title() : "");
        break;
      case OutputFormat::kJson:
        break;
    }
  }
  return out;
}

}  // namespace sidecarctl::iptables
