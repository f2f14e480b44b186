#!/usr/bin/env python3
"""CLI tests for `sidecarctl check-inject` and `sidecarctl webhook config` on files (offline): verdicts and
reasons for every way a namespace and a pod can be labelled, with Istio-chart-shaped webhook configurations
(tests/istio_webhooks.py), the table, -o json/yaml, errors and exit codes; the webhook configuration's
output round trip and check-inject's verdicts on it. The same objects meet the real API server and the
real istioctl in tests/cluster/test_check_inject.py."""
import json
import os
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402
from istio_webhooks import NAMESPACES, PODS, injector_config_map, istio_mwc, namespace, pod  # noqa: E402

BIN = sys.argv[1]
c = Checks()
tmp = tempfile.mkdtemp(prefix="check-inject-")


def write(name, objects):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write("---\n".join(json.dumps(o) + "\n" for o in objects))
    return path


def run(args, stdin=None):
    return subprocess.run([BIN] + args, capture_output=True, text=True, timeout=60, input=stdin,
                          env={"PATH": "/usr/bin:/bin", "HOME": tmp})


def verdicts(files, target, extra=()):
    args = ["check-inject", target, "-o", "json"] + list(extra)
    for f in files:
        args += ["-f", f]
    p = run(args)
    c.check(p.returncode == 0, "check-inject %s exits 0" % target, p)
    if p.returncode != 0:
        return {}, None
    data = json.loads(p.stdout)
    return {w["name"]: (w["injected"], w["reason"]) for w in data["webhooks"]}, data


objects = [namespace(n, l) for n, l in NAMESPACES.items()]
objects += [pod(p, n, l, a) for n in NAMESPACES for p, (l, a) in PODS.items()]
cluster = write("cluster.yaml", objects)
default_mwc = write("default.yaml", [istio_mwc("istio-sidecar-injector", "default")])
canary_mwc = write("canary.yaml", [istio_mwc("istio-sidecar-injector-canary", "canary")])
tag_mwcs = write("tag.yaml", [istio_mwc("istio-sidecar-injector-1-27", "1-27"),
                              istio_mwc("istio-revision-tag-default", "1-27", tag="default")])
config_maps = write("configmaps.yaml", [injector_config_map("default", "enabled", never={"app": "never"}),
                                        injector_config_map("canary", "disabled")])
both_revisions = [cluster, default_mwc, canary_mwc]

NO_MATCH_DEFAULT = ("No matching namespace labels (istio.io/rev=default, istio-injection=enabled) or pod labels "
                    "(istio.io/rev=default, sidecar.istio.io/inject=true)")
NO_MATCH_CANARY = "No matching namespace labels (istio.io/rev=canary) or pod labels (istio.io/rev=canary)"
D, C = "istio-sidecar-injector", "istio-sidecar-injector-canary"
cases = [
    # (target, expected {webhook: (injected, reason)})
    ("pod/nolabel.enabled", {D: (True, "Namespace label istio-injection=enabled matches"), C: (False, NO_MATCH_CANARY)}),
    ("pod/nolabel.canary", {D: (False, NO_MATCH_DEFAULT), C: (True, "Namespace label istio.io/rev=canary matches")}),
    # Both labels: istio-injection wins, as the chart's selectors say.
    ("pod/nolabel.both", {D: (True, "Namespace label istio-injection=enabled matches"), C: (False, NO_MATCH_CANARY)}),
    ("pod/nolabel.plain", {D: (False, NO_MATCH_DEFAULT), C: (False, NO_MATCH_CANARY)}),
    ("pod/opt-in.plain", {D: (True, "Pod label sidecar.istio.io/inject=true matches"), C: (False, NO_MATCH_CANARY)}),
    ("pod/opt-out.enabled", {D: (False, "Pod has sidecar.istio.io/inject=false label, preventing injection"),
                             C: (False, NO_MATCH_CANARY)}),
    ("pod/opt-in.enabled", {D: (True, "Namespace label istio-injection=enabled matches, and pod label "
                                      "sidecar.istio.io/inject=true matches"), C: (False, NO_MATCH_CANARY)}),
    ("pod/nolabel.disabled", {D: (False, "Namespace has istio-injection=disabled label, preventing injection"),
                              C: (False, "Namespace has istio-injection=disabled label, preventing injection")}),
    ("pod/rev-canary.plain", {D: (False, "Pod has istio.io/rev=canary label, preventing injection"),
                              C: (True, "Pod label istio.io/rev=canary matches")}),
    ("nolabel.canary", {D: (False, NO_MATCH_DEFAULT), C: (True, "Namespace label istio.io/rev=canary matches")}),
]
for target, want in cases:
    got, _ = verdicts(both_revisions, target)
    c.check(got == want, "%s: %s (want %s)" % (target, got, want))

