#!/usr/bin/env python3
"""The control plane of scripts/cluster is what the issue promises the other tests: a loopback API server
with our CA, the four contexts and their rights (checked with the real kubectl's `auth can-i`), Istio's
and the Gateway API's CRDs Established, and the Kubernetes version pinned in tests/references.
usage: test_control_plane.py SIDECARCTL CLUSTER_DIR"""
import json
import os
import ssl
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from real_cluster import Cluster  # noqa: E402


def can_i(c, context, *args):
    return c.kubectl(["auth", "can-i"] + list(args), context, check=False).stdout.strip()


def main():
    c = Cluster(sys.argv[1], sys.argv[2])
    for context, verb, resource, ns, expected in [
            ("admin", "patch", "namespaces", None, "yes"),
            ("viewer", "patch", "namespaces", None, "no"),
            ("viewer", "list", "pods", None, "yes"),
            ("shop-editor", "patch", "deployments", "shop", "yes"),
            ("shop-editor", "patch", "deployments", "default", "no"),
            ("shop-editor", "patch", "namespaces", None, "no"),
            ("exec", "patch", "namespaces", None, "yes")]:
        args = [verb, resource] + (["-n", ns] if ns else [])
        got = can_i(c, context, *args)
        c.check(got == expected, "kubectl --context %s auth can-i %s: %r, want %r" % (context, " ".join(args), got, expected))

    who = json.loads(c.kubectl(["auth", "whoami", "-o", "json"], "exec").stdout)
    c.check(who["status"]["userInfo"]["username"] == "exec-user", "the exec plugin's token is exec-user's: %r" % who)

    crds = json.loads(c.kubectl(["get", "crd", "-o", "json"]).stdout)["items"]
    established = {crd["metadata"]["name"] for crd in crds
                   if any(cond["type"] == "Established" and cond["status"] == "True"
                          for cond in crd.get("status", {}).get("conditions", []))}
    for name in ("virtualservices.networking.istio.io", "sidecars.networking.istio.io",
                 "peerauthentications.security.istio.io", "telemetries.telemetry.istio.io",
                 "gateways.gateway.networking.k8s.io", "httproutes.gateway.networking.k8s.io"):
        c.check(name in established, "CRD %s is Established" % name)

    version = json.loads(c.kubectl(["version", "-o", "json"]).stdout)
    server = version.get("serverVersion", {}).get("gitVersion", "")
    c.check(server.startswith("v1.36."), "the API server is Kubernetes 1.36: %r" % server)

    # Real TLS: our CA verifies the server; without it the handshake fails before anything is sent.
    env = dict(line[len("export "):].split("=", 1) for line in open(os.path.join(c.dir, "env"))
               if line.startswith("export "))
    url = env["SIDECARCTL_APISERVER"].strip() + "/version"
    c.check(url.startswith("https://127.0.0.1:"), "the API server listens on loopback: %s" % url)
    try:
        urllib.request.urlopen(url, timeout=10, context=ssl.create_default_context())
        c.fail("the system CAs accepted the test CA's server certificate")
    except urllib.error.URLError as e:
        c.check("CERTIFICATE_VERIFY_FAILED" in str(e), "TLS fails without the test CA: %s" % e)
    ctx = ssl.create_default_context(cafile=os.path.join(c.dir, "pki", "ca.crt"))
    with urllib.request.urlopen(url, timeout=10, context=ctx) as r:
        c.check(json.load(r)["gitVersion"] == server, "anonymous /version through our CA")
    try:
        urllib.request.urlopen(url.replace("/version", "/api/v1/namespaces"), timeout=10, context=ctx)
        c.fail("an anonymous request was allowed")
    except urllib.error.HTTPError as e:
        c.check(e.code in (401, 403), "an anonymous request is refused (%d)" % e.code)
    return c.finish("cluster/test_control_plane")


if __name__ == "__main__":
    sys.exit(main())
