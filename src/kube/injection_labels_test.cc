#include "kube/injection_labels.h"

#include <doctest/doctest.h>

#include "kube/exec_credential.h"
#include "kube/process.h"

namespace sidecarctl::kube {
namespace {

Json webhook(const std::string& rev, const std::string& tag = "") {
  Json labels = {{"istio.io/rev", rev}};
  if (!tag.empty()) labels["istio.io/tag"] = tag;
  return {{"metadata", {{"name", "istio-sidecar-injector-" + rev + tag}, {"labels", labels}}}};
}

Json pod(const std::string& name, Json labels, bool injected, const std::string& owner_kind = "ReplicaSet",
         const std::string& owner = "web-5d8f9", const std::string& revision = "") {
  Json p = {{"metadata", {{"name", name}, {"labels", labels}}},
            {"spec", {{"containers", Json::array({{{"name", "app"}}})}}}};
  if (injected) {
    p["spec"]["containers"].push_back({{"name", "istio-proxy"}});
    p["metadata"]["annotations"] = {{"sidecar.istio.io/status", R"({"revision":")" + revision + R"("})"}};
  }
  if (!owner_kind.empty()) {
    p["metadata"]["ownerReferences"] = Json::array({{{"kind", owner_kind}, {"name", owner}, {"controller", true}}});
  }
  return p;
}

TEST_CASE("installed revisions and tags") {
  auto installed = installed_revisions({webhook("1-20"), webhook("1-20", "prod"), webhook("1-21", "default"),
                                        Json{{"metadata", {{"name", "unrelated"}}}}});
  CHECK(installed.has("1-20"));
  CHECK(installed.has("prod"));
  CHECK_FALSE(installed.has("1-21"));
  CHECK(resolve_revision("default", installed) == "1-21");
  CHECK(installed.describe() == "revisions 1-20; tags default, prod");
  CHECK(installed_revisions({}).describe() == "none");
}

TEST_CASE("label changes: enable, revision, disable, remove, conflicts") {
  Json none = Json::object();
  auto enable = plan_label_change("ns", none, {LabelAction::kEnable, "", false});
  REQUIRE(enable.has_value());
  CHECK(enable->describe() == "istio-injection=enabled");
  CHECK(enable->merge_patch("7") == Json::parse(R"({"metadata":{"labels":{"istio-injection":"enabled"},"resourceVersion":"7"}})"));

  Json enabled = {{"istio-injection", "enabled"}, {"team", "a"}};
  auto same = plan_label_change("ns", enabled, {LabelAction::kEnable, "", false});
  REQUIRE(same.has_value());
  CHECK(same->empty());

  auto conflict = plan_label_change("ns", enabled, {LabelAction::kRevision, "canary", false});
  REQUIRE_FALSE(conflict.has_value());
  CHECK(conflict.error().message == "namespace \"ns\" already has istio-injection=enabled; use --overwrite to change it "
                                    "(istio-injection removed (was enabled), istio.io/rev=canary)");
  auto revision = plan_label_change("ns", enabled, {LabelAction::kRevision, "canary", true});
  REQUIRE(revision.has_value());
  CHECK(revision->merge_patch("") ==
        Json::parse(R"({"metadata":{"labels":{"istio-injection":null,"istio.io/rev":"canary"}}})"));
  CHECK(revision->apply(enabled) == Json::parse(R"({"istio.io/rev":"canary","team":"a"})"));

  auto disable = plan_label_change("ns", Json{{"istio.io/rev", "canary"}}, {LabelAction::kDisable, "", false});
  REQUIRE_FALSE(disable.has_value());
  auto remove = plan_label_change("ns", Json{{"istio.io/rev", "canary"}, {"istio-injection", "enabled"}},
                                  {LabelAction::kRemove, "", false});
  REQUIRE(remove.has_value());
  CHECK(remove->describe() == "istio-injection removed (was enabled), istio.io/rev removed (was canary)");
}

TEST_CASE("namespace injection state") {
  CHECK(namespace_injection(Json::object()).state == NamespaceInjection::kNotLabelled);
  CHECK(namespace_injection(Json{{"istio-injection", "enabled"}}).revision == "default");
  CHECK(namespace_injection(Json{{"istio-injection", "disabled"}, {"istio.io/rev", "x"}}).state_text() == "disabled");
  auto rev = namespace_injection(Json{{"istio.io/rev", "canary"}, {"istio.io/dataplane-mode", "ambient"}});
  CHECK(rev.revision == "canary");
  CHECK(rev.ambient);
}

TEST_CASE("pods needing a restart, grouped by restartable owner") {
  auto installed = installed_revisions({webhook("default"), webhook("1-21", "canary")});
  std::vector<Json> pods = {
      pod("web-5d8f9-a", {{"pod-template-hash", "5d8f9"}}, false),
      pod("web-5d8f9-b", {{"pod-template-hash", "5d8f9"}}, false),
      pod("db-0", Json::object(), false, "StatefulSet", "db"),
      pod("opted-out", {{"sidecar.istio.io/inject", "false"}}, false, "DaemonSet", "agent"),
      pod("lonely", Json::object(), false, ""),
      pod("old-rev", Json::object(), true, "DaemonSet", "logs", "default"),
  };
  auto restarts = pods_to_restart(pods, Json{{"istio.io/rev", "canary"}}, installed);
  REQUIRE(restarts.size() == 5);
  CHECK(restarts[0].owner == "deployment/web");
  CHECK(restarts[0].reason == "get the sidecar");
  CHECK(restarts[4].reason == "move from revision default to 1-21");
  CHECK(restart_lines(restarts, "shop") ==
        std::vector<std::string>{"kubectl rollout restart deployment/web -n shop   # 2 pods to get the sidecar",
                                 "kubectl rollout restart statefulset/db -n shop   # 1 pod to get the sidecar",
                                 "kubectl rollout restart daemonset/logs -n shop   # 1 pod to move from revision default to 1-21",
                                 "pod/lonely -n shop has no controller to restart: recreate it to get the sidecar"});
  auto disabled = pods_to_restart(pods, Json{{"istio-injection", "disabled"}}, installed);
  REQUIRE(disabled.size() == 1);
  CHECK(disabled[0].reason == "lose the sidecar");
  // A namespace without labels: pods opting in by label still get a sidecar.
  auto opt_in = pods_to_restart({pod("p", {{"sidecar.istio.io/inject", "true"}}, false, "")}, Json::object(), installed);
  REQUIRE(opt_in.size() == 1);
}

TEST_CASE("ExecCredential parsing") {
  auto cred = parse_exec_credential(
      R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"abc","expirationTimestamp":"2030-01-02T03:04:05.5+01:00"}})",
      "client.authentication.k8s.io/v1beta1");
  REQUIRE(cred.has_value());
  CHECK(cred->token == "abc");
  REQUIRE(cred->expiry.has_value());
  CHECK(std::chrono::duration_cast<std::chrono::seconds>(cred->expiry->time_since_epoch()).count() == 1893549845);
  CHECK(parse_exec_credential("not json {token}", "client.authentication.k8s.io/v1").error().message ==
        "the plugin's output is not a valid ExecCredential: not a JSON object");
  CHECK(parse_exec_credential(R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"x"}})",
                              "client.authentication.k8s.io/v1")
            .error()
            .message.find("does not match") != std::string::npos);
  CHECK_FALSE(parse_rfc3339("2030-01-02 03:04:05Z").has_value());
}

