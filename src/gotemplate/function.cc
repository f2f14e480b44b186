// FunctionMap registration and lookup.
#include "gotemplate/function.h"

namespace sidecarctl::gotemplate {

std::string_view param_type_name(Param::Kind kind) {
  switch (kind) {
    case Param::kAny: return "interface {}";
    case Param::kReflect: return "reflect.Value";
    case Param::kString: return "string";
    case Param::kInt: return "int";
    case Param::kInt64: return "int64";
    case Param::kFloat64: return "float64";
    case Param::kBool: return "bool";
    case Param::kList: return "[]interface {}";
    case Param::kMap: return "map[string]interface {}";
    case Param::kStringMap: return "map[string]string";
    case Param::kStringList: return "[]string";
  }
  return "interface {}";
}

void FunctionMap::add(Function f) {
  auto name = f.name;
  functions_[name] = std::make_shared<const Function>(std::move(f));
}

void FunctionMap::add(std::string name, std::vector<Param::Kind> params, bool variadic, FunctionImpl impl) {
  Function f;
  f.name = std::move(name);
  f.params = std::move(params);
  f.variadic = variadic;
  f.impl = std::move(impl);
  add(std::move(f));
}

void FunctionMap::merge(const FunctionMap& other) {
  for (const auto& [name, f] : other.functions_) functions_[name] = f;
}

const Function* FunctionMap::find(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : it->second.get();
}

}  // namespace sidecarctl::gotemplate
