// TemplateSet: Go's template.New(name).Funcs(...).Parse(text) plus associated templates.
#include "gotemplate/template.h"

#include "gotemplate/exec.h"
#include "gotemplate/parser.h"

namespace sidecarctl::gotemplate {

struct TemplateSet::Impl {
  FunctionMap funcs;  // builtins overlaid with the caller's functions
  TreeMap trees;
};

namespace {

// Go's associate(): a later empty definition never replaces an existing one.
void associate(TreeMap& set, std::map<std::string, Tree>&& trees) {
  for (auto& [name, tree] : trees) {
    auto it = set.find(name);
    if (it != set.end() && is_empty_tree(tree.root) && it->second.root) continue;
    set.insert_or_assign(name, std::move(tree));
  }
}

}  // namespace

Result<TemplateSet> TemplateSet::parse(std::string name, std::string_view text, const FunctionMap& funcs) {
  auto impl = std::make_shared<Impl>();
  register_builtins(impl->funcs);
  impl->funcs.merge(funcs);
  TemplateSet set(impl);
  TRY(set.add(std::move(name), text));
  return set;
}

Result<void> TemplateSet::add(std::string name, std::string_view text) {
  TRY_ASSIGN(auto trees, parse_trees(std::move(name), text, impl_->funcs));
  associate(impl_->trees, std::move(trees));
  return {};
}

Result<std::string> TemplateSet::execute(std::string_view name, const Value& data, const ExecOptions& options) const {
  std::string out;
  TRY(execute_to(out, name, data, options));
  return out;
}

Result<void> TemplateSet::execute_to(std::string& out, std::string_view name, const Value& data,
                                     const ExecOptions& options) const {
  return execute_tree(impl_->trees, name, data, options, out);
}

bool TemplateSet::has(std::string_view name) const { return impl_->trees.find(name) != impl_->trees.end(); }

std::vector<std::string> TemplateSet::names() const {
  std::vector<std::string> out;
  for (const auto& [name, tree] : impl_->trees) out.push_back(name);
  return out;
}

}  // namespace sidecarctl::gotemplate
