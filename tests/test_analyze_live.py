#!/usr/bin/env python3
"""`sidecarctl analyze` against the fake API server (live mode): the IST codes of a small cluster,
-n / -A / the context's namespace, files combined with the cluster, the mesh config ConfigMap,
resource types the cluster does not serve, 403s, 5xx with Retry-After, a failing server,
--timeout, the progress line on a terminal, and no secret in any output.

usage: test_analyze_live.py path/to/sidecarctl   (run from the repository root)"""
import base64
import json
import os
import pty
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_apiserver import Harness, write_kubeconfig  # noqa: E402

NET = "networking.istio.io/v1"

MESH = """\
extensionProviders:
- name: ls
  lightstep:
    address: lightstep.example:8080
    accessToken: not-a-real-token
"""


def obj(api_version, kind, ns, name, spec=None, **extra):
    o = {"apiVersion": api_version, "kind": kind, "metadata": {"name": name, "namespace": ns}}
    if spec is not None:
        o["spec"] = spec
    o.update(extra)
    return o


def populate(state):
    state.add_namespace("shop", {"istio-injection": "enabled"})
    state.add_namespace("plain")
    state.add_namespace("istio-system")
    state.add_namespace("kube-system")
    state.add_pod("shop", "cart-1", {"app": "cart"})                  # no sidecar in an injected namespace
    state.add_pod("shop", "cart-2", {"app": "cart"}, injected=True)
    state.add_pod("shop", "cart-3", {"app": "cart"}, injected=True)
    state.add_pod("plain", "web-1", {"app": "web"})
    state.add_pod("kube-system", "dns-1", {"k8s-app": "dns"})        # never analyzed
    state.add_object(obj("v1", "Service", "shop", "cart",
                         {"selector": {"app": "cart"}, "ports": [{"name": "http", "port": 80}]}))
    state.add_object(obj("v1", "Service", "plain", "web",
                         {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]}))
    state.add_object(obj(NET, "VirtualService", "shop", "reviews",
                         {"hosts": ["reviews"], "http": [{"route": [{"destination": {"host": "ratings"}}]}]}))
    state.add_object(obj(NET, "VirtualService", "plain", "web",
                         {"hosts": ["web"], "http": [{"route": [{"destination": {"host": "web"}}]}]}))
    state.add_object(obj("telemetry.istio.io/v1", "Telemetry", "shop", "tracing",
                         {"tracing": [{"providers": [{"name": "ls"}]}]}))
    state.add_object({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                      "metadata": {"name": "creds", "namespace": "shop"},
                      "data": {"token": base64.b64encode(b"plugin-token-s3cr3t").decode()}})
    state.configmaps[("istio-system", "istio")] = {
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "istio", "namespace": "istio-system"},
        "data": {"mesh": MESH, "meshNetworks": "networks: {}\n"}}


def messages(p):
    try:
        return json.loads(p.stdout)
    except ValueError:
        return None


def pairs(msgs):
    return sorted((m["code"], m["origin"]) for m in msgs or [])


