#!/usr/bin/env python3
"""`sidecarctl webhook serve` over real TLS on loopback: the patch it answers, applied by our own
JSON Patch applier, gives kube-inject --webhook-policy's pod; policy skips, istiod's path forms,
health, readiness and metrics, certificate reload, hostile clients, and a graceful SIGTERM with a
request in flight. Usage: test_webhook_serve.py SIDECARCTL"""
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402
from webhook_support import (Webhook, apply_patch, decode_patch, make_ca, make_cert, prune,  # noqa: E402
                             review_body, rss_kib)

BIN = os.path.abspath(sys.argv[1])
T = Checks()
ENV = {k: v for k, v in os.environ.items() if k.startswith(("ASAN_", "UBSAN_", "LSAN_", "PATH"))}
ENV["HOME"] = tempfile.mkdtemp(prefix="sidecarctl-webhook-home-")  # no kubeconfig: offline anyway
ENV["ENABLE_NATIVE_SIDECARS"] = "false"

DEPLOY_POD = {
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"generateName": "web-6d4cf56db6-", "labels": {"app": "web", "pod-template-hash": "6d4cf56db6"},
                 "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "9090"},
                 "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-6d4cf56db6",
                                      "uid": "7f0c", "controller": True, "blockOwnerDeletion": True}],
                 "managedFields": [{"manager": "kube-controller-manager", "operation": "Update"}]},
    "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 8080}],
                             "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
                             "livenessProbe": {"tcpSocket": {"port": 8080}}}],
             "serviceAccountName": "web"}}
PLAIN_POD = {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "solo", "labels": {"app": "solo"}},
             "spec": {"initContainers": [{"name": "setup", "image": "busybox"}],
                      "containers": [{"name": "main", "image": "busybox", "command": ["sleep", "1d"]}]}}


def kube_inject(pod, namespace, extra=()):
    pod = json.loads(json.dumps(pod))
    pod["metadata"].pop("managedFields", None)
    pod["metadata"]["namespace"] = namespace
    p = subprocess.run([BIN, "kube-inject", "--offline", "--webhook-policy", "-f", "-", *extra], input=json.dumps(pod),
                       capture_output=True, text=True, env=ENV, timeout=120)
    T.check(p.returncode == 0, "kube-inject of the same pod", p)
    docs = [d for d in yaml.safe_load_all(p.stdout) if d]
    return docs[0] if docs else None


def patched_pod(hook, pod, namespace="shop", path="/inject"):
    """Posts POD, applies the answer's patch to what was posted (namespace filled as the API server's
    object would not be: the webhook adds it); returns (response, pod after the patch)."""
    status, data = hook.review(review_body(pod, namespace), path)
    T.check(status == 200, "inject answers 200 (got %d: %r)" % (status, data[:200]))
    response = json.loads(data)["response"]
    if "patch" not in response:
        return response, None
    # The API server's object has the namespace (the webhook reads it from the request, as istiod, and
    # does not patch it); managedFields are left alone by the patch and dropped for the comparison.
    sent = json.loads(json.dumps(pod))
    sent["metadata"].setdefault("namespace", namespace)
    out = apply_patch(sent, decode_patch(response))
    out["metadata"].pop("managedFields", None)
    return response, out


def main():
    tmp = tempfile.mkdtemp(prefix="sidecarctl-webhook-")
    ca = make_ca(tmp)
    cert, key = make_cert(tmp, "server")
    hook = Webhook(BIN, ["webhook", "serve", "--offline", "--address", "127.0.0.1", "--port", "0",
                         "--tls-cert-file", cert, "--tls-private-key-file", key, "--request-timeout", "1s",
                         "--max-request-bytes", str(2 << 20), "--max-requests-per-connection", "20"],
                   env=ENV, ca=ca)
    try:
        check_health(hook)
        check_injection(hook)
        check_hostile(hook)
        check_connection_limit(hook)
        check_metrics_and_logs(hook)
        check_cert_reload(hook, tmp)
    finally:
        code = hook.stop()
    T.check(code == 0, "SIGTERM: exit 0 (got %s)\n%s" % (code, "\n".join(hook.lines[-20:])))
    T.check(not any("ERROR: AddressSanitizer" in line or "runtime error:" in line for line in hook.lines),
            "no sanitizer report")
    check_sigterm_in_flight(tmp, ca, cert, key)
    check_settings_reload(tmp, ca, cert, key)
    check_bad_flags(*make_cert(tmp, "server5"))
    return T.report("test_webhook_serve")


