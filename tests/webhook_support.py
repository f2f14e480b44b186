"""Shared by the webhook tests: a throwaway CA and serving certificate made with openssl, a running
`sidecarctl webhook serve` (its port read from its `serving` log line), HTTPS requests with
http.client, an RFC 6902 JSON Patch applier of our own, and AdmissionReview bodies."""
import base64
import copy
import http.client
import json
import os
import re
import ssl
import subprocess
import threading
import time


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(directory, name="ca"):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + name, cwd=directory)
    return os.path.join(directory, name + ".crt")


def make_cert(directory, name, ca="ca", san="IP:127.0.0.1,DNS:localhost"):
    """A serving certificate for SAN signed by CA; returns (cert path, key path)."""
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key",
            "-out", name + ".csr", "-subj", "/CN=" + name, cwd=directory)
    with open(os.path.join(directory, name + ".ext"), "w") as f:
        f.write("subjectAltName=%s\n" % san)
    openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
            "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext", cwd=directory)
    return os.path.join(directory, name + ".crt"), os.path.join(directory, name + ".key")


class Webhook:
    """A `sidecarctl webhook serve` process; stderr lines are collected in `lines`."""

    def __init__(self, binary, args, env=None, ca=None):
        self.ca = ca
        self.lines = []
        self.proc = subprocess.Popen([binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = None
        deadline = time.time() + 60
        while time.time() < deadline and self.port is None:
            for line in list(self.lines):
                m = re.search(r'(?:msg=serving|"msg":"serving").*?address[=":]+[^ "]*:(\d+)', line)
                if m:
                    self.port = int(m.group(1))
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if self.port is None:
            self.proc.kill()
            raise RuntimeError("webhook did not start: %s" % "\n".join(self.lines))

    def _read(self):
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def context(self):
        ctx = ssl.create_default_context(cafile=self.ca)
        return ctx

    def connection(self, timeout=30):
        return http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context(), timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        own = conn is None
        conn = conn or self.connection()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, r.getheader("Content-Type"), r.read()
        finally:
            if own:
                conn.close()

    def review(self, body, path="/inject", conn=None):
        status, _, data = self.request("POST", path, body=body, headers={"Content-Type": "application/json"},
                                       conn=conn)
        return status, data

    def stop(self, sig=None):
        if self.proc.poll() is None:
            self.proc.send_signal(sig or 15)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=10)
        return self.proc.returncode


def review_body(pod, namespace="shop", uid="uid-1", version="admission.k8s.io/v1"):
    return json.dumps({"kind": "AdmissionReview", "apiVersion": version,
                       "request": {"uid": uid, "namespace": namespace, "operation": "CREATE",
                                   "kind": {"group": "", "version": "v1", "kind": "Pod"},
                                   "resource": {"group": "", "version": "v1", "resource": "pods"},
                                   "object": pod}})


def _unescape(token):
    return token.replace("~1", "/").replace("~0", "~")


def _parent(doc, path):
    tokens = [_unescape(t) for t in path.split("/")[1:]]
    node = doc
    for t in tokens[:-1]:
        node = node[int(t)] if isinstance(node, list) else node[t]
    return node, tokens[-1]


def apply_patch(doc, ops):
    """RFC 6902 add/remove/replace/move/copy/test on a copy of DOC; raises on a path that does not apply."""
    doc = copy.deepcopy(doc)
    for op in ops:
        path = op["path"]
        if path == "":
            if op["op"] in ("add", "replace"):
                doc = copy.deepcopy(op["value"])
                continue
            raise ValueError("unsupported root op %s" % op)
        parent, key = _parent(doc, path)
        kind = op["op"]
        if kind == "test":
            cur = parent[int(key)] if isinstance(parent, list) else parent[key]
            if cur != op["value"]:
                raise ValueError("test failed at %s" % path)
            continue
        if kind in ("move", "copy"):
            src_parent, src_key = _parent(doc, op["from"])
            value = src_parent[int(src_key)] if isinstance(src_parent, list) else src_parent[src_key]
            if kind == "move":
                del src_parent[int(src_key) if isinstance(src_parent, list) else src_key]
            kind, op = "add", {"value": copy.deepcopy(value)}
        if isinstance(parent, list):
            if kind == "add":
                index = len(parent) if key == "-" else int(key)
                if index > len(parent):
                    raise IndexError("add beyond the end at %s" % path)
                parent.insert(index, copy.deepcopy(op["value"]))
            elif kind == "remove":
                del parent[int(key)]
            elif kind == "replace":
                parent[int(key)] = copy.deepcopy(op["value"])
        else:
            if kind in ("remove", "replace") and key not in parent:
                raise KeyError("%s: no member %s" % (kind, path))
            if kind == "remove":
                del parent[key]
            else:
                parent[key] = copy.deepcopy(op["value"])
    return doc


def decode_patch(response):
    return json.loads(base64.b64decode(response["patch"]))


def prune(value):
    """Drops null and empty-object members recursively: the defaults a typed round trip adds or
    leaves out (creationTimestamp: null, status: {}, resources: {})."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = prune(v)
            if v is None or v == {}:
                continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
