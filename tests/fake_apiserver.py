"""A fake Kubernetes API server for sidecarctl's integration tests (Python standard library only).

It listens on 127.0.0.1 (a free port) with real TLS: `Pki` creates a CA, a server certificate and
client certificates with the openssl CLI. It authenticates client certificates (CN = user), bearer
tokens and basic auth, honours impersonation for admins, denies writes to the user "viewer" with a
403 Status, and serves namespaces (GET, LIST with paging, merge PATCH with dryRun and resourceVersion
preconditions), pods, configmaps and mutatingwebhookconfigurations, plus enough discovery and Table
support for kubectl. Faults are queued per test: `server.add_fault(method, path_prefix, status=...,
retry_after=..., delay=..., drop=True)`. Every request is logged in `server.log`.
"""

import base64
import copy
import gzip
import http.server
import json
import os
import random
import socket
import ssl
import sys
import subprocess
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


class Pki:
    """CA, server and client certificates in `directory` (PEM files)."""

    def __init__(self, directory):
        self.dir = directory
        self._ca("ca")
        self._ca("wrong-ca")
        self._cert("server", "ca", "/CN=fake-apiserver",
                   "subjectAltName=DNS:localhost,DNS:fake.kubernetes.test,IP:127.0.0.1")
        self._cert("admin", "ca", "/O=system:masters/CN=admin", None)
        self._cert("viewer", "ca", "/CN=viewer", None)
        self._cert("stranger", "wrong-ca", "/CN=stranger", None)

    def path(self, name):
        return os.path.join(self.dir, name)

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def _ca(self, name):
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out",
                 name + ".crt", "-days", "2", "-subj", "/CN=" + name, cwd=self.dir)

    def _cert(self, name, ca, subject, san):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                 "-subj", subject, cwd=self.dir)
        ext = []
        if san:
            with open(os.path.join(self.dir, name + ".ext"), "w") as f:
                f.write(san + "\n")
            ext = ["-extfile", name + ".ext"]
        _openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                 "-CAcreateserial", "-out", name + ".crt", "-days", "2", *ext, cwd=self.dir)


def status(code, reason, message, details=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}
    if details:
        body["details"] = details
    return code, body


RESOURCES = {
    "namespaces": {"kind": "Namespace", "namespaced": False, "verbs": ["get", "list", "patch"], "short": ["ns"]},
    "pods": {"kind": "Pod", "namespaced": True, "verbs": ["get", "list"], "short": ["po"]},
    "configmaps": {"kind": "ConfigMap", "namespaced": True, "verbs": ["get", "list"], "short": ["cm"]},
}