def check_health(hook):
    T.check(hook.request("GET", "/healthz")[0] == 200, "/healthz 200")
    status, _, body = hook.request("GET", "/readyz")
    T.check(status == 200 and body == b"ready\n", "/readyz 200 once settings are loaded (%d %r)" % (status, body))
    T.check(hook.request("GET", "/nope")[0] == 404, "unknown path 404")
    # Each request on a keep-alive connection pushes its deadline (2 x 1 s + 5 s) forward: a connection
    # busy for 9 s stays open, on the same socket.
    conn = hook.connection()
    statuses, socks = [], set()
    for _ in range(10):
        statuses.append(hook.review(review_body(PLAIN_POD), conn=conn)[0])
        socks.add(id(conn.sock))
        time.sleep(0.9)
    conn.close()
    T.check(statuses == [200] * 10 and len(socks) == 1,
            "keep-alive: one connection serves requests past the per-request deadline (%s, %d sockets)"
            % (statuses, len(socks)))


def check_injection(hook):
    for name, pod in (("Deployment's pod", DEPLOY_POD), ("named pod", PLAIN_POD)):
        response, got = patched_pod(hook, pod)
        T.check(response.get("allowed") is True and response.get("patchType") == "JSONPatch" and
                response.get("uid") == "uid-1", "%s: allowed with a JSONPatch: %s" % (name, response))
        want = kube_inject(pod, "shop")
        T.check(got is not None and want is not None and prune(got) == prune(want),
                "%s: the patched pod equals kube-inject --webhook-policy's\n  got:  %s\n  want: %s"
                % (name, json.dumps(prune(got or {}), sort_keys=True)[:3000],
                   json.dumps(prune(want or {}), sort_keys=True)[:3000]))
        if got is not None:
            names = [c["name"] for c in got["spec"]["containers"]]
            T.check(names[-1] == "istio-proxy", "%s: istio-proxy added (%s)" % (name, names))
            # Injecting the injected pod again changes nothing.
            again, twice = patched_pod(hook, got)
            T.check(twice is not None and prune(twice) == prune(got), "%s: re-injection is idempotent" % name)
    # Deploy meta from the owner reference: the canonical name is the Deployment's.
    _, got = patched_pod(hook, DEPLOY_POD)
    T.check(got and got["metadata"]["labels"].get("service.istio.io/canonical-name") == "web",
            "canonical name from the ReplicaSet owner")
    # v1beta1 reviews are answered in v1beta1.
    status, data = hook.review(review_body(PLAIN_POD, version="admission.k8s.io/v1beta1"))
    T.check(json.loads(data).get("apiVersion") == "admission.k8s.io/v1beta1", "v1beta1 answered in v1beta1")
    # istiod's path forms.
    for path in ("/inject/cluster/east/net/net1", "/inject/:ENV:cluster=east:ENV:net=net1"):
        _, got = patched_pod(hook, PLAIN_POD, path=path)
        env = {e["name"]: e.get("value") for e in (got or {"spec": {"containers": [{}]}})["spec"]["containers"][-1]
               .get("env", [])}
        T.check(env.get("ISTIO_META_CLUSTER_ID") == "east" and env.get("ISTIO_META_NETWORK") == "net1",
                "%s: cluster and network reach istio-proxy (%s)" % (path, env.get("ISTIO_META_CLUSTER_ID")))
        T.check(got and got["metadata"]["labels"].get("topology.istio.io/network") == "net1",
                "%s: network label" % path)
    # Policy: opted out, kube-system, hostNetwork: allowed, no patch.
    off = json.loads(json.dumps(PLAIN_POD))
    off["metadata"]["labels"]["sidecar.istio.io/inject"] = "false"
    host = json.loads(json.dumps(PLAIN_POD))
    host["spec"]["hostNetwork"] = True
    for name, pod, ns in (("inject=false label", off, "shop"), ("kube-system", PLAIN_POD, "kube-system"),
                          ("hostNetwork", host, "shop")):
        response, got = patched_pod(hook, pod, ns)
        T.check(response == {"uid": "uid-1", "allowed": True}, "%s: allowed without a patch (%s)" % (name, response))
    # An injection error denies the pod, as istiod.
    bad = json.loads(json.dumps(PLAIN_POD))
    bad["metadata"]["annotations"] = {"traffic.sidecar.istio.io/includeInboundPorts": "eighty"}
    response, _ = patched_pod(hook, bad)
    T.check(response.get("allowed") is False and "includeInboundPorts" in response.get("status", {}).get("message", ""),
            "invalid annotation: denied with istiod's message (%s)" % response)


