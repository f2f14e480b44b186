#!/usr/bin/env python3
"""`sidecarctl webhook serve` against istiod's own injection webhook (pilot-discovery, built by
scripts/references from the pinned istio.io/istio module) on the same AdmissionReviews.

istiod needs a Kubernetes API server, and it writes to it (its CA secret, a ConfigMap in every
namespace, GatewayClasses, leases), so this script starts a control plane of its own with
scripts/cluster in a temporary folder and stops it at the end. Both webhooks get the same settings
files (the embedded defaults as `kube-inject --show-config` prints them) and
ENABLE_NATIVE_SIDECARS=false.

The reviews hold the pods of the kube-inject generator's inputs (generate.py: every workload kind's
pod template, as the pod its controller would create, in its namespace), each first sent through the
API server as a server-side dry run: a webhook receives the pod as the API server decoded, defaulted
and serialized it, and the pods it refuses never reach a webhook. For each review the two
answers must agree: allowed or not, the denial's message, and the pod the patch makes. istiod
orders its patch operations differently from run to run (Go map order), so patches are compared by
the pod they produce, as the API server would store it (empty values dropped). Divergent reviews are written to OUT/divergent/ with both answers.

usage: webhook_istiod.py --sidecarctl BIN [--seed S] [--count N] [--out DIR] [--max-divergent N]"""
import argparse
import base64
import copy
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import generate  # noqa: E402
from webhook_support import Webhook, apply_patch, make_ca, make_cert  # noqa: E402

REFERENCES = os.path.join(ROOT, "build", "references")
ENV_NATIVE = {"ENABLE_NATIVE_SIDECARS": "false"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pod_template(doc):
    """(pod metadata, pod spec, owner kind) of a workload document, or None."""
    kind = doc.get("kind")
    spec = doc.get("spec") if isinstance(doc.get("spec"), dict) else {}
    if kind == "Pod":
        return doc.get("metadata"), doc.get("spec"), None
    if kind == "CronJob":
        job = spec.get("jobTemplate", {}).get("spec", {}) if isinstance(spec.get("jobTemplate"), dict) else {}
        template = job.get("template") if isinstance(job, dict) else None
    else:
        template = spec.get("template")
    if not isinstance(template, dict):
        return None
    return template.get("metadata"), template.get("spec"), kind


def as_string(value):
    """A YAML scalar aimed at a string field, as kubectl's YAML reading would give it (true -> "true")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) or not isinstance(value, (int, float)) else str(value)


def admissible(pod):
    """POD with what the API server's validation most often refuses in generated pods (they are made for
    kube-inject, which does not validate) taken out: the string fields YAML filled with numbers or booleans
    (labels, annotations, env values) as strings, as kubectl sends a manifest; requests above their limits,
    readiness probes' terminationGracePeriodSeconds and unknown port protocols dropped."""
    meta = pod["metadata"]
    for key in ("labels", "annotations"):
        if isinstance(meta.get(key), dict):
            meta[key] = {k: as_string(v) for k, v in meta[key].items()}
    spec = pod.get("spec") if isinstance(pod.get("spec"), dict) else {}
    for group in ("containers", "initContainers"):
        for c in spec.get(group) or []:
            if not isinstance(c, dict):
                continue
            for env in c["env"] if isinstance(c.get("env"), list) else []:
                if isinstance(env, dict) and "value" in env:
                    env["value"] = as_string(env["value"])
            resources = c.get("resources") if isinstance(c.get("resources"), dict) else {}
            if "limits" in resources:
                resources.pop("requests", None)
            if isinstance(c.get("readinessProbe"), dict):
                c["readinessProbe"].pop("terminationGracePeriodSeconds", None)
            for port in c["ports"] if isinstance(c.get("ports"), list) else []:
                if isinstance(port, dict) and port.get("protocol") not in (None, "TCP", "UDP", "SCTP"):
                    del port["protocol"]
    return pod


