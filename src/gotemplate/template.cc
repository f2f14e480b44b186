// TemplateSet: parse and execute entry points (engine pending).
#include "gotemplate/template.h"

namespace sidecarctl::gotemplate {

struct TemplateSet::Impl {
  FunctionMap funcs;
};

Result<TemplateSet> TemplateSet::parse(std::string, std::string_view, const FunctionMap& funcs) {
  auto impl = std::make_shared<Impl>();
  impl->funcs = funcs;
  return TemplateSet(impl);
}

Result<void> TemplateSet::add(std::string, std::string_view) {
  return make_error(ErrorKind::kInternal, "template engine not implemented yet");
}

Result<std::string> TemplateSet::execute(std::string_view name, const Value& data, const ExecOptions& options) const {
  std::string out;
  TRY(execute_to(out, name, data, options));
  return out;
}

Result<void> TemplateSet::execute_to(std::string&, std::string_view, const Value&, const ExecOptions&) const {
  return make_error(ErrorKind::kInternal, "template engine not implemented yet");
}

bool TemplateSet::has(std::string_view) const { return false; }
std::vector<std::string> TemplateSet::names() const { return {}; }

}  // namespace sidecarctl::gotemplate