def check_hostile(hook):
    pid = hook.proc.pid
    cases = [
        ("malformed JSON", b'{"kind":', 200, b"not valid JSON"),
        ("wrong type", b'{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":5}}', 200,
         b"request.uid: expected a string"),
        ("no request", b'{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1"}', 200, b"has no request"),
        ("wrong kind", b'{"kind":"Pod","apiVersion":"v1"}', 200, b"unsupported kind"),
        ("deep nesting", b"[" * 100000, 200, b"nesting deeper than 200"),
        ("pod of the wrong shape", review_body({"spec": {"containers": "x"}}).encode(), 200, b"cannot unmarshal string into Go struct field PodSpec.spec.containers"),
        ("truncated review", review_body(PLAIN_POD).encode()[:-40], 200, b"not valid JSON"),
    ]
    for name, body, want_status, want_text in cases:
        status, data = hook.review(body)
        T.check(status == want_status and want_text in data and b'"allowed":false' in data,
                "%s: %d with a denial naming it (got %d %r)" % (name, want_status, status, data[:300]))
    status, _, data = hook.request("POST", "/inject", body=b"{}", headers={"Content-Type": "text/plain"})
    T.check(status == 415, "wrong content type: 415 (got %d)" % status)
    T.check(hook.request("GET", "/inject")[0] == 400, "GET /inject without a body: 400")
    # Bodies over the limit (--max-request-bytes 2 MiB here) are refused unread (413) or the connection
    # is closed; a review just under it is served.
    big = json.loads(json.dumps(PLAIN_POD))
    big["metadata"].setdefault("annotations", {})["example.com/padding"] = "p" * ((2 << 20) - 4096)
    status, data = hook.review(review_body(big).encode())
    T.check(status == 200 and b'"allowed":true' in data, "a review just under --max-request-bytes: 200 (got %d %r)"
            % (status, data[:200]))
    before = rss_kib(pid)
    for _ in range(5):
        try:
            status, _, _ = hook.request("POST", "/inject", body=b"x" * ((2 << 20) + 1),
                                        headers={"Content-Type": "application/json"})
            T.check(status == 413, "huge body: 413 (got %d)" % status)
        except (ConnectionError, ssl.SSLError, OSError):
            pass
    grown = rss_kib(pid) - before
    T.check(grown < 64 * 1024, "huge bodies: memory bounded (RSS grew by %d KiB)" % grown)
    # TLS garbage and plain HTTP on the TLS port: the connection is closed, the server stays up.
    for junk in (os.urandom(4096), b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", hook.port), timeout=10) as s:
            s.sendall(junk)
            try:
                while s.recv(4096):
                    pass
            except (ConnectionResetError, socket.timeout):
                pass
    # A slowloris client (one header byte every 0.3 s, under the 1 s read timeout): cut off by the
    # connection deadline (2 x 1 s + 5 s), while others are served meanwhile.
    ctx = hook.context()
    raw = socket.create_connection(("127.0.0.1", hook.port), timeout=30)
    slow = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
    start = time.time()
    closed_after = None
    served_meanwhile = False
    request = b"POST /inject HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Slow: " + b"a" * 4000
    for i in range(len(request)):
        try:
            slow.sendall(request[i:i + 1])
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            closed_after = time.time() - start
            break
        if i == 3:
            served_meanwhile = hook.request("GET", "/healthz")[0] == 200
        time.sleep(0.3)
        if time.time() - start > 25:
            break
    if closed_after is None:
        try:
            slow.settimeout(5)
            closed_after = time.time() - start if slow.recv(1) == b"" else None
        except (ConnectionResetError, ssl.SSLError, OSError):
            closed_after = time.time() - start
    slow.close()
    T.check(closed_after is not None and closed_after < 20, "slowloris: connection closed (after %s s)" % closed_after)
    T.check(served_meanwhile, "slowloris: other clients served meanwhile")
    T.check(hook.proc.poll() is None and hook.request("GET", "/healthz")[0] == 200, "server up after hostile clients")


def check_metrics_and_logs(hook):
    status, ctype, body = hook.request("GET", "/metrics")
    text = body.decode()
    T.check(status == 200 and ctype.startswith("text/plain; version=0.0.4"), "/metrics content type (%s)" % ctype)
    for needle in ('sidecarctl_webhook_requests_total{endpoint="/inject",result="injected"}',
                   'sidecarctl_webhook_requests_total{endpoint="/inject",result="skipped"}',
                   'sidecarctl_webhook_requests_total{endpoint="/inject",result="denied"}',
                   'sidecarctl_webhook_requests_total{endpoint="/inject",result="bad_request"}',
                   'sidecarctl_webhook_responses_total{code="415"} 1',
                   "# TYPE sidecarctl_webhook_inject_duration_seconds histogram",
                   'sidecarctl_webhook_inject_duration_seconds_bucket{le="+Inf"}',
                   "sidecarctl_webhook_ready 1"):
        T.check(needle in text, "/metrics has %s" % needle)
    logs = [line for line in hook.lines if "msg=request" in line and "path=/inject" in line]
    T.check(any("uid=uid-1" in line and "result=injected" in line and "pod=shop/web-6d4cf56db6-*****" in line
                for line in logs), "a log line per request with uid, result and pod")


def check_cert_reload(hook, tmp):
    def peer_der():
        with socket.create_connection(("127.0.0.1", hook.port), timeout=10) as raw:
            with hook.context().wrap_socket(raw, server_hostname="127.0.0.1") as s:
                return s.getpeercert(binary_form=True)
    first = peer_der()
    new_cert, new_key = make_cert(tmp, "server2")
    # Replaced as a Secret volume update would: new files renamed over the old ones.
    for src, dst in ((new_key, os.path.join(tmp, "server.key")), (new_cert, os.path.join(tmp, "server.crt"))):
        os.rename(src, dst)
    second = peer_der()
    T.check(first != second, "certificate reload: a new handshake gets the new certificate")
    with open(os.path.join(tmp, "server.crt"), "rb") as f:
        pem = f.read().decode()
    T.check(ssl.PEM_cert_to_DER_cert(pem) == second, "the served certificate is the new file's")
    # A broken replacement keeps the previous pair.
    with open(os.path.join(tmp, "server.crt"), "w") as f:
        f.write("not a certificate\n")
    T.check(peer_der() == second, "a broken certificate file keeps the previous one")
    text = hook.request("GET", "/metrics")[2].decode()
    T.check('sidecarctl_webhook_certificate_reloads_total{result="success"}' in text and
            'sidecarctl_webhook_certificate_reloads_total{result="failure"}' in text, "certificate reloads counted")


def check_sigterm_in_flight(tmp, ca, cert, key):
    cert, key = make_cert(tmp, "server3")
    hook = Webhook(BIN, ["webhook", "serve", "--offline", "--address", "127.0.0.1", "--port", "0", "--log-format",
                         "json", "--tls-cert-file", cert, "--tls-private-key-file", key], env=ENV, ca=ca)
    body = review_body(PLAIN_POD).encode()
    conn = hook.connection()
    conn.putrequest("POST", "/inject")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(len(body)))
    conn.endheaders()
    conn.send(body[:100])
    time.sleep(0.5)
    hook.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    conn.send(body[100:])
    r = conn.getresponse()
    data = r.read()
    T.check(r.status == 200 and b'"allowed":true' in data, "SIGTERM: the request in flight is answered (%d)" % r.status)
    conn.close()
    code = hook.stop()
    T.check(code == 0, "SIGTERM with a request in flight: exit 0 (got %s)" % code)
    refused = False
    try:
        hook.request("GET", "/healthz")
    except OSError:
        refused = True
    T.check(refused, "after SIGTERM: no longer accepting")
    json_lines = [json.loads(line) for line in hook.lines if line.startswith("{")]
    T.check(any(x.get("msg") == "request" and x.get("result") == "injected" for x in json_lines),
            "--log-format json: one JSON object per request")
    T.check(any(x.get("msg") == "shutting down" and x.get("signal") == "SIGTERM" for x in json_lines), "shutdown logged")


