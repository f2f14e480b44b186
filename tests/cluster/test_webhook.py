#!/usr/bin/env python3
"""`sidecarctl webhook serve` called by the real kube-apiserver of scripts/cluster: a
MutatingWebhookConfiguration with Istio's chart selectors (istio-injection=enabled; istio.io/rev for a
revision; objectSelector on sidecar.istio.io/inject) and a url clientConfig to 127.0.0.1 with our test CA
as caBundle. Pods created through the API (a plain one, and one as a Deployment's ReplicaSet creates it:
generateName and owner references, twice: the second replica is answered from the patch cache) are
stored with the sidecar kube-inject gives the same pod, apart from
what the API server defaults; pods in an unlabelled namespace or opted out are untouched; an
istio.io/rev=canary namespace is served by a second webhook with -r canary and the canary ConfigMaps; with
the webhook down, failurePolicy Fail refuses the pod and Ignore lets it in uninjected.

Before each pod is created, `sidecarctl check-inject -f POD` (live) predicts which of this test's webhooks
inject it; the stored pod must say the same (the proxy image tells which webhook's settings injected it).
check-inject judges selectors and policy, not whether a webhook answers: the webhook-down cases are not
predicted.

With --native-sidecars auto the webhook follows the cluster's Nodes as istiod's informer does: istio-proxy
is a native sidecar while no kubelet is older than 1.33, and a regular container once a v1.32 Node is
registered, without a restart.

Every selector also requires a label unique to this run (sidecarctl.test/webhook), so that the
configurations never touch other tests' pods. usage: test_webhook.py SIDECARCTL CLUSTER_DIR"""
import base64
import json
import os
import secrets
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from real_cluster import Cluster  # noqa: E402
from webhook_support import Webhook, make_ca, make_cert  # noqa: E402

RUN = secrets.token_hex(3)
TEST_LABEL = "sidecarctl.test/webhook"


def reused_patches(hook):
    """The webhook's sidecarctl_webhook_patches_reused_total."""
    for line in hook.request("GET", "/metrics")[2].decode().splitlines():
        if line.startswith("sidecarctl_webhook_patches_reused_total "):
            return int(line.split()[1])
    return None


def subset(want, got, path="", diffs=None):
    """Paths where WANT (kube-inject's pod) is not contained in GOT (the stored pod, with server defaults)."""
    diffs = [] if diffs is None else diffs
    if isinstance(want, dict):
        if not isinstance(got, dict):
            diffs.append("%s: %r vs %r" % (path, want, got))
            return diffs
        for k, v in want.items():
            if v is None or (v == {} and k not in got):
                continue  # creationTimestamp: null, status: {} of the typed output
            if k not in got:
                diffs.append("%s/%s missing" % (path, k))
            else:
                subset(v, got[k], "%s/%s" % (path, k), diffs)
    elif isinstance(want, list):
        if not isinstance(got, list) or len(want) != len(got):
            diffs.append("%s: list %r vs %r" % (path, want, got))
        else:
            for i, (w, g) in enumerate(zip(want, got)):
                subset(w, g, "%s/%d" % (path, i), diffs)
    elif want != got:
        diffs.append("%s: %r vs %r" % (path, want, got))
    return diffs


def webhook_config(name, port, ca_pem, namespace_selector, revision, failure="Fail"):
    expressions = namespace_selector + [{"key": TEST_LABEL, "operator": "In", "values": [RUN]}]
    return {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
            "metadata": {"name": name, "labels": {"app": "sidecar-injector", "istio.io/rev": revision}},
            "webhooks": [{"name": "namespace.sidecar-injector.istio.io", "admissionReviewVersions": ["v1beta1", "v1"],
                          "sideEffects": "None", "failurePolicy": failure, "timeoutSeconds": 10,
                          "reinvocationPolicy": "Never", "matchPolicy": "Equivalent",
                          "clientConfig": {"url": "https://127.0.0.1:%d/inject" % port,
                                           "caBundle": base64.b64encode(ca_pem).decode()},
                          "rules": [{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"],
                                     "resources": ["pods"]}],
                          "namespaceSelector": {"matchExpressions": expressions},
                          "objectSelector": {"matchExpressions": [
                              {"key": "sidecar.istio.io/inject", "operator": "NotIn", "values": ["false"]}]}}]}


