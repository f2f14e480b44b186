"""A fault-injecting HTTPS proxy on loopback between sidecarctl and the real kube-apiserver of scripts/cluster.

It terminates TLS with a serving certificate it has the cluster's CA sign (so a kubeconfig that trusts the
cluster CA trusts it), requires the admin client certificate, and sends each request on to the real server
over a new TLS connection of its own with that same admin certificate. Between the two it can, per request:

  STATUS       answer CODE (with Retry-After when given) without forwarding: the server never sees it
  RESET        reset the connection without forwarding
  RESET_AFTER  forward, let the server act, then reset the connection: the answer is lost
  STATUS_AFTER forward, let the server act, then answer CODE instead of the server's answer
  SLOW         forward, then hold the server's answer DELAY seconds before sending it
  HOLD         forward (after BEFORE, as any fault may run it first: a function, another writer say)
  EXPIRE       answer 410 Expired as kube-apiserver does for a continue token whose resourceVersion was
               compacted away (the Status body of k8s.io/apiserver's etcd3 store), without forwarding

Every request is logged (method, path, query, body, the fault, the server's status), so a test can count
what reached the server and what the server did with it."""
import http.client
import http.server
import json
import os
import base64
import re
import secrets
import socket
import ssl
import struct
import subprocess
import threading
import time
import urllib.parse

import yaml

STATUS, RESET, RESET_AFTER, STATUS_AFTER, SLOW, HOLD, EXPIRE = (
    "status", "reset", "reset-after", "status-after", "slow", "hold", "expire")

# What k8s.io/apiserver's etcd3 store answers for a continue token older than the last compaction, with a
# token to carry on inconsistently (handleCompactedErrorForPaging).
EXPIRED_MESSAGE = ("The provided continue parameter is too old to display a consistent list result. You can start a "
                   "new list without the continue parameter, or use the continue token in this response to retrieve "
                   "the remainder of the results. Continuing with the provided token results in an inconsistent list "
                   "- objects that were created, modified, or deleted between the time the first chunk was returned "
                   "and now may show up in the list.")

# Not passed on (the host and the framing are each connection's own).
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization",
              "proxy-connection", "content-length", "host", "expect"}


class Fault:
    """A fault for the requests that match METHOD (None: any), PATH (a regular expression the path must match
    in full; None: any) and QUERY (a parameter name the query must have; None: any). Of those, it takes the
    first TIMES (None: all), or, with EVERY, each EVERY-th."""

    def __init__(self, action, method=None, path=None, query=None, times=1, every=None, status=503,
                 retry_after=None, delay=0.0, before=None):
        self.action, self.method, self.query = action, method, query
        self.path = re.compile(path) if path else None
        self.times, self.every = (None, every) if every else (times, None)
        self.status, self.retry_after, self.delay, self.before = status, retry_after, delay, before
        self.seen = 0
        self.taken = 0

    def take(self, method, path, query):
        """Whether this fault applies to the request (counting it)."""
        if self.method not in (None, method) or (self.path and not self.path.fullmatch(path)):
            return False
        if self.query and self.query not in query:
            return False
        self.seen += 1
        if self.every:
            return self.seen % self.every == 0
        if self.times is not None and self.taken >= self.times:
            return False
        self.taken += 1
        return True