def check_settings_reload(tmp, ca, cert, key):
    """Settings files are polled: a new hub, then policy disabled, take effect without a restart, and a
    patch kept for a pod before a reload is not served after it."""
    p = subprocess.run([BIN, "kube-inject", "--offline", "--show-config"], capture_output=True, text=True, env=ENV)
    docs = list(yaml.safe_load_all(p.stdout))
    T.check(p.returncode == 0 and len(docs) == 3, "--show-config gives config, values, mesh", p)
    if len(docs) != 3:
        return
    paths = {}
    for name, doc in zip(("config", "values", "mesh"), docs):
        paths[name] = os.path.join(tmp, name + ".yaml")
        with open(paths[name], "w") as f:
            yaml.safe_dump(doc, f)
    cert, key = make_cert(tmp, "server4")
    hook = Webhook(BIN, ["webhook", "serve", "--address", "127.0.0.1", "--port", "0", "--reload-interval", "200ms",
                         "--injectConfigFile", paths["config"], "--valuesFile", paths["values"], "--meshConfigFile",
                         paths["mesh"], "--tls-cert-file", cert, "--tls-private-key-file", key], env=ENV, ca=ca)

    def reloads():
        return sum("injection settings reloaded" in line for line in hook.lines)

    def replace(name, doc):
        with open(paths[name] + ".new", "w") as f:
            yaml.safe_dump(doc, f)
        os.rename(paths[name] + ".new", paths[name])

    def wait_reloads(n):
        deadline = time.time() + 20
        while time.time() < deadline and reloads() < n:
            time.sleep(0.1)

    def proxy_image(pod):
        return ([c.get("image") for c in (pod or {}).get("spec", {}).get("containers", [])
                 if c.get("name") == "istio-proxy"] or [None])[0]

    try:
        response, first = patched_pod(hook, PLAIN_POD)
        T.check("patch" in response, "file settings: injected")
        _, again = patched_pod(hook, PLAIN_POD)
        T.check(again == first, "the same pod again: the same patch (from the patch cache)")
        # A new hub: the equal pod's patch kept before the reload must not be served after it.
        docs[1].setdefault("global", {})["hub"] = "registry.example/reloaded"
        replace("values", docs[1])
        wait_reloads(1)
        _, reloaded = patched_pod(hook, PLAIN_POD)
        T.check(str(proxy_image(reloaded)).startswith("registry.example/reloaded/"),
                "after a values reload the same pod gets the new proxy image (%s)" % proxy_image(reloaded))
        docs[0]["policy"] = "disabled"
        replace("config", docs[0])
        wait_reloads(2)
        response, _ = patched_pod(hook, PLAIN_POD)
        T.check(response == {"uid": "uid-1", "allowed": True}, "after the reload policy disabled: skipped (%s)" % response)
        with open(paths["values"], "w") as f:
            f.write("global: [unclosed\n")
        deadline = time.time() + 20
        while time.time() < deadline and not any("reload failed" in line for line in hook.lines):
            time.sleep(0.1)
        response, _ = patched_pod(hook, PLAIN_POD)
        T.check(response == {"uid": "uid-1", "allowed": True}, "a broken settings file keeps the last good settings")
        text = hook.request("GET", "/metrics")[2].decode()
        T.check('sidecarctl_webhook_settings_reloads_total{result="success"} 2' in text and
                'sidecarctl_webhook_patches_reused_total 1' in text and
                'sidecarctl_webhook_settings_reloads_total{result="failure"}' in text,
                "settings reloads counted:\n%s\n%s" % (text, "\n".join(hook.lines)))
    finally:
        T.check(hook.stop() == 0, "settings reload server: exit 0")


