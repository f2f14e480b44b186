#!/usr/bin/env python3
"""Authentication and transport against the real kube-apiserver of scripts/cluster, each beside what the real
kubectl does with the same kubeconfig: a token file, a ServiceAccount token from the TokenRequest API,
impersonation (--as, --as-group) within and beyond RBAC `impersonate` rules, a wrong CA, insecure-skip-tls-verify,
and an HTTP CONNECT proxy on loopback (kubeconfig proxy-url is used; HTTPS_PROXY is not for a loopback server,
as in client-go). usage: test_auth.py SIDECARCTL CLUSTER_DIR"""
import json
import os
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from connect_proxy import ConnectProxy  # noqa: E402
from real_cluster import Cluster  # noqa: E402


def kubeconfig(path, cluster, user):
    with open(path, "w") as f:
        json.dump({"apiVersion": "v1", "kind": "Config", "current-context": "c",
                   "clusters": [{"name": "c", "cluster": cluster}], "users": [{"name": "u", "user": user}],
                   "contexts": [{"name": "c", "context": {"cluster": "c", "user": "u", "namespace": "default"}}]}, f)
    return path


def main():
    c = Cluster(sys.argv[1], sys.argv[2])
    with open(c.kubeconfig) as f:
        full = yaml.safe_load(f)
    cluster = full["clusters"][0]["cluster"]
    users = {u["name"]: u["user"] for u in full["users"]}
    server = cluster["server"]
    tmp = tempfile.mkdtemp(prefix="auth-", dir=c.home)
    target = c.unique_namespace("auth")

    def run(args, config, env=None):
        return c.run(args, context=None, env=env, kubeconfig=config)

    def kubectl(args, config, env=None):
        return subprocess.run([c.kubectl_binary, "--kubeconfig", config] + args, capture_output=True, text=True,
                              timeout=60, env=c.env(env))

    # A token file (re-read by every request, as client-go does).
    token_file = os.path.join(tmp, "viewer.token")
    with open(token_file, "w") as f:
        f.write(users["viewer"]["token"] + "\n")
    viewer_file = kubeconfig(os.path.join(tmp, "token-file"), cluster, {"tokenFile": token_file})
    p = run(["label-namespace", "--list"], viewer_file)
    c.check(p.returncode == 0 and target in p.stdout, "tokenFile: the viewer lists namespaces", p)
    p = run(["label-namespace", target], viewer_file)
    c.check(p.returncode == 1 and 'User "viewer" cannot patch resource "namespaces"' in p.stderr,
            "tokenFile: the viewer may not patch", p)

    # A ServiceAccount token from the TokenRequest API, with a ClusterRole to label namespaces and to
    # impersonate the viewer (user and group) but nobody else.
    c.apply([{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "labeler", "namespace": "shop"}},
             {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "test-labeler"},
              "rules": [{"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get", "list", "patch"]},
                        {"apiGroups": [""], "resources": ["pods"], "verbs": ["list"]},
                        {"apiGroups": ["admissionregistration.k8s.io"], "resources": ["mutatingwebhookconfigurations"],
                         "verbs": ["list"]},
                        {"apiGroups": [""], "resources": ["users"], "verbs": ["impersonate"], "resourceNames": ["viewer"]},
                        {"apiGroups": [""], "resources": ["groups"], "verbs": ["impersonate"],
                         "resourceNames": ["sidecarctl:viewers"]}]},
             {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "test-labeler"},
              "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "test-labeler"},
              "subjects": [{"kind": "ServiceAccount", "name": "labeler", "namespace": "shop"}]}])
    sa_token = c.kubectl(["create", "token", "labeler", "-n", "shop", "--duration", "1h"]).stdout.strip()
    c.secrets.append(sa_token)
    sa = kubeconfig(os.path.join(tmp, "sa"), cluster, {"token": sa_token})
    p = run(["label-namespace", target], sa)
    c.check(p.returncode == 0 and c.labels(target).get("istio-injection") == "enabled",
            "a ServiceAccount token labels within its ClusterRole", p)

    as_viewer = ["--as", "viewer", "--as-group", "sidecarctl:viewers"]
    p = run(as_viewer + ["label-namespace", "--list"], sa)
    c.check(p.returncode == 0 and target in p.stdout, "--as viewer --as-group: may list as the viewer", p)
    p = run(as_viewer + ["label-namespace", target, "--disable", "--overwrite"], sa)
    c.check(p.returncode == 1 and 'User "viewer" cannot patch resource "namespaces"' in p.stderr,
            "--as viewer: the viewer's rights apply", p)
    k = kubectl(as_viewer + ["auth", "whoami", "-o", "json"], sa)
    c.check(k.returncode == 0 and json.loads(k.stdout)["status"]["userInfo"]["username"] == "viewer",
            "kubectl agrees: the impersonated user is viewer", k)
    p = run(["--as", "exec-user", "label-namespace", "--list"], sa)
    c.check(p.returncode == 1 and 'cannot impersonate resource "users"' in p.stderr and "exec-user" in p.stderr,
            "--as beyond the impersonate rule is forbidden, naming the user", p)
    p = run(["--as", "viewer", "--as-group", "system:masters", "label-namespace", "--list"], sa)
    c.check(p.returncode == 1 and 'cannot impersonate resource "groups"' in p.stderr,
            "--as-group beyond the impersonate rule is forbidden", p)
    # The kubeconfig's as-uid and as-user-extra reach the server: RBAC refuses them, naming what they impersonate.
    for field, value, refused in (("as-uid", "uid-viewer", 'cannot impersonate resource "uids"'),
                                  ("as-user-extra", {"scopes": ["view"]}, 'cannot impersonate resource "userextras/scopes"')):
        extra = kubeconfig(os.path.join(tmp, field), cluster, {"token": sa_token, "as": "viewer", field: value})
        p = run(["label-namespace", "--list"], extra)
        c.check(p.returncode == 1 and refused in p.stderr, "%s beyond the impersonate rules is forbidden" % field, p)
    c.check(c.labels(target).get("istio-injection") == "enabled", "no impersonated attempt changed anything")

    # TLS: a CA that did not sign the server's certificate fails before any request; skipping verification works.
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", os.path.join(tmp, "other.key"), "-out", os.path.join(tmp, "other.crt"), "-days", "1",
                    "-subj", "/CN=other"], check=True, capture_output=True)
    wrong_ca = dict(cluster)
    del wrong_ca["certificate-authority-data"]
    wrong_ca["certificate-authority"] = os.path.join(tmp, "other.crt")
    wrong = kubeconfig(os.path.join(tmp, "wrong-ca"), wrong_ca, users["admin"])
    p = run(["label-namespace", target, "--disable", "--overwrite"], wrong)
    c.check(p.returncode == 1 and "TLS connection to %s failed" % server in p.stderr, "a wrong CA: a TLS error", p)
    c.check(kubectl(["get", "ns", target], wrong).returncode != 0, "kubectl refuses the wrong CA too")
    insecure = dict(wrong_ca, **{"insecure-skip-tls-verify": True})
    del insecure["certificate-authority"]
    insecure_config = kubeconfig(os.path.join(tmp, "insecure"), insecure, users["admin"])
    p = run(["label-namespace", "--list"], insecure_config)
    c.check(p.returncode == 0 and target in p.stdout, "insecure-skip-tls-verify connects", p)

    # A CONNECT proxy: the kubeconfig's proxy-url is used, by sidecarctl and kubectl alike; HTTPS_PROXY from
    # the environment is not used for a loopback server (Go's ProxyFromEnvironment), by either.
    proxy = ConnectProxy()
    try:
        host_port = server.split("://", 1)[1]
        env_proxy = {"HTTPS_PROXY": proxy.url}
        admin = kubeconfig(os.path.join(tmp, "admin"), cluster, users["admin"])
        p = run(["label-namespace", "--list"], admin, env_proxy)
        k = kubectl(["get", "ns", target], admin, env_proxy)
        c.check(p.returncode == 0 and k.returncode == 0 and proxy.targets == [],
                "HTTPS_PROXY is not used for a loopback server (proxy saw %r)" % proxy.targets, p)
        proxied = kubeconfig(os.path.join(tmp, "proxied"), dict(cluster, **{"proxy-url": proxy.url}), users["admin"])
        p = run(["label-namespace", "--list"], proxied)
        c.check(p.returncode == 0 and target in p.stdout and proxy.targets == [host_port],
                "proxy-url: through the CONNECT proxy (proxy saw %r)" % proxy.targets, p)
        k = kubectl(["get", "ns", target], proxied)
        c.check(k.returncode == 0 and proxy.targets[1:] == [host_port], "kubectl uses proxy-url too: %r" % proxy.targets, k)
    finally:
        proxy.stop()
    return c.finish("cluster/test_auth")


if __name__ == "__main__":
    sys.exit(main())
