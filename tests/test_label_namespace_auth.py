#!/usr/bin/env python3
"""sidecarctl's Kubernetes client against the fake API server: every auth mode, TLS settings and
failures, Status errors (401/403/404/409), retries (429/5xx/dropped connections), timeouts,
impersonation, exec plugins, debug logging, and that no secret is ever printed."""
import base64
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_apiserver import Harness  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def b64(data):
    return base64.b64encode(data).decode()


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="label-ns-auth-")
    h = Harness(binary, tmp)
    st = h.server.state
    for name in ("a", "b", "c"):
        st.add_namespace(name)
    st.add_webhook("istio-sidecar-injector", "default")
    pki = h.pki
    args = ["label-namespace", "a", "--dry-run=server"]
    try:
        # Every way to authenticate.
        modes = {
            "token": {"token": "admin-token-s3cr3t"},
            "client certificate files": {"client-certificate": pki.path("admin.crt"), "client-key": "admin.key"},
            "client certificate data": {"client-certificate-data": b64(pki.read("admin.crt")),
                                        "client-key-data": b64(pki.read("admin.key"))},
            "basic auth": {"username": "basic-user", "password": "basic-pa55word"},
            "tokenFile": {"tokenFile": "token.txt"},
        }
        with open(os.path.join(tmp, "token.txt"), "w") as f:
            f.write("admin-token-s3cr3t\n")
        for i, (mode, user) in enumerate(modes.items()):
            p = h.run(args, h.kubeconfig("mode%d.kubeconfig" % i, user))
            h.check(p.returncode == 0 and "namespace/a labeled (server dry run)" in p.stdout, "auth: " + mode, p)

        # Exec plugins (v1 and v1beta1): KUBERNETES_EXEC_INFO handed over, token used, run once per process.
        record = os.path.join(tmp, "plugin-record")
        for version in ("client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"):
            exec_user = {"exec": {"apiVersion": version, "command": os.path.join(HERE, "kube_exec_plugin.py"),
                                  "args": ["plugin-token-s3cr3t"], "interactiveMode": "Never",
                                  "env": [{"name": "PLUGIN_RECORD", "value": record}],
                                  "provideClusterInfo": True}}
            h.tokens_before = dict(h.server.tokens)
            h.server.tokens["plugin-token-s3cr3t"] = "admin"
            if os.path.exists(record):
                os.remove(record)
            kc = h.kubeconfig("exec.kubeconfig", exec_user)
            p = h.run(["label-namespace", "a", "b", "--dry-run=server"], kc)
            h.check(p.returncode == 0, "exec plugin " + version, p)
            runs = open(record).read().splitlines() if os.path.exists(record) else []
            h.check(len(runs) == 1, "plugin ran once (%d)" % len(runs))
            if runs:
                info = json.loads(runs[0])
                h.check(info["apiVersion"] == version and info["spec"]["interactive"] is False and
                        info["spec"]["cluster"]["server"] == h.server.url, "KUBERNETES_EXEC_INFO %r" % info)
        failing = {"exec": {"apiVersion": "client.authentication.k8s.io/v1",
                            "command": os.path.join(HERE, "kube_exec_plugin.py"), "args": ["plugin-token-s3cr3t"],
                            "interactiveMode": "Never", "env": [{"name": "PLUGIN_FAIL", "value": "1"}]}}
        p = h.run(args, h.kubeconfig("exec-fail.kubeconfig", failing))
        h.check(p.returncode == 1 and "failed with exit status 2: login expired: run `fake-login` first" in p.stderr,
                "failing exec plugin", p)
        failing["exec"]["env"] = [{"name": "PLUGIN_GARBAGE", "value": "1"}]
        p = h.run(args, h.kubeconfig("exec-garbage.kubeconfig", failing))
        h.check(p.returncode != 0 and "not a valid ExecCredential" in p.stderr, "plugin printing garbage", p)
        missing = {"exec": {"apiVersion": "client.authentication.k8s.io/v1beta1", "command": "no-such-auth-plugin",
                            "installHint": "install no-such-auth-plugin from your cloud vendor"}}
        p = h.run(args, h.kubeconfig("exec-missing.kubeconfig", missing))
        h.check(p.returncode == 1 and "executable not found" in p.stderr and "from your cloud vendor" in p.stderr,
                "missing exec plugin", p)

        token_kc = h.token_kubeconfig()
        # TLS: wrong CA fails; insecure-skip-tls-verify and tls-server-name work; a wrong name fails.
        p = h.run(args, h.kubeconfig("wrong-ca.kubeconfig", {"token": "admin-token-s3cr3t"}, ca=pki.path("wrong-ca.crt")))
        h.check(p.returncode == 1 and "TLS connection to %s failed" % h.server.url in p.stderr, "wrong CA", p)
        p = h.run(args, h.kubeconfig("insecure.kubeconfig", {"token": "admin-token-s3cr3t"}, ca=None,
                                     **{"insecure-skip-tls-verify": True}))
        h.check(p.returncode == 0, "insecure-skip-tls-verify", p)
        h.server.sni.clear()
        p = h.run(args, h.kubeconfig("sni.kubeconfig", {"token": "admin-token-s3cr3t"},
                                     **{"tls-server-name": "fake.kubernetes.test"}))
        h.check(p.returncode == 0 and "fake.kubernetes.test" in h.server.sni, "tls-server-name (SNI %r)" % h.server.sni, p)
        p = h.run(args, h.kubeconfig("badsni.kubeconfig", {"token": "admin-token-s3cr3t"},
                                     **{"tls-server-name": "other.example"}))
        h.check(p.returncode == 1 and "TLS connection" in p.stderr, "wrong tls-server-name fails", p)
        p = h.run(args, h.kubeconfig("stranger.kubeconfig", {"client-certificate": pki.path("stranger.crt"),
                                                              "client-key": pki.path("stranger.key")}))
        h.check(p.returncode == 1, "client certificate from another CA is refused", p)

        # Status errors: 401, 403 (exact server message), 409.
        p = h.run(args, h.kubeconfig("bad-token.kubeconfig", {"token": "wrong-token"}))
        h.check(p.returncode == 1 and "you must be logged in to the server: Unauthorized (401 Unauthorized)" in p.stderr,
                "401", p)
        viewer = h.kubeconfig("viewer.kubeconfig", {"client-certificate": pki.path("viewer.crt"),
                                                     "client-key": pki.path("viewer.key")})
        p = h.run(["label-namespace", "a"], viewer)
        h.check(p.returncode == 1 and 'error: namespaces "a" is forbidden: User "viewer" cannot patch resource '
                '"namespaces" in API group "" at the cluster scope (403 Forbidden)' in p.stderr, "403", p)
        conflict = {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Conflict", "code": 409,
                    "message": 'Operation cannot be fulfilled on namespaces "a": the object has been modified; '
                               'please apply your changes to the latest version and try again'}
        h.server.clear()
        # A 409 (the namespace changed since it was read) re-reads it and plans again; a namespace that
        # keeps changing ends in the server's conflict after 5 rounds.
        h.server.add_fault("PATCH", "/api/v1/namespaces/a", status=409, body=conflict)
        p = h.run(["label-namespace", "a"], token_kc)
        h.check(p.returncode == 0 and "namespace/a labeled" in p.stdout, "409 once: re-read and patched again", p)
        h.check(len(h.server.requests("PATCH")) == 2 and
                len([r for r in h.server.requests("GET") if r["path"] == "/api/v1/namespaces/a"]) == 2,
                "409 once: two GETs and two PATCHes")
        h.server.clear()
        h.server.add_fault("PATCH", "/api/v1/namespaces/b", status=409, body=conflict, times=10)
        p = h.run(["label-namespace", "b"], token_kc)
        h.check(p.returncode == 1 and "the object has been modified" in p.stderr and "(409 Conflict)" in p.stderr,
                "409 every time", p)
        h.check(len(h.server.requests("PATCH")) == 5, "409 every time: 5 rounds")

        # Retries for reads: 429 with Retry-After, a 5xx burst, a dropped connection.
        h.server.clear()
        h.server.add_fault("GET", "/api/v1/namespaces/b", status=429, retry_after=1)
        h.server.add_fault("GET", "/api/v1/namespaces/b", status=503, times=2)
        h.server.add_fault("GET", "/api/v1/namespaces/b", drop=True)
        p = h.run(["label-namespace", "b", "--dry-run=server", "-v"], token_kc)
        h.check(p.returncode == 0, "GET retried through 429, 503, 503, dropped connection", p)
        h.check(len([r for r in h.server.requests("GET", "/api/v1/namespaces/b") if r["path"] == "/api/v1/namespaces/b"])
                == 5, "five GET attempts")
        h.check("retrying in 1000 ms" in p.stderr, "Retry-After honoured", p)
        h.check("Authorization: Bearer <redacted>" in p.stderr, "debug log redacts the token", p)
        # Writes: the client repeats a 429; label-namespace resends a patch whose answer a 500 lost.
        h.server.clear()
        h.server.add_fault("PATCH", "/api/v1/namespaces/b", status=429, retry_after=0)
        p = h.run(["label-namespace", "b", "--dry-run=server"], token_kc)
        h.check(p.returncode == 0 and len(h.server.requests("PATCH")) == 2, "PATCH retried after 429", p)
        h.server.clear()
        h.server.add_fault("PATCH", "/api/v1/namespaces/b", status=500, times=3)
        p = h.run(["label-namespace", "b", "--dry-run=server"], token_kc)
        h.check(p.returncode == 0 and len(h.server.requests("PATCH")) == 4 and "warning" not in p.stderr,
                "PATCH resent after a 500 under its precondition", p)
        h.server.clear()
        h.server.add_fault("PATCH", "/api/v1/namespaces/b", status=500, times=6)
        p = h.run(["label-namespace", "b", "--dry-run=server"], token_kc)
        h.check(p.returncode == 1 and len(h.server.requests("PATCH")) == 5 and "500 Internal Server Error" in p.stderr
                and "change not confirmed (the server may have applied it)" in p.stderr,
                "PATCH given up after 5 lost answers, saying it may have applied", p)
        h.server.clear()
        h.server.add_fault("GET", "/api/v1/namespaces/c", status=500, times=10)
        p = h.run(["label-namespace", "c"], token_kc)
        h.check(p.returncode == 1 and "(after 5 attempts)" in p.stderr, "bounded retries", p)

        # Timeouts.
        h.server.clear()
        h.server.add_fault("GET", "/api/v1/namespaces/c", delay=4)
        p = h.run(["--kubeclient-timeout", "1s", "label-namespace", "c"], token_kc)
        h.check(p.returncode == 1 and "no answer within 1000 ms" in p.stderr, "timeout", p)
        p = h.run(["--kubeclient-timeout", "soon", "label-namespace", "c"], token_kc)
        h.check(p.returncode == 64 and 'invalid duration "soon"' in p.stderr, "bad timeout", p)

        # Impersonation headers.
        h.server.clear()
        p = h.run(["--as", "bob", "--as-group", "g1", "--as-group", "g2", "--as-uid", "7", "label-namespace", "c",
                   "--dry-run=server"], token_kc)
        gets = h.server.requests("GET", "/api/v1/namespaces/c")
        h.check(p.returncode == 0 and gets and gets[0]["headers"].get("Impersonate-User") == "bob" and
                gets[0]["impersonate_groups"] == ["g1", "g2"] and gets[0]["headers"].get("Impersonate-Uid") == "7",
                "impersonation headers", p)

        # kubeconfig discovery: KUBECONFIG list, ~/.kube/config, broken files name the entry.
        os.makedirs(os.path.join(tmp, ".kube"), exist_ok=True)
        shutil.copy(token_kc, os.path.join(tmp, ".kube", "config"))
        p = h.run(args)
        h.check(p.returncode == 0, "~/.kube/config from HOME", p)
        p = h.run(args, env={"KUBECONFIG": os.path.join(tmp, "missing") + ":" + token_kc})
        h.check(p.returncode == 0, "KUBECONFIG list", p)
        broken = os.path.join(tmp, "broken.kubeconfig")
        with open(broken, "w") as f:
            f.write("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n"
                    "  cluster: {server: 'https://127.0.0.1:1'}\nusers:\n- name: u\n  user:\n"
                    "    client-certificate-data: '@@notbase64'\n    client-key-data: QQ==\n")
        p = h.run(args, broken)
        h.check(p.returncode == 65 and broken + ':9:3: users "u": client-certificate-data is not valid base64' in p.stderr,
                "broken kubeconfig names file and entry", p)
        p = h.run(args, os.path.join(tmp, "nope.kubeconfig"))
        h.check(p.returncode == 1 and "nope.kubeconfig: kubeconfig: no such file" in p.stderr, "missing --kubeconfig", p)
        p = h.run(args, env={"HOME": os.path.join(tmp, "empty-home")})
        h.check(p.returncode == 1 and "no Kubernetes configuration" in p.stderr, "no configuration", p)
        p = h.run(args, h.kubeconfig("refused.kubeconfig", {"token": "admin-token-s3cr3t"}, server="https://127.0.0.1:1"))
        h.check(p.returncode == 1 and "cannot connect to the API server https://127.0.0.1:1" in p.stderr, "refused", p)
    finally:
        code = h.finish("test_label_namespace_auth")
        shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