def check_bad_flags(cert, key):
    p = subprocess.run([BIN, "webhook", "serve", "--offline", "--tls-cert-file", cert], capture_output=True, text=True,
                       env=ENV)
    T.check(p.returncode == 64, "missing key flag: exit 64", p)
    p = subprocess.run([BIN, "webhook", "serve", "--offline", "--tls-cert-file", cert, "--tls-private-key-file",
                        "/nonexistent.key"], capture_output=True, text=True, env=ENV)
    T.check(p.returncode != 0 and "/nonexistent.key" in p.stderr, "unreadable key: error naming it", p)
    p = subprocess.run([BIN, "webhook", "serve", "--offline", "--tls-cert-file", cert, "--tls-private-key-file", key,
                        "--log-format", "xml"], capture_output=True, text=True, env=ENV)
    T.check(p.returncode == 64 and "--log-format" in p.stderr, "bad --log-format: usage error", p)
    for flag, value in (("--workers", "0"), ("--max-pending-connections", "0"), ("--max-request-bytes", "100"),
                        ("--keep-alive-timeout", "10ms"), ("--max-requests-per-connection", "0"),
                        ("--patch-cache-entries", "100000")):
        p = subprocess.run([BIN, "webhook", "serve", "--offline", "--tls-cert-file", cert, "--tls-private-key-file",
                            key, flag, value], capture_output=True, text=True, env=ENV, timeout=60)
        T.check(p.returncode == 64 and flag in p.stderr, "%s %s: usage error naming it" % (flag, value), p)


def check_connection_limit(hook):
    """--max-requests-per-connection 20: the 20th answer on a connection closes it (Connection: close)."""
    conn = hook.connection()
    closing = []
    try:
        for i in range(20):
            conn.request("POST", "/inject", body=review_body(PLAIN_POD, uid="keep-%d" % i).encode(),
                         headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            T.check(r.status == 200, "keep-alive request %d: 200 (got %d)" % (i, r.status))
            closing.append((r.getheader("Connection") or "").lower() == "close")
    finally:
        conn.close()
    T.check(closing == [False] * 19 + [True], "only the 20th answer on a connection closes it (%s)" % closing)


if __name__ == "__main__":
    sys.exit(main())
