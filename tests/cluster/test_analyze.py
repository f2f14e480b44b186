#!/usr/bin/env python3
"""analyze's live mode against the real kube-apiserver of scripts/cluster: Istio config applied with kubectl at
the CRD versions the server serves, analyzed with -n and -A, gives the messages the offline run gives on the
same objects; the viewer context can analyze; analyze never writes. usage: test_analyze.py SIDECARCTL CLUSTER_DIR"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fault_proxy import EXPIRE, RESET, STATUS, Fault, FaultProxy  # noqa: E402
from real_cluster import Cluster  # noqa: E402

# A namespace with injection on, a pod without sidecar (IST0103), a Service port without protocol prefix
# (IST0118), a VirtualService to a host that does not exist (IST0101), a Gateway whose selector matches
# no pod (IST0101), and a DestinationRule whose subset selects no pod (IST0101).
CONFIG = """\
apiVersion: v1
kind: Namespace
metadata:
  name: {ns}
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Pod
metadata:
  name: cart-1
  namespace: {ns}
  labels: {{app: cart, version: v1}}
spec:
  containers:
  - name: cart
    image: registry.local/cart:1
    ports:
    - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: {ns}
spec:
  selector: {{app: cart}}
  ports:
  - name: web
    port: 80
    targetPort: 8080
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: {ns}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: ratings
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: {ns}
spec:
  selector:
    istio: no-such-gateway-{ns}
  servers:
  - port: {{number: 80, name: http, protocol: HTTP}}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: cart
  namespace: {ns}
spec:
  host: cart
  subsets:
  - name: v9
    labels: {{version: v9}}
