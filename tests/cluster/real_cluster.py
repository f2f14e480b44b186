"""The tests' view of the control plane of `scripts/cluster up DIR`: runs sidecarctl and kubectl against it
with a chosen kubeconfig context, creates objects as Istio's charts and Kubernetes' controllers would,
and collects failures. Usage in a test: `c = Cluster(sys.argv[1], sys.argv[2])`, then `c.finish(name)`.

No controller-manager runs: Deployments create no ReplicaSets or Pods and deleted namespaces stay
Terminating, so tests create the objects a controller would and use namespace names of their own
(unique_namespace) instead of reusing and deleting."""
import json
import os
import secrets
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from checks import Checks  # noqa: E402


class Cluster(Checks):
    def __init__(self, binary, cluster_dir):
        self.binary = os.path.abspath(binary)
        self.dir = os.path.abspath(cluster_dir)
        self.kubeconfig = os.path.join(self.dir, "kubeconfig")
        if not os.path.isfile(self.kubeconfig):
            raise SystemExit("no control plane at %s (scripts/cluster up %s)" % (self.dir, self.dir))
        root = os.path.dirname(os.path.dirname(HERE))
        self.kubectl_binary = os.path.join(root, "build", "references", "kubectl")
        self.home = os.path.join(self.dir, "home-" + secrets.token_hex(4))
        os.makedirs(self.home, exist_ok=True)
        Checks.__init__(self)
        self.secrets = self._read_secrets()

    def _read_secrets(self):
        """The tokens and the admin key of the kubeconfig: no output may show them."""
        found = []
        with open(os.path.join(self.dir, "pki", "tokens.csv")) as f:
            found += [line.split(",")[0] for line in f if line.strip()]
        with open(os.path.join(self.dir, "pki", "admin.key")) as f:
            lines = f.read().splitlines()
        found.append(lines[len(lines) // 2])
        return found

    def env(self, extra=None):
        env = {"HOME": self.home, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        for k, v in os.environ.items():
            if k.startswith(("ASAN_", "UBSAN_", "LSAN_")):
                env[k] = v
        env.update(extra or {})
        return env

    def run(self, args, context="admin", env=None, timeout=60, stdin=None, kubeconfig=None):
        """Runs sidecarctl with the cluster's kubeconfig, or KUBECONFIG, and --context unless None."""
        cmd = [self.binary, "--kubeconfig", kubeconfig or self.kubeconfig]
        if context:
            cmd += ["--context", context]
        p = subprocess.run(cmd + args, capture_output=True, text=True, env=self.env(env), timeout=timeout,
                           input=stdin)
        for secret in self.secrets:
            if secret in p.stdout or secret in p.stderr:
                self.fail("a credential was printed by sidecarctl %s" % " ".join(args))
        return p

    def kubectl(self, args, context="admin", stdin=None, check=True):
        p = subprocess.run([self.kubectl_binary, "--kubeconfig", self.kubeconfig, "--context", context] + args,
                           capture_output=True, text=True, env=self.env(), timeout=120, input=stdin)
        if check and p.returncode != 0:
            raise RuntimeError("kubectl %s: %s" % (" ".join(args), p.stderr.strip()))
        return p

    def apply(self, objects, context="admin"):
        """Creates or updates objects (dicts) with kubectl apply --server-side; returns them as the server has them."""
        stream = "\n---\n".join(json.dumps(o) for o in objects)
        self.kubectl(["apply", "--server-side", "--field-manager", "test-setup", "-o", "json", "-f", "-"],
                     context, stdin=stream)
        return [self.get(o["kind"], o["metadata"]["name"], o["metadata"].get("namespace")) for o in objects]

    def get(self, kind, name, namespace=None, context="admin"):
        args = ["get", kind, name, "-o", "json", "--show-managed-fields"] + (["-n", namespace] if namespace else [])
        return json.loads(self.kubectl(args, context).stdout)

    def labels(self, namespace):
        return self.get("namespace", namespace)["metadata"].get("labels", {})

    def unique_namespace(self, prefix, labels=None):
        """A new namespace named PREFIX-<random>, with LABELS (kubernetes.io/metadata.name is the server's)."""
        name = "%s-%s" % (prefix, secrets.token_hex(3))
        self.apply([{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels or {}}}])
        return name

    def revision_webhook(self, name, revision, tag=None):
        """A MutatingWebhookConfiguration as Istio's chart labels it (istio.io/rev, and istio.io/tag for a
        revision tag). Its hook points at a closed port on loopback with failurePolicy Ignore: no istiod
        runs here, and pod creation must not depend on one."""
        labels = {"app": "sidecar-injector", "istio.io/rev": revision}
        if tag:
            labels["istio.io/tag"] = tag
        hook = {"name": "rev.namespace.sidecar-injector.istio.io", "admissionReviewVersions": ["v1"],
                "sideEffects": "None", "failurePolicy": "Ignore", "timeoutSeconds": 1,
                "clientConfig": {"url": "https://127.0.0.1:9/inject"},
                "rules": [{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"]}],
                "namespaceSelector": {"matchExpressions": [
                    {"key": "istio.io/rev", "operator": "In", "values": [tag or revision]},
                    {"key": "istio-injection", "operator": "DoesNotExist"}]},
                "objectSelector": {"matchExpressions": [
                    {"key": "sidecar.istio.io/inject", "operator": "NotIn", "values": ["false"]}]}}
        return {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
                "metadata": {"name": name, "labels": labels}, "webhooks": [hook]}

    def workload(self, kind, namespace, name, replicas=1, pod_labels=None, injected_revision=None,
                 proxy_image="docker.io/istio/proxyv2:1.27.1"):
        """A Deployment (with its ReplicaSet), StatefulSet or DaemonSet and its pods, owned as the controllers own
        them. injected_revision gives the pods an istio-proxy container of proxy_image and the sidecar status
        annotation."""
        labels = {"app": name}
        template_labels = dict(labels, **(pod_labels or {}))
        spec = {"selector": {"matchLabels": labels},
                "template": {"metadata": {"labels": template_labels},
                             "spec": {"containers": [{"name": "app", "image": "registry.local/app:1"}]}}}
        if kind != "DaemonSet":
            spec["replicas"] = replicas
        if kind == "StatefulSet":
            spec["serviceName"] = name
        owner = self.apply([{"apiVersion": "apps/v1", "kind": kind,
                             "metadata": {"name": name, "namespace": namespace}, "spec": spec}])[0]
        pod_owner = owner
        pod_prefix = name
        if kind == "Deployment":
            pod_hash = secrets.token_hex(4)[:8]
            rs_name = "%s-%s" % (name, pod_hash)
            rs_labels = dict(template_labels, **{"pod-template-hash": pod_hash})
            pod_owner = self.apply([{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                     "metadata": {"name": rs_name, "namespace": namespace, "labels": rs_labels,
                                                  "ownerReferences": [self._owner_ref(owner)]},
                                     "spec": {"replicas": replicas,
                                              "selector": {"matchLabels": dict(labels, **{"pod-template-hash": pod_hash})},
                                              "template": {"metadata": {"labels": rs_labels},
                                                           "spec": spec["template"]["spec"]}}}])[0]
            pod_prefix = rs_name
            template_labels = rs_labels
        pods = []
        for i in range(replicas):
            pod = {"apiVersion": "v1", "kind": "Pod",
                   "metadata": {"name": "%s-%d" % (pod_prefix, i), "namespace": namespace,
                                "labels": dict(template_labels), "ownerReferences": [self._owner_ref(pod_owner)]},
                   "spec": {"containers": [{"name": "app", "image": "registry.local/app:1"}]}}
            if injected_revision:
                pod["metadata"]["labels"]["istio.io/rev"] = injected_revision
                pod["metadata"]["annotations"] = {"sidecar.istio.io/status": json.dumps(
                    {"initContainers": ["istio-init"], "containers": ["istio-proxy"], "revision": injected_revision})}
                pod["spec"]["containers"].append({"name": "istio-proxy", "image": proxy_image})
            pods.append(pod)
        self.apply(pods)
        return owner

    @staticmethod
    def _owner_ref(obj):
        return {"apiVersion": obj["apiVersion"], "kind": obj["kind"], "name": obj["metadata"]["name"],
                "uid": obj["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}

    def finish(self, name):
        return self.report(name)
