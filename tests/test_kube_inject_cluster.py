#!/usr/bin/env python3
"""kube-inject with a cluster (the fake API server): settings from the istio-sidecar-injector and istio
ConfigMaps (same output as the same texts given as files), revisions and the default revision tag,
custom ConfigMap names, errors when a cluster is configured but cannot give the settings, --offline,
the embedded defaults without any kubeconfig, native sidecars `auto` from the nodes' kubelet versions,
and http(s) URL inputs. usage: test_kube_inject_cluster.py PATH-TO-SIDECARCTL"""

import functools
import http.server
import json
import os
import ssl
import sys
import tempfile
import threading

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_apiserver import Harness  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = os.path.join(os.environ.get("SIDECARCTL_CONFORMANCE_DIR", os.path.join(ROOT, "..", "shared", "conformance")),
                     "inject")

# A small injection config of our own: what each setting contributes is visible in the output.
TEMPLATE = """templates:
  sidecar: |
    {{- $proxy := dict "name" "istio-proxy" "image" (printf "%s/proxyv2:%s" .Values.global.hub .Values.global.tag)
          "env" (list (dict "name" "REVISION" "value" .Revision)
                      (dict "name" "DRAIN" "value" (formatDuration .ProxyConfig.DrainDuration))
                      (dict "name" "NATIVE" "value" (printf "%v" .NativeSidecars))) }}
    spec:
      {{- if .NativeSidecars }}
      initContainers:
      - {{ toJson (merge (dict "restartPolicy" "Always") $proxy) }}
      {{- else }}
      containers:
      - {{ toJson $proxy }}
      {{- end }}
"""

APP = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: web:1
---
apiVersion: v1
kind: Service
metadata:
  name: web   # kept as written
spec:
  ports: [{port: 80}]
"""


def values(hub, tag):
    return json.dumps({"global": {"hub": hub, "tag": tag, "proxy": {"image": "proxyv2"}}}, indent=2)


def mesh(drain):
    return "defaultConfig:\n  drainDuration: %s\n" % drain


def add_cm(state, ns, name, data):
    state.configmaps[(ns, name)] = {"apiVersion": "v1", "kind": "ConfigMap",
                                    "metadata": {"name": name, "namespace": ns}, "data": data}


def add_node(state, name, version):
    state.add_object({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name},
                      "status": {"nodeInfo": {"kubeletVersion": version}}})


def env_of(docs_text):
    """{container name: {env name: value}} of the first workload's pod template."""
    out = {}
    for d in yaml.safe_load_all(docs_text):
        if not d or d.get("kind") != "Deployment":
            continue
        spec = d["spec"]["template"]["spec"]
        for c in spec.get("initContainers", []) + spec.get("containers", []):
            out[c["name"]] = {e["name"]: e.get("value") for e in c.get("env", [])}
    return out


def proxy_placement(docs_text):
    for d in yaml.safe_load_all(docs_text):
        if d and d.get("kind") == "Deployment":
            spec = d["spec"]["template"]["spec"]
            if any(c["name"] == "istio-proxy" for c in spec.get("initContainers", [])):
                return "init"
            if any(c["name"] == "istio-proxy" for c in spec.get("containers", [])):
                return "container"
    return None