class State:
    """The objects the fake serves."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rv = 100
        self.namespaces = {}
        self.pods = {}        # ns -> [pod]
        self.configmaps = {}  # (ns, name) -> cm
        self.webhooks = []
        self.objects = {}     # (group/version, plural) -> [object]: anything else, served generically

    def add_object(self, obj, plural=None):
        """Stores any object; it is served at its group/version under `plural` (default: from kind)."""
        kind = obj["kind"]
        if plural is None:
            low = kind.lower()
            if low.endswith("y") and low[-2:-1] not in ("a", "e", "i", "o", "u"):
                plural = low[:-1] + "ies"  # ServiceEntry -> serviceentries, but Gateway -> gateways
            else:
                plural = low + "es" if low.endswith("s") else low + "s"
        obj = copy.deepcopy(obj)
        obj.setdefault("metadata", {}).setdefault("resourceVersion", self.next_rv())
        self.objects.setdefault((obj["apiVersion"], plural), []).append(obj)
        return obj

    def next_rv(self):
        self.rv += 1
        return str(self.rv)

    def add_namespace(self, name, labels=None):
        self.namespaces[name] = {"apiVersion": "v1", "kind": "Namespace",
                                 "metadata": {"name": name, "labels": dict(labels or {}),
                                              "resourceVersion": self.next_rv(),
                                              "creationTimestamp": "2026-01-01T00:00:00Z"},
                                 "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}

    def add_pod(self, ns, name, labels=None, injected=False, owner=None, revision="default"):
        pod = {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": name, "namespace": ns, "labels": dict(labels or {})},
               "spec": {"containers": [{"name": "app", "image": "app"}]}, "status": {"phase": "Running"}}
        if injected:
            pod["spec"]["containers"].append({"name": "istio-proxy", "image": "proxyv2"})
            pod["metadata"]["annotations"] = {"sidecar.istio.io/status": json.dumps({"revision": revision})}
            pod["metadata"]["labels"]["istio.io/rev"] = revision
        if owner:
            kind, oname = owner
            pod["metadata"]["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": kind, "name": oname,
                                                    "controller": True, "uid": "u-" + oname}]
        self.pods.setdefault(ns, []).append(pod)

    def add_webhook(self, name, rev, tag=None):
        labels = {"istio.io/rev": rev}
        if tag:
            labels["istio.io/tag"] = tag
        self.webhooks.append({"apiVersion": "admissionregistration.k8s.io/v1",
                              "kind": "MutatingWebhookConfiguration",
                              "metadata": {"name": name, "labels": labels}, "webhooks": []})


def _selector_matches(selector, labels):
    for term in filter(None, (selector or "").split(",")):
        if "!=" in term:
            k, v = term.split("!=", 1)
            if labels.get(k) == v:
                return False
        elif "=" in term:
            k, v = term.split("=", 1)
            if labels.get(k.rstrip("=")) != v:
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


class FakeApiServer:
    def __init__(self, pki, max_page=0):
        self.pki = pki
        self.state = State()
        self.tokens = {"admin-token-s3cr3t": "admin", "viewer-token-s3cr3t": "viewer"}
        self.basic = {("basic-user", "basic-pa55word"): "admin"}
        self.admins = {"admin", "basic-user"}
        self.max_page = max_page
        self.faults = []
        self.random_faults = None  # set_random_faults(): a share of requests fails
        self.log = []
        self.connections = 0
        self.sni = []
        self.lock = threading.Lock()
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(pki.path("server.crt"), pki.path("server.key"))
        ctx.load_verify_locations(pki.path("ca.crt"))
        ctx.verify_mode = ssl.CERT_OPTIONAL
        ctx.set_alpn_protocols(["http/1.1"])
        ctx.sni_callback = lambda sock, name, _ctx: self.sni.append(name) and None
        handler = type("Handler", (_Handler,), {"api": self})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # failed handshakes are expected
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True, do_handshake_on_connect=False)
        self.port = self.httpd.server_address[1]
        self.url = "https://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def add_fault(self, method, path_prefix, status=None, retry_after=None, delay=0.0, drop=False, times=1,
                  body=None, after_apply=False):
        """The next `times` requests of `method` under `path_prefix` fail so; with `after_apply` a PATCH is
        applied first and then answered with the fault."""
        with self.lock:
            for _ in range(times):
                self.faults.append({"method": method, "prefix": path_prefix, "status": status,
                                    "retry_after": retry_after, "delay": delay, "drop": drop, "body": body,
                                    "after_apply": after_apply and method == "PATCH"})

    def set_random_faults(self, rate, seed=1, statuses=(500, 502, 503, 504), retry_after=1, delay=0.0,
                          drop_rate=0.0, after_apply=False, methods=None):
        """Makes a share `rate` of all requests fail with one of `statuses` (with Retry-After when not
        None), or, for a share `drop_rate`, a dropped connection; `delay` slows every answer. With
        `after_apply` a failing PATCH is applied first and then answered with the fault (the client
        cannot know whether it took effect). `methods` limits faults to those HTTP methods. rate=0 turns
        this off. Reproducible through `seed`."""
        with self.lock:
            self.random_faults = None if rate <= 0 and drop_rate <= 0 and delay <= 0 else {
                "rng": random.Random(seed), "rate": rate, "statuses": statuses, "retry_after": retry_after,
                "delay": delay, "drop_rate": drop_rate, "after_apply": after_apply, "methods": methods}

    def take_fault(self, method, path):
        with self.lock:
            for i, f in enumerate(self.faults):
                if f["method"] in (method, "*") and path.startswith(f["prefix"]):
                    return self.faults.pop(i)
            r = self.random_faults
            if r is not None and (r["methods"] is None or method in r["methods"]):
                draw = r["rng"].random()
                fault = {"method": method, "prefix": path, "status": None, "retry_after": None, "delay": r["delay"],
                         "drop": False, "body": None, "after_apply": r["after_apply"] and method == "PATCH"}
                if draw < r["drop_rate"]:
                    fault["drop"] = True
                elif draw < r["drop_rate"] + r["rate"]:
                    fault["status"] = r["rng"].choice(r["statuses"])
                    fault["retry_after"] = r["retry_after"]
                elif not r["delay"]:
                    return None
                return fault
        return None

    def applied_patches(self, name):
        """How many non-dry-run PATCHes of namespace `name` changed the server's state."""
        with self.lock:
            return len([r for r in self.log if r.get("applied") == name])

    def requests(self, method=None, path_prefix=""):
        with self.lock:
            return [r for r in self.log if (method is None or r["method"] == method)
                    and r["path"].startswith(path_prefix)]

    def clear(self):
        with self.lock:
            self.log.clear()
            self.faults.clear()
            self.connections = 0


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    api = None  # set by FakeApiServer

    def log_message(self, *args):
        pass

    def setup(self):
        try:
            self.request.do_handshake()
        except (ssl.SSLError, OSError):
            self.request.close()
            raise
        with self.api.lock:
            self.api.connections += 1
        super().setup()

    def handle(self):
        try:
            super().handle()
        except (ssl.SSLError, ConnectionError):
            pass

    def do_GET(self):
        self._serve("GET")

    def do_PATCH(self):
        self._serve("PATCH")

    def do_PUT(self):
        self._serve("PUT")

    def do_POST(self):
        self._serve("POST")

    def do_DELETE(self):
        self._serve("DELETE")

    # --- plumbing -----------------------------------------------------------------------------

    def _send(self, code, body, extra_headers=None):
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if "gzip" in self.headers.get("Accept-Encoding", "") and len(data) > 128:
            data = gzip.compress(data)
            headers["Content-Encoding"] = "gzip"
        headers.update(extra_headers or {})
        self.send_response(code)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _user(self):
        """(user, groups) of the caller, or None."""
        cert = self.request.getpeercert()
        if cert:
            subject = dict(x[0] for x in cert.get("subject", ()))
            user, groups = subject.get("commonName"), [subject["organizationName"]] if "organizationName" in subject else []
        else:
            auth = self.headers.get("Authorization", "")
            user, groups = None, []
            if auth.startswith("Bearer "):
                user = self.api.tokens.get(auth[7:])
            elif auth.startswith("Basic "):
                try:
                    name, _, password = base64.b64decode(auth[6:]).decode().partition(":")
                except ValueError:
                    name, password = "", ""
                user = self.api.basic.get((name, password))
        if user is None:
            return None
        if self.headers.get("Impersonate-User") and user in self.api.admins | {"admin"}:
            return self.headers["Impersonate-User"], self.headers.get_all("Impersonate-Group") or []
        return user, groups

    def _serve(self, method):
        parsed = urllib.parse.urlsplit(self.path)
        path = parsed.path
        query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        who = None if path.startswith("/_") else self._user()
        entry = {"method": method, "path": path, "query": query, "headers": dict(self.headers.items()),
                 "impersonate_groups": self.headers.get_all("Impersonate-Group") or [],
                 "body": body.decode(errors="replace"), "user": who[0] if who else None}
        with self.api.lock:
            self.api.log.append(entry)
        fault = self.api.take_fault(method, path)
        if fault and fault.get("after_apply") and (fault["status"] or fault["drop"]) and who is not None:
            self._route_and_record(entry, method, path, query, body, who[0])  # applied, answer lost
        if fault:
            if fault["delay"]:
                time.sleep(fault["delay"])
            if fault["drop"]:
                self.close_connection = True
                try:
                    self.request.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if fault["status"]:
                headers = {"Retry-After": str(fault["retry_after"])} if fault["retry_after"] is not None else {}
                code = fault["status"]
                b = fault["body"] if fault["body"] is not None else status(code, "InternalError",
                                                                         "injected fault %d" % code)[1]
                self._send(code, b, headers)
                return
        if who is None:
            self._send(*status(401, "Unauthorized", "Unauthorized"))
            return
        code, out = self._route_and_record(entry, method, path, query, body, who[0])
        self._send(code, out)

    def _route_and_record(self, entry, method, path, query, body, user):
        before = self.api.state.rv
        code, out = self._route(method, path, query, body, user)
        if method == "PATCH" and code == 200 and self.api.state.rv != before:
            with self.api.lock:
                entry["applied"] = path.rstrip("/").rsplit("/", 1)[-1]
        return code, out

    # --- API ----------------------------------------------------------------------------------

    def _route(self, method, path, query, body, user):
        s = self.api.state
        parts = [p for p in path.split("/") if p]
        if path == "/version":
            return 200, {"major": "1", "minor": "30", "gitVersion": "v1.30.0-fake"}
        if path == "/api":
            return 200, {"kind": "APIVersions", "versions": ["v1"],
                         "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}
        if path == "/apis":
            return 200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": "admissionregistration.k8s.io",
                 "versions": [{"groupVersion": "admissionregistration.k8s.io/v1", "version": "v1"}],
                 "preferredVersion": {"groupVersion": "admissionregistration.k8s.io/v1", "version": "v1"}}]}
        if path == "/api/v1":
            return 200, {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
                {"name": n, "singularName": r["kind"].lower(), "namespaced": r["namespaced"], "kind": r["kind"],
                 "verbs": r["verbs"], "shortNames": r["short"]} for n, r in RESOURCES.items()]}
        if path == "/apis/admissionregistration.k8s.io/v1":
            return 200, {"kind": "APIResourceList", "groupVersion": "admissionregistration.k8s.io/v1", "resources": [
                {"name": "mutatingwebhookconfigurations", "singularName": "mutatingwebhookconfiguration",
                 "namespaced": False, "kind": "MutatingWebhookConfiguration", "verbs": ["get", "list"]}]}
        with s.lock:
            if path == "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations" and method == "GET":
                items = [w for w in s.webhooks if _selector_matches(query.get("labelSelector"),
                                                                    w["metadata"].get("labels", {}))]
                return self._list("MutatingWebhookConfigurationList", "admissionregistration.k8s.io/v1", items,
                                  query)
            if parts[:2] == ["api", "v1"] and len(parts) >= 3 and parts[2] == "namespaces":
                return self._namespaces(method, parts[3:], query, body, user)
            if parts == ["api", "v1", "pods"]:
                return self._list("PodList", "v1", [p for ps in s.pods.values() for p in ps], query)
            generic = self._generic(method, parts, query)
            if generic is not None:
                return generic
        return status(404, "NotFound", "the server could not find the requested resource")

    def _generic(self, method, parts, query):
        """GET and LIST of State.objects: /api/v1/... and /apis/<group>/<version>/..., all namespaces or one."""
        if method != "GET":
            return None
        if parts[:2] == ["api", "v1"]:
            gv, rest = "v1", parts[2:]
        elif parts[:1] == ["apis"] and len(parts) >= 3:
            gv, rest = parts[1] + "/" + parts[2], parts[3:]
        else:
            return None
        ns = None
        if len(rest) >= 3 and rest[0] == "namespaces":
            ns, rest = rest[1], rest[2:]
        if not rest or len(rest) > 2 or (gv, rest[0]) not in self.api.state.objects:
            return None
        items = [o for o in self.api.state.objects[(gv, rest[0])]
                 if ns is None or o["metadata"].get("namespace") == ns]
        if len(rest) == 2:
            for o in items:
                if o["metadata"]["name"] == rest[1]:
                    return 200, copy.deepcopy(o)
            return status(404, "NotFound", '%s "%s" not found' % (rest[0], rest[1]), {"name": rest[1], "kind": rest[0]})
        kind = items[0]["kind"] + "List" if items else "List"
        return self._list(kind, gv, items, query)

    def _list(self, kind, api_version, items, query):
        items = [i for i in items if _selector_matches(query.get("labelSelector"),
                                                       i["metadata"].get("labels", {}))]
        items = sorted(items, key=lambda i: i["metadata"]["name"])
        start = int(base64.b64decode(query["continue"]).decode()) if query.get("continue") else 0
        limit = int(query.get("limit") or 0)
        if self.api.max_page and (limit == 0 or limit > self.api.max_page):
            limit = self.api.max_page
        meta = {"resourceVersion": str(self.api.state.rv)}
        page = items[start:]
        if limit and len(page) > limit:
            page = page[:limit]
            meta["continue"] = base64.b64encode(str(start + limit).encode()).decode()
        if "as=Table" in self.headers.get("Accept", ""):
            return 200, {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": meta,
                         "columnDefinitions": [{"name": "Name", "type": "string", "format": "name",
                                                "description": "name", "priority": 0},
                                               {"name": "Status", "type": "string", "format": "",
                                                "description": "status", "priority": 0}],
                         "rows": [{"cells": [i["metadata"]["name"], i.get("status", {}).get("phase", "")],
                                   "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                                              "metadata": i["metadata"]}} for i in page]}
        return 200, {"kind": kind, "apiVersion": api_version, "metadata": meta, "items": copy.deepcopy(page)}

    def _namespaces(self, method, rest, query, body, user):
        s = self.api.state
        if not rest:
            if method != "GET":
                return status(405, "MethodNotAllowed", "method not allowed")
            return self._list("NamespaceList", "v1", list(s.namespaces.values()), query)
        name = rest[0]
        if len(rest) == 2 and rest[1] == "pods" and method == "GET":
            return self._list("PodList", "v1", s.pods.get(name, []), query)
        if len(rest) == 3 and rest[1] == "configmaps" and method == "GET":
            cm = s.configmaps.get((name, rest[2]))
            if cm is None:
                return status(404, "NotFound", 'configmaps "%s" not found' % rest[2],
                              {"name": rest[2], "kind": "configmaps"})
            return 200, copy.deepcopy(cm)
        if len(rest) == 2 and rest[1] == "configmaps" and method == "GET":
            items = [cm for (cns, _), cm in s.configmaps.items() if cns == name]
            items += [o for o in s.objects.get(("v1", "configmaps"), []) if o["metadata"].get("namespace") == name]
            return self._list("ConfigMapList", "v1", items, query)
        if len(rest) != 1:
            # Anything else stored generically (services, secrets, ... of one namespace).
            generic = self._generic(method, ["api", "v1", "namespaces", *rest], query)
            if generic is not None:
                return generic
            return status(404, "NotFound", "the server could not find the requested resource")
        ns = s.namespaces.get(name)
        if method == "GET":
            if ns is None:
                return status(404, "NotFound", 'namespaces "%s" not found' % name, {"name": name, "kind": "namespaces"})
            return 200, copy.deepcopy(ns)
        if method != "PATCH":
            return status(405, "MethodNotAllowed", "method not allowed")
        if user == "viewer":
            return status(403, "Forbidden", 'namespaces "%s" is forbidden: User "viewer" cannot patch resource '
                                            '"namespaces" in API group "" at the cluster scope' % name,
                          {"name": name, "kind": "namespaces"})
        if ns is None:
            return status(404, "NotFound", 'namespaces "%s" not found' % name, {"name": name, "kind": "namespaces"})
        if self.headers.get("Content-Type") != "application/merge-patch+json":
            return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format")
        try:
            patch = json.loads(body)
        except ValueError:
            return status(400, "BadRequest", "invalid JSON patch")
        meta = patch.get("metadata", {})
        if "resourceVersion" in meta and meta["resourceVersion"] != ns["metadata"]["resourceVersion"]:
            return status(409, "Conflict", 'Operation cannot be fulfilled on namespaces "%s": the object has been '
                                           'modified; please apply your changes to the latest version and try again'
                          % name, {"name": name, "kind": "namespaces"})
        updated = copy.deepcopy(ns)
        labels = updated["metadata"].setdefault("labels", {})
        for k, v in (meta.get("labels") or {}).items():
            if v is None:
                labels.pop(k, None)
            else:
                labels[k] = v
        if query.get("dryRun") != "All":
            updated["metadata"]["resourceVersion"] = s.next_rv()
            s.namespaces[name] = updated
        return 200, copy.deepcopy(updated)


def write_kubeconfig(path, server, user, ca=None, extra_cluster=None, context_namespace=None):
    """Writes a kubeconfig (JSON, which is YAML) with one context "test"."""
    cluster = {"server": server}
    if ca:
        cluster["certificate-authority"] = ca
    cluster.update(extra_cluster or {})
    context = {"cluster": "fake", "user": "u"}
    if context_namespace:
        context["namespace"] = context_namespace
    config = {"apiVersion": "v1", "kind": "Config", "current-context": "test",
              "clusters": [{"name": "fake", "cluster": cluster}],
              "contexts": [{"name": "test", "context": context}],
              "users": [{"name": "u", "user": user}]}
    with open(path, "w") as f:
        json.dump(config, f, indent=2)
    return path


if __name__ == "__main__":
    import sys
    import tempfile
    d = tempfile.mkdtemp(prefix="fakeapi-")
    server = FakeApiServer(Pki(d)).start()
    server.state.add_namespace("default")
    server.state.add_webhook("istio-sidecar-injector", "default")
    write_kubeconfig(os.path.join(d, "kubeconfig"), server.url, {"token": "admin-token-s3cr3t"},
                     ca=os.path.join(d, "ca.crt"))
    print("fake API server at %s; kubeconfig %s" % (server.url, os.path.join(d, "kubeconfig")), flush=True)
    try:
        time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 3600)
    finally:
        server.stop()


class Harness(Checks):
    """Starts a fake API server with a small cluster and runs sidecarctl against it."""

    SECRETS = ["admin-token-s3cr3t", "viewer-token-s3cr3t", "basic-pa55word", "plugin-token-s3cr3t"]

    def __init__(self, binary, tmp, max_page=0):
        self.binary = binary
        self.tmp = tmp
        self.pki = Pki(tmp)
        self.server = FakeApiServer(self.pki, max_page=max_page).start()
        Checks.__init__(self)
        # Key material must never be printed either: a line from the middle of each private key.
        for name in ("admin.key", "viewer.key"):
            lines = self.pki.read(name).decode().splitlines()
            self.SECRETS = self.SECRETS + [lines[len(lines) // 2]]
        self._open_output_log()

    # Every output of every run is also appended to <binary's dir>/test-outputs/<test script>.log,
    # with the secrets of this harness in <script>.secrets, for tests/test_secrets_in_outputs.py.
    _logs_started = set()

    def _open_output_log(self):
        directory = os.path.join(os.path.dirname(os.path.abspath(self.binary)), "test-outputs")
        os.makedirs(directory, exist_ok=True)
        script = os.path.splitext(os.path.basename(sys.argv[0]))[0] or "python"
        self.output_log = os.path.join(directory, script + ".log")
        mode = "a" if script in Harness._logs_started else "w"
        Harness._logs_started.add(script)
        with open(self.output_log, mode):
            pass
        with open(os.path.join(directory, script + ".secrets"), mode) as f:
            f.write("".join(secret + "\n" for secret in self.SECRETS))

    def log_output(self, args, stdout, stderr):
        """Appends one run's outputs to the output log (for runs not made through run())."""
        with open(self.output_log, "a", errors="replace") as f:
            f.write("$ sidecarctl %s\n%s\n%s\n" % (" ".join(args), stdout or "", stderr or ""))

    def kubeconfig(self, name, user, **cluster):
        ca = cluster.pop("ca", self.pki.path("ca.crt"))
        server = cluster.pop("server", self.server.url)
        return write_kubeconfig(os.path.join(self.tmp, name), server, user, ca=ca, extra_cluster=cluster)

    def token_kubeconfig(self):
        return self.kubeconfig("token.kubeconfig", {"token": "admin-token-s3cr3t"})

    def run(self, args, kubeconfig=None, env=None, timeout=60):
        full_env = {"HOME": self.tmp, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        for k, v in os.environ.items():
            if k.startswith(("ASAN_", "UBSAN_", "LSAN_")):
                full_env[k] = v
        full_env.update(env or {})
        cmd = [self.binary] + (["--kubeconfig", kubeconfig] if kubeconfig else []) + args
        p = subprocess.run(cmd, capture_output=True, text=True, env=full_env, timeout=timeout)
        self.log_output(args, p.stdout, p.stderr)
        for secret in self.SECRETS:
            if secret in p.stdout or secret in p.stderr:
                self.fail("secret %r printed by %s" % (secret[:12], " ".join(args)))
        return p

    def finish(self, name):
        self.server.stop()
        return self.report(name)