def main():
    c = Cluster(sys.argv[1], sys.argv[2])
    tmp = tempfile.mkdtemp(prefix="webhook-", dir=c.home)
    ca = make_ca(tmp)
    cert, key = make_cert(tmp, "server", san="IP:127.0.0.1")
    with open(ca, "rb") as f:
        ca_pem = f.read()
    env = c.env({"ENABLE_NATIVE_SIDECARS": "false"})

    # The canary revision's settings as ConfigMaps, in an Istio namespace of this run's own: the proxy image
    # tag tells which settings injected a pod.
    istio_ns = c.unique_namespace("istio-webhook")
    shown = c.run(["kube-inject", "--offline", "--show-config"], context=None, env={"ENABLE_NATIVE_SIDECARS": "false"})
    parts = shown.stdout.split("\n---\n")
    c.check(shown.returncode == 0 and len(parts) == 3, "--show-config gives three documents", shown)
    config, values, mesh = (parts + ["", "", ""])[:3]
    canary_values = values.replace('"tag": "1.27.1"', '"tag": "1.27.9-canary"')
    c.check(canary_values != values, "the canary values differ")
    c.apply([{"apiVersion": "v1", "kind": "ConfigMap",
              "metadata": {"name": "istio-sidecar-injector-canary", "namespace": istio_ns},
              "data": {"config": config, "values": canary_values}},
             {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "istio-canary", "namespace": istio_ns},
              "data": {"mesh": mesh.rstrip("-\n") + "\n"}}])

    base = [c.binary, "--kubeconfig", c.kubeconfig, "--context", "admin"]
    serve = ["webhook", "serve", "--address", "127.0.0.1", "--port", "0", "--tls-cert-file", cert,
             "--tls-private-key-file", key]
    default_hook = Webhook(c.binary, serve + ["--offline"], env=env, ca=ca)
    canary_hook = Webhook(base[0], base[1:] + ["-i", istio_ns] + serve + ["-r", "canary", "--reload-interval", "500ms"],
                          env=env, ca=ca)
    names = ["sidecarctl-test-%s-default" % RUN, "sidecarctl-test-%s-canary" % RUN]
    try:
        c.apply([webhook_config(names[0], default_hook.port, ca_pem,
                                [{"key": "istio-injection", "operator": "In", "values": ["enabled"]}], "default"),
                 webhook_config(names[1], canary_hook.port, ca_pem,
                                [{"key": "istio.io/rev", "operator": "In", "values": ["canary"]},
                                 {"key": "istio-injection", "operator": "DoesNotExist"}], "canary")])
        run_cases(c, env, istio_ns, default_hook, names)
        check_configmap_reload(c, istio_ns, canary_hook, canary_values)
        check_node_watch(c, base + ["-i", istio_ns] + serve + ["-r", "canary", "--reload-interval", "500ms"], ca, ca_pem)
    finally:
        for name in names:
            c.kubectl(["delete", "mutatingwebhookconfiguration", name, "--ignore-not-found"], check=False)
        codes = (default_hook.stop(), canary_hook.stop())
        c.check(codes == (0, 0), "both webhooks exit 0 on SIGTERM (%s)" % (codes,))
        log = "\n".join(default_hook.lines + canary_hook.lines)
        c.check("AddressSanitizer" not in log and "runtime error" not in log, "no sanitizer report")
    return c.finish("test_webhook")


def predict(c, pod, names):
    """The names of this test's webhooks that `check-inject` says inject POD (not created yet; a
    generateName'd pod gets a name for the question)."""
    question = json.loads(json.dumps(pod))
    question["metadata"].setdefault("name", question["metadata"].get("generateName", "pod-") + "x")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(question, f)
    try:
        p = c.run(["check-inject", "-f", f.name, "-n", pod["metadata"]["namespace"], "-o", "json"])
    finally:
        os.unlink(f.name)
    c.check(p.returncode == 0, "check-inject of %s" % question["metadata"]["name"], p)
    if p.returncode != 0:
        return None
    report = json.loads(p.stdout)
    return sorted(w["name"] for w in report["webhooks"] if w["injected"] and w["name"] in names)


def injected_by(stored, names):
    """Which of this test's webhooks injected STORED, told by the proxy image its settings carry."""
    images = [x.get("image", "") for x in (stored or {}).get("spec", {}).get("containers", [])]
    proxies = [i for i in images if "/proxyv2:" in i]
    if not proxies:
        return []
    return [names[1]] if proxies[0].endswith("-canary") else [names[0]]


