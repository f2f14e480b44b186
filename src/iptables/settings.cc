// Defaults < environment < flags, with pflag's value checks.
#include "iptables/settings.h"

#include "iptables/flag_spec.h"
#include "iptables/go_values.h"

namespace sidecarctl::iptables {
namespace {

// Whether `value` is acceptable for a flag of this kind (pflag's Set).
std::string type_problem(const FlagSpec& spec, const std::string& value) {
  switch (spec.kind) {
    case FlagKind::kBool:
      return parse_go_bool(value) ? "" : "invalid boolean value \"" + value + "\" (want true or false)";
    case FlagKind::kUint16:
      return parse_go_uint16(value) ? "" : "invalid port \"" + value + "\" (want 0..65535)";
    case FlagKind::kDuration:
      return is_go_duration(value) ? "" : "invalid duration \"" + value + "\" (want e.g. 5s, 1m30s)";
    case FlagKind::kString:
      return "";
  }
  return "";
}

std::string kind_word(OriginKind kind) {
  switch (kind) {
    case OriginKind::kDefault: return "default";
    case OriginKind::kFlag: return "flag";
    case OriginKind::kEnv: return "env";
    case OriginKind::kInitArgs: return "init container arg";
    case OriginKind::kContainerEnv: return "init container env";
    case OriginKind::kAnnotation: return "annotation";
    case OriginKind::kInjectionDefault: return "injection default";
    case OriginKind::kPreview: return "preview flag";
  }
  return "";
}

}  // namespace

std::string Origin::describe() const {
  std::string out = kind_word(kind);
  if (!detail.empty()) out += " " + detail;
  if (loc.known()) out += " (" + loc.to_string() + ")";
  return out;
}

Result<Settings> collect_settings(const std::vector<FlagValue>& flags, const EnvSource& env,
                                  std::vector<std::string>* notes) {
  Settings settings;
  for (const FlagSpec& spec : istio_iptables_flags()) {
    std::string name(spec.name);
    settings[name] = Setting{std::string(spec.default_value), Origin{}};
    for (std::string_view var_name : spec.env) {
      std::string var(var_name);
      auto value = env.vars.get(var);
      if (!value) continue;
      std::string problem = type_problem(spec, *value);
      if (!problem.empty()) {
        if (notes != nullptr) notes->push_back(var + " ignored: " + problem);
        continue;
      }
      SourceLoc loc;
      if (auto it = env.locs.find(var); it != env.locs.end()) loc = it->second;
      settings[name] = Setting{*value, Origin{env.kind, var, loc}};
    }
  }
  for (const EnvSettingSpec& spec : env_only_settings()) {
    std::string var(spec.name);
    auto value = env.vars.get(var);
    if (!value) {
      settings[var] = Setting{std::string(spec.default_value), Origin{}};
      continue;
    }
    SourceLoc loc;
    if (auto it = env.locs.find(var); it != env.locs.end()) loc = it->second;
    settings[var] = Setting{*value, Origin{env.kind, var, loc}};
  }
  for (const FlagValue& flag : flags) {
    const FlagSpec* spec = find_flag(flag.name);
    if (spec == nullptr) {
      return make_error(ErrorKind::kUsage, "unknown istio-iptables flag --" + flag.name, flag.origin.loc);
    }
    std::string problem = type_problem(*spec, flag.value);
    if (!problem.empty()) {
      return make_error(ErrorKind::kUsage, "--" + flag.name + ": " + problem, flag.origin.loc);
    }
    settings[flag.name] = Setting{flag.value, flag.origin};
  }
  return settings;
}

}  // namespace sidecarctl::iptables