def pods_of(text):
    """The pods the workloads of a generated manifest stream would create."""
    try:
        docs = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return []
    items = []
    for doc in docs:
        if isinstance(doc, dict) and doc.get("kind") == "List" and isinstance(doc.get("items"), list):
            items += [d for d in doc["items"] if isinstance(d, dict)]
        elif isinstance(doc, dict):
            items.append(doc)
    pods = []
    for doc in items:
        found = pod_template(doc)
        if found is None:
            continue
        metadata, spec, owner = found
        meta = copy.deepcopy(metadata) if isinstance(metadata, dict) else {}
        outer = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
        name = outer.get("name") if isinstance(outer.get("name"), str) else "app"
        meta.setdefault("namespace", outer.get("namespace") if isinstance(outer.get("namespace"), str) else "default")
        if owner is not None:
            meta.pop("name", None)
            meta["generateName"] = name + "-5f7b9c6d8-"
            meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": name + "-5f7b9c6d8",
                                        "uid": "00000000-0000-0000-0000-000000000001", "controller": True}]
        pod = admissible({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": copy.deepcopy(spec)})
        try:
            json.dumps(pod, allow_nan=False)
        except (TypeError, ValueError):
            continue  # YAML values JSON cannot carry (dates, NaN): no API server would send them
        pods.append(pod)
    return pods


def review_of(pod, uid):
    ns = pod["metadata"].get("namespace") if isinstance(pod["metadata"].get("namespace"), str) else "default"
    return {"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1",
            "request": {"uid": uid, "namespace": ns, "operation": "CREATE",
                        "kind": {"group": "", "version": "v1", "kind": "Pod"},
                        "resource": {"group": "", "version": "v1", "resource": "pods"}, "object": pod}}


class ApiServer:
    """The pod a webhook would receive: created as a server-side dry run (its namespace created first)."""

    def __init__(self, kubeconfig):
        self.kubeconfig = kubeconfig
        self.namespaces = set()

    def kubectl(self, args, stdin=None):
        return subprocess.run([os.path.join(REFERENCES, "kubectl"), "--kubeconfig", self.kubeconfig,
                               "--context", "admin"] + args, input=stdin, capture_output=True, text=True, timeout=120)

    def admitted(self, pod):
        ns = pod["metadata"]["namespace"]
        if ns not in self.namespaces:
            self.kubectl(["create", "namespace", ns])
            self.namespaces.add(ns)
        p = self.kubectl(["create", "--dry-run=server", "-o", "json", "-f", "-"], stdin=json.dumps(pod))
        return json.loads(p.stdout) if p.returncode == 0 else None


def map_ordered(message):
    """MESSAGE with what istiod lists in Go's random map order put in order: the lines of a
    go-multierror list, and the names after "have " in "requested template ... not found"."""
    message = re.sub(r"(; have )([^;\n]*)", lambda m: m.group(1) + ", ".join(sorted(m.group(2).split(", "))), message)
    lines = message.splitlines()
    return "\n".join(lines[:1] + sorted(lines[1:]))


def same_message(a, b):
    return a == b or map_ordered(a) == map_ordered(b)


def same(theirs, mine):
    if theirs[0] == "http" or mine[0] == "http":
        return theirs == mine
    return theirs[0] == mine[0] and same_message(theirs[1], mine[1]) and theirs[2] == mine[2]


def post(port, body, context):
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=60)
    try:
        conn.request("POST", "/inject", body=body, headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def stored_view(value):
    """VALUE as the API server would store it, near enough: empty strings, lists, maps and nulls
    dropped (Kubernetes' fields are omitempty). istiod's patches sometimes set `value: ""` where the
    pod had none, or drop one it had; both decode to the same pod."""
    if isinstance(value, dict):
        out = {k: stored_view(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, "", {}, [])}
    if isinstance(value, list):
        return [stored_view(v) for v in value]
    return value


def outcome(status, data, pod):
    """What an answer means: (allowed, message, patched pod) or ('http', status, body)."""
    if status != 200:
        return ("http", status, data.decode("utf-8", "replace"))
    response = json.loads(data).get("response", {})
    message = (response.get("status") or {}).get("message", "")
    patched = None
    if response.get("patch"):
        try:
            patched = stored_view(apply_patch(pod, json.loads(base64.b64decode(response["patch"]))))
        except (ValueError, KeyError, IndexError, TypeError) as e:
            patched = "patch does not apply: %s" % e
    return (bool(response.get("allowed")), message, patched)


def start_istiod(work, kubeconfig, settings):
    inject_dir = os.path.join(work, "var", "lib", "istio", "inject")
    mesh_dir = os.path.join(work, "etc", "istio", "config")
    os.makedirs(inject_dir)
    os.makedirs(mesh_dir)
    for name, text in (("config", settings[0]), ("values", settings[1])):
        with open(os.path.join(inject_dir, name), "w") as f:
            f.write(text)
    with open(os.path.join(mesh_dir, "mesh"), "w") as f:
        f.write(settings[2])
    port = free_port()
    env = dict(os.environ, POD_NAMESPACE="istio-system", POD_NAME="istiod-differential", KUBECONFIG=kubeconfig,
               **ENV_NATIVE)
    args = [os.path.join(REFERENCES, "pilot-discovery"), "discovery", "--kubeconfig", kubeconfig,
            "--meshConfig", "./etc/istio/config/mesh", "--httpsAddr", "127.0.0.1:%d" % port,
            "--httpAddr", "127.0.0.1:%d" % free_port(), "--grpcAddr", "127.0.0.1:%d" % free_port(),
            "--secureGRPCAddr", "127.0.0.1:%d" % free_port(), "--monitoringAddr", "127.0.0.1:%d" % free_port(),
            "--ctrlz_port", str(free_port()), "--ctrlz_address", "127.0.0.1"]
    log = open(os.path.join(work, "istiod.log"), "w")
    proc = subprocess.Popen(args, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    return proc, port


def wait_ready(port, context, proc, probe, log_path, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            status, _ = post(port, probe, context)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    with open(log_path) as f:
        tail = f.read()[-3000:]
    raise SystemExit("istiod's webhook did not answer within %d s:\n%s" % (timeout, tail))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sidecarctl", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "differential", "webhook-istiod"))
    ap.add_argument("--max-divergent", type=int, default=0)
    args = ap.parse_args()
    for name in ("pilot-discovery", "kube-apiserver", "etcd", "kubectl"):
        if not os.path.exists(os.path.join(REFERENCES, name)):
            raise SystemExit("no %s in %s: run scripts/references" % (name, REFERENCES))
    binary = os.path.abspath(args.sidecarctl)
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(os.path.join(args.out, "divergent"))

    shown = subprocess.run([binary, "kube-inject", "--offline", "--show-config"], capture_output=True, text=True,
                           env=dict(os.environ, **ENV_NATIVE), timeout=60)
    parts = shown.stdout.split("\n---\n")
    if shown.returncode != 0 or len(parts) != 3:
        raise SystemExit("kube-inject --show-config failed: %s" % shown.stderr)
    settings = [parts[0] + "\n", parts[1] + "\n", parts[2].rstrip("-\n") + "\n"]

    work = tempfile.mkdtemp(prefix="webhook-istiod-")
    cluster_dir = os.path.join(work, "cluster")
    env = dict(os.environ, SIDECARCTL_CLUSTER_NO_BUILD="1")
    up = subprocess.run([os.path.join(ROOT, "scripts", "cluster"), "up", cluster_dir], capture_output=True, text=True,
                        env=env, timeout=600)
    if up.returncode != 0:
        raise SystemExit("scripts/cluster up failed:\n%s%s" % (up.stdout, up.stderr))
    istiod = ours = None
    try:
        istiod, istiod_port = start_istiod(work, os.path.join(cluster_dir, "kubeconfig"), settings)
        for name, text in zip(("config", "values", "mesh"), settings):
            with open(os.path.join(work, name), "w") as f:
                f.write(text)
        make_ca(work)
        cert, key = make_cert(work, "server")
        ours = Webhook(binary, ["webhook", "serve", "--offline", "--address", "127.0.0.1", "--port", "0",
                                "--tls-cert-file", cert, "--tls-private-key-file", key,
                                "--injectConfigFile", os.path.join(work, "config"),
                                "--valuesFile", os.path.join(work, "values"),
                                "--meshConfigFile", os.path.join(work, "mesh")],
                       env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0", **ENV_NATIVE), ca=os.path.join(work, "ca.crt"))
        insecure = ssl.create_default_context()
        insecure.check_hostname = False
        insecure.verify_mode = ssl.CERT_NONE  # istiod serves a certificate of its own CA: loopback only
        probe = json.dumps(review_of({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "probe"},
                                      "spec": {"containers": [{"name": "app", "image": "app"}]}}, "probe"))
        wait_ready(istiod_port, insecure, istiod, probe, os.path.join(work, "istiod.log"))

        api = ApiServer(os.path.join(cluster_dir, "kubeconfig"))
        reviews = identical = divergent = refused = 0
        for seed in range(args.seed, args.seed + args.count):
            case = generate.kube_inject_case(seed)
            for i, generated in enumerate(pods_of(case.text)):
                uid = "seed-%d-%d" % (seed, i)
                pod = api.admitted(generated)
                if pod is None:
                    refused += 1
                    continue
                body = json.dumps(review_of(pod, uid))
                theirs = outcome(*post(istiod_port, body, insecure), pod)
                mine = outcome(*post(ours.port, body, ours.context()), pod)
                reviews += 1
                if same(theirs, mine):
                    identical += 1
                    continue
                divergent += 1
                with open(os.path.join(args.out, "divergent", uid + ".json"), "w") as f:
                    json.dump({"review": json.loads(body), "istiod": theirs, "sidecarctl": mine}, f, indent=1,
                              default=str)
        ok = ours.stop() == 0
        ours = None
    finally:
        if ours is not None:
            ours.stop()
        if istiod is not None:
            istiod.terminate()
            try:
                istiod.wait(timeout=30)
            except subprocess.TimeoutExpired:
                istiod.kill()
        subprocess.run([os.path.join(ROOT, "scripts", "cluster"), "down", cluster_dir], capture_output=True, timeout=120)
        shutil.rmtree(work, ignore_errors=True)
    summary = ("webhook vs istiod: seeds %d..%d, %d reviews, %d identical, %d divergent (%s); %d pods refused "
               "by the API server" % (args.seed, args.seed + args.count - 1, reviews, identical, divergent,
                                      os.path.join(args.out, "divergent"), refused))
    print(summary)
    with open(os.path.join(args.out, "summary.txt"), "w") as f:
        f.write(summary + "\n")
    if not ok:
        print("sidecarctl webhook serve did not exit 0 on SIGTERM", file=sys.stderr)
        return 1
    if reviews == 0:
        print("no reviews were compared", file=sys.stderr)
        return 1
    return 0 if divergent <= args.max_divergent else 1


if __name__ == "__main__":
    sys.exit(main())