def status_body(code, reason, message, metadata=None):
    return {"kind": "Status", "apiVersion": "v1", "metadata": metadata or {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}


def restarted_token(token):
    """The continue token k8s.io/apiserver hands out with an Expired answer: the same start key, resourceVersion
    -1 (continue at the latest version)."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        decoded["rv"] = -1
        return base64.urlsafe_b64encode(json.dumps(decoded, separators=(",", ":")).encode()).decode().rstrip("=")
    except (ValueError, TypeError):
        return ""


class FaultProxy:
    def __init__(self, cluster_dir, workdir):
        pki = os.path.join(cluster_dir, "pki")
        with open(os.path.join(cluster_dir, "kubeconfig")) as f:
            self._config = yaml.safe_load(f)
        server = urllib.parse.urlsplit(self._config["clusters"][0]["cluster"]["server"])
        self._upstream = (server.hostname, server.port)
        self._client_tls = ssl.create_default_context(cafile=os.path.join(pki, "ca.crt"))
        self._client_tls.load_cert_chain(os.path.join(pki, "admin.crt"), os.path.join(pki, "admin.key"))
        cert, key = self._serving_cert(pki, workdir)
        self._server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._server_tls.load_cert_chain(cert, key)
        self._server_tls.load_verify_locations(os.path.join(pki, "ca.crt"))
        self._server_tls.verify_mode = ssl.CERT_REQUIRED
        self.lock = threading.Lock()
        self.faults = []
        self.log = []
        self._http = _Server(("127.0.0.1", 0), _Handler)
        self._http.proxy = self
        self.url = "https://127.0.0.1:%d" % self._http.server_address[1]
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    @staticmethod
    def _serving_cert(pki, workdir):
        """An EC key and a certificate for 127.0.0.1 signed by the cluster's CA (the CA's folder is not written)."""
        key, csr, cert, ext = (os.path.join(workdir, "proxy." + s) for s in ("key", "csr", "crt", "ext"))
        with open(ext, "w") as f:
            f.write("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
        subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-keyout", key, "-subj", "/CN=fault-proxy", "-out", csr], check=True, capture_output=True)
        subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA", os.path.join(pki, "ca.crt"),
                        "-CAkey", os.path.join(pki, "ca.key"), "-set_serial", str(secrets.randbits(63)), "-days", "1",
                        "-extfile", ext, "-out", cert], check=True, capture_output=True)
        return cert, key

    def kubeconfig(self, path):
        """Writes a kubeconfig whose only context, admin (the current one), reaches the server through the proxy."""
        cluster = dict(self._config["clusters"][0]["cluster"], server=self.url)
        user = next(u for u in self._config["users"] if u["name"] == "admin")
        with open(path, "w") as f:
            json.dump({"apiVersion": "v1", "kind": "Config", "current-context": "admin",
                       "clusters": [{"name": "proxied", "cluster": cluster}], "users": [user],
                       "contexts": [{"name": "admin", "context": {"cluster": "proxied", "user": "admin",
                                                                  "namespace": "default"}}]}, f)
        return path

    def reset(self, *faults):
        """Forgets the log and the faults; FAULTS apply from now on."""
        with self.lock:
            self.faults = list(faults)
            self.log = []

    def requests(self, method=None, path=None):
        with self.lock:
            return [r for r in self.log if method in (None, r["method"]) and path in (None, r["path"])]

    def applied(self, path):
        """The PATCHes and PUTs of PATH the server carried out (2xx, not a dry run)."""
        return [r for r in self.requests(path=path) if r["method"] in ("PATCH", "PUT")
                and r["upstream"] is not None and 200 <= r["upstream"] < 300 and "dryRun" not in r["query"]]

    def stop(self):
        self._http.shutdown()
        self._http.server_close()

    def _take(self, method, path, query):
        with self.lock:
            for fault in self.faults:
                if fault.take(method, path, query):
                    return fault
        return None

    def forward(self, method, target, headers, body):
        """Sends the request to the real server; its (status, reason, headers, body)."""
        conn = http.client.HTTPSConnection(*self._upstream, context=self._client_tls, timeout=60)
        try:
            conn.request(method, target, body=body, headers=headers)
            answer = conn.getresponse()
            return answer.status, answer.reason, answer.getheaders(), answer.read()
        finally:
            conn.close()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    proxy = None

    def get_request(self):
        sock, address = self.socket.accept()
        return self.proxy._server_tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        self.request.do_handshake()  # a failure ends this connection only
        super().setup()

    def handle(self):
        try:
            super().handle()
        except (ssl.SSLError, OSError):
            pass

    def finish(self):
        try:
            super().finish()
        except (ssl.SSLError, OSError, ValueError):
            pass

    def do_GET(self):
        self._serve()

    do_PATCH = do_PUT = do_POST = do_DELETE = do_GET

    def _serve(self):
        proxy = self.server.proxy
        split = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(split.query)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        record = {"method": self.command, "path": split.path, "query": query, "body": body.decode("utf-8", "replace"),
                  "fault": None, "upstream": None, "at": time.monotonic()}
        with proxy.lock:
            proxy.log.append(record)
        subject = dict(x[0] for x in self.request.getpeercert().get("subject", ()))
        if subject.get("commonName") != "admin":
            return self._answer(403, status_body(403, "Forbidden", "the fault proxy forwards for admin only"))
        fault = proxy._take(self.command, split.path, query)
        action = fault.action if fault else None
        record["fault"] = action
        if fault and fault.before:
            fault.before()
        if action == STATUS:
            return self._status(fault.status, fault.retry_after)
        if action == RESET:
            return self._reset()
        if action == EXPIRE:
            token = restarted_token(query.get("continue", [""])[0])
            return self._answer(410, status_body(410, "Expired", EXPIRED_MESSAGE, {"continue": token} if token else {}))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        status, reason, answer_headers, answer = proxy.forward(self.command, self.path, headers,
                                                               body if body or self.command != "GET" else None)
        record["upstream"] = status
        if action == RESET_AFTER:
            return self._reset()
        if action == STATUS_AFTER:
            return self._status(fault.status, fault.retry_after)
        if action == SLOW:
            time.sleep(fault.delay)
        self.send_response(status, reason)
        for name, value in answer_headers:
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def _status(self, code, retry_after):
        reasons = {429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable", 504: "Timeout"}
        extra = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        message = "fault proxy: %d%s" % (code, " (Retry-After: %s)" % retry_after if retry_after is not None else "")
        self._answer(code, status_body(code, reasons.get(code, "InternalError"), message), extra)

    def _answer(self, code, body, extra_headers=None):
        data = json.dumps(body).encode()
        self.send_response(code)
        for name, value in dict({"Content-Type": "application/json"}, **(extra_headers or {})).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _reset(self):
        """Closes the connection with a TCP reset, sending nothing more."""
        self.close_connection = True
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        raw = socket.socket(fileno=self.request.detach())  # no TLS close_notify: the peer sees the reset
        raw.close()
