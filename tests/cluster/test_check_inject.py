#!/usr/bin/env python3
"""check-inject and webhook config against the real kube-apiserver of scripts/cluster and the real istioctl.

Istio-chart-shaped MutatingWebhookConfigurations (the default revision, a revision of this test's own, a
revision tag named default pointing at it; tests/istio_webhooks.py) and namespaces labelled in every way,
each with pods labelled in every way and a Deployment's pods. For every pod: `sidecarctl check-inject` live
prints istioctl x check-inject's table (our policy line aside), and the same run offline on the objects
read back with kubectl (`-f`, no cluster) prints what the live run printed. `webhook config --apply` is
accepted (server-side apply, field manager sidecarctl), `kubectl apply --dry-run=server` accepts the printed
configuration, and check-inject and istioctl judge it alike.

Other tests of the run share the cluster, and both tools list every webhook configuration: the tests that
create or delete them hold a CTest resource lock with this one (tests/CMakeLists.txt), and a namespace's
comparison is still repeated (at most 5 times) when istioctl's own table changed between its run before and
after ours. This test's configurations are deleted at the end; their
hooks point at a closed port on loopback with failurePolicy Ignore, and the pods exist before them."""
import json
import os
import secrets
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from real_cluster import Cluster  # noqa: E402
from istio_webhooks import PODS, istio_mwc  # noqa: E402

c = Cluster(sys.argv[1], sys.argv[2])
root = os.path.dirname(os.path.dirname(HERE))
ISTIOCTL = os.path.join(root, "build", "references", "istioctl")
if not os.path.exists(ISTIOCTL):
    raise SystemExit("no %s: run scripts/references" % ISTIOCTL)

suffix = secrets.token_hex(3)
rev = "ck-" + suffix                 # this test's revision
applied_rev = "ck-applied-" + suffix  # the revision of the configuration webhook config --apply creates
mwcs = [istio_mwc("istio-sidecar-injector-ck-default-" + suffix, "default"),
        istio_mwc("istio-sidecar-injector-" + rev, rev),
        istio_mwc("istio-revision-tag-default-" + suffix, rev, tag="default")]
namespace_labels = {
    "enabled": {"istio-injection": "enabled"},
    "rev": {"istio.io/rev": rev},
    "rev-missing": {"istio.io/rev": rev + "-gone"},  # a revision without a webhook
    "both": {"istio-injection": "enabled", "istio.io/rev": rev},
    "tagged": {"istio.io/rev": "default"},
    "disabled": {"istio-injection": "disabled"},
    "plain": {},
    "applied": {"istio.io/rev": applied_rev},
}
tmp = tempfile.mkdtemp(prefix="check-inject-cluster-")
created_mwcs = []


def istioctl(args):
    return subprocess.run([ISTIOCTL, "--kubeconfig", c.kubeconfig, "--context", "admin"] + args,
                          capture_output=True, text=True, env=c.env(), timeout=120)


def table_only(text):
    """Our output without our injector policy line, and istioctl's newline-less ERROR line ended."""
    lines = [l for l in text.splitlines() if not l.startswith("Injector policy of revision ")]
    return "\n".join(lines).rstrip("\n")


def snapshot(ns):
    """The objects check-inject reads, as the server has them, in one file for an offline run."""
    items = []
    for args in (["get", "mutatingwebhookconfigurations"], ["get", "namespace", ns], ["get", "pods", "-n", ns],
                 ["get", "deployments,replicasets", "-n", ns]):
        out = json.loads(c.kubectl(args + ["-o", "json"]).stdout)
        items += out.get("items", [out])
    p = c.kubectl(["get", "configmaps", "-n", "istio-system", "-o", "json"], check=False)
    if p.returncode == 0:
        items += json.loads(p.stdout)["items"]
    path = os.path.join(tmp, ns + ".json")
    with open(path, "w") as f:
        json.dump({"apiVersion": "v1", "kind": "List", "items": items}, f)
    return path