def create_predicted(c, pod, names):
    """Creates POD after asking check-inject, and checks that the prediction is what happened."""
    want = predict(c, pod, names)
    stored, p = create(c, pod)
    if stored is not None and want is not None:
        got = injected_by(stored, names)
        c.check(want == got, "%s in %s: check-inject said %s inject, the API server's pod was injected by %s"
                % (pod["metadata"].get("name") or pod["metadata"].get("generateName"), pod["metadata"]["namespace"],
                   want or "none", got or "none"))
    return stored, p


def create(c, pod, expect_ok=True):
    p = c.kubectl(["create", "-o", "json", "-f", "-"], stdin=json.dumps(pod), check=False)
    if expect_ok:
        c.check(p.returncode == 0, "create pod %s: %s" % (pod["metadata"].get("name") or pod["metadata"].get(
            "generateName"), p.stderr.strip()))
    return (json.loads(p.stdout) if p.returncode == 0 else None), p


def kube_inject(c, pod, extra=()):
    p = c.run(["kube-inject", "--webhook-policy", "-f", "-", *extra], stdin=json.dumps(pod),
              env={"ENABLE_NATIVE_SIDECARS": "false"})
    c.check(p.returncode == 0, "kube-inject of the same pod", p)
    docs = [d for d in yaml.safe_load_all(p.stdout) if d] if p.returncode == 0 else []
    return docs[0] if docs else None


def container_names(pod, key="containers"):
    return [x["name"] for x in (pod or {}).get("spec", {}).get(key, [])]


def check_like_kube_inject(c, stored, sent, what, probe_ns, extra=()):
    """The API server defaults a pod before it calls mutating webhooks (protocol: TCP, probe timeouts...),
    and injection copies some of it into istio-proxy's environment: kube-inject gets the pod as the
    webhook saw it, defaulted by a server-side dry run in the namespace no webhook selects."""
    probe = json.loads(json.dumps(sent))
    probe["metadata"]["namespace"] = probe_ns
    probe["metadata"].pop("generateName", None)
    probe["metadata"]["name"] = stored["metadata"]["name"]
    p = c.kubectl(["create", "--dry-run=server", "-o", "json", "-f", "-"], stdin=json.dumps(probe), check=False)
    c.check(p.returncode == 0, "%s: server-side dry run" % what, p)
    if p.returncode != 0:
        return
    defaulted = json.loads(p.stdout)
    defaulted.pop("status", None)
    meta = defaulted["metadata"]
    for k in ("uid", "resourceVersion", "creationTimestamp", "managedFields"):
        meta.pop(k, None)
    meta["namespace"] = stored["metadata"]["namespace"]
    if "generateName" in sent["metadata"]:
        meta["generateName"] = sent["metadata"]["generateName"]
    want = kube_inject(c, defaulted, extra)
    diffs = subset(want, stored) if want else ["no kube-inject output"]
    c.check(not diffs, "%s: the stored pod equals kube-inject's of the defaulted pod:\n  %s"
            % (what, "\n  ".join(diffs[:20])))


def check_configmap_reload(c, istio_ns, canary_hook, canary_values):
    """A changed ConfigMap is picked up by the running webhook: the next pod gets the new proxy tag."""
    ns = c.unique_namespace("wh-reload", {TEST_LABEL: RUN})
    p = c.run(["label-namespace", ns, "--revision", "canary"])
    c.check(p.returncode == 0, "label-namespace --revision canary (reload)", p)
    newer = canary_values.replace('"tag": "1.27.9-canary"', '"tag": "1.27.10-canary"')
    c.kubectl(["patch", "configmap", "istio-sidecar-injector-canary", "-n", istio_ns, "--type", "merge", "-p",
               json.dumps({"data": {"values": newer}})])
    deadline = time.time() + 30
    while time.time() < deadline and not any("injection settings reloaded" in line for line in canary_hook.lines):
        time.sleep(0.2)
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "after-reload", "namespace": ns},
           "spec": {"serviceAccountName": "default", "containers": [{"name": "app", "image": "registry.local/app:1"}]}}
    stored, _ = create(c, pod)
    images = [x.get("image") for x in (stored or {}).get("spec", {}).get("containers", [])]
    c.check("docker.io/istio/proxyv2:1.27.10-canary" in images, "ConfigMap change reloaded: the new tag (%s)" % images)