# istio.io/rev=canary without a canary webhook: nothing injects.
got, data = verdicts([cluster, default_mwc], "pod/nolabel.canary")
c.check(got == {D: (False, NO_MATCH_DEFAULT)} and data["injected"] is False and data["injectedBy"] == [],
        "canary namespace without a canary webhook: %s" % got)

# The default revision tag: its webhooks serve istio-injection=enabled and istio.io/rev=default, for revision 1-27.
got, data = verdicts([cluster, tag_mwcs], "pod/nolabel.tagged")
c.check(got.get("istio-revision-tag-default") == (True, "Namespace label istio.io/rev=default matches") and
        not got["istio-sidecar-injector-1-27"][0], "tag default: %s" % got)
c.check(data and [w["revision"] for w in data["webhooks"]] == ["1-27", "1-27"], "the tag's revision is 1-27")
got, _ = verdicts([cluster, tag_mwcs], "pod/nolabel.enabled")
c.check(got.get("istio-revision-tag-default") == (True, "Namespace label istio-injection=enabled matches"),
        "tag default with istio-injection=enabled: %s" % got)

# The table, byte for byte as istioctl prints it (colored marks; their codes count in the column width).
p = run(["check-inject", "-f", cluster, "-f", default_mwc, "-f", canary_mwc, "pod/nolabel", "-n", "enabled"])
want = ("WEBHOOK                        REVISION  INJECTED      REASON\n"
        "istio-sidecar-injector         default   \x1b[32m✔\x1b[0m             "
        "Namespace label istio-injection=enabled matches\n"
        "istio-sidecar-injector-canary  canary    \x1b[31m✘\x1b[0m             " + NO_MATCH_CANARY + "\n")
c.check(p.returncode == 0 and p.stdout == want, "the table", p)
c.check("injector policy not checked: ConfigMap istio-system/istio-sidecar-injector not found" in p.stderr,
        "a missing injector ConfigMap is a warning", p)

# The injector policy: the annotation, the never selector, the canary's disabled policy.
with_policy = both_revisions + [config_maps]
_, data = verdicts(with_policy, "pod/annotated-off.enabled")
c.check(data and data["policy"] == {"configMap": "istio-system/istio-sidecar-injector", "revision": "default",
                                    "injected": False, "reason": "pod annotation sidecar.istio.io/inject=false"}
        and data["injected"] is False, "policy: annotation false: %s" % (data and data["policy"]))
_, data = verdicts(with_policy, "pod/nolabel.canary")
c.check(data and data["policy"]["reason"] == "policy disabled" and data["injected"] is False,
        "policy: canary disabled: %s" % (data and data["policy"]))
p = run(["check-inject", "-f", cluster, "-f", default_mwc, "-f", config_maps, "-n", "enabled", "-l", "app=never"])
c.check(p.returncode == 0 and p.stdout.endswith(
    'Injector policy of revision default (ConfigMap istio-system/istio-sidecar-injector): does not inject '
    '(neverInjectSelector {"matchLabels":{"app":"never"}} matches the pod)\n'), "policy: never selector", p)
_, data = verdicts(with_policy, "pod/nolabel.enabled")
c.check(data and data["injected"] is True and data["policy"]["reason"] == "policy enabled", "policy enabled")

# -o yaml is the same data.
p = run(["check-inject", "-f", cluster, "-f", default_mwc, "pod/nolabel.enabled", "-o", "yaml"])
p2 = run(["check-inject", "-f", cluster, "-f", default_mwc, "pod/nolabel.enabled", "-o", "json"])
c.check(p.returncode == 0 and yaml.safe_load(p.stdout) == json.loads(p2.stdout), "-o yaml equals -o json", p)

# Workloads: the pod template's labels (no pod of it in the files), or a pod it selects.
deploy = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "plain"},
          "spec": {"selector": {"matchLabels": {"app": "web"}},
                   "template": {"metadata": {"labels": {"app": "web", "sidecar.istio.io/inject": "true"}},
                                "spec": {"containers": [{"name": "app"}]}}}}
workload = write("deploy.yaml", [deploy])
got, data = verdicts([cluster, default_mwc, workload], "deploy/web.plain")
c.check(got == {D: (True, "Pod label sidecar.istio.io/inject=true matches")} and
        data["subject"] == "Deployment plain/web (pod template)", "deploy/web: %s" % got)
