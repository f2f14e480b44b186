// pflag-compatible parsing of istio-iptables args.
#include "iptables/args.h"

#include "iptables/flag_spec.h"

namespace sidecarctl::iptables {

Result<std::vector<FlagValue>> parse_istio_iptables_args(const std::vector<std::string>& args,
                                                         const std::vector<SourceLoc>& locs, const Origin& origin,
                                                         std::vector<std::string>* notes) {
  std::vector<FlagValue> out;
  auto loc_of = [&](std::size_t i) { return i < locs.size() ? locs[i] : origin.loc; };
  auto fail = [&](std::size_t i, const std::string& message) {
    return make_error(ErrorKind::kInvalidInput, "istio-iptables args: " + message, loc_of(i));
  };
  auto add = [&](std::size_t i, const FlagSpec& spec, std::string value, const std::string& written) {
    Origin o = origin;
    o.detail = written;
    o.loc = loc_of(i);
    out.push_back(FlagValue{std::string(spec.name), std::move(value), std::move(o)});
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      if (notes != nullptr && i + 1 < args.size()) notes->push_back("istio-iptables ignores the arguments after --");
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      if (notes != nullptr) notes->push_back("istio-iptables ignores the positional argument \"" + arg + "\"");
      continue;
    }
    if (arg[1] == '-') {
      std::string body = arg.substr(2);
      std::size_t eq = body.find('=');
      std::string name = body.substr(0, eq);
      if (name.rfind("log_", 0) == 0) {
        // Logging options take their value after '=' (as the injection template writes them),
        // except --log_as_json and --log_caller... which are booleans.
        continue;
      }
      const FlagSpec* spec = find_flag(name);
      if (spec == nullptr) return fail(i, "unknown flag: --" + name);
      if (eq != std::string::npos) {
        add(i, *spec, body.substr(eq + 1), "--" + name);
      } else if (spec->kind == FlagKind::kBool) {
        add(i, *spec, "true", "--" + name);
      } else if (i + 1 < args.size()) {
        add(i, *spec, args[i + 1], "--" + name);
        ++i;
      } else {
        return fail(i, "flag needs an argument: --" + name);
      }
      continue;
    }
    // Short flags: bools may be combined; a value flag takes the rest of the arg or the next one.
    std::size_t at = i;
    for (std::size_t k = 1; k < arg.size(); ++k) {
      const FlagSpec* spec = find_short_flag(arg[k]);
      std::string written = std::string("-") + arg[k];
      if (spec == nullptr) return fail(at, "unknown shorthand flag: '" + std::string(1, arg[k]) + "' in " + arg);
      std::string rest = arg.substr(k + 1);
      if (spec->kind == FlagKind::kBool) {
        if (!rest.empty() && rest[0] == '=') {
          add(at, *spec, rest.substr(1), written);
          break;
        }
        add(at, *spec, "true", written);
        continue;
      }
      if (!rest.empty()) {
        add(at, *spec, rest[0] == '=' ? rest.substr(1) : rest, written);
      } else if (i + 1 < args.size()) {
        add(at, *spec, args[i + 1], written);
        ++i;
      } else {
        return fail(at, "flag needs an argument: '" + std::string(1, arg[k]) + "' in " + arg);
      }
      break;
    }
  }
  return out;
}

}  // namespace sidecarctl::iptables
