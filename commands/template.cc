// The `template` subcommand: render Go text/templates with Istio's injection function set.
#include <memory>
#include <string>
#include <vector>

#include "base/file_io.h"
#include "commands/subcommands.h"
#include "gotemplate/template.h"
#include "inject/istio_funcs.h"
#include "yaml/document.h"

namespace sidecarctl::commands {
namespace {

struct TemplateOptions {
  std::vector<std::string> templates;  // -t: the first is "inject", later ones add definitions
  std::string data;                    // -d: JSON or YAML file, or - for stdin
  std::string name = "inject";         // --name: the template to execute
  std::string missingkey = "default";  // --missingkey: default|invalid|zero|error
};

Result<gotemplate::MissingKey> parse_missingkey(const std::string& text) {
  if (text == "default" || text == "invalid") return gotemplate::MissingKey::kDefault;
  if (text == "zero") return gotemplate::MissingKey::kZero;
  if (text == "error") return gotemplate::MissingKey::kError;
  return make_error(ErrorKind::kUsage, "--missingkey must be default, invalid, zero or error, got " + text);
}

// Data as the suite decodes it: JSON with integral numbers as int64 (others float64); input that
// is not JSON is read as YAML.
Result<gotemplate::Value> load_data(const std::string& path, Context& ctx) {
  std::string text;
  if (path == "-") {
    TRY_ASSIGN(text, read_standard_input(ctx));
  } else {
    TRY_ASSIGN(text, read_file(path));
  }
  // nlohmann's parser has no depth limit, and printing a value nested 100000 deep would exhaust
  // the stack: deeper data goes through the YAML loader, which refuses it at file:line:col.
  bool too_deep = false;
  const auto max_depth = static_cast<int>(yaml::LoadOptions().max_depth);
  auto json = nlohmann::json::parse(
      text,
      [&](int depth, nlohmann::json::parse_event_t, const nlohmann::json&) {
        too_deep = too_deep || depth > max_depth;
        return true;
      },
      /*allow_exceptions=*/false);
  if (!json.is_discarded() && !too_deep) return gotemplate::Value::from_json(std::shared_ptr<const nlohmann::json>(std::make_shared<nlohmann::json>(std::move(json))));
  TRY_ASSIGN(auto value, yaml::parse_value(text, path == "-" ? "<stdin>" : path));
  return gotemplate::Value::from_json(std::shared_ptr<const nlohmann::json>(std::make_shared<nlohmann::json>(std::move(value))));
}

Result<std::string> render(const TemplateOptions& opts, Context& ctx) {
  if (opts.templates.empty()) return make_error(ErrorKind::kUsage, "no template given (see -t/--template)");
  if (opts.data.empty()) return make_error(ErrorKind::kUsage, "no data given (see -d/--data)");
  gotemplate::ExecOptions exec;
  TRY_ASSIGN(exec.missingkey, parse_missingkey(opts.missingkey));
  exec.env = &ctx.env;
  gotemplate::FunctionMap funcs = inject::istio_function_map(ctx.env);
  TRY_ASSIGN(std::string first, read_file(opts.templates[0]));
  TRY_ASSIGN(auto set, gotemplate::TemplateSet::parse("inject", first, funcs));
  for (std::size_t i = 1; i < opts.templates.size(); ++i) {
    TRY_ASSIGN(std::string text, read_file(opts.templates[i]));
    TRY(set.add(opts.templates[i], text));
  }
  TRY_ASSIGN(auto data, load_data(opts.data, ctx));
  return set.execute(opts.name, data, exec);
}

int run(const TemplateOptions& opts, Context& ctx) {
  auto out = render(opts, ctx);
  if (!out) return report_error(ctx, out.error());
  ctx.out << *out;
  ctx.out.flush();
  return kExitOk;
}

}  // namespace

void add_template(CLI::App& root, Context& ctx) {
  auto opts = std::make_shared<TemplateOptions>();
  auto* sub = root.add_subcommand("template", "Render a Go text/template with Istio's injection function set");
  sub->add_option("-t,--template", opts->templates,
                  "Template file; the first is the template \"inject\", later ones add their {{define}}s")
      ->required();
  sub->add_option("-d,--data", opts->data, "Data file (JSON or YAML), or - for standard input")->required();
  sub->add_option("--name", opts->name, "Template of the set to execute (default \"inject\")");
  sub->add_option("--missingkey", opts->missingkey, "Absent map keys: default (<no value>), zero or error");
  sub->footer(
      "Examples:\n"
      "  sidecarctl template -t sidecar.tmpl -d pod-data.json\n"
      "  sidecarctl template -t main.tmpl -t helpers.tmpl -d values.yaml --name helper\n"
      "  kubectl get pod p -o json | sidecarctl template -t t.tmpl -d -\n"
      "Errors are Go's (template: inject:LINE:COL: ...) and exit 65; nothing is printed on error.");
  sub->callback([opts, &ctx] { ctx.exit_code = run(*opts, ctx); });
}

}  // namespace sidecarctl::commands
