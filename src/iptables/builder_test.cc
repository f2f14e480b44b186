#include <doctest/doctest.h>

#include "iptables/builder.h"
#include "iptables/explain.h"
#include "iptables/preview.h"
#include "iptables/render.h"

using namespace sidecarctl;
using namespace sidecarctl::iptables;

namespace {
RuleSet rules_for(std::vector<std::pair<std::string, std::string>> flags, bool ipv6 = false,
                  std::map<std::string, std::string> env = {}, IptablesConfig* out = nullptr) {
  std::vector<FlagValue> values;
  for (auto& [name, value] : flags) values.push_back(FlagValue{name, value, Origin{OriginKind::kFlag, "--" + name, {}}});
  PodFacts facts;
  facts.ipv6 = ipv6;
  auto c = config_from_flags(values, EnvSource{Environment(std::move(env)), OriginKind::kEnv, {}}, facts);
  REQUIRE(c.has_value());
  if (out != nullptr) *out = *c;
  return build_rules(*c);
}
}  // namespace

TEST_CASE("TPROXY with exclusions: exact restore payload") {
  RuleSet set = rules_for({{"istio-inbound-interception-mode", "TPROXY"},
                           {"istio-inbound-ports", "*"},
                           {"istio-local-exclude-ports", "15090"},
                           {"istio-exclude-interfaces", "eth9"},
                           {"istio-local-outbound-ports-exclude", "3306"}});
  CHECK(restore_payload(set.v4) ==
        "* mangle\n"
        "-N ISTIO_DIVERT\n"
        "-N ISTIO_TPROXY\n"
        "-N ISTIO_INBOUND\n"
        "-A PREROUTING -i eth9 -j RETURN\n"
        "-A OUTPUT -o eth9 -j RETURN\n"
        "-A ISTIO_DIVERT -j MARK --set-mark 1337\n"
        "-A ISTIO_DIVERT -j ACCEPT\n"
        "-A ISTIO_TPROXY ! -d 127.0.0.1/32 -p tcp -j TPROXY --tproxy-mark 1337/0xffffffff --on-port 15006\n"
        "-A PREROUTING -p tcp -j ISTIO_INBOUND\n"
        "-A ISTIO_INBOUND -p tcp --dport 15090 -j RETURN\n"
        "-A ISTIO_INBOUND -p tcp -m conntrack --ctstate RELATED,ESTABLISHED -j ISTIO_DIVERT\n"
        "-A ISTIO_INBOUND -p tcp -j ISTIO_TPROXY\n"
        "-A PREROUTING -p tcp -m mark --mark 1337 -j CONNMARK --save-mark\n"
        "-A OUTPUT -p tcp -o lo -m mark --mark 1337 -j RETURN\n"
        "-A OUTPUT ! -d 127.0.0.1/32 -p tcp -o lo -m owner --uid-owner 1337 -j MARK --set-mark 1338\n"
        "-A OUTPUT ! -d 127.0.0.1/32 -p tcp -o lo -m owner --gid-owner 1337 -j MARK --set-mark 1338\n"
        "-A OUTPUT -p tcp -m connmark --mark 1337 -j CONNMARK --restore-mark\n"
        "-I ISTIO_INBOUND 1 -p tcp -m mark --mark 1337 -j RETURN\n"
        "-I ISTIO_INBOUND 2 -p tcp -s 127.0.0.6/32 -i lo -j RETURN\n"
        "-I ISTIO_INBOUND 3 -p tcp -i lo -m mark ! --mark 1338 -j RETURN\n"
        "COMMIT\n"
        "* nat\n"
        "-N ISTIO_INBOUND\n"
        "-N ISTIO_REDIRECT\n"
        "-N ISTIO_IN_REDIRECT\n"
        "-N ISTIO_OUTPUT\n"
        "-A PREROUTING -i eth9 -j RETURN\n"
        "-A OUTPUT -o eth9 -j RETURN\n"
        "-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN\n"
        "-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001\n"
        "-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006\n"
        "-A OUTPUT -j ISTIO_OUTPUT\n"
        "-A ISTIO_OUTPUT -p tcp --dport 3306 -j RETURN\n"
        "-A ISTIO_OUTPUT -p udp --dport 3306 -j RETURN\n"
        "-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN\n"
        "-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT\n"
        "-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN\n"
        "-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN\n"
        "-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT\n"
        "-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN\n"
        "-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN\n"
        "-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN\n"
        "COMMIT\n");
}

TEST_CASE("capture-all DNS, loopback include and a custom loopback CIDR") {
  RuleSet set = rules_for({{"redirect-dns", "true"}, {"capture-all-dns", "true"}, {"istio-service-cidr", "127.0.0.1/8,10.0.0.0/8"}},
                          false, {{"ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR", "127.0.0.2/32"}});
  std::string nat = restore_payload(set.v4);
  CHECK(nat.find("-A ISTIO_OUTPUT_DNS -p tcp --dport 53 -j REDIRECT --to-ports 15053\n") != std::string::npos);
  CHECK(nat.find("-A ISTIO_OUTPUT_DNS -p udp --dport 53 -j REDIRECT --to-port 15053\n") != std::string::npos);
  CHECK(nat.find("-A ISTIO_OUTPUT -o lo ! -d 127.0.0.2/32 -p tcp -m multiport ! --dports 53,15008 -m owner --uid-owner 1337") != std::string::npos);
  CHECK(nat.find("! --uid-owner 1337 -j RETURN") == std::string::npos);  // loopback included: no app lo RETURN
  CHECK(nat.find("-A PREROUTING -j ISTIO_INBOUND\n-A ISTIO_OUTPUT_DNS -p udp --dport 53 -j CT --zone 2\n"
                 "-A ISTIO_INBOUND -p udp --sport 53 -j CT --zone 1\n") != std::string::npos);
  CHECK(nat.find("-A ISTIO_OUTPUT -d 127.0.0.1/8 -j ISTIO_REDIRECT\n-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT\n") != std::string::npos);
}