# -f with only one workload and no target: that workload; the namespace of -n when it has none.
lone = dict(deploy, metadata={"name": "web"})
lone_file = write("lone.yaml", [lone, namespace("plain"), istio_mwc("istio-sidecar-injector", "default")])
p = run(["check-inject", "-f", lone_file, "-n", "plain", "-o", "json"])
c.check(p.returncode == 0 and json.loads(p.stdout)["subject"] == "Deployment plain/web (pod template)",
        "the files' only workload", p)

# No webhook configuration at all (--offline): istioctl's message.
p = run(["check-inject", "--offline", "-f", cluster, "pod/nolabel.enabled"])
c.check(p.returncode == 0 and p.stdout == "ERROR: no Istio injection hooks present.\n", "no hooks", p)
# A namespace missing from the files is assumed unlabelled, with a warning.
p = run(["check-inject", "-f", default_mwc, "-n", "nowhere", "-l", "app=x"])
c.check(p.returncode == 0 and "warning: namespace nowhere is not in the files: assuming it has no labels" in p.stderr,
        "missing namespace warning", p)

# Errors: usage 64, bad input 65 (with file:line), not found 1; never a crash.
errors = [
    (["check-inject"], 64, "error: check-inject requires only [<resource-type>/]<resource-name>[.<namespace>], or specify labels flag"),
    (["check-inject", "svc/web", "-f", default_mwc], 64, 'not "svc"'),
    (["check-inject", "a", "b", "-f", default_mwc], 64, "requires only"),
    (["check-inject", "web", "-l", "app=x", "-f", default_mwc], 64, "not both"),
    (["check-inject", "-l", "app!=x", "-f", default_mwc], 64, 'labels "app!=x": "app!=x" is not a key=value pair'),
    (["check-inject", "-f", cluster, "-f", default_mwc], 64, "the files hold 30 pods and workloads"),
    (["check-inject", "pod/ghost.enabled", "-f", cluster, "-f", default_mwc], 1,
     'error: pods "ghost" not found'),
    (["check-inject", "pod/x", "-f", os.path.join(tmp, "missing.yaml")], 1, "missing.yaml"),
    (["check-inject", "-o", "table", "x", "-f", default_mwc], 64, ""),
]
bad_yaml = os.path.join(tmp, "broken.yaml")
with open(bad_yaml, "w") as f:
    f.write("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n")
errors.append((["check-inject", "pod/x", "-f", bad_yaml], 65, bad_yaml + ":5:1: end of sequence flow not found"))
not_object = write("scalar.yaml", ["just a string"])
errors.append((["check-inject", "pod/x", "-f", not_object], 65, not_object + ":1:1: not a Kubernetes object"))
for args, code, text in errors:
    p = run(args)
    c.check(p.returncode == code and text in p.stderr and "Sanitizer" not in p.stderr and "runtime error" not in p.stderr,
            "%s exits %d with %r" % (" ".join(args), code, text), p)

# Hostile and odd objects: clear answers, never a crash.
odd_hooks = write("odd.yaml", [
    {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
     "metadata": {"name": "numbers"}, "webhooks": 5},
    {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration", "metadata": "x",
     "webhooks": [7, {"name": "a.istio.io", "namespaceSelector": "x",
                      "objectSelector": {"matchExpressions": [{"key": "k", "operator": "In", "values": 3}, 4]}}]},
    {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
     "metadata": {"name": "b", "labels": {"istio.io/rev": 1}},
     "webhooks": [{"name": "b.istio.io", "namespaceSelector": {"matchLabels": {"a": None}},
                   "objectSelector": {"matchExpressions": [{"key": "k", "operator": "NotIn", "values": ["x", 2]}]}}]},
    {"apiVersion": "v1", "kind": "Pod"},
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "odd", "labels": {"n": 5}}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "istio-sidecar-injector", "namespace": "istio-system"},
     "data": {"config": "policy: [unclosed"}},
])
p = run(["check-inject", "-f", odd_hooks, "-n", "odd", "-l", "k=v", "-o", "json"])
c.check(p.returncode == 0 and [w["name"] for w in json.loads(p.stdout)["webhooks"]] == ["", "b"],
        "odd webhook configurations are judged, none crashes", p)
p = run(["check-inject", "-f", odd_hooks, "-n", "odd"])
c.check(p.returncode == 65 and "error: the Pod in the files has no metadata.name" in p.stderr,
        "a Pod without metadata as the only workload", p)
deploy_no_template = write("notemplate.yaml", [{"apiVersion": "apps/v1", "kind": "Deployment",
                                                "metadata": {"name": "x", "namespace": "default"}, "spec": 3},
                                               istio_mwc("istio-sidecar-injector", "default")])
