#!/usr/bin/env python3
"""kube-inject with the cluster's settings, against the real kube-apiserver of scripts/cluster: ConfigMaps
istio-sidecar-injector and istio in istio-system (and their -canary twins for -r canary, and for the default
revision tag) hold the settings `--show-config` prints; the output equals the run on the same settings as
files. --native-sidecars auto reads the kubelet versions of real Node objects (set through the status
subresource). usage: test_kube_inject.py SIDECARCTL CLUSTER_DIR"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fault_proxy import RESET, SLOW, STATUS, Fault, FaultProxy  # noqa: E402
from real_cluster import Cluster  # noqa: E402

SAMPLE = "testdata/samples/bookinfo.yaml"
POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: pinned
  namespace: shop
spec:
  nodeName: {node}
  containers:
  - name: app
    image: registry.local/app:1
"""


def split_settings(text):
    """--show-config's three documents: injection config, values, mesh config."""
    parts, current = [], []
    for line in text.splitlines(keepends=True):
        if line.rstrip("\n") == "---":
            parts.append("".join(current))
            current = []
        else:
            current.append(line)
    parts.append("".join(current))
    return parts


def main():
    c = Cluster(sys.argv[1], sys.argv[2])
    tmp = tempfile.mkdtemp(prefix="inject-", dir=c.home)
    shown = c.run(["kube-inject", "--offline", "--show-config"], context=None)
    parts = split_settings(shown.stdout)
    c.check(shown.returncode == 0 and len(parts) == 3, "--show-config prints three documents", shown)
    config, values, mesh = parts
    # The canary revision differs in the proxy image tag, so that a run shows which settings it used.
    canary_values = values.replace('"tag": "1.27.1"', '"tag": "1.27.9-canary"')
    c.check(canary_values != values, "the canary values differ")

    def files(name, values_text):
        paths = []
        for suffix, text in (("config.yaml", config), ("values.json", values_text), ("mesh.yaml", mesh)):
            path = os.path.join(tmp, "%s-%s" % (name, suffix))
            with open(path, "w") as f:
                f.write(text)
            paths.append(path)
        return ["--injectConfigFile", paths[0], "--valuesFile", paths[1], "--meshConfigFile", paths[2]]

    def configmaps(suffix, values_text):
        return [{"apiVersion": "v1", "kind": "ConfigMap",
                 "metadata": {"name": "istio-sidecar-injector" + suffix, "namespace": "istio-system"},
                 "data": {"config": config, "values": values_text}},
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "istio" + suffix, "namespace": "istio-system"},
                 "data": {"mesh": mesh}}]

    c.apply(configmaps("", values) + configmaps("-canary", canary_values))
    off = {"ENABLE_NATIVE_SIDECARS": "false"}

    want = c.run(["kube-inject", "-f", SAMPLE] + files("default", values), context=None, env=off)
    c.check(want.returncode == 0 and "istio-proxy" in want.stdout, "file settings inject the sample", want)
    got = c.run(["kube-inject", "-f", SAMPLE], env=off)
    c.check(got.returncode == 0 and got.stdout == want.stdout, "the cluster's ConfigMaps give the file run's output", got)
    c.check("istio-sidecar-injector" in got.stderr and "istio-system" in got.stderr,
            "stderr names the ConfigMaps used: %r" % got.stderr)

    # Through the fault proxy: a 503 without Retry-After on one ConfigMap GET, a connection reset before the
    # other was forwarded and slow answers elsewhere; reads are retried and the output is the same.
    proxy = FaultProxy(c.dir, tmp)
    try:
        configmaps_path = "/api/v1/namespaces/istio-system/configmaps/"
        proxy.reset(Fault(STATUS, method="GET", path=configmaps_path + "istio-sidecar-injector", status=503),
                    Fault(RESET, method="GET", path=configmaps_path + "istio"),
                    Fault(SLOW, times=None, delay=0.2))
        got = c.run(["kube-inject", "-f", SAMPLE], context=None, env=off,
                    kubeconfig=proxy.kubeconfig(os.path.join(tmp, "proxied")))
        c.check(got.returncode == 0 and got.stdout == want.stdout, "through faults: the same output", got)
        faults = sorted((r["path"], r["fault"]) for r in proxy.requests() if r["fault"] in (STATUS, RESET))
        c.check(faults == [(configmaps_path + "istio", RESET), (configmaps_path + "istio-sidecar-injector", STATUS)],
                "through faults: both ConfigMap reads met their fault (%r)" % faults)
    finally:
        proxy.stop()

    # As istioctl, -r also names the revision the templates render (istio.io/rev), with files too.
    want_canary = c.run(["kube-inject", "-f", SAMPLE, "-r", "canary"] + files("canary", canary_values),
                        context=None, env=off)
    c.check("1.27.9-canary" in want_canary.stdout, "the canary files show the canary tag", want_canary)
    got = c.run(["kube-inject", "-f", SAMPLE, "-r", "canary"], env=off)
    c.check(got.returncode == 0 and got.stdout == want_canary.stdout, "-r canary reads the -canary ConfigMaps", got)

    p = c.run(["kube-inject", "-f", SAMPLE], context="shop-editor", env=off)
    c.check(p.returncode == 1 and 'ConfigMap "istio' in p.stderr and "forbidden" in p.stderr,
            "a context that may not read istio-system: an error naming the ConfigMap", p)

    # The default revision tag points kube-inject without -r at its revision's ConfigMaps.
    tag = c.revision_webhook("istio-revision-tag-default", "canary", tag="default")
    c.apply([tag])
    try:
        got = c.run(["kube-inject", "-f", SAMPLE], env=off)
        c.check(got.returncode == 0 and got.stdout == want_canary.stdout,
                "without -r: the revision of the default tag (canary)", got)
    finally:
        c.kubectl(["delete", "mutatingwebhookconfiguration", "istio-revision-tag-default"])

    # --native-sidecars auto: native only when every kubelet is 1.33 or later, or the pod's node is.
    want_native = c.run(["kube-inject", "-f", SAMPLE, "--native-sidecars", "true"] + files("default", values),
                        context=None)
    c.check(want_native.stdout != want.stdout, "native and classic sidecars differ")
    nodes = {"node-old-" + os.urandom(2).hex(): "v1.32.4", "node-new-" + os.urandom(2).hex(): "v1.34.1"}
    for name, version in nodes.items():
        c.apply([{"apiVersion": "v1", "kind": "Node", "metadata": {"name": name}}])
        c.kubectl(["patch", "node", name, "--subresource=status", "--type=merge",
                   "-p", json.dumps({"status": {"nodeInfo": {"kubeletVersion": version}}})])
    try:
        got = c.run(["kube-inject", "-f", SAMPLE, "--native-sidecars", "auto"])
        c.check(got.returncode == 0 and got.stdout == want.stdout, "auto with a 1.32 kubelet: classic sidecars", got)
        old, new = sorted(nodes)[1], sorted(nodes)[0]  # "node-new-..." sorts before "node-old-..."
        pod = os.path.join(tmp, "pinned.yaml")
        for node, native in ((new, "true"), (old, "false")):
            with open(pod, "w") as f:
                f.write(POD.format(node=node))
            want_pod = c.run(["kube-inject", "-f", pod, "--native-sidecars", native] + files("default", values),
                             context=None)
            got = c.run(["kube-inject", "-f", pod, "--native-sidecars", "auto"])
            c.check(got.returncode == 0 and got.stdout == want_pod.stdout,
                    "auto for a pod on %s: native %s" % (node, native), got)
        c.kubectl(["delete", "node", old])
        got = c.run(["kube-inject", "-f", SAMPLE, "--native-sidecars", "auto"])
        c.check(got.returncode == 0 and got.stdout == want_native.stdout,
                "auto when every kubelet is 1.33 or later: native sidecars", got)
    finally:
        subprocess.run([c.kubectl_binary, "--kubeconfig", c.kubeconfig, "--context", "admin", "delete", "node",
                        "--ignore-not-found"] + list(nodes), capture_output=True, env=c.env())
    return c.finish("cluster/test_kube_inject")


if __name__ == "__main__":
    sys.exit(main())