class Files(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/moved.yaml":
            self.send_response(302)
            self.send_header("Location", "/app.yaml")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()


def serve_files(directory, tls_context=None):
    handler = functools.partial(Files, directory=directory)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    scheme = "http"
    if tls_context is not None:
        httpd.socket = tls_context.wrap_socket(httpd.socket, server_side=True)
        scheme = "https"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, "%s://127.0.0.1:%d" % (scheme, httpd.server_address[1])


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="inject-cluster-")
    h = Harness(binary, tmp)
    s = h.server.state
    kc = h.token_kubeconfig()
    app = os.path.join(tmp, "app.yaml")
    with open(app, "w") as f:
        f.write(APP)
    files = {}
    for name, text in [("inject-config.yaml", TEMPLATE), ("values.json", values("hub.test/istio", "1.0")),
                       ("mesh.yaml", mesh("17s"))]:
        files[name] = os.path.join(tmp, name)
        with open(files[name], "w") as f:
            f.write(text)
    add_cm(s, "istio-system", "istio-sidecar-injector", {"config": TEMPLATE, "values": values("hub.test/istio", "1.0")})
    add_cm(s, "istio-system", "istio", {"mesh": mesh("17s")})
    add_cm(s, "istio-system", "istio-sidecar-injector-canary", {"config": TEMPLATE, "values": values("canary.test/istio", "2.0")})
    add_cm(s, "istio-system", "istio-canary", {"mesh": mesh("33s")})
    add_cm(s, "istio-system", "my-injector", {"config": TEMPLATE, "values": values("mine.test/istio", "3.0")})
    add_cm(s, "istio-system", "my-mesh", {"mesh": mesh("44s")})
    add_cm(s, "broken", "istio-sidecar-injector", {"config": TEMPLATE})
    add_cm(s, "broken", "istio", {"mesh": mesh("1s")})
    add_cm(s, "tagged", "istio-sidecar-injector-blue", {"config": TEMPLATE, "values": values("blue.test/istio", "4.0")})
    add_cm(s, "tagged", "istio-blue", {"mesh": mesh("55s")})
    s.add_object({"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
                  "metadata": {"name": "istio-revision-tag-default-tagged", "labels": {"istio.io/rev": "blue"}},
                  "webhooks": []}, plural="mutatingwebhookconfigurations")
    native_off = {"ENABLE_NATIVE_SIDECARS": "false"}
    try:
        # ConfigMaps give what the same texts give as files; one GET per ConfigMap.
        offline = h.run(["kube-inject", "-f", app, "--injectConfigFile", files["inject-config.yaml"],
                         "--valuesFile", files["values.json"], "--meshConfigFile", files["mesh.yaml"]], kc, env=native_off)
        h.check(offline.returncode == 0 and "using" not in offline.stderr, "files only: no cluster note", offline)
        h.server.clear()
        p = h.run(["kube-inject", "-f", app], kc, env=native_off)
        h.check(p.returncode == 0 and p.stdout == offline.stdout and p.stdout, "ConfigMaps = files", p)
        h.check("sidecarctl: using the cluster's settings: injection config and values from ConfigMap "
                "istio-system/istio-sidecar-injector, mesh config from ConfigMap istio-system/istio" in p.stderr,
                "stderr names the ConfigMaps", p)
        h.check("embedded" not in p.stderr, "no embedded defaults with a cluster", p)
        gets = [r["path"] for r in h.server.requests("GET", "/api/v1/namespaces/istio-system/configmaps/")]
        h.check(sorted(gets) == ["/api/v1/namespaces/istio-system/configmaps/istio",
                                 "/api/v1/namespaces/istio-system/configmaps/istio-sidecar-injector"],
                "one GET per ConfigMap: %r" % gets)
        h.check(not h.server.requests("GET", "/api/v1/nodes"), "native sidecars false: nodes not listed")
        env = env_of(p.stdout).get("istio-proxy", {})
        h.check(env.get("DRAIN") == "17s" and not env.get("REVISION"), "cluster settings in the output: %r" % env)
        h.check("name: web   # kept as written" in p.stdout, "other documents pass through", p)

        # Only the parts no file gives come from the cluster.
        h.server.clear()
        p = h.run(["kube-inject", "-f", app, "--meshConfigFile", files["mesh.yaml"]], kc, env=native_off)
        h.check(p.returncode == 0 and "mesh config from" not in p.stderr and "istio-sidecar-injector" in p.stderr,
                "mesh from file, the rest from the cluster", p)
        gets = [r["path"] for r in h.server.requests("GET", "/api/v1/namespaces/istio-system/configmaps/")]
        h.check(gets == ["/api/v1/namespaces/istio-system/configmaps/istio-sidecar-injector"],
                "mesh ConfigMap not read when --meshConfigFile is given: %r" % gets)

        # The real chart-rendered settings (when the conformance suite is present).
        default = os.path.join(SUITE, "settings", "default")
        hello = os.path.join(SUITE, "cases", "hello", "input.yaml")
        if os.path.isdir(default) and os.path.exists(hello):
            texts = {}
            for n in ("inject-config.yaml", "values.json", "mesh.yaml"):
                with open(os.path.join(default, n)) as f:
                    texts[n] = f.read()
            add_cm(s, "suite", "istio-sidecar-injector", {"config": texts["inject-config.yaml"],
                                                          "values": texts["values.json"]})
            add_cm(s, "suite", "istio", {"mesh": texts["mesh.yaml"]})
            for native in ("true", "false"):
                a = h.run(["-i", "suite", "kube-inject", "-f", hello], kc, env={"ENABLE_NATIVE_SIDECARS": native})
                b = h.run(["kube-inject", "-f", hello, "--offline"] + sum(
                    [[flag, os.path.join(default, n)] for flag, n in [("--injectConfigFile", "inject-config.yaml"),
                                                                     ("--valuesFile", "values.json"),
                                                                     ("--meshConfigFile", "mesh.yaml")]], []),
                    env={"ENABLE_NATIVE_SIDECARS": native})
                h.check(a.returncode == 0 and b.returncode == 0 and a.stdout == b.stdout,
                        "suite default settings: ConfigMaps = files (native %s)" % native, a)
        else:
            print("conformance suite not found: chart-rendered ConfigMap check skipped")

        # Revisions: -r appends to the default names; custom names are kept as given.
        p = h.run(["kube-inject", "-f", app, "-r", "canary"], kc, env=native_off)
        env = env_of(p.stdout).get("istio-proxy", {})
        h.check(p.returncode == 0 and env.get("REVISION") == "canary" and env.get("DRAIN") == "33s",
                "-r canary reads the -canary ConfigMaps: %r" % env, p)
        h.check("ConfigMap istio-system/istio-sidecar-injector-canary" in p.stderr, "stderr names -canary", p)
        p = h.run(["kube-inject", "-f", app, "-r", "canary", "--injectConfigMapName", "my-injector",
                   "--meshConfigMapName", "my-mesh"], kc, env=native_off)
        env = env_of(p.stdout).get("istio-proxy", {})
        h.check(p.returncode == 0 and env.get("DRAIN") == "44s" and "mine.test" in p.stdout,
                "custom ConfigMap names are not suffixed: %r" % env, p)
        p = h.run(["kube-inject", "-f", app, "-r", "default"], kc, env=native_off)
        h.check(p.returncode == 0 and p.stdout == offline.stdout, "-r default = no revision", p)
        # Without -r, the default revision tag of the Istio namespace decides.
        p = h.run(["-i", "tagged", "kube-inject", "-f", app], kc, env=native_off)
        env = env_of(p.stdout).get("istio-proxy", {})
        h.check(p.returncode == 0 and env.get("REVISION") == "blue" and env.get("DRAIN") == "55s",
                "default revision tag -> blue: %r" % env, p)
        # The global flags may also follow the subcommand, as istioctl's persistent flags do.
        after = h.run(["kube-inject", "-f", app, "-i", "tagged"], kc, env=native_off)
        h.check(after.returncode == 0 and after.stdout == p.stdout, "-i after the subcommand = before it", after)

        # A configured cluster that cannot give the settings is an error, not a silent fallback.
        p = h.run(["-i", "nowhere", "kube-inject", "-f", app], kc, env=native_off)
        h.check(p.returncode == 1 and p.stdout == "", "missing ConfigMap: exit 1, nothing on stdout", p)
        h.check('could not read ConfigMap "istio' in p.stderr and 'in namespace "nowhere"' in p.stderr
                and "--offline" in p.stderr and "not found" in p.stderr, "missing ConfigMap message", p)
        p = h.run(["-i", "broken", "kube-inject", "-f", app], kc, env=native_off)
        h.check(p.returncode == 1 and 'missing configuration map key "values" in "istio-sidecar-injector"' in p.stderr,
                "ConfigMap without values", p)
        dead = h.kubeconfig("dead.kubeconfig", {"token": "admin-token-s3cr3t"}, server="https://127.0.0.1:9")
        p = h.run(["kube-inject", "-f", app], dead, env=native_off)
        h.check(p.returncode == 1 and 'could not read ConfigMap "istio' in p.stderr and "--offline" in p.stderr,
                "unreachable cluster: exit 1 with advice", p)
        # --offline never contacts the cluster.
        h.server.clear()
        p = h.run(["kube-inject", "-f", app, "--offline"], kc, env=native_off)
        h.check(p.returncode == 0 and "embedded defaults" in p.stderr and "--offline" in p.stderr, "--offline", p)
        h.check(not h.server.requests(), "--offline made requests: %r" % [r["path"] for r in h.server.requests()])
        # No kubeconfig at all (HOME has no .kube, no KUBECONFIG): the embedded defaults.
        p = h.run(["kube-inject", "-f", app], None, env=native_off)
        h.check(p.returncode == 0 and "no kubeconfig found" in p.stderr and "docker.io/istio/proxyv2" in p.stdout,
                "no kubeconfig: embedded defaults", p)

        # Native sidecars `auto`: every node's kubelet must be 1.33 or later.
        add_node(s, "new-1", "v1.33.1")
        add_node(s, "new-2", "v1.34.0-eks-1a2b3c")
        p = h.run(["kube-inject", "-f", app], kc)
        h.check(p.returncode == 0 and proxy_placement(p.stdout) == "init", "auto, new kubelets: native", p)
        p = h.run(["kube-inject", "-f", app], kc, env={"ENABLE_NATIVE_SIDECARS": "false"})
        h.check(proxy_placement(p.stdout) == "container", "ENABLE_NATIVE_SIDECARS=false wins", p)
        add_node(s, "old", "v1.28.3")
        p = h.run(["kube-inject", "-f", app], kc)
        h.check(p.returncode == 0 and proxy_placement(p.stdout) == "container", "auto, one old kubelet: not native", p)
        p = h.run(["kube-inject", "-f", app, "--native-sidecars", "true"], kc)
        h.check(proxy_placement(p.stdout) == "init", "--native-sidecars true wins", p)
        pinned = os.path.join(tmp, "pinned.yaml")
        with open(pinned, "w") as f:
            f.write(APP.replace("      containers:\n", "      nodeName: new-1\n      containers:\n", 1))
        p = h.run(["kube-inject", "-f", pinned], kc)
        h.check(p.returncode == 0 and proxy_placement(p.stdout) == "init", "pod on a new node: native", p)
        p = h.run(["kube-inject", "-f", app, "--offline"], kc)
        h.check(proxy_placement(p.stdout) == "container", "auto offline: not native", p)
        h.server.add_fault("GET", "/api/v1/nodes", status=403)
        p = h.run(["kube-inject", "-f", app], kc, env={"ENABLE_NATIVE_SIDECARS": "auto"})
        h.check(p.returncode == 0 and proxy_placement(p.stdout) == "container" and
                "cannot list the cluster's nodes" in p.stderr, "nodes forbidden: warning, not native", p)

        # URL inputs.
        web = os.path.join(tmp, "web")
        os.mkdir(web)
        with open(os.path.join(web, "app.yaml"), "w") as f:
            f.write(APP)
        with open(os.path.join(web, "page.html"), "w") as f:
            f.write("<html>\n  <body>: not: yaml</body>\n</html>\n")
        httpd, base = serve_files(web)
        local = h.run(["kube-inject", "-f", app, "--offline"], None, env=native_off)
        p = h.run(["kube-inject", "-f", base + "/app.yaml", "--offline"], None, env=native_off)
        h.check(p.returncode == 0 and p.stdout == local.stdout, "http URL = file", p)
        p = h.run(["kube-inject", "-f", base + "/moved.yaml", "-f", app, "--offline"], None, env=native_off)
        h.check(p.returncode == 0 and p.stdout == local.stdout * 2, "redirect followed, URL and file in order", p)
        p = h.run(["kube-inject", "-f", base + "/missing.yaml", "--offline"], None, env=native_off)
        h.check(p.returncode == 1 and "GET %s/missing.yaml: HTTP 404" % base in p.stderr and p.stdout == "",
                "404: exit 1, URL and status named", p)
        p = h.run(["kube-inject", "-f", base + "/page.html", "--offline"], None, env=native_off)
        h.check(p.returncode == 65 and (base + "/page.html:") in p.stderr, "non-YAML URL: exit 65, URL:line", p)
        httpd.shutdown()
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(h.pki.path("server.crt"), h.pki.path("server.key"))
        httpsd, secure = serve_files(web, tls)
        p = h.run(["kube-inject", "-f", secure + "/app.yaml", "--offline"], None,
                  env=dict(native_off, SSL_CERT_FILE=h.pki.path("ca.crt")))
        h.check(p.returncode == 0 and p.stdout == local.stdout, "https URL with SSL_CERT_FILE", p)
        p = h.run(["kube-inject", "-f", secure + "/app.yaml", "--offline"], None,
                  env=dict(native_off, SSL_CERT_FILE=h.pki.path("wrong-ca.crt")))
        h.check(p.returncode == 1 and secure + "/app.yaml" in p.stderr and p.stdout == "",
                "https URL with an untrusted certificate fails", p)
        httpsd.shutdown()
    finally:
        code = h.finish("test_kube_inject_cluster")
    sys.exit(code)


if __name__ == "__main__":
    main()