TEST_CASE("exec plugins: missing, failing, interactive") {
  ExecConfig exec;
  exec.api_version = "client.authentication.k8s.io/v1";
  exec.command = "no-such-plugin-xyz";
  exec.interactive_mode = "Never";
  exec.install_hint = "install it with: apt install xyz";
  ExecContext context;
  context.env = Environment(std::map<std::string, std::string>{{"PATH", "/nonexistent"}});
  auto missing = run_exec_plugin(exec, "{}", "alice", "/k", context);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().message == "exec plugin \"no-such-plugin-xyz\" of user \"alice\" (kubeconfig /k): executable "
                                   "not found\n\ninstall it with: apt install xyz");
  exec.command = "/bin/sh";
  exec.args = {"-c", "echo 'token expired, run login' >&2; exit 3"};
  auto failed = run_exec_plugin(exec, "{}", "alice", "/k", context);
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().message == "exec plugin \"/bin/sh\" of user \"alice\" (kubeconfig /k) failed with exit status 3: "
                                  "token expired, run login");
  exec.args = {"-c", "printf '%s' \"$KUBERNETES_EXEC_INFO\" >&2; echo secret-output; exit 1"};
  auto info = run_exec_plugin(exec, "{}", "alice", "/k", context);
  REQUIRE_FALSE(info.has_value());
  CHECK(info.error().message.find(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}})") !=
        std::string::npos);
  CHECK(info.error().message.find("secret-output") == std::string::npos);
  exec.interactive_mode = "Always";
  CHECK(run_exec_plugin(exec, "{}", "alice", "/k", context).error().message.find("needs an interactive terminal") !=
        std::string::npos);
}

TEST_CASE("run_process kills a plugin that runs past its deadline") {
  ProcessSpec spec;
  spec.program = "/bin/sh";
  spec.argv = {"sh", "-c", "sleep 5"};
  spec.deadline = std::chrono::milliseconds(200);
  auto r = run_process(spec);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message == "/bin/sh did not finish within 200 ms and was killed");
}

}  // namespace
}  // namespace sidecarctl::kube
