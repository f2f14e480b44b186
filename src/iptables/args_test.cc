#include <doctest/doctest.h>

#include "iptables/args.h"

using namespace sidecarctl;
using namespace sidecarctl::iptables;

namespace {
std::string parsed(const std::vector<std::string>& args) {
  std::vector<std::string> notes;
  auto r = parse_istio_iptables_args(args, {}, Origin{OriginKind::kInitArgs, "", {}}, &notes);
  if (!r) return "error: " + r.error().message;
  std::string out;
  for (const FlagValue& f : *r) out += f.name + "=" + f.value + " (" + f.origin.detail + ");";
  return out;
}
}  // namespace

TEST_CASE("istio-init args parse as pflag does") {
  CHECK(parsed({"-p", "15001", "-b", "*", "-x", "", "--log_output_level=default:info"}) ==
        "envoy-port=15001 (-p);istio-inbound-ports=* (-b);istio-service-exclude-cidr= (-x);");
  CHECK(parsed({"-b4000", "-d=15090", "--istio-service-cidr=10.0.0.0/8", "--kube-virt-interfaces", "eth1"}) ==
        "istio-inbound-ports=4000 (-b);istio-local-exclude-ports=15090 (-d);istio-service-cidr=10.0.0.0/8 (--istio-service-cidr);"
        "kube-virt-interfaces=eth1 (--kube-virt-interfaces);");
  CHECK(parsed({"--redirect-dns", "--drop-invalid=false", "-nb", "*"}) ==
        "redirect-dns=true (--redirect-dns);drop-invalid=false (--drop-invalid);dry-run=true (-n);istio-inbound-ports=* (-b);");
  CHECK(parsed({"--run-validation", "--skip-rule-apply", "--", "-b", "*"}) ==
        "run-validation=true (--run-validation);skip-rule-apply=true (--skip-rule-apply);");
}

TEST_CASE("bad istio-init args are input errors") {
  CHECK(parsed({"--bogus", "1"}) == "error: istio-iptables args: unknown flag: --bogus");
  CHECK(parsed({"-Z"}) == "error: istio-iptables args: unknown shorthand flag: 'Z' in -Z");
  CHECK(parsed({"-b"}) == "error: istio-iptables args: flag needs an argument: 'b' in -b");
  CHECK(parsed({"--istio-inbound-ports"}) == "error: istio-iptables args: flag needs an argument: --istio-inbound-ports");
  std::vector<std::string> notes;
  auto r = parse_istio_iptables_args({"--bogus"}, {}, Origin{}, &notes);
  CHECK(r.error().kind == ErrorKind::kInvalidInput);
}