def compare_namespace(ns, targets):
    """istioctl, then sidecarctl live and offline, then istioctl again, for every target of NS."""
    for attempt in range(5):
        before = {t: istioctl(["x", "check-inject", "-n", ns, t]) for t in targets}
        objects = snapshot(ns)
        ours = {t: c.run(["check-inject", "-n", ns, t]) for t in targets}
        offline = {t: c.run(["check-inject", "-n", ns, "-f", objects, t]) for t in targets}
        after = {t: istioctl(["x", "check-inject", "-n", ns, t]) for t in targets}
        if all(before[t].stdout == after[t].stdout for t in targets):
            break
        print("note: webhook configurations changed during the comparison in %s; again" % ns, flush=True)
    for t in targets:
        want, got, off = before[t], ours[t], offline[t]
        c.check(want.returncode == 0, "istioctl x check-inject -n %s %s runs" % (ns, t), want)
        c.check(got.returncode == 0 and table_only(got.stdout) == table_only(want.stdout),
                "check-inject -n %s %s prints istioctl's table:\n--- istioctl\n%s\n--- sidecarctl\n%s"
                % (ns, t, want.stdout, got.stdout), got)
        c.check(off.returncode == 0 and off.stdout == got.stdout,
                "check-inject -n %s %s offline equals live:\n--- offline\n%s\n--- live\n%s" % (ns, t, off.stdout, got.stdout),
                off)
    return ours


def verdict(ns, target, name):
    """(injected, reason) of configuration NAME for TARGET, from our JSON output."""
    p = c.run(["check-inject", "-n", ns, target, "-o", "json"])
    c.check(p.returncode == 0, "check-inject -o json -n %s %s" % (ns, target), p)
    rows = {w["name"]: (w["injected"], w["reason"]) for w in json.loads(p.stdout or "{}").get("webhooks", [])}
    return rows.get(name)