SHOP = [("IST0002", "Telemetry shop/tracing"), ("IST0101", "VirtualService shop/reviews"),
        ("IST0103", "Pod shop/cart-1")]


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="analyze-live-")
    h = Harness(binary, tmp, max_page=2)
    h.SECRETS = h.SECRETS + [base64.b64encode(b"plugin-token-s3cr3t").decode()]
    populate(h.server.state)
    ca = h.pki.path("ca.crt")
    # The context's namespace is "shop".
    kc = write_kubeconfig(os.path.join(tmp, "shop.kubeconfig"), h.server.url, {"token": "admin-token-s3cr3t"},
                          ca=ca, context_namespace="shop")
    plain_kc = h.token_kubeconfig()  # no namespace in the context: "default"
    try:
        # No files: the live cluster, the context's namespace, paged LISTs, no file references.
        h.server.clear()
        p = h.run(["analyze", "-o", "json"], kc)
        msgs = messages(p)
        h.check(p.returncode == 79, "live run exits 79 (an Error in namespace shop)", p)
        h.check(pairs(msgs) == SHOP, "live run codes in shop: %s" % pairs(msgs), p)
        h.check(all("reference" not in m for m in msgs or []), "cluster resources have no reference", p)
        lists = [r for r in h.server.requests("GET", "/api/v1/pods")]
        h.check(len(lists) >= 3 and any(r["query"].get("continue") for r in lists), "pods listed page by page")
        h.check(all(r["query"].get("limit") for r in lists), "LISTs carry limit=")
        h.check(any("metadata.namespace!=kube-system" in r["query"].get("fieldSelector", "") for r in lists),
                "system namespaces excluded server-side")
        h.check(h.server.requests("GET", "/api/v1/namespaces/istio-system/configmaps/istio"),
                "mesh config ConfigMap read")
        h.check(not h.server.requests("PATCH") and not h.server.requests("PUT"), "analyze never writes")
        clean = p.stdout

        # Log format: istioctl's line for a cluster resource (no file:line).
        p = h.run(["analyze"], kc)
        h.check('Error [IST0101] (VirtualService shop/reviews) Referenced host not found: "ratings"' in p.stdout,
                "log line of a cluster resource", p)
        h.check("Reading the cluster" not in p.stderr, "no progress line off a terminal", p)

        # -n and -A.
        p = h.run(["analyze", "-o", "json", "-n", "plain"], kc)
        h.check(pairs(messages(p)) == [("IST0102", "Namespace plain")] and p.returncode == 0, "-n plain", p)
        p = h.run(["analyze", "-o", "json", "-A"], kc)
        h.check(pairs(messages(p)) == sorted(SHOP + [("IST0102", "Namespace plain")]) and p.returncode == 79,
                "-A reports every namespace", p)
        h.check(not any("kube-system" in m["origin"] for m in messages(p) or []), "kube-system never analyzed", p)
        p = h.run(["analyze", "-o", "json"], plain_kc)
        h.check(p.returncode == 1 and 'namespace "default" not found' in p.stderr,
                "a context without namespace means default, which must exist", p)
        p = h.run(["analyze", "-n", "nope"], kc)
        h.check(p.returncode == 1 and 'error: namespace "nope" not found' in p.stderr, "unknown namespace", p)

        # Files combined with the cluster: a file resource replaces the cluster's (same kind/ns/name),
        # a file resource without namespace lands in the analyzed namespace, and keeps its file:line.
        fix = os.path.join(tmp, "fix.yaml")
        with open(fix, "w") as f:
            f.write("apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata:\n  name: reviews\n"
                    "spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: cart\n"
                    "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: extra\n"
                    "spec:\n  hosts: [extra]\n  http:\n  - route:\n    - destination:\n        host: nowhere\n")
        p = h.run(["analyze", "-o", "json", "--use-kube", fix], kc)
        msgs = messages(p)
        want = sorted([("IST0002", "Telemetry shop/tracing"), ("IST0101", "VirtualService shop/extra"),
                       ("IST0103", "Pod shop/cart-1")])
        h.check(pairs(msgs) == want, "files + cluster: %s" % pairs(msgs), p)
        refs = [m.get("reference") for m in msgs or [] if m["origin"] == "VirtualService shop/extra"]
        h.check(refs == [fix + ":21"], "file resource keeps its file:line (%s)" % refs, p)
        p = h.run(["analyze", "-o", "json", "--use-kube=true", "-n", "plain", fix], kc)
        h.check(("IST0101", "VirtualService plain/extra") in pairs(messages(p)), "-n sets the files' namespace", p)
        # With files and no --use-kube the cluster is not read (CI); --use-kube=false is the same.
        h.server.clear()
        for args in (["analyze", "-o", "json", fix], ["analyze", "-o", "json", "--use-kube=false", fix]):
            p = h.run(args, kc)
            h.check(pairs(messages(p)) == [("IST0101", "VirtualService extra"), ("IST0101", "VirtualService reviews")]
                    and not h.server.requests(),
                    "files only: %s" % " ".join(args), p)

        # The mesh config of the cluster applies (IST0002 needs its lightstep provider) unless
        # --meshConfigFile is given.
        empty_mesh = os.path.join(tmp, "mesh.yaml")
        with open(empty_mesh, "w") as f:
            f.write("{}\n")
        p = h.run(["analyze", "-o", "json", "--meshConfigFile", empty_mesh], kc)
        h.check(pairs(messages(p)) == [c for c in SHOP if c[0] != "IST0002"], "--meshConfigFile wins", p)

        # Types the cluster does not serve (no CRD: 404 in every version) are skipped.
        p = h.run(["analyze", "-o", "json", "-v"], kc)
        h.check(p.returncode == 79 and "authorizationpolicies.security.istio.io" in p.stderr
                and "Not served by the cluster" in p.stderr, "missing CRD groups skipped (-v names them)", p)
        h.check(pairs(messages(p)) == SHOP, "same result with -v", p)

        # --analyzer reads only what that analyzer needs.
        h.server.clear()
        p = h.run(["analyze", "-o", "json", "--analyzer", "injection.Analyzer"], kc)
        h.check(pairs(messages(p)) == [("IST0103", "Pod shop/cart-1")], "one analyzer", p)
        h.check(not h.server.requests("GET", "/apis/networking.istio.io"), "no VirtualService LIST for it")

        # 403: cluster-wide, then in the namespace: a warning naming the resource; the rest is analyzed.
        h.server.add_fault("GET", "/apis/networking.istio.io/v1/virtualservices", status=403, times=1)
        h.server.add_fault("GET", "/apis/networking.istio.io/v1/namespaces/shop/virtualservices", status=403)
        p = h.run(["analyze", "-o", "json"], kc)
        h.check(p.returncode == 0 and "warning: virtualservices.networking.istio.io not analyzed" in p.stderr
                and pairs(messages(p)) == [c for c in SHOP if c[0] != "IST0101"], "403 is a warning", p)
        h.server.clear()
        h.server.add_fault("GET", "/api/v1/pods", status=403, times=1)
        p = h.run(["analyze", "-o", "json"], kc)
        h.check(pairs(messages(p)) == SHOP and "cannot list pods in all namespaces" in p.stderr,
                "403 across namespaces: the selected namespace is listed alone", p)

        # 5xx with Retry-After on about a third of the requests: the same complete result.
        h.server.clear()
        p = h.run(["analyze", "-o", "json"], kc)
        paths = sorted({r["path"] for r in h.server.requests("GET")})
        h.server.clear()
        for i, path in enumerate(paths):
            if i % 3 == 0:
                h.server.add_fault("GET", path, status=[503, 500, 429, 504][i % 4], retry_after=i % 2)
        faults = len(h.server.faults)
        p = h.run(["analyze", "-o", "json"], kc)
        h.check(p.returncode == 79 and p.stdout == clean, "result under 5xx/429 faults equals the clean run", p)
        h.check(faults >= 5 and not h.server.faults, "every fault was hit (%d)" % faults)

        # A server that always fails: bounded retries, a clear error, exit 1.
        h.server.clear()
        h.server.add_fault("GET", "/", status=503, times=1000)
        started = time.time()
        p = h.run(["analyze"], kc)
        took = time.time() - started
        h.check(p.returncode == 1 and "error: " in p.stderr and "(after 5 attempts)" in p.stderr
                and "503" in p.stderr, "permanent 503 gives a clear error", p)
        h.check(len(h.server.requests()) == 5 and took < 20, "5 attempts, then stop (%.1fs)" % took)

        # --timeout bounds the whole read, also a request that hangs.
        h.server.clear()
        # (The server answers after 10 s; the binary's own start-up takes seconds under ASan.)
        h.server.add_fault("GET", "/api/v1/namespaces/shop", delay=10, status=503)
        started = time.time()
        p = h.run(["analyze", "--timeout", "1s"], kc)
        took = time.time() - started
        h.check(p.returncode == 1 and "--timeout 1s" in p.stderr and took < 8, "--timeout 1s (%.1fs)" % took, p)
        p = h.run(["analyze", "--timeout", "soon"], kc)
        h.check(p.returncode == 64 and "--timeout" in p.stderr, "bad --timeout", p)
        h.server.clear()

        # No files and no kubeconfig: a usage error saying what to give.
        p = h.run(["analyze"])
        h.check(p.returncode == 64 and "nothing to analyze" in p.stderr and "kubeconfig" in p.stderr,
                "no files, no cluster", p)
        p = h.run(["analyze", "--use-kube=false"], kc)
        h.check(p.returncode == 64 and "no input files" in p.stderr, "--use-kube=false without files", p)

        # On a terminal, a progress line on stderr (cleared at the end); stdout stays data.
        master, slave = pty.openpty()
        env = {"HOME": tmp, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        env.update({k: v for k, v in os.environ.items() if k.startswith(("ASAN_", "UBSAN_", "LSAN_"))})
        proc = subprocess.Popen([binary, "--kubeconfig", kc, "analyze", "-o", "json"], stdout=subprocess.PIPE,
                                stderr=slave, env=env)
        os.close(slave)
        err = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        out, _ = proc.communicate(timeout=60)
        os.close(master)
        text = err.decode(errors="replace")
        h.check("Reading the cluster: " in text and "resource types" in text and "\x1b[K" in text,
                "progress line on a terminal: %r" % text[:200])
        h.check(pairs(json.loads(out)) == SHOP, "stdout unaffected by the progress line")
        for secret in h.SECRETS:
            h.check(secret not in text and secret.encode() not in out, "no secret on the terminal")
    finally:
        code = h.finish("test_analyze_live")
    sys.exit(code)


if __name__ == "__main__":
    main()