p = run(["check-inject", "-f", deploy_no_template, "deploy/x"])
c.check(p.returncode == 65 and "error: Deployment default/x has no pod template" in p.stderr, "no pod template", p)
policy_broken = write("policy.yaml", [istio_mwc("istio-sidecar-injector", "default"), namespace("enabled", NAMESPACES["enabled"]),
                                      {"apiVersion": "v1", "kind": "ConfigMap",
                                       "metadata": {"name": "istio-sidecar-injector", "namespace": "istio-system"},
                                       "data": {"config": "policy: [unclosed"}}])
p = run(["check-inject", "-f", policy_broken, "-n", "enabled", "-l", "app=x"])
c.check(p.returncode == 0 and "warning: injector policy not checked: ConfigMap istio-system/istio-sidecar-injector" in p.stderr
        and "Sanitizer" not in p.stderr, "an unparseable injector config is a warning", p)

# webhook config: the output round-trips and check-inject judges it as Istio's chart.
ca = os.path.join(tmp, "ca.pem")
with open(ca, "w") as f:
    f.write("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0\n-----END CERTIFICATE-----\n")
p = run(["webhook", "config", "--url", "https://127.0.0.1:15017/inject", "--ca-bundle", ca])
c.check(p.returncode == 0, "webhook config", p)
config = yaml.safe_load(p.stdout) if p.returncode == 0 else {}
p2 = run(["webhook", "config", "--url", "https://127.0.0.1:15017/inject", "--ca-bundle", ca, "-o", "json"])
c.check(p2.returncode == 0 and json.loads(p2.stdout) == config, "webhook config -o json equals -o yaml", p2)
c.check(config.get("metadata", {}).get("name") == "sidecarctl-sidecar-injector" and
        [w["name"] for w in config.get("webhooks", [])] == ["rev.namespace.sidecar-injector.istio.io",
                                                              "rev.object.sidecar-injector.istio.io",
                                                              "namespace.sidecar-injector.istio.io",
                                                              "object.sidecar-injector.istio.io"],
        "webhook config: name and webhooks", p)
import base64  # noqa: E402
hook = (config.get("webhooks") or [{}])[0]
c.check(base64.b64decode(hook.get("clientConfig", {}).get("caBundle", "")).decode() == open(ca).read() and
        hook.get("failurePolicy") == "Fail" and hook.get("timeoutSeconds") == 10 and hook.get("sideEffects") == "None"
        and hook.get("admissionReviewVersions") == ["v1"] and hook.get("reinvocationPolicy") == "Never",
        "webhook config: caBundle, failurePolicy, timeout, side effects, versions, reinvocation", p)
ours = write("ours.yaml", [config])
p = run(["webhook", "config", "--service", "istio-system/sidecarctl", "-r", "canary", "--failure-policy", "Ignore",
         "--timeout", "3"])
canary_config = yaml.safe_load(p.stdout) if p.returncode == 0 else {}
c.check(canary_config.get("metadata", {}).get("name") == "sidecarctl-sidecar-injector-canary" and
        canary_config["webhooks"][0]["clientConfig"] == {"service": {"name": "sidecarctl", "namespace": "istio-system",
                                                                     "path": "/inject", "port": 443}} and
        len(canary_config["webhooks"]) == 2, "webhook config -r canary --service", p)
ours_canary = write("ours-canary.yaml", [canary_config])
for target, want in [("pod/nolabel.enabled", {"sidecarctl-sidecar-injector": True, "sidecarctl-sidecar-injector-canary": False}),
                     ("pod/nolabel.canary", {"sidecarctl-sidecar-injector": False, "sidecarctl-sidecar-injector-canary": True}),
                     ("pod/opt-out.enabled", {"sidecarctl-sidecar-injector": False, "sidecarctl-sidecar-injector-canary": False})]:
    got, _ = verdicts([cluster, ours, ours_canary], target)
    c.check({k: v[0] for k, v in got.items()} == want, "check-inject on webhook config: %s: %s" % (target, got))
for args, code, text in [
        (["webhook", "config"], 64, "give exactly one of --url and --service"),
        (["webhook", "config", "--url", "http://x"], 64, "over https only"),
        (["webhook", "config", "--service", "x"], 64, "expected NAMESPACE/NAME[:PORT]"),
        (["webhook", "config", "--url", "https://x", "--ca-bundle", cluster], 65, cluster + ": no PEM certificate"),
        (["webhook", "config", "--url", "https://x", "--ca-bundle", os.path.join(tmp, "none.pem")], 1, "none.pem"),
        (["webhook", "config", "--url", "https://x", "--dry-run", "server"], 64, "--dry-run goes with --apply"),
        (["webhook"], 64, "")]:
    p = run(args)
    c.check(p.returncode == code and text in p.stderr, "%s exits %d with %r" % (" ".join(args), code, text), p)

sys.exit(c.report("test_check_inject"))