def check_node_watch(c, command, ca, ca_pem):
    """--native-sidecars auto: a Node with an old kubelet, registered while the webhook runs, turns native
    sidecars off for the next pod."""
    hook = Webhook(command[0], command[1:] + ["--native-sidecars", "auto"], env=c.env(), ca=ca)
    name = "sidecarctl-test-%s-nodes" % RUN
    node = "node-old-%s" % RUN
    ns = c.unique_namespace("wh-nodes", {TEST_LABEL: RUN, "sidecarctl.test/nodes": RUN})
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "before", "namespace": ns},
           "spec": {"serviceAccountName": "default", "containers": [{"name": "app", "image": "registry.local/app:1"}]}}
    try:
        c.check(not json.loads(c.kubectl(["get", "nodes", "-o", "json"]).stdout)["items"],
                "no Nodes before the node test (a test of the run left one)")
        c.apply([webhook_config(name, hook.port, ca_pem,
                                [{"key": "sidecarctl.test/nodes", "operator": "In", "values": [RUN]}], "canary")])
        stored, _ = create(c, pod)
        c.check("istio-proxy" in container_names(stored, "initContainers"),
                "auto, no Nodes: istio-proxy is a native sidecar (%s)" % container_names(stored, "initContainers"))
        reloads = sum("injection settings reloaded" in line for line in hook.lines)
        c.apply([{"apiVersion": "v1", "kind": "Node", "metadata": {"name": node}}])
        c.kubectl(["patch", "node", node, "--subresource=status", "--type=merge",
                   "-p", json.dumps({"status": {"nodeInfo": {"kubeletVersion": "v1.32.4"}}})])
        deadline = time.time() + 30
        while time.time() < deadline and sum("injection settings reloaded" in line for line in hook.lines) == reloads:
            time.sleep(0.2)
        stored, _ = create(c, dict(pod, metadata={"name": "after", "namespace": ns}))
        c.check("istio-proxy" in container_names(stored) and
                "istio-proxy" not in container_names(stored, "initContainers"),
                "auto, a v1.32 Node registered: istio-proxy is a regular container (%s)" % container_names(stored))
    finally:
        c.kubectl(["delete", "mutatingwebhookconfiguration", name, "--ignore-not-found"], check=False)
        c.kubectl(["delete", "node", node, "--ignore-not-found"], check=False)
        c.check(hook.stop() == 0, "the auto webhook exits 0 on SIGTERM")
        log = "\n".join(hook.lines)
        c.check("AddressSanitizer" not in log and "runtime error" not in log, "no sanitizer report (auto webhook)")


