#!/usr/bin/env python3
"""label-namespace against the real kube-apiserver of scripts/cluster: enable, revisions and revision tags,
--overwrite, --disable, --remove, both dry runs, --list, managed fields, restart hints from real owner
chains, RBAC (viewer and shop-editor are refused, naming the namespace), the exec credential plugin, and
several namespaces at once. usage: test_label_namespace.py SIDECARCTL CLUSTER_DIR"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from real_cluster import Cluster  # noqa: E402


def main():
    c = Cluster(sys.argv[1], sys.argv[2])
    # Istio's control plane as label-namespace sees it: the default revision, revision 1-21, and the tag
    # canary pointing at 1-21 (names as Istio's charts give them).
    c.apply([c.revision_webhook("istio-sidecar-injector", "default"),
             c.revision_webhook("istio-sidecar-injector-1-21", "1-21"),
             c.revision_webhook("istio-revision-tag-canary", "1-21", tag="canary")])
    shop = c.unique_namespace("shop", {"team": "a"})
    c.workload("Deployment", shop, "web", replicas=2)
    c.workload("StatefulSet", shop, "db")
    c.workload("DaemonSet", shop, "agent", pod_labels={"sidecar.istio.io/inject": "false"})
    legacy = c.unique_namespace("legacy", {"istio-injection": "enabled"})
    c.workload("Deployment", legacy, "api", injected_revision="default")
    quiet = c.unique_namespace("quiet")
    tagged = c.unique_namespace("tagged", {"istio.io/rev": "canary"})

    # Enable: the label lands, other labels stay, the field manager is ours, and the restart hints come
    # from the pods' real owner chains (Pod -> ReplicaSet -> Deployment, Pod -> StatefulSet).
    p = c.run(["label-namespace", shop])
    c.check(p.returncode == 0, "label-namespace %s" % shop, p)
    c.check("namespace/%s labeled: istio-injection=enabled" % shop in p.stdout, "summary of enable", p)
    c.check("kubectl rollout restart deployment/web -n %s" % shop in p.stdout, "deployment restart hint", p)
    c.check("kubectl rollout restart statefulset/db -n %s" % shop in p.stdout, "statefulset restart hint", p)
    c.check("daemonset/agent" not in p.stdout, "pods that opt out need no restart", p)
    labels = c.labels(shop)
    c.check(labels.get("istio-injection") == "enabled" and labels.get("team") == "a", "labels after enable %r" % labels)
    managers = {m.get("manager") for m in c.get("namespace", shop)["metadata"].get("managedFields", [])}
    c.check("sidecarctl" in managers, "managedFields name sidecarctl (%r)" % managers)

    p = c.run(["label-namespace", shop])
    c.check(p.returncode == 0 and "namespace/%s unchanged" % shop in p.stdout, "a second run is unchanged", p)

    # A revision tag: refused without --overwrite, then set with istio-injection dropped in the same patch.
    p = c.run(["label-namespace", shop, "--revision", "canary"])
    c.check(p.returncode != 0 and "already has istio-injection=enabled; use --overwrite" in p.stderr,
            "conflict without --overwrite", p)
    c.check(c.labels(shop).get("istio-injection") == "enabled", "nothing changed on conflict")
    p = c.run(["label-namespace", shop, "--revision", "canary", "--overwrite"])
    c.check(p.returncode == 0, "--revision canary --overwrite", p)
    labels = c.labels(shop)
    c.check(labels.get("istio.io/rev") == "canary" and "istio-injection" not in labels,
            "labels after --revision canary %r" % labels)

    # A revision that is not installed names the installed ones, read from the real webhook configurations.
    p = c.run(["label-namespace", quiet, "--revision", "nope"])
    c.check(p.returncode == 1 and 'revision "nope" is not installed' in p.stderr, "unknown revision", p)
    c.check("1-21" in p.stderr and "canary" in p.stderr, "the installed revisions and tags are named", p)
    c.check("istio.io/rev" not in c.labels(quiet), "nothing labelled for an unknown revision")

    # Dry runs: the server's answer shows the result, the namespace keeps its labels.
    p = c.run(["label-namespace", quiet, "--dry-run=server", "-o", "json"])
    c.check(p.returncode == 0, "--dry-run=server", p)
    try:
        obj = json.loads(p.stdout)
        c.check(obj["metadata"]["labels"].get("istio-injection") == "enabled", "server dry run shows the result")
        c.check(obj["metadata"]["name"] == quiet, "server dry run answers for the namespace")
    except ValueError:
        c.fail("--dry-run=server -o json is not JSON: %r" % p.stdout[:200])
    c.check("istio-injection" not in c.labels(quiet), "server dry run changes nothing")
    p = c.run(["label-namespace", quiet, "--dry-run=client"])
    c.check(p.returncode == 0 and "client dry run, nothing sent" in p.stdout, "--dry-run=client", p)
    c.check("istio-injection" not in c.labels(quiet), "client dry run changes nothing")

    # --disable: pods that had the sidecar will lose it on restart; --remove drops the labels.
    p = c.run(["label-namespace", legacy, "--disable", "--overwrite"])
    c.check(p.returncode == 0 and c.labels(legacy).get("istio-injection") == "disabled", "--disable", p)
    c.check("kubectl rollout restart deployment/api -n %s" % legacy in p.stdout and "lose the sidecar" in p.stdout,
            "restart hint for pods losing the sidecar", p)
    p = c.run(["label-namespace", tagged, "--remove", "-o", "yaml"])
    c.check(p.returncode == 0 and "istio.io/rev" not in c.labels(tagged), "--remove", p)
    c.check("kind: Namespace" in p.stdout and "istio.io/rev" not in p.stdout, "-o yaml after --remove", p)

    # --list reads every namespace and resolves the tag.
    p = c.run(["label-namespace", "--list", "-o", "json"])
    c.check(p.returncode == 0, "--list -o json", p)
    try:
        rows = {r["namespace"]: r for r in json.loads(p.stdout)}
        c.check({shop, legacy, quiet, tagged, "default", "kube-system"} <= set(rows), "--list rows %r" % sorted(rows))
    except (ValueError, KeyError, TypeError):
        c.fail("--list -o json is not a list of rows: %r" % p.stdout[:200])
    p = c.run(["label-namespace", "--list"])
    row = next((line for line in p.stdout.splitlines() if line.split()[:1] == [shop]), "")
    c.check("1-21 (tag canary)" in row, "tag resolved in --list: %r" % row, p)

    # RBAC: the viewer may read but not patch; shop-editor edits inside namespace shop only, and a
    # namespace itself is cluster-scoped. Both are told "forbidden" naming the namespace; nothing changes.
    for context in ("viewer", "shop-editor"):
        p = c.run(["label-namespace", quiet], context=context)
        c.check(p.returncode == 1 and "forbidden" in p.stderr and quiet in p.stderr,
                "%s is refused, naming the namespace" % context, p)
        c.check("istio-injection" not in c.labels(quiet), "%s changed nothing" % context)
    p = c.run(["label-namespace", "--list"], context="viewer")
    c.check(p.returncode == 0 and quiet in p.stdout, "the viewer may list", p)

    # The exec credential plugin authenticates as a cluster admin.
    p = c.run(["label-namespace", quiet], context="exec")
    c.check(p.returncode == 0 and c.labels(quiet).get("istio-injection") == "enabled", "labelled through exec auth", p)

    # Several namespaces: each succeeds or fails on its own; the server's 404 is shown.
    other = c.unique_namespace("other")
    missing = "missing-" + other
    p = c.run(["label-namespace", other, missing])
    c.check(p.returncode == 1, "exit 1 when one namespace fails", p)
    c.check("namespace/%s labeled" % other in p.stdout, "the existing namespace is labelled", p)
    c.check('namespaces "%s" not found' % missing in p.stderr, "the missing namespace is named", p)
    return c.finish("cluster/test_label_namespace")


if __name__ == "__main__":
    sys.exit(main())