"""


def documents(text, kinds=None, drop=()):
    """The YAML documents of TEXT of KINDS (None: any), without those of a kind in DROP."""
    def kind(doc):
        return next((line[6:] for line in doc.splitlines() if line.startswith("kind: ")), "")
    return [d for d in text.split("---\n") if d.strip() and kind(d) not in drop and (kinds is None or kind(d) in kinds)]


def overrides(ns):
    """Files given with --use-kube override the cluster's objects of the same kind, namespace and name (istioctl
    puts its file source first): CONFIG's VirtualService routing to a host that exists, and its DestinationRule
    with a subset that selects the pod."""
    return [d.replace("host: ratings", "host: cart").replace("v9", "v1")
            for d in documents(CONFIG.format(ns=ns), kinds=("VirtualService", "DestinationRule"))]


def write(path, docs):
    with open(path, "w") as f:
        f.write("---\n".join(docs))
    return path


def keyed(p):
    """The messages of an -o json run as (code, level, origin, message) tuples, or None."""
    try:
        return sorted((m["code"], m["level"], m["origin"], m["message"]) for m in json.loads(p.stdout))
    except (ValueError, KeyError, TypeError):
        return None


def main():
    c = Cluster(sys.argv[1], sys.argv[2])
    ns = "mesh-" + os.urandom(3).hex()
    tmp = tempfile.mkdtemp(prefix="analyze-", dir=c.home)
    path = os.path.join(tmp, "config.yaml")
    with open(path, "w") as f:
        f.write(CONFIG.format(ns=ns))
    c.kubectl(["apply", "-f", path])

    offline = c.run(["analyze", "-o", "json", path], context=None)
    want = keyed(offline)
    c.check(want is not None and offline.returncode == 79, "offline run on the file", offline)
    codes = {m[0] for m in want or []}
    c.check({"IST0101", "IST0103", "IST0118"} <= codes, "the offline run finds the planted problems: %r" % sorted(codes))

    # The cluster holds more than the file (other tests' namespaces, webhook configurations, which
    # cluster-wide analyzers see too): compare the messages about this namespace's resources.
    def mine(p, namespace=ns):
        return [m for m in keyed(p) or []
                if m[2].split(" ", 1)[-1].startswith(namespace + "/") or m[2] == "Namespace " + namespace]

    live = c.run(["analyze", "-o", "json", "-n", ns])
    c.check(live.returncode == 79, "live -n exits 79 like the offline run", live)
    c.check(mine(live) == want, "live -n %s gives the offline messages:\n  live    %r\n  offline %r"
            % (ns, mine(live), want), live)

    every = c.run(["analyze", "-o", "json", "-A"])
    c.check(every.returncode == 79 and mine(every) == want, "-A includes the namespace's messages", every)

    log = c.run(["analyze", "-n", ns])
    c.check('(VirtualService %s/reviews) Referenced host not found: "ratings"' % ns in log.stdout,
            "istioctl's log line for a cluster resource", log)

    # Files override cluster objects: live with the two files equals offline on the cluster's objects with
    # those two replaced, and differs from the run without them.
    override = write(os.path.join(tmp, "override.yaml"), overrides(ns))
    merged = write(os.path.join(tmp, "merged.yaml"),
                   documents(CONFIG.format(ns=ns), drop=("VirtualService", "DestinationRule")) + overrides(ns))
    want_merged = keyed(c.run(["analyze", "-o", "json", merged], context=None))
    c.check(want_merged and want_merged != want, "the overrides change the offline messages")
    live = c.run(["analyze", "-o", "json", "-n", ns, "--use-kube", override])
    c.check(mine(live) == want_merged, "files override cluster objects:\n  live    %r\n  offline %r"
            % (mine(live), want_merged), live)

    # ClusterRole view covers no Istio kinds and no Secrets (Istio's charts aggregate nothing into it):
    # the viewer gets a warning per forbidden resource and the messages of what it may read.
    viewer = c.run(["analyze", "-o", "json", "-n", ns], context="viewer")
    c.check("warning: virtualservices.networking.istio.io not analyzed: " in viewer.stderr and
            "forbidden" in viewer.stderr and "warning: secrets not analyzed" in viewer.stderr,
            "the viewer is warned of each resource it may not list", viewer)
    readable = [m for m in want if m[2].split(" ", 1)[0] in ("Pod", "Service", "Namespace")]
    c.check(readable and mine(viewer) == readable and viewer.returncode == 0,
            "the viewer gets the messages of the kinds it may read: %r" % mine(viewer), viewer)

    # shop-editor's rights (ClusterRole edit bound in one namespace, here this one): every cluster-wide LIST is
    # forbidden; the namespaced kinds are read in the namespace alone, each with a warning; namespaces and Istio
    # kinds are not analyzed, with a warning. The messages equal the offline run on the objects it may read.
    c.apply([{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
              "metadata": {"name": "sidecarctl-shop-editors", "namespace": ns},
              "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"},
              "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "sidecarctl:shop-editors"}]}])
    editable = write(os.path.join(tmp, "editable.yaml"), documents(CONFIG.format(ns=ns), drop=(
        "Namespace", "VirtualService", "Gateway", "DestinationRule")))
    editor_offline = c.run(["analyze", "-o", "json", editable], context=None)
    editor = c.run(["analyze", "-o", "json", "-n", ns], context="shop-editor")
    for kind in ("pods", "services", "secrets", "deployments.apps"):
        c.check("warning: cannot list %s in all namespaces (" % kind in editor.stderr and
                "); read namespace %s only" % ns in editor.stderr, "shop-editor: %s read in %s alone" % (kind, ns), editor)
    c.check("warning: namespaces not analyzed: " in editor.stderr and
            "warning: virtualservices.networking.istio.io not analyzed: " in editor.stderr,
            "shop-editor: namespaces and Istio kinds not analyzed, said", editor)
    c.check(keyed(editor_offline) and mine(editor) == keyed(editor_offline) and
            editor.returncode == editor_offline.returncode,
            "shop-editor gets the offline messages of what it may read:\n  live    %r\n  offline %r"
            % (mine(editor), keyed(editor_offline)), editor)

    # Enough objects that every LIST takes several pages (the client asks 500 at a time): 2,100 Services
    # whose port names break Istio's convention, created through the API; live equals offline. (targetPort
    # is given: the server defaults it to the port, which the messages quote, and a file has no defaults.)
    crowd = "crowd-" + os.urandom(3).hex()
    bulk = os.path.join(tmp, "crowd.yaml")
    with open(bulk, "w") as f:
        f.write("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n" % crowd)
        for i in range(2100):
            f.write("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%04d\n  namespace: %s\n"
                    "spec:\n  ports:\n  - name: web\n    port: 80\n    targetPort: 8080\n" % (i, crowd))
    c.kubectl(["create", "-f", bulk])
    offline = keyed(c.run(["analyze", "-o", "json", bulk], context=None))
    c.check(offline is not None and len([m for m in offline if m[0] == "IST0118"]) == 2100,
            "offline: one message per Service (%d)" % len(offline or []))
    live = c.run(["analyze", "-o", "json", "-n", crowd])
    differ = sorted(set(mine(live, crowd)) ^ set(offline or []))
    c.check(mine(live, crowd) == offline, "live over several pages gives the offline messages (%d of %d; first "
            "differences %r)" % (len(mine(live, crowd)), len(offline or []), differ[:2]))

    # Through the fault proxy: the second page of the Services' LIST first meets a 503 (retried), then 410
    # Expired, as a real server answers once etcd has compacted the first page's resourceVersion away; the
    # client lists the Services again in one request, and the messages are still the offline ones.
    proxy = FaultProxy(c.dir, tmp)
    try:
        proxy.reset(Fault(STATUS, method="GET", path="/api/v1/services", query="continue", status=503),
                    Fault(EXPIRE, method="GET", path="/api/v1/services", query="continue"),
                    Fault(RESET, method="GET", path="/api/v1/namespaces/" + crowd))
        live = c.run(["analyze", "-o", "json", "-n", crowd], context=None,
                     kubeconfig=proxy.kubeconfig(os.path.join(tmp, "proxied")))
        services = proxy.requests("GET", "/api/v1/services")
        c.check([r["fault"] for r in services] == [None, STATUS, EXPIRE, None] and
                "limit" not in services[-1]["query"] and "continue" not in services[-1]["query"],
                "page, 503, 410 Expired, then one LIST without paging: %r"
                % [(r["fault"], sorted(r["query"])) for r in services])
        c.check(mine(live, crowd) == offline, "after the 410 the messages are the offline ones (%d of %d)"
                % (len(mine(live, crowd)), len(offline or [])), live)
    finally:
        proxy.stop()

    managers = {m.get("manager") for m in c.get("virtualservice", "reviews", ns)["metadata"].get("managedFields", [])}
    c.check("sidecarctl" not in managers, "analyze never writes (%r)" % managers)
    return c.finish("cluster/test_analyze")


if __name__ == "__main__":
    sys.exit(main())