def run_cases(c, env, istio_ns, default_hook, names):
    labelled = c.unique_namespace("wh-on", {TEST_LABEL: RUN})
    p = c.run(["label-namespace", labelled])
    c.check(p.returncode == 0, "label-namespace %s" % labelled, p)
    plain_ns = c.unique_namespace("wh-off", {TEST_LABEL: RUN})
    canary_ns = c.unique_namespace("wh-canary", {TEST_LABEL: RUN})
    probe_ns = c.unique_namespace("wh-probe", {TEST_LABEL: RUN})  # dry runs only: no webhook selects it
    p = c.run(["label-namespace", canary_ns, "--revision", "canary"])
    c.check(p.returncode == 0, "label-namespace --revision canary", p)

    # serviceAccountName is given: no ServiceAccount admission plugin fills it in here, and the API server
    # refuses the injected istio-token projected volume without it.
    app = {"name": "app", "image": "registry.local/app:1", "ports": [{"containerPort": 8080}],
           "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}
    plain = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "plain", "namespace": labelled,
                                                           "labels": {"app": "plain"}},
             "spec": {"serviceAccountName": "default", "containers": [app]}}
    stored, _ = create_predicted(c, plain, names)
    c.check("istio-proxy" in container_names(stored), "labelled namespace: the stored pod has istio-proxy (%s)"
            % container_names(stored))
    c.check("istio-init" in container_names(stored, "initContainers"), "labelled namespace: istio-init")
    if stored:
        check_like_kube_inject(c, stored, plain, "plain pod", probe_ns, ["--offline"])

    # As a Deployment's ReplicaSet creates its pods: generateName, owner reference, no name.
    deploy = c.apply([{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": labelled},
                       "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                                "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [app]}}}}])[0]
    rs = c.apply([{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                   "metadata": {"name": "web-5f7b9c", "namespace": labelled,
                                "labels": {"app": "web", "pod-template-hash": "5f7b9c"},
                                "ownerReferences": [Cluster._owner_ref(deploy)]},
                   "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "5f7b9c"}},
                            "template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "5f7b9c"}},
                                         "spec": {"containers": [app]}}}}])[0]
    owned = {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"generateName": "web-5f7b9c-", "namespace": labelled,
                          "labels": {"app": "web", "pod-template-hash": "5f7b9c"},
                          "ownerReferences": [Cluster._owner_ref(rs)]},
             "spec": {"serviceAccountName": "default", "containers": [app]}}
    stored, _ = create_predicted(c, owned, names)
    labels = (stored or {}).get("metadata", {}).get("labels", {})
    c.check(labels.get("service.istio.io/canonical-name") == "web",
            "ReplicaSet's pod: canonical name from the Deployment (%s)" % labels)
    if stored:
        check_like_kube_inject(c, stored, owned, "ReplicaSet's pod", probe_ns, ["--offline"])
    # The ReplicaSet's next replica reaches the webhook as an equal pod: answered from the patch cache,
    # stored the same way.
    reused_before = reused_patches(default_hook)
    second, _ = create_predicted(c, owned, names)
    if second:
        check_like_kube_inject(c, second, owned, "ReplicaSet's second pod", probe_ns, ["--offline"])
    c.check(reused_patches(default_hook) == reused_before + 1,
            "the second replica's patch came from the patch cache (%s -> %s)"
            % (reused_before, reused_patches(default_hook)))

    # Untouched: an unlabelled namespace, a pod opted out.
    stored, _ = create_predicted(c, dict(plain, metadata={"name": "plain", "namespace": plain_ns}), names)
    c.check(stored is not None and container_names(stored) == ["app"], "unlabelled namespace: untouched")
    opted = {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "opted-out", "namespace": labelled, "labels": {"sidecar.istio.io/inject": "false"}},
             "spec": {"containers": [app]}}
    stored, _ = create_predicted(c, opted, names)
    c.check(stored is not None and container_names(stored) == ["app"], "sidecar.istio.io/inject=false: untouched")

    # The canary namespace: the canary webhook, with the canary ConfigMaps.
    canary = dict(plain, metadata={"name": "plain", "namespace": canary_ns, "labels": {"app": "plain"}})
    stored, _ = create_predicted(c, canary, names)
    images = [x.get("image") for x in (stored or {}).get("spec", {}).get("containers", [])]
    c.check("docker.io/istio/proxyv2:1.27.9-canary" in images, "istio.io/rev=canary: the canary settings (%s)" % images)
    status = json.loads((stored or {}).get("metadata", {}).get("annotations", {}).get("sidecar.istio.io/status", "{}"))
    c.check(status.get("revision") == "canary", "canary: revision in the status annotation (%s)" % status)
    if stored:
        check_like_kube_inject(c, stored, canary, "canary pod", probe_ns, ["-i", istio_ns, "-r", "canary"])

    # The webhook down: Fail refuses, Ignore admits uninjected.
    default_hook.stop()
    _, p = create(c, dict(plain, metadata={"name": "refused", "namespace": labelled}), expect_ok=False)
    c.check(p.returncode != 0 and "failed calling webhook" in p.stderr,
            "webhook down, failurePolicy Fail: the pod is refused", p)
    p = c.kubectl(["patch", "mutatingwebhookconfiguration", names[0], "--type", "json", "-p",
                   json.dumps([{"op": "replace", "path": "/webhooks/0/failurePolicy", "value": "Ignore"}])], check=False)
    c.check(p.returncode == 0, "failurePolicy to Ignore", p)
    stored, _ = create(c, dict(plain, metadata={"name": "ignored", "namespace": labelled}))
    c.check(stored is not None and container_names(stored) == ["app"],
            "webhook down, failurePolicy Ignore: created uninjected")
    requests = [line for line in default_hook.lines if "msg=request" in line and "path=/inject" in line]
    c.check(len(requests) >= 2 and all("status=200" in line for line in requests),
            "the default webhook logged the API server's requests (%d)" % len(requests))


if __name__ == "__main__":
    sys.exit(main())
