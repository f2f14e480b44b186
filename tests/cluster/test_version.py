#!/usr/bin/env python3
"""`sidecarctl version` against the real kube-apiserver of scripts/cluster: istiod Deployments of two
revisions (1.26.2 and 1.27.1, one image a -distroless variant), an injector ConfigMap of a third revision
without istiod, and pods of mixed proxy versions created through the API (Deployment, StatefulSet and
DaemonSet pods with real owner chains, a bare pod, a gateway, a native sidecar, a pod without a sidecar;
they stay Pending, their spec is what is read). Checks -o json against the objects as kubectl lists
them, the text and --short layouts, the restart commands for the proxies behind their revision,
--remote defaulted on with a kubeconfig, --remote=false, and RBAC: the viewer may read, shop-editor may
not list pods cluster-wide (an error with --remote, a note without).

The control plane lives in a namespace of this test's own (-i), and its revisions have names of their
own, since the other cluster tests run meanwhile and create pods and injector ConfigMaps of their own.
usage: test_version.py SIDECARCTL CLUSTER_DIR"""
import json
import os
import re
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from real_cluster import Cluster  # noqa: E402


def istiod(namespace, revision, image):
    """An istiod Deployment as Istio's istio-discovery chart makes a revisioned one."""
    labels = {"app": "istiod", "istio.io/rev": revision}
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "istiod-" + revision, "namespace": namespace, "labels": dict(labels, istio="pilot")},
            "spec": {"selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": dict(labels, istio="istiod")},
                                  "spec": {"containers": [{"name": "discovery", "image": image,
                                                           "args": ["discovery"]}]}}}}


def injector(namespace, name, revision_label=None):
    meta = {"name": name, "namespace": namespace}
    if revision_label:
        meta["labels"] = {"istio.io/rev": revision_label}
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta,
            "data": {"values": '{"global": {"tag": "1.27.1"}}', "config": "policy: enabled\n"}}


