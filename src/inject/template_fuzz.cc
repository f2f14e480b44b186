// libFuzzer target: the template lexer, parser and executor with Istio's function set. The input is
// a template, optionally followed by a NUL byte and JSON/YAML data for dot. Parsing and executing
// must end in output or a Go-worded error, never a crash, and within the executor's limits (which
// are lowered here so one input stays fast).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/environment.h"
#include "gotemplate/template.h"
#include "inject/istio_funcs.h"
#include "yaml/document.h"

namespace {

using sidecarctl::gotemplate::Value;

const sidecarctl::gotemplate::FunctionMap& functions() {
  static const sidecarctl::Environment env({{"POD_NAME", "fuzz"}, {"ISTIO_META_MESH_ID", "mesh1"}});
  static const sidecarctl::gotemplate::FunctionMap map = sidecarctl::inject::istio_function_map(env);
  return map;
}

Value data_value(std::string_view text) {
  sidecarctl::yaml::LoadOptions options;
  options.max_nodes = 100'000;
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    auto parsed = sidecarctl::yaml::parse_value(text, "data.yaml", options);
    json = parsed ? *parsed : nlohmann::json::object({{"name", "web"}, {"items", {1, 2, 3}}});
  }
  return Value::from_json(std::make_shared<const nlohmann::json>(std::move(json)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view text = input;
  std::string_view data_text = "{\"name\":\"web\",\"items\":[1,2,3],\"m\":{\"a\":\"b\"}}";
  if (auto nul = input.find('\0'); nul != std::string_view::npos) {
    text = input.substr(0, nul);
    data_text = input.substr(nul + 1);
  }
  auto set = sidecarctl::gotemplate::TemplateSet::parse("inject", text, functions());
  if (!set) return 0;
  sidecarctl::gotemplate::ExecOptions options;
  options.max_steps = 200'000;
  options.max_output_bytes = 1u << 20;
  options.max_depth = 100;
  for (const std::string& name : set->names()) (void)set->execute(name, data_value(data_text), options);
  return 0;
}