TEST_CASE("skip-rule-apply and cleanup-only install nothing") {
  RuleSet set = rules_for({{"skip-rule-apply", "true"}}, true);
  CHECK(render_restore(set) == "# iptables-restore\n# ip6tables-restore\n");
  CHECK(render_commands(rules_for({{"cleanup-only", "true"}})).empty());
}

TEST_CASE("commands format: one iptables command per chain and rule, shell-quoted") {
  RuleSet set = rules_for({{"istio-inbound-ports", "*"}, {"istio-service-cidr", "*"}}, true,
                          {{"ISTIO_OUTBOUND_OWNER_GROUPS", "java"}});
  std::string out = render_commands(set);
  CHECK(out.rfind("iptables -t nat -N ISTIO_INBOUND\niptables -t nat -N ISTIO_REDIRECT\n", 0) == 0);
  CHECK(out.find("iptables -t nat -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT\n") != std::string::npos);
  CHECK(out.find("iptables -t nat -A ISTIO_OUTPUT -m owner '!' --gid-owner java -j RETURN\n") != std::string::npos);
  CHECK(out.find("ip6tables -t nat -A ISTIO_OUTPUT -o lo -s ::6/128 -j RETURN\n") != std::string::npos);
}

TEST_CASE("json format: tables, declared chains, rules and the chains as loaded") {
  IptablesConfig config;
  RuleSet set = rules_for({{"kube-virt-interfaces", "eth1"}, {"istio-service-cidr", "*"}}, false, {}, &config);
  nlohmann::json j = json_value(set, config);
  const nlohmann::json& nat = j["families"][0]["tables"][0];
  CHECK(nat["name"] == "nat");
  CHECK(nat["newChains"] == nlohmann::json({"ISTIO_INBOUND", "ISTIO_REDIRECT", "ISTIO_IN_REDIRECT", "ISTIO_OUTPUT"}));
  CHECK(nat["rules"][0]["text"] == "-I PREROUTING 1 -i eth1 -j RETURN");
  CHECK(nat["rules"][0]["operation"] == "insert");
  // The later insert at 1 lands before the earlier one once loaded.
  nlohmann::json prerouting;
  for (const auto& c : nat["chains"]) {
    if (c["name"] == "PREROUTING") prerouting = c;
  }
  CHECK(prerouting["rules"] == nlohmann::json({"-A PREROUTING -i eth1 -j ISTIO_REDIRECT", "-A PREROUTING -i eth1 -j RETURN"}));
  CHECK(j["settings"]["kube-virt-interfaces"]["origin"] == "flag --kube-virt-interfaces");
}

TEST_CASE("json format: flag values that are not UTF-8 are written as U+FFFD, not a crash") {
  // Found by src/iptables/iptables_fuzz.cc: nlohmann's dump threw on the invalid byte.
  IptablesConfig config;
  RuleSet set = rules_for({{"kube-virt-interfaces", "eth1,e\xfeh2"}}, false, {}, &config);
  std::string text = render_json(set, config);
  CHECK(text.find("e\xef\xbf\xbdh2") != std::string::npos);
  PreviewSection section;
  section.config = config;
  section.rules = set;
  CHECK(render(OutputFormat::kJson, {section}) == text);
}

TEST_CASE("explain walks packets through the rules and names the deciding rule") {
  IptablesConfig config;
  RuleSet set = rules_for({{"istio-inbound-ports", "*"}, {"istio-local-exclude-ports", "15020"}, {"istio-service-cidr", "*"},
                           {"istio-service-exclude-cidr", "10.10.0.0/16"}}, false, {}, &config);
  std::string out = render_explain(set, config, "Pod default/x");
  CHECK(out.rfind("iptables-preview: Pod default/x\n", 0) == 0);
  CHECK(out.find("1. Inbound TCP to app port 8080 from 10.244.1.7 on eth0\n"
                 "    => captured: REDIRECT to port 15006 (Envoy's inbound listener)\n"
                 "    path: nat PREROUTING -> nat ISTIO_INBOUND -> nat ISTIO_IN_REDIRECT\n"
                 "    deciding rule: nat ISTIO_INBOUND #3: -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT\n") != std::string::npos);
  CHECK(out.find("2. Inbound TCP to excluded port 15020\n    => not captured") != std::string::npos);
  CHECK(out.find("deciding rule: nat ISTIO_INBOUND #2: -A ISTIO_INBOUND -p tcp --dport 15020 -j RETURN") != std::string::npos);
  CHECK(out.find("to 10.96.0.20:80\n    => captured: REDIRECT to port 15001 (Envoy's outbound listener)") != std::string::npos);
  CHECK(out.find("deciding rule: nat ISTIO_OUTPUT #4: -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN") != std::string::npos);
  CHECK(out.find("excluded 10.10.0.0/16 (10.10.0.0:80)\n    => not captured") != std::string::npos);
  CHECK(out.find("deciding rule: nat ISTIO_OUTPUT #2: -A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT") != std::string::npos);
  CHECK(out.find("  -i --istio-service-cidr") != std::string::npos);
}