def pod(namespace, name, proxy_image=None, revision=None, native=False, args=None):
    """A pod without a controller; with proxy_image, an istio-proxy container (an init container with
    restartPolicy Always when native) and the sidecar status annotation of revision."""
    spec = {"containers": [{"name": "app", "image": "registry.local/app:1"}]}
    meta = {"name": name, "namespace": namespace}
    if proxy_image:
        proxy = {"name": "istio-proxy", "image": proxy_image, "args": args or ["proxy", "sidecar"]}
        if native:
            spec["initContainers"] = [dict(proxy, restartPolicy="Always")]
        else:
            spec["containers"].append(proxy)
        meta["annotations"] = {"sidecar.istio.io/status": json.dumps(
            {"containers": ["istio-proxy"], "revision": revision})}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def main():
    c = Cluster(sys.argv[1], sys.argv[2])
    suffix = secrets.token_hex(3)
    stable, canary, gone = "stable-" + suffix, "canary-" + suffix, "gone-" + suffix
    istio = c.unique_namespace("istio-ver")
    c.apply([istiod(istio, stable, "docker.io/istio/pilot:1.26.2"),
             istiod(istio, canary, "docker.io/istio/pilot:1.27.1-distroless"),
             # Not a control plane: no app=istiod.
             {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "istio-ingressgateway", "namespace": istio, "labels": {"app": "istio-ingressgateway"}},
              "spec": {"selector": {"matchLabels": {"app": "istio-ingressgateway"}},
                       "template": {"metadata": {"labels": {"app": "istio-ingressgateway"}},
                                    "spec": {"containers": [{"name": "istio-proxy",
                                                             "image": "docker.io/istio/proxyv2:1.26.2"}]}}}},
             injector(istio, "istio-sidecar-injector-" + stable, stable),
             injector(istio, "istio-sidecar-injector-" + canary),  # revision from the name
             injector(istio, "istio-sidecar-injector-old", gone),  # revision from the label
             injector(istio, "istio")])  # the mesh ConfigMap is no injector

    shop = c.unique_namespace("shop")
    c.workload("Deployment", shop, "web", replicas=2, injected_revision=stable,
               proxy_image="docker.io/istio/proxyv2:1.26.2")
    c.workload("Deployment", shop, "api", replicas=2, injected_revision=canary,
               proxy_image="docker.io/istio/proxyv2:1.26.2")
    c.workload("StatefulSet", shop, "db", injected_revision=canary, proxy_image="docker.io/istio/proxyv2:1.27.1")
    c.workload("DaemonSet", shop, "agent", injected_revision=canary,
               proxy_image="docker.io/istio/proxyv2:1.26.2-distroless")
    c.workload("Deployment", shop, "plain")
    c.apply([pod(shop, "bare", "docker.io/istio/proxyv2:1.26.2", canary),
             pod(shop, "native", "docker.io/istio/proxyv2:1.27.1", canary, native=True),
             pod(shop, "gw", "docker.io/istio/proxyv2:1.26.2", stable, args=["proxy", "router"]),
             pod(shop, "leftover", "docker.io/istio/proxyv2:1.25.0", gone)])

    # -o json: the control planes of our namespace, and our namespace's proxies as kubectl lists the pods.
    p = c.run(["-i", istio, "version", "--remote", "-o", "json"])
    c.check(p.returncode == 0 and p.stderr == "", "version --remote -o json", p)
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        doc = {}
        c.fail("version --remote -o json is not JSON: %r" % p.stdout[:300])
    mesh = {m["Revision"]: m for m in doc.get("meshVersion", [])}
    c.check(sorted(mesh) == sorted([stable, canary, gone]), "one control plane per revision: %r" % sorted(mesh))
    if stable in mesh:
        c.check(mesh[stable] == {"Component": "istiod", "Revision": stable, "Info": {"version": "1.26.2"},
                                 "Deployment": "%s/istiod-%s" % (istio, stable), "Image": "docker.io/istio/pilot:1.26.2",
                                 "Injector": "%s/istio-sidecar-injector-%s" % (istio, stable)},
                "control plane %s: %r" % (stable, mesh[stable]))
    if canary in mesh:
        c.check(mesh[canary]["Info"] == {"version": "1.27.1"} and
                mesh[canary]["Injector"] == "%s/istio-sidecar-injector-%s" % (istio, canary),
                "control plane %s (a -distroless image, injector named by revision): %r" % (canary, mesh[canary]))
    if gone in mesh:
        c.check(mesh[gone]["Deployment"] == "" and mesh[gone]["Injector"] == "%s/istio-sidecar-injector-old" % istio,
                "revision %s has only an injector: %r" % (gone, mesh[gone]))

    ours = {d["ID"]: d for d in doc.get("dataPlaneVersion", []) if d["ID"].endswith("." + shop)}
    pods = json.loads(c.kubectl(["get", "pods", "-n", shop, "-o", "json"]).stdout)["items"]
    expected_ids = set()
    for item in pods:
        spec = item["spec"]
        proxies = [x for x in spec.get("containers", []) + spec.get("initContainers", []) if x["name"] == "istio-proxy"]
        if proxies:
            expected_ids.add(item["metadata"]["name"] + "." + shop)
            got = ours.get(item["metadata"]["name"] + "." + shop, {})
            c.check(got.get("Image") == proxies[0]["image"], "%s: the image kubectl shows, %r" % (item["metadata"]["name"], got))
    c.check(set(ours) == expected_ids and len(ours) == 10, "the proxies of %s: %r" % (shop, sorted(ours)))

    def proxy(name):
        return next((d for k, d in ours.items() if k.startswith(name)), {})

    web, api, agent = proxy("web-"), proxy("api-"), proxy("agent-")
    c.check(web.get("IstioVersion") == "1.26.2" and web.get("Revision") == stable and not web.get("Outdated") and
            web.get("Owner") == "deployment/web", "web is at its revision's version: %r" % web)
    c.check(api.get("IstioVersion") == "1.26.2" and api.get("ControlPlaneVersion") == "1.27.1" and api.get("Outdated") and
            api.get("Owner") == "deployment/api", "api is behind revision %s: %r" % (canary, api))
    c.check(agent.get("IstioVersion") == "1.26.2" and agent.get("Outdated") and agent.get("Owner") == "daemonset/agent",
            "agent (-distroless) is behind: %r" % agent)
    c.check(proxy("db-").get("Owner") == "statefulset/db" and not proxy("db-").get("Outdated"), "db is current")
    c.check(proxy("native").get("IstioVersion") == "1.27.1" and not proxy("native").get("Outdated"),
            "a native sidecar is read from initContainers: %r" % proxy("native"))
    c.check(proxy("gw").get("Type") == "gateway" and proxy("web-").get("Type") == "sidecar", "proxy types")
    c.check(proxy("leftover").get("ControlPlaneVersion") == "" and not proxy("leftover").get("Outdated"),
            "a revision without istiod is not compared: %r" % proxy("leftover"))
    restarts = [r for r in doc.get("restarts", []) if (" -n %s " % shop) in r or r.endswith(" -n " + shop)]
    c.check(restarts == ["kubectl rollout restart daemonset/agent -n %s   # 1 pod to move from proxy 1.26.2 to 1.27.1" % shop,
                         "kubectl rollout restart deployment/api -n %s   # 2 pods to move from proxy 1.26.2 to 1.27.1" % shop,
                         "pod/bare -n %s has no controller to restart: recreate it to move from proxy 1.26.2 to 1.27.1"
                         % shop], "restarts in %s: %r" % (shop, restarts))

    # Text, with --remote defaulted on (the kubeconfig exists): istioctl's layout, counts per version and revision.
    p = c.run(["-i", istio, "version"])
    c.check(p.returncode == 0 and p.stderr == "", "version (remote by default)", p)
    for line in ["control plane version: 1.26.2 (revision %s: Deployment %s/istiod-%s, image docker.io/istio/pilot:1.26.2; "
                 "injector ConfigMap %s/istio-sidecar-injector-%s)" % (stable, istio, stable, istio, stable),
                 "control plane version: 1.27.1 (revision %s: Deployment %s/istiod-%s, image "
                 "docker.io/istio/pilot:1.27.1-distroless; injector ConfigMap %s/istio-sidecar-injector-%s)"
                 % (canary, istio, canary, istio, canary),
                 "control plane version: none (revision %s: no istiod Deployment; injector ConfigMap "
                 "%s/istio-sidecar-injector-old)" % (gone, istio),
                 "data plane version: 1.25.0 (revision %s, which has no istiod Deployment: 1 proxy)" % gone,
                 "data plane version: 1.26.2 (revision %s: 3 proxies)" % stable,
                 "data plane version: 1.26.2 (revision %s: 4 proxies)" % canary,
                 "data plane version: 1.27.1 (revision %s: 2 proxies)" % canary]:
        c.check(line in p.stdout.splitlines(), "text has %r" % line, p)
    c.check(re.search(r"^\d+ of \d+ proxies run another version than their revision's control plane; restarting "
                      r"updates them:$", p.stdout, re.M) is not None, "text: the outdated proxies' header", p)
    for r in restarts:
        c.check("  " + r in p.stdout.splitlines(), "text lists %r" % r, p)

    p = c.run(["-i", istio, "version", "--short"])
    lines = p.stdout.splitlines()
    c.check(p.returncode == 0 and lines[:3] == [lines[0], "istiod version: 1.27.1", "istiod version: 1.26.2"] and
            lines[0].startswith("client version: ") and len(lines) == 4 and
            re.fullmatch(r"data plane version: (\S+ \(\d+ proxies\)(, )?)+", lines[3]) is not None,
            "--short: one line per istiod (their versions differ), then istioctl's data plane line", p)

    p = c.run(["-i", istio, "version", "--remote=false"])
    c.check(p.returncode == 0 and "control plane" not in p.stdout and "data plane" not in p.stdout,
            "--remote=false leaves the cluster alone", p)

    # RBAC: the viewer reads everything needed; shop-editor may not list pods of every namespace.
    p = c.run(["-i", istio, "version", "--remote", "-o", "json"], context="viewer")
    c.check(p.returncode == 0 and len(json.loads(p.stdout or "{}").get("meshVersion", [])) == 3, "the viewer may read", p)
    p = c.run(["-i", istio, "version", "--remote"], context="shop-editor")
    c.check(p.returncode == 1 and p.stderr.startswith("error: ") and "forbidden" in p.stderr and p.stdout == "",
            "shop-editor with --remote: the server's refusal is an error", p)
    p = c.run(["-i", istio, "version"], context="shop-editor")
    c.check(p.returncode == 0 and p.stdout.startswith("client version: ") and "control plane" not in p.stdout and
            p.stderr.startswith("note: no control plane or data plane versions: ") and "forbidden" in p.stderr,
            "shop-editor, --remote defaulted on: our version and a note", p)
    return c.finish("cluster/test_version")


if __name__ == "__main__":
    sys.exit(main())
