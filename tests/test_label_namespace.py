#!/usr/bin/env python3
"""label-namespace against the fake API server: labels, conflicts, revisions, dry runs, restarts,
--list with paging, several namespaces, output formats, and kubectl accepting the fake."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_apiserver import Harness  # noqa: E402


def populate(state):
    for name, labels in [("default", {}), ("shop", {"team": "a"}), ("legacy", {"istio-injection": "enabled"}),
                         ("canary-ns", {"istio.io/rev": "canary"}),
                         ("mesh-ambient", {"istio.io/dataplane-mode": "ambient"}), ("quiet", {})]:
        state.add_namespace(name, labels)
    state.add_webhook("istio-sidecar-injector", "default")
    state.add_webhook("istio-sidecar-injector-1-21", "1-21")
    state.add_webhook("istio-revision-tag-canary", "1-21", tag="canary")
    state.add_pod("shop", "web-7c9d8-a", {"app": "web", "pod-template-hash": "7c9d8"}, owner=("ReplicaSet", "web-7c9d8"))
    state.add_pod("shop", "web-7c9d8-b", {"app": "web", "pod-template-hash": "7c9d8"}, owner=("ReplicaSet", "web-7c9d8"))
    state.add_pod("shop", "db-0", {"app": "db"}, owner=("StatefulSet", "db"))
    state.add_pod("shop", "opted-out", {"sidecar.istio.io/inject": "false"}, owner=("DaemonSet", "agent"))
    state.add_pod("legacy", "api-5f6-x", {"pod-template-hash": "5f6"}, injected=True, owner=("ReplicaSet", "api-5f6"))


def labels(h, ns):
    return h.server.state.namespaces[ns]["metadata"]["labels"]


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="label-ns-")
    h = Harness(binary, tmp, max_page=2)
    populate(h.server.state)
    kc = h.token_kubeconfig()
    try:
        # kubectl accepts the fake server (when installed).
        kubectl = shutil.which("kubectl")
        if kubectl:
            p = subprocess.run([kubectl, "get", "namespaces", "--kubeconfig", kc], capture_output=True, text=True,
                               timeout=60, env={"HOME": tmp, "PATH": os.environ.get("PATH", "")})
            h.check(p.returncode == 0 and "shop" in p.stdout and "legacy" in p.stdout, "kubectl get namespaces", p)

        # Enable: one merge PATCH with fieldManager and a resourceVersion precondition; restart advice.
        h.server.clear()
        p = h.run(["label-namespace", "shop"], kc)
        h.check(p.returncode == 0, "label-namespace shop", p)
        h.check("namespace/shop labeled: istio-injection=enabled" in p.stdout, "summary of enable", p)
        h.check("kubectl rollout restart deployment/web -n shop   # 2 pods to get the sidecar" in p.stdout,
                "deployment restart advice", p)
        h.check("kubectl rollout restart statefulset/db -n shop" in p.stdout, "statefulset restart advice", p)
        h.check("agent" not in p.stdout, "opted-out pods need no restart", p)
        h.check(labels(h, "shop") == {"team": "a", "istio-injection": "enabled"}, "shop labels after enable")
        patches = h.server.requests("PATCH")
        h.check(len(patches) == 1, "exactly one PATCH (%d)" % len(patches))
        if patches:
            r = patches[0]
            h.check(r["headers"].get("Content-Type") == "application/merge-patch+json", "merge-patch content type")
            h.check(r["query"] == {"fieldManager": "sidecarctl"}, "PATCH query %r" % r["query"])
            body = json.loads(r["body"])
            h.check(body["metadata"]["labels"] == {"istio-injection": "enabled"}, "PATCH labels %r" % body)
            h.check("resourceVersion" in body["metadata"], "PATCH carries resourceVersion")
        h.check(h.server.connections == 1, "one connection for the whole run (%d)" % h.server.connections)

        p = h.run(["label-namespace", "shop"], kc)
        h.check(p.returncode == 0 and "namespace/shop unchanged" in p.stdout, "rerun is unchanged", p)

        # Conflicts need --overwrite; istio.io/rev removes istio-injection in the same PATCH.
        h.server.clear()
        p = h.run(["label-namespace", "shop", "--revision", "canary"], kc)
        h.check(p.returncode != 0 and "already has istio-injection=enabled; use --overwrite" in p.stderr,
                "conflict without --overwrite", p)
        h.check(not h.server.requests("PATCH"), "no PATCH on conflict")
        p = h.run(["label-namespace", "shop", "--revision", "canary", "--overwrite"], kc)
        h.check(p.returncode == 0, "--revision canary --overwrite", p)
        h.check(labels(h, "shop") == {"team": "a", "istio.io/rev": "canary"}, "labels after revision %r" % labels(h, "shop"))
        patches = h.server.requests("PATCH")
        h.check(len(patches) == 1 and json.loads(patches[0]["body"])["metadata"]["labels"] ==
                {"istio-injection": None, "istio.io/rev": "canary"}, "one PATCH sets rev and drops istio-injection")

        # A revision that is not installed: an error naming those that are; nothing patched.
        h.server.clear()
        p = h.run(["label-namespace", "quiet", "--revision", "nope"], kc)
        h.check(p.returncode == 1 and 'revision "nope" is not installed' in p.stderr and
                "revisions 1-21, default; tags canary" in p.stderr, "unknown revision", p)
        h.check(not h.server.requests("PATCH"), "no PATCH for an unknown revision")

        # Server dry run sends dryRun=All and changes nothing; client dry run sends nothing.
        h.server.clear()
        p = h.run(["label-namespace", "quiet", "--dry-run=server", "-o", "json"], kc)
        h.check(p.returncode == 0, "server dry run", p)
        h.check([r["query"].get("dryRun") for r in h.server.requests("PATCH")] == ["All"], "dryRun=All sent")
        h.check(labels(h, "quiet") == {}, "server dry run leaves the namespace alone")
        try:
            obj = json.loads(p.stdout)
            h.check(obj["metadata"]["labels"] == {"istio-injection": "enabled"}, "-o json shows the result")
        except ValueError:
            h.fail("-o json output is not JSON: %r" % p.stdout[:200])
        h.check("server dry run" in p.stderr, "with -o the summary goes to stderr", p)
        h.server.clear()
        p = h.run(["label-namespace", "quiet", "--dry-run=client"], kc)
        h.check(p.returncode == 0 and "client dry run, nothing sent" in p.stdout, "client dry run", p)
        h.check(not h.server.requests("PATCH"), "client dry run sends no PATCH")

        # --disable on a namespace with injected pods: they lose the sidecar.
        p = h.run(["label-namespace", "legacy", "--disable", "--overwrite"], kc)
        h.check(p.returncode == 0 and labels(h, "legacy") == {"istio-injection": "disabled"}, "--disable", p)
        h.check("kubectl rollout restart deployment/api -n legacy   # 1 pod to lose the sidecar" in p.stdout,
                "restart advice for pods losing the sidecar", p)
        p = h.run(["label-namespace", "canary-ns", "--remove", "-o", "yaml"], kc)
        h.check(p.returncode == 0 and labels(h, "canary-ns") == {}, "--remove", p)
        h.check("kind: Namespace" in p.stdout and "istio.io/rev" not in p.stdout, "-o yaml after --remove", p)

        # Ambient namespaces are labelled with a warning.
        p = h.run(["label-namespace", "mesh-ambient"], kc)
        h.check(p.returncode == 0 and "warning:" in p.stderr and "ambient" in p.stderr, "ambient warning", p)

        # Several namespaces: each on its own, non-zero exit when any failed.
        p = h.run(["label-namespace", "default", "missing", "Bad_Name"], kc)
        h.check(p.returncode == 1, "exit 1 when one namespace fails", p)
        h.check("namespace/default labeled" in p.stdout, "the good namespace is labelled", p)
        h.check('error: namespaces "missing" not found (404 Not Found)' in p.stderr, "404 message", p)
        h.check('"Bad_Name" is not a valid namespace name' in p.stderr, "invalid name", p)

        # --list pages through namespaces (the server caps pages at 2) and resolves tags.
        h.server.clear()
        p = h.run(["label-namespace", "--list"], kc)
        h.check(p.returncode == 0, "--list", p)
        rows = {line.split()[0]: line for line in p.stdout.splitlines()[1:] if line.strip()}
        h.check(set(rows) == {"default", "shop", "legacy", "canary-ns", "mesh-ambient", "quiet"}, "--list rows %r" % rows)
        h.check("1-21 (tag canary)" in rows.get("shop", ""), "tag resolved in --list", p)
        h.check("disabled" in rows.get("legacy", ""), "disabled in --list", p)
        ns_gets = [r for r in h.server.requests("GET", "/api/v1/namespaces") if r["path"] == "/api/v1/namespaces"]
        h.check(len(ns_gets) == 3 and "continue" in ns_gets[1]["query"], "paging with continue (%d pages)" % len(ns_gets))
        p = h.run(["label-namespace", "--list", "-o", "json"], kc)
        try:
            h.check({r["namespace"] for r in json.loads(p.stdout)} == set(rows), "--list -o json")
        except ValueError:
            h.fail("--list -o json is not JSON: %r" % p.stdout[:200])

        # Usage errors.
        for args in (["label-namespace"], ["label-namespace", "a", "--disable", "--remove"],
                     ["label-namespace", "--list", "a"], ["label-namespace", "a", "--dry-run=maybe"]):
            p = h.run(args, kc)
            h.check(p.returncode == 64 or (p.returncode != 0 and "--dry-run" in args[-1]), "usage error for %s" % args, p)
    finally:
        code = h.finish("test_label_namespace")
        shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