try:
    names = {}
    for key, labels in namespace_labels.items():
        ns = c.unique_namespace("ci-" + key, labels)
        names[key] = ns
        c.apply([{"apiVersion": "v1", "kind": "Pod",
                  "metadata": {"name": p, "namespace": ns, "labels": l, "annotations": a or {}},
                  "spec": {"containers": [{"name": "app", "image": "registry.local/app:1"}]}}
                 for p, (l, a) in PODS.items()])
    c.workload("Deployment", names["enabled"], "web", replicas=2)
    c.workload("Deployment", names["plain"], "opted", pod_labels={"sidecar.istio.io/inject": "true"})

    # sidecarctl's own configuration: printed, accepted by the server's dry run, applied, judged.
    p = c.run(["webhook", "config", "--url", "https://127.0.0.1:9/inject", "--failure-policy", "Ignore",
               "--timeout", "1", "-r", applied_rev])
    c.check(p.returncode == 0, "webhook config", p)
    printed = os.path.join(tmp, "printed.yaml")
    with open(printed, "w") as f:
        f.write(p.stdout)
    k = c.kubectl(["apply", "--dry-run=server", "-f", printed], check=False)
    c.check(k.returncode == 0, "kubectl apply --dry-run=server accepts webhook config's output", k)
    p = c.run(["webhook", "config", "--url", "https://127.0.0.1:9/inject", "--apply", "--dry-run", "server"])
    c.check(p.returncode == 0 and "(server dry run)" in p.stderr, "webhook config --apply --dry-run server", p)
    gone = c.kubectl(["get", "mutatingwebhookconfiguration", "sidecarctl-sidecar-injector"], check=False)
    c.check(gone.returncode != 0 and "NotFound" in gone.stderr, "a server dry run stores nothing", gone)
    applied_name = "sidecarctl-sidecar-injector-" + applied_rev
    created_mwcs.append(applied_name)
    p = c.run(["webhook", "config", "--url", "https://127.0.0.1:9/inject", "--failure-policy", "Ignore",
               "--timeout", "1", "-r", applied_rev, "--apply", "-o", "json"])
    c.check(p.returncode == 0 and "serverside-applied" in p.stderr, "webhook config --apply", p)
    stored = c.get("mutatingwebhookconfiguration", applied_name)
    c.check([w["name"] for w in stored["webhooks"]] == ["rev.namespace.sidecar-injector.istio.io",
                                                       "rev.object.sidecar-injector.istio.io"] and
            any(m.get("manager") == "sidecarctl" and m.get("operation") == "Apply"
                for m in stored["metadata"].get("managedFields", [])),
            "kubectl get shows the applied configuration, managed by sidecarctl")
    p = c.run(["webhook", "config", "--url", "https://127.0.0.1:9/inject", "--failure-policy", "Ignore",
               "--timeout", "2", "-r", applied_rev, "--apply"])
    stored = c.get("mutatingwebhookconfiguration", applied_name)
    c.check(p.returncode == 0 and all(w["timeoutSeconds"] == 2 for w in stored["webhooks"]),
            "a second --apply updates it in place", p)

    created_mwcs += [m["metadata"]["name"] for m in mwcs]
    c.apply(mwcs)

    for key, ns in names.items():
        targets = list(PODS) + (["deploy/web"] if key == "enabled" else []) + (["deploy/opted"] if key == "plain" else [])
        compare_namespace(ns, targets)

    # Our own rows, whatever else the cluster holds.
    D, R, T = mwcs[0]["metadata"]["name"], mwcs[1]["metadata"]["name"], mwcs[2]["metadata"]["name"]
    expectations = [
        ("enabled", "nolabel", D, (True, "Namespace label istio-injection=enabled matches")),
        ("enabled", "opt-out", D, (False, "Pod has sidecar.istio.io/inject=false label, preventing injection")),
        ("rev", "nolabel", R, (True, "Namespace label istio.io/rev=%s matches" % rev)),
        ("rev", "nolabel", D, (False, "No matching namespace labels (istio.io/rev=default, istio-injection=enabled) "
                                      "or pod labels (istio.io/rev=default, sidecar.istio.io/inject=true)")),
        ("both", "nolabel", D, (True, "Namespace label istio-injection=enabled matches")),
        ("both", "nolabel", R, (False, "No matching namespace labels (istio.io/rev=%s) or pod labels (istio.io/rev=%s)"
                                       % (rev, rev))),
        ("rev-missing", "nolabel", R, (False, "No matching namespace labels (istio.io/rev=%s) or pod labels "
                                              "(istio.io/rev=%s)" % (rev, rev))),
        ("tagged", "nolabel", T, (True, "Namespace label istio.io/rev=default matches")),
        ("plain", "opt-in", D, (True, "Pod label sidecar.istio.io/inject=true matches")),
        ("plain", "nolabel", D, (False, "No matching namespace labels (istio.io/rev=default, istio-injection=enabled) "
                                        "or pod labels (istio.io/rev=default, sidecar.istio.io/inject=true)")),
        ("disabled", "nolabel", D, (False, "Namespace has istio-injection=disabled label, preventing injection")),
        ("applied", "nolabel", applied_name, (True, "Namespace label istio.io/rev=%s matches" % applied_rev)),
    ]
    for key, pod_name, mwc, want in expectations:
        got = verdict(names[key], pod_name, mwc)
        c.check(got == want, "%s/%s, %s: %s (want %s)" % (key, pod_name, mwc, got, want))

    # -f with a workload and no webhook configuration: the manifest's pod template, the cluster's webhooks.
    manifest = os.path.join(tmp, "new-deploy.json")
    with open(manifest, "w") as f:
        json.dump({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "new", "namespace": names["plain"]},
                   "spec": {"selector": {"matchLabels": {"app": "new"}},
                            "template": {"metadata": {"labels": {"app": "new", "sidecar.istio.io/inject": "true"}},
                                         "spec": {"containers": [{"name": "app", "image": "x"}]}}}}, f)
    p = c.run(["check-inject", "-f", manifest, "-o", "json"])
    data = json.loads(p.stdout or "{}")
    rows = {w["name"]: w["reason"] for w in data.get("webhooks", [])}
    c.check(p.returncode == 0 and data.get("subject") == "Deployment %s/new (pod template)" % names["plain"] and
            rows.get(D) == "Pod label sidecar.istio.io/inject=true matches",
            "a manifest's workload against the cluster's webhooks", p)

    # Errors against the real server: a missing pod, a missing namespace.
    p = c.run(["check-inject", "-n", names["plain"], "ghost"])
    c.check(p.returncode == 1 and 'error: pods "ghost" not found' in p.stderr, "a missing pod", p)
    p = c.run(["check-inject", "-n", "no-such-ns-" + suffix, "-l", "app=x"])
    c.check(p.returncode == 1 and 'namespaces "no-such-ns-%s" not found' % suffix in p.stderr, "a missing namespace", p)
    # The viewer context (ClusterRole view) may read pods and namespaces but not webhook configurations.
    p = c.run(["check-inject", "-n", names["plain"], "nolabel"], context="viewer")
    c.check(p.returncode == 1 and "mutatingwebhookconfigurations" in p.stderr, "viewer cannot list webhooks", p)
finally:
    for name in created_mwcs:
        c.kubectl(["delete", "mutatingwebhookconfiguration", name, "--ignore-not-found"], check=False)

sys.exit(c.finish("test_check_inject"))
