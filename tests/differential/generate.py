#!/usr/bin/python3
"""Seeded generators of inputs for the differential tests of sidecarctl against istioctl.

kube_inject_case(seed) gives a Kubernetes manifest stream for `kube-inject` (every kind istioctl
injects, odd and invalid annotation values, YAML in many styles) and analyze_case(seed) a bundle of
Istio configuration for `analyze`. The same seed always gives the same bytes (random.Random(seed),
no clock, no environment).

usage: generate.py [--analyze] --seed S [--count N] [--out DIR]   (without --out: print the first)
"""

import argparse
import json
import os
import random
import re
import sys

import yaml

class Raw:
    """A scalar written exactly as `text`, whatever YAML then makes of it."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return "Raw(%r)" % self.text

    def __eq__(self, other):
        return isinstance(other, Raw) and other.text == self.text

    def __hash__(self):
        return hash(("Raw", self.text))


class Flow:
    """A mapping or sequence written in flow style ({a: 1} or [a, b])."""

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return "Flow(%r)" % (self.value,)


class Anchored:
    """A value written with an anchor (`key: &name ...`), for a later `Raw("*name")` alias."""

    def __init__(self, name, value):
        self.name = name
        self.value = value

    def __repr__(self):
        return "Anchored(%r, %r)" % (self.name, self.value)


class Quoted:
    """A string written with a given style: 'single', 'double' or 'literal'."""

    def __init__(self, value, style):
        self.value = value
        self.style = style

    def __repr__(self):
        return "Quoted(%r, %r)" % (self.value, self.style)


def unwrap(value):
    """The plain Python value behind the style wrappers (Raw stays Raw)."""
    if isinstance(value, (Flow, Anchored)):
        return unwrap(value.value)
    if isinstance(value, Quoted):
        return value.value
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap(v) for v in value]
    return value


_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""}
_GO_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$")
_GO_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_PLAIN_CHARS = re.compile(r"^[A-Za-z0-9_./@%+=-]+( [A-Za-z0-9_./@%+=-]+)*$")
_COMMENTS = [
    "generated", "keep in sync with the chart", "TODO: tune", "Überprüft ✓", "ルール", "note: 80/443",
    "---not a separator", "key: value in a comment", "{flow: in comment}", "é",
]


def plain_ok(s, in_flow=False):
    """Whether s can be written unquoted and read back as the same string by yaml.v2 and PyYAML."""
    if not isinstance(s, str) or not _PLAIN_CHARS.match(s):
        return False
    if s.lower() in _YAML11_WORDS or s[0] in "-?:,[]{}#&*!|>'\"%@`=":
        return False
    bare = s.replace("_", "")
    if _GO_INT.match(bare) or _GO_FLOAT.match(bare) or _GO_FLOAT.match(s):
        return False
    if re.match(r"^[-+]?\.(inf|nan)$", s, re.I) or re.match(r"^\d{4}-\d", s):
        return False
    if in_flow and any(c in s for c in ",[]{}"):
        return False
    return True


def double_quoted(s, rng=None):
    """s as a YAML double-quoted scalar; non-ASCII is kept raw or escaped at random."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        elif o > 0x7E and rng is not None and rng.random() < 0.5:
            out.append("\\u%04x" % o if o <= 0xFFFF else "\\U%08x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def single_quoted(s):
    return "'" + s.replace("'", "''") + "'"


class Writer:
    """Writes Python data (dicts, lists, scalars, Raw/Flow/Quoted) as one YAML document."""

    def __init__(self, rng, comment_rate=0.0, flow_rate=0.0, indentless=False, quote_rate=0.3):
        self.rng = rng
        self.comment_rate = comment_rate
        self.flow_rate = flow_rate
        self.indentless = indentless
        self.quote_rate = quote_rate

    # scalars -------------------------------------------------------------------------------------
    def scalar(self, value, in_flow=False, block_ok=False, indent=0):
        """The text of a scalar; block scalars (literal) only where block_ok."""
        rng = self.rng
        if isinstance(value, Raw):
            return value.text
        if isinstance(value, Quoted):
            if value.style == "single" and "\n" not in value.value:
                return single_quoted(value.value)
            if value.style == "literal" and block_ok:
                lit = self.literal(value.value, indent)
                if lit is not None:
                    return lit
            return double_quoted(value.value, rng)
        if value is None:
            return rng.choice(["null", "~", "null"])
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return repr(value)
        s = str(value)
        if "\n" in s:
            if block_ok and rng.random() < 0.7:
                lit = self.literal(s, indent)
                if lit is not None:
                    return lit
            return double_quoted(s, rng)
        if plain_ok(s, in_flow) and rng.random() >= self.quote_rate:
            return s
        if "'" not in s and rng.random() < 0.5 and s.isprintable():
            return single_quoted(s)
        return double_quoted(s, rng)

    def literal(self, s, indent):
        """s as a literal block scalar indented by indent+2, or None when it cannot be one."""
        lines = s.split("\n")
        if s.endswith("\n\n") or not s.strip() or lines[0].startswith((" ", "\t")):
            return None
        if any(ch in s for ch in "\r\x85\u2028\u2029\ufeff") or not all(
                ln.isprintable() or ln == "" for ln in (l.replace("\t", " ") for l in lines)):
            return None
        if s.endswith("\n"):
            header, body = "|", lines[:-1]
        else:
            header, body = "|-", lines
        pad = " " * (indent + 2)
        text = header + "".join("\n" + (pad + ln if ln else "") for ln in body)
        return text

    # collections ---------------------------------------------------------------------------------
    def flow(self, value):
        if isinstance(value, Anchored):
            return "&%s %s" % (value.name, self.flow(value.value))
        if isinstance(value, Flow):
            value = value.value
        if isinstance(value, dict):
            if not value:
                return "{}"
            items = ["%s: %s" % (self.key(k, True), self.flow(v)) for k, v in value.items()]
            return "{" + ", ".join(items) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        return self.scalar(value, in_flow=True)

    def key(self, k, in_flow=False):
        if isinstance(k, (Raw, Quoted)):
            return self.scalar(k, in_flow)
        if plain_ok(k, in_flow) and self.rng.random() >= self.quote_rate / 3:
            return k
        return double_quoted(k)

    def comment(self):
        return "# " + self.rng.choice(_COMMENTS)

    def document(self, data):
        lines = []
        if self.rng.random() < self.comment_rate:
            lines.append(self.comment())
        self.block(data, 0, lines)
        return "\n".join(lines) + "\n"

    def block(self, value, indent, lines):
        pad = " " * indent
        if isinstance(value, Flow):
            lines.append(pad + self.flow(value))
            return
        if isinstance(value, dict):
            if not value:
                lines.append(pad + "{}")
                return
            for k, v in value.items():
                if self.rng.random() < self.comment_rate / 4:
                    lines.append(pad + self.comment())
                self.entry(pad + self.key(k) + ":", v, indent, lines, list_indent=indent)
            return
        if isinstance(value, list):
            if not value:
                lines.append(pad + "[]")
                return
            for v in value:
                self.item(v, indent, lines)
            return
        lines.append(pad + self.scalar(value, block_ok=True, indent=indent))

    def entry(self, head, v, indent, lines, list_indent):
        """A `key:` line and its value, at mapping indentation `indent`."""
        if isinstance(v, Anchored):
            head, v = head + " &" + v.name, v.value
        inner = unwrap(v) if not isinstance(v, Raw) else v
        as_flow = isinstance(v, Flow) or (isinstance(inner, (dict, list)) and inner
                                          and self.rng.random() < self.flow_rate and _small(inner))
        if isinstance(inner, (dict, list)) and inner and not as_flow:
            trail = " " + self.comment() if self.rng.random() < self.comment_rate / 6 else ""
            lines.append(head + trail)
            if isinstance(inner, dict):
                self.block(v, indent + 2, lines)
            else:
                self.block(v, list_indent if self.indentless else indent + 2, lines)
            return
        if as_flow or isinstance(inner, (dict, list)):
            lines.append(head + " " + self.flow(v))
            return
        text = self.scalar(v, block_ok=True, indent=indent)
        trail = ""
        if not text.startswith("|") and self.rng.random() < self.comment_rate / 6:
            trail = " " + self.comment()
        lines.append(head + " " + text + trail)

    def item(self, v, indent, lines):
        pad = " " * indent
        inner = unwrap(v) if not isinstance(v, Raw) else v
        if isinstance(inner, dict) and inner and not isinstance(v, Flow):
            sub = []
            self.block(v, indent + 2, sub)
            first = sub[0]
            # put the first key on the dash line (skipping a leading comment line)
            while first.lstrip().startswith("#") and len(sub) > 1:
                lines.append(first)
                sub.pop(0)
                first = sub[0]
            lines.append(pad + "- " + first[indent + 2:])
            lines.extend(sub[1:])
            return
        if isinstance(inner, list) and inner and not isinstance(v, Flow):
            lines.append(pad + "-")
            self.block(v, indent + 2, lines)
            return
        if isinstance(v, Flow) or isinstance(inner, (dict, list)):
            lines.append(pad + "- " + self.flow(v))
            return
        lines.append(pad + "- " + self.scalar(v, block_ok=True, indent=indent))


def _small(value):
    return len(json.dumps(unwrap_for_size(value), default=str)) < 120


def unwrap_for_size(value):
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return {str(k): unwrap_for_size(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_for_size(v) for v in value]
    return value


# ------------------------------------------------------------------------------------------------
# Kubernetes workloads for kube-inject
# ------------------------------------------------------------------------------------------------

WORKLOAD_KINDS = ["Pod", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "ReplicationController",
                  "Job", "CronJob", "DeploymentConfig", "List"]
API_VERSIONS = {
    "Pod": ["v1"], "ReplicationController": ["v1"], "List": ["v1"],
    "Deployment": ["apps/v1"], "DaemonSet": ["apps/v1"], "StatefulSet": ["apps/v1"], "ReplicaSet": ["apps/v1"],
    "Job": ["batch/v1"], "CronJob": ["batch/v1"], "DeploymentConfig": ["apps.openshift.io/v1"],
}
# istioctl's scheme registers the kinds as unversioned too: any apiVersion with a known kind is decoded.
ODD_API_VERSIONS = {
    "Deployment": ["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"], "DaemonSet": ["extensions/v1beta1"],
    "CronJob": ["batch/v1beta1", "batch/v2alpha1"], "StatefulSet": ["apps/v1beta1"], "ReplicaSet": ["extensions/v1beta1"],
    "DeploymentConfig": ["v1", "apps.openshift.io/v1beta1"], "Job": ["batch/v2"], "Pod": ["core/v1", "example.com/v1"],
}
APP_NAMES = ["web", "api", "worker", "cache", "frontend", "ratings", "reviews", "db-proxy", "metrics", "runner", "a",
             "very-long-name-for-a-workload-that-goes-on-and-on-for-quite-a-while-yes"]
IMAGES = ["nginx", "nginx:1.27", "docker.io/library/busybox:1.36", "gcr.io/google-samples/hello-app:2.0",
          "registry.example.com:5000/team/app@sha256:" + "ab" * 32, "quay.io/app/api:v1.2.3-rc.1", "ubuntu"]
PORT_NUMBERS = [80, 443, 8080, 8443, 9080, 9090, 3306, 5432, 6379, 50051, 15020, 15021, 15090, 1, 65535, 8000]
PORT_NAMES = ["http", "https", "grpc", "grpc-web", "http2", "tcp", "tcp-db", "metrics", "mongo", "redis", "tls",
              "udp-dns", "http-admin", "web", "p"]
NAMESPACES = ["default", "shop", "istio-system", "kube-system", "team-a", "foo"]
NON_ASCII = ["Überprüfung", "naïve café", "日本語のテキスト", "emoji ✓ 🚀", "Ελληνικά", "mañana"]
# strings that a YAML writer must quote, fold or escape when it prints them back
SPECIAL_STRINGS = ["yes", "no", "on", "off", "y", "n", "true", "null", "~", "", " lead", "trail ", "a: b", "- x",
                   "#c", "@x", "`x", "!x", "%x", "&x", "*x", "'q'", '"dq"', "tab\there", "1e3", "+1", ".inf",
                   "2001-12-14", "=", "<<", "1.10", "0x1F", "010", "1_000", "12:30", "[x]", "{y}", "a,b", "?", "-",
                   "---", "...", "x #y", "ü", "\\back", "multi\nline", "end\n", "two\n\n", "\nlead newline",
                   "a  double  space", "0.5", "-0", "NaN", "True", "Null", "%", "|", ">", "x\u0085y", "a\u2028b",
                   "p\u2029", "nb\u00a0sp", "zw\u200bsp", "\u00e9t\u00e9", "\U0001F680"]
LONG_STRINGS = [
    "This is a fairly long description of the workload that goes well past eighty columns so that a YAML "
    "writer which folds long lines would have to do something about it",
    "word " * 30,
    "x" * 150,
    "set -e; for i in $(seq 1 10); do echo \"iteration $i of a loop that is long enough to wrap\"; sleep 1; done",
    "Une description assez longue, avec des accents: élève, garçon, où — et encore du texte pour dépasser la ligne.",
]


_PORT_EDGES = ["80,443", " 80 , 443 ", "80,", ",80", "0", "65535", "65536", "+80", "080", "0x50", "80 443", "1_000",
               "\u0663", "80,,443", " ", "*", "-1", "99999999999999999999"]
_CIDR_EDGES = ["10.0.0.1/8", "10.0.0.0/08", "010.0.0.0/8", "::ffff:10.0.0.0/104", "fe80::1%eth0/64", "10.0.0.0/8 ",
               "", ",", "10.0.0.0/8,", "1.2.3.4", "10.0.0.0/33", "::/0", "0.0.0.0/0", "2001:DB8::/32", " 10.0.0.0/8",
               "10.0.0.0/8,,192.168.0.0/16", "1.2.3.4/32,2001:db8::1/128", "*"]
_UINT_EDGES = ["+1", "01", " 1", "4294967295", "4294967296", "0", "", "1.0", "-0", "1e2", "0x10", "\u0661"]
_QUANTITY_EDGES = ["1e3m", "1.5Ki", "0x10", "1E3", "1Ei", ".5", "5.", "+1", "-1", "1 ", " 1", "9223372036854775807",
                   "1e308", "1e-9", "0.000000001", "1m", "1n", "1u", "100Mi", "1.1.1", "", "1K", "1k", "1kb", "2Ti",
                   "123456789012345678901234567890", "0.1m", "1e", "e3"]
_PROXY_CONFIG_EDGES = [
    "drainDuration: 0.5s", "drainDuration: 1ms", "drainDuration: 0s", "drainDuration: -1s", "drainDuration: 2s",
    "drainDuration: 1.000s", "discoveryAddress: ''", "discoveryAddress: bad", "discoveryAddress: istiod:15012",
    "discoveryAddress: host:99999", "discoveryAddress: '[::1]:15012'", "proxyAdminPort: 0", "proxyAdminPort: 70000",
    "statusPort: 0", "statusPort: 70000", "controlPlaneAuthPolicy: NONE", "controlPlaneAuthPolicy: INHERIT",
    "configPath: ''", "binaryPath: ''", "serviceCluster: ''", "tracingServiceName: CANONICAL_NAME_ONLY",
    "tracing:\n  zipkin:\n    address: bad\n", "tracing:\n  zipkin:\n    address: zipkin:9411\n",
    "tracing:\n  datadog:\n    address: dd\n", "tracing:\n  sampling: 150\n",
    "tracing:\n  customTags:\n    t:\n      literal:\n        value: v\n",
    "tracing:\n  customTags:\n    t: {}\n", "statsdUdpAddress: bad", "statsdUdpAddress: statsd:8125",
    "envoyMetricsService:\n  address: bad\n", "envoyAccessLogService:\n  address: als:9000\n",
    "privateKeyProvider:\n  cryptomb: {}\n", "proxyMetadata:\n  ISTIO_META_DNS_AUTO_ALLOCATE: \"true\"\n",
    "concurrency: -1", "concurrency: 1.5", "concurrency: '2'", "holdApplicationUntilProxyStarts: 'true'",
    "terminationDrainDuration: 1h", "terminationDrainDuration: 10", "unknownField: 1", "proxyStatsMatcher: {}",
    "image:\n  imageType: debug\n", "interceptionMode: TPROXY", "interceptionMode: NONE", "interceptionMode: bogus",
    "[1, 2]", "null", "~", "# only a comment", "{\"concurrency\": 2, \"drainDuration\": \"3s\"}",
    "readinessProbe:\n  httpGet:\n    port: 15021\n", "runtimeValues:\n  a: b\n",
]
EDGE_VALUES = {
    "traffic.sidecar.istio.io/includeInboundPorts": _PORT_EDGES,
    "traffic.sidecar.istio.io/excludeInboundPorts": _PORT_EDGES,
    "traffic.sidecar.istio.io/excludeOutboundPorts": _PORT_EDGES,
    "traffic.sidecar.istio.io/includeOutboundPorts": _PORT_EDGES,
    "status.sidecar.istio.io/port": [p for p in _PORT_EDGES if "," not in p] + ["015020", " 15020", "15020 "],
    "traffic.sidecar.istio.io/includeOutboundIPRanges": _CIDR_EDGES,
    "traffic.sidecar.istio.io/excludeOutboundIPRanges": _CIDR_EDGES,
    "readiness.status.sidecar.istio.io/initialDelaySeconds": _UINT_EDGES,
    "readiness.status.sidecar.istio.io/periodSeconds": _UINT_EDGES,
    "readiness.status.sidecar.istio.io/failureThreshold": _UINT_EDGES,
    "sidecar.istio.io/proxyCPU": _QUANTITY_EDGES, "sidecar.istio.io/proxyMemory": _QUANTITY_EDGES,
    "sidecar.istio.io/proxyCPULimit": _QUANTITY_EDGES, "sidecar.istio.io/proxyMemoryLimit": _QUANTITY_EDGES,
    "prometheus.istio.io/merge-metrics": ["1", "t", "T", "TRUE", "True", "0", "f", "F", "FALSE", "yes", "TrUe", "",
                                          " true"],
    "sidecar.istio.io/interceptionMode": ["REDIRECT", "TPROXY", "NONE", "redirect", "", " REDIRECT", "NONE "],
    "traffic.sidecar.istio.io/kubevirtInterfaces": ["eth0,", "a" * 15, "a" * 16, "\u00e9" * 8, "net-1.2", "1net",
                                                    " net1 , net2 ", "net_1", "net1,", ""],
    "traffic.sidecar.istio.io/excludeInterfaces": ["eth0,", "a" * 16, "\u00e9" * 8, "1net", " net1 , net2 ", ""],
    "istio.io/reroute-virtual-interfaces": ["eth0,", "a" * 16, "1net", " net1 , net2 "],
    "proxy.istio.io/config": _PROXY_CONFIG_EDGES,
    "sidecar.istio.io/rewriteAppHTTPProbers": ["true", "false", "True", "1", "", "yes"],
    "sidecar.istio.io/nativeSidecar": ["true", "false", "True", "", "1"],
    "sidecar.istio.io/inject": ["true", "false", "True", "TRUE", "", "y", "1"],
}


class Case:
    """One generated kube-inject input: its text, the kinds it holds and the native-sidecar setting."""

    def __init__(self, seed, text, kinds, native, features):
        self.seed = seed
        self.text = text
        self.kinds = kinds  # workload kinds present (List items counted as well as List)
        self.native = native  # "true" or "false" for ENABLE_NATIVE_SIDECARS
        self.features = sorted(features)

    def __repr__(self):
        return "Case(seed=%r, kinds=%r, native=%r)" % (self.seed, self.kinds, self.native)


class WorkloadGen:
    """Random but mostly valid workload manifests; self.odd and self.invalid widen the value ranges."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.seed = seed
        self.odd = self.r.random() < 0.4
        self.invalid = self.r.random() < 0.06
        self.features = set()
        self.structural = False  # anchors, aliases or duplicate keys in the current document: not JSON
        self.anchors = 0
        # one annotation per input takes a value from EDGE_VALUES (validation edge cases): one only, so
        # that an input the reference rejects for one value still tests the others
        self.edgy = self.r.random() < 0.35

    # helpers ---------------------------------------------------------------------------------
    def chance(self, p):
        return self.r.random() < p

    def pick(self, valid, odd=(), invalid=(), tag=None):
        """A value from valid, or (in odd/invalid inputs, sometimes) from odd or invalid."""
        r = self.r
        if invalid and self.invalid and r.random() < 0.15:
            if tag:
                self.features.add("invalid:" + tag)
            return r.choice(list(invalid))
        if odd and self.odd and r.random() < 0.35:
            if tag:
                self.features.add("odd:" + tag)
            return r.choice(list(odd))
        return r.choice(list(valid))

    def some(self, items, lo, hi):
        n = self.r.randint(lo, min(hi, len(items)))
        return self.r.sample(list(items), n)

    # quantities ------------------------------------------------------------------------------
    def cpu(self):
        return self.pick(["100m", "250m", "1", "2", "500m", "10m"],
                         [Raw("0.5"), Raw("1"), Raw("2"), "0.5", Raw("1e3"), "1e3", "1.5", Raw("0.1"), "1000m",
                          "0.0001", "1e-3", "+1", ".5", "5.", "1k", Raw("3"), "100M", "2000000u", "0"],
                         ["bad", "1.5.5", "100 m", "-", "1x"], tag="quantity")

    def memory(self):
        return self.pick(["128Mi", "1Gi", "512Mi", "64Mi", "2Gi"],
                         ["1.5Gi", "128974848", Raw("128974848"), "129e6", "129M", "123Mi", "1G", "1e9", "0.5Gi",
                          "1024Ki", "1Ei", "100", Raw("1e3"), "1Mi ", "0"],
                         ["lots", "1GB", "Gi", "1..0Mi"], tag="quantity")

    def resources(self):
        res = {}
        for part in self.some(["requests", "limits", "claims"] if self.odd else ["requests", "limits"], 1, 2):
            if part == "claims":
                res[part] = [{"name": "gpu"}]
                continue
            q = {}
            if self.chance(0.8):
                q["cpu"] = self.cpu()
            if self.chance(0.7):
                q["memory"] = self.memory()
            if self.chance(0.1):
                q["ephemeral-storage"] = self.pick(["1Gi", "500Mi"])
            if self.odd and self.chance(0.1):
                q["nvidia.com/gpu"] = Raw("1")
            res[part] = q
        if self.odd and self.chance(0.1):
            self.features.add("odd:empty-resources")
            return {}
        return res

    # ports and probes ------------------------------------------------------------------------
    def ports(self, used_names):
        out = []
        for _ in range(self.r.randint(0, 3)):
            p = {"containerPort": self.r.choice(PORT_NUMBERS)}
            if self.chance(0.6):
                name = self.r.choice(PORT_NAMES)
                if name not in used_names:
                    used_names.add(name)
                    p["name"] = name
            if self.chance(0.4):
                p["protocol"] = self.pick(["TCP", "UDP", "SCTP"], ["tcp"], tag="protocol")
            if self.odd and self.chance(0.1):
                p["hostPort"] = p["containerPort"] + 1
            if self.odd and self.chance(0.05):
                p["hostIP"] = "127.0.0.1"
            if self.chance(0.2):
                p = Flow(p)
            out.append(p)
        return out

    def probe_port(self, ports):
        named = [p["name"] for p in (unwrap(x) for x in ports) if "name" in p]
        numbers = [p["containerPort"] for p in (unwrap(x) for x in ports)]
        choices = []
        if named:
            choices.append(self.r.choice(named))
        if numbers:
            choices.append(self.r.choice(numbers))
        choices.append(self.r.choice([8080, 80, 9090, 15021]))
        port = self.r.choice(choices)
        if self.odd and self.chance(0.15):
            self.features.add("odd:probe-port")
            port = self.r.choice(["missing-name", Quoted(str(self.r.choice(PORT_NUMBERS)), "double"), "HTTP"])
        if self.invalid and self.chance(0.05):
            self.features.add("invalid:probe-port")
            port = Raw("-1")
        return port

    def probe(self, ports):
        kind = self.r.choice(["httpGet", "httpGet", "tcpSocket", "grpc", "exec"])
        self.features.add("probe:" + kind)
        if kind == "httpGet":
            h = {"port": self.probe_port(ports)}
            if self.chance(0.8):
                h["path"] = self.r.choice(["/healthz", "/ready", "/", "/health?full=1", "/a b", "healthz", "/ü"])
            if self.chance(0.3):
                h["scheme"] = self.pick(["HTTP", "HTTPS"], ["http"])
            if self.chance(0.2):
                h["httpHeaders"] = [{"name": "X-Custom", "value": "v"}, {"name": "Host", "value": "example.com"}][
                    :self.r.randint(1, 2)]
            if self.chance(0.1):
                h["host"] = "127.0.0.1"
            p = {"httpGet": h}
        elif kind == "tcpSocket":
            p = {"tcpSocket": {"port": self.probe_port(ports)}}
        elif kind == "grpc":
            port = self.r.choice([unwrap(x)["containerPort"] for x in ports] or [50051])
            g = {"port": port}
            if self.chance(0.4):
                g["service"] = self.r.choice(["", "grpc.health.v1.Health", "svc"])
            p = {"grpc": g}
        else:
            p = {"exec": {"command": self.r.choice([["cat", "/tmp/healthy"], ["sh", "-c", "curl -f localhost:8080"],
                                                    ["true"]])}}
        for field, vals in (("initialDelaySeconds", [0, 1, 5, 30]), ("periodSeconds", [1, 10, 60]),
                            ("timeoutSeconds", [1, 3]), ("successThreshold", [1]), ("failureThreshold", [1, 3, 30]),
                            ("terminationGracePeriodSeconds", [10])):
            if self.chance(0.3):
                p[field] = self.r.choice(vals)
        return p

    # env, volumes, security ------------------------------------------------------------------
    def env(self):
        out = []
        names = ["LOG_LEVEL", "PORT", "DEBUG", "RATIO", "EMPTY", "GREETING", "POD_NAME", "LIMIT", "SECRET", "MODE"]
        for name in self.some(names, 0, 4):
            e = {"name": name}
            if name == "POD_NAME":
                e["valueFrom"] = {"fieldRef": {"fieldPath": self.r.choice(["metadata.name", "status.podIP"])}}
                if self.chance(0.3):
                    e["valueFrom"]["fieldRef"]["apiVersion"] = "v1"
            elif name == "LIMIT":
                e["valueFrom"] = {"resourceFieldRef": {"resource": "limits.memory",
                                                       "divisor": self.pick(["1Mi", "1"], [Raw("1"), "0.5"])}}
            elif name == "SECRET":
                ref = self.r.choice(["secretKeyRef", "configMapKeyRef"])
                e["valueFrom"] = {ref: {"name": "app-" + ref[:6].lower(), "key": "k"}}
                if self.chance(0.3):
                    e["valueFrom"][ref]["optional"] = self.r.choice([True, False])
            elif name == "EMPTY":
                if self.chance(0.5):
                    e["value"] = ""
            else:
                if self.odd and self.chance(0.4):
                    self.features.add("odd:unquoted-scalar")
                    e["value"] = Raw(self.r.choice(["8080", "true", "yes", "on", "1.10", "0x1F", "010", "1e3",
                                                    "!!str 8080", "!!str true", "!!int 7", "!!float 1", "0.1e1",
                                                    "3.14159265358979", "-0", "1_000", "~", "null", "No",
                                                    "12345678901234567890", ".5", "0o17", "+12"]))
                elif self.chance(0.2):
                    e["value"] = self.r.choice(NON_ASCII)
                elif self.chance(0.1):
                    e["value"] = "line one\nline two\n"
                else:
                    e["value"] = self.r.choice(["info", "8080", "true", "0.5", "hello world", "a: b", "#x", "'q'"]
                                               + (SPECIAL_STRINGS + LONG_STRINGS if self.odd else []))
            out.append(e)
        return out

    def env_from(self):
        out = []
        for kind in self.some(["configMapRef", "secretRef"], 0, 2):
            e = {kind: {"name": "cfg-" + kind[:3].lower()}}
            if self.chance(0.3):
                e["prefix"] = "APP_"
            out.append(e)
        return out

    def volumes(self):
        vols = []
        kinds = ["emptyDir", "configMap", "secret", "hostPath", "persistentVolumeClaim", "projected", "downwardAPI"]
        for i, kind in enumerate(self.some(kinds, 0, 4)):
            name = "%s-%d" % (kind.lower()[:8], i)
            if kind == "emptyDir":
                src = {}
                if self.chance(0.4):
                    src["medium"] = "Memory"
                if self.chance(0.4):
                    src["sizeLimit"] = self.memory()
            elif kind == "configMap":
                src = {"name": "app-config"}
                if self.chance(0.4):
                    src["defaultMode"] = self.pick([420, 511], [Raw("0644"), Raw("0o644"), Raw("0x1a4")], tag="mode")
                if self.chance(0.3):
                    src["items"] = [{"key": "app.yaml", "path": "app.yaml"}]
            elif kind == "secret":
                src = {"secretName": "app-secret"}
                if self.chance(0.3):
                    src["optional"] = True
            elif kind == "hostPath":
                src = {"path": "/var/log"}
                if self.chance(0.5):
                    src["type"] = self.r.choice(["Directory", "DirectoryOrCreate", ""])
            elif kind == "persistentVolumeClaim":
                src = {"claimName": "data"}
                if self.chance(0.3):
                    src["readOnly"] = True
            elif kind == "projected":
                src = {"sources": [{"serviceAccountToken": {"path": "token", "expirationSeconds": 3600,
                                                            "audience": "api"}}]}
            else:
                src = {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}
            vols.append({"name": name, kind: src})
        return vols

    def mounts(self, vols):
        out = []
        for v in self.some(vols, 0, len(vols)):
            m = {"name": v["name"], "mountPath": "/mnt/" + v["name"]}
            if self.chance(0.3):
                m["readOnly"] = True
            if self.chance(0.1):
                m["subPath"] = "sub"
            out.append(m)
        return out

    def security_context(self, pod_level=False):
        sc = {}
        if pod_level:
            for f, vals in (("runAsUser", [1000, 0, 1337]), ("runAsGroup", [1000, 3000]), ("fsGroup", [2000, 1337]),
                            ("runAsNonRoot", [True, False])):
                if self.chance(0.4):
                    sc[f] = self.r.choice(vals)
            if self.chance(0.2):
                sc["seccompProfile"] = {"type": "RuntimeDefault"}
            if self.chance(0.1):
                sc["sysctls"] = [{"name": "net.ipv4.ip_local_port_range", "value": "1024 65535"}]
            if self.chance(0.1):
                sc["supplementalGroups"] = [1, 2]
            return sc
        for f, vals in (("runAsUser", [1000, 0, 1337, 65534]), ("runAsGroup", [1000, 1337]),
                        ("runAsNonRoot", [True, False]), ("readOnlyRootFilesystem", [True, False]),
                        ("allowPrivilegeEscalation", [False, True]), ("privileged", [False, True])):
            if self.chance(0.3):
                sc[f] = self.r.choice(vals)
        if self.chance(0.3):
            cap = {}
            if self.chance(0.6):
                cap["drop"] = ["ALL"]
            if self.chance(0.5):
                cap["add"] = self.some(["NET_ADMIN", "NET_RAW", "NET_BIND_SERVICE", "SYS_PTRACE"], 1, 2)
            sc["capabilities"] = cap
        return sc

    # containers ------------------------------------------------------------------------------
    def container(self, name, used_ports, vols, init=False, native=False):
        c = {"name": name, "image": self.r.choice(IMAGES)}
        if self.chance(0.3):
            c["imagePullPolicy"] = self.r.choice(["Always", "IfNotPresent", "Never"])
        if self.chance(0.3):
            c["command"] = self.r.choice([["/bin/sh", "-c"], ["app"], ["python3", "-m", "http.server"]])
        if self.chance(0.3):
            c["args"] = self.r.choice([["--port=8080"], ["sleep 3600"], ["set -e\necho start\nexec app\n"]])
        ports = self.ports(used_ports) if (not init or native) else []
        if ports:
            c["ports"] = ports
        env = self.env()
        if env:
            c["env"] = env
        if self.chance(0.2):
            c["envFrom"] = self.env_from()
        if self.chance(0.6):
            c["resources"] = self.resources()
        mounts = self.mounts(vols)
        if mounts:
            c["volumeMounts"] = mounts
        if native:
            c["restartPolicy"] = "Always"
        if not init or native:
            for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                if self.chance(0.35):
                    c[probe] = self.probe(ports)
        if self.chance(0.3):
            c["securityContext"] = self.security_context()
        if self.chance(0.1):
            c["lifecycle"] = {"preStop": self.r.choice([{"exec": {"command": ["sleep", "5"]}},
                                                         {"sleep": {"seconds": 5}},
                                                         {"httpGet": {"path": "/stop", "port": 8080}}])}
        if self.chance(0.05):
            c["workingDir"] = "/app"
        if self.chance(0.05):
            c["terminationMessagePolicy"] = "FallbackToLogsOnError"
        if self.chance(0.05):
            c["tty"] = True
            c["stdin"] = True
        if self.odd and self.chance(0.08):
            self.features.add("odd:unknown-field")
            c["unknownField"] = {"kept": "no"}
        if self.odd and self.chance(0.04):
            self.features.add("odd:field-case")
            c["Image"] = c.pop("image")
        if self.odd and self.chance(0.02):
            self.features.add("odd:duplicate-key")
            self.structural = True
            c[Raw("image")] = "duplicate/image:2"
        if self.odd and self.chance(0.05):
            c["args"] = [self.r.choice(LONG_STRINGS + SPECIAL_STRINGS) for _ in range(self.r.randint(1, 3))]
            self.features.add("odd:special-args")
        return c

    def injected_parts(self, spec, meta):
        """Makes the pod look injected already (re-injection): istio-init, istio-proxy, the status."""
        self.features.add("already-injected")
        spec.setdefault("initContainers", []).insert(0, {
            "name": "istio-init", "image": "docker.io/istio/proxyv2:1.20.0",
            "args": ["istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT", "-i", "*",
                     "-x", "", "-b", "*", "-d", "15090,15021,15020"]})
        spec["containers"].append({
            "name": "istio-proxy", "image": "docker.io/istio/proxyv2:1.20.0",
            "args": ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local"],
            "ports": [{"containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"}]})
        vols = spec.setdefault("volumes", [])
        vols.append({"name": "istio-envoy", "emptyDir": {"medium": "Memory"}})
        ann = meta.setdefault("annotations", {})
        ann["sidecar.istio.io/status"] = self.r.choice([
            '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["istio-envoy"],'
            '"imagePullSecrets":null,"revision":"default"}',
            '{"version":"","initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["istio-envoy"]}',
            "not json"])

    def proxy_override(self):
        """A user-written istio-proxy container, merged with the template by the injector."""
        self.features.add("istio-proxy-override")
        c = {"name": "istio-proxy"}
        if self.chance(0.5):
            c["image"] = "auto"
        if self.chance(0.5):
            c["resources"] = self.resources()
        if self.chance(0.4):
            c["securityContext"] = self.r.choice([{"runAsUser": 1234}, {"runAsGroup": 4321, "runAsUser": 1000},
                                                 {"privileged": True}])
        if self.chance(0.3):
            c["env"] = [{"name": "EXTRA", "value": "1"}]
        if self.chance(0.2):
            c["lifecycle"] = {"preStop": {"exec": {"command": ["sleep", "10"]}}}
        return c

    # annotations and labels ------------------------------------------------------------------
    def annotation_value(self, key):
        p = self.pick
        if self.edgy and key in EDGE_VALUES:
            self.edgy = False
            self.features.add("edge:" + key)
            value = self.r.choice(EDGE_VALUES[key])
            return Quoted(value, "literal") if "\n" in value else value
        if key in ("sidecar.istio.io/proxyCPU", "sidecar.istio.io/proxyCPULimit"):
            return p(["100m", "500m", "1", "2"], ["0.5", "1e3", "1000m", "4000m", ".5", "0"], ["bad", "-1", "1 cpu"],
                     tag="proxy-quantity")
        if key in ("sidecar.istio.io/proxyMemory", "sidecar.istio.io/proxyMemoryLimit"):
            return p(["128Mi", "1Gi", "512Mi"], ["1.5Gi", "129e6", "1G", "100"], ["big", "1GB"], tag="proxy-quantity")
        if key == "sidecar.istio.io/inject":
            return p(["true", "false"], ["True", "yes", "", "TRUE"], tag="inject")
        if key == "sidecar.istio.io/interceptionMode":
            return p(["REDIRECT", "TPROXY"], ["NONE", "redirect"], ["bogus"], tag="interception")
        if key == "sidecar.istio.io/logLevel":
            return p(["debug", "info", "warning", "error"], ["trace", "critical", "off", "DEBUG", ""], ["bogus"])
        if key == "sidecar.istio.io/componentLogLevel":
            return p(["misc:error", "upstream:debug,connection:trace"], ["misc", ""], ["::"])
        if key == "sidecar.istio.io/agentLogLevel":
            return p(["debug", "default:debug,ads:info"], ["bad:", ""])
        if key == "sidecar.istio.io/userVolume":
            return p(['{"uv-1":{"emptyDir":{}}}', '{"uv-1":{"configMap":{"name":"cm"}},"uv-2":{"secret":{"secretName":"s"}}}'],
                     ['{}', '{"uv-1": {"hostPath": {"path": "/tmp"}}}'], ["{bad", '["x"]'], tag="userVolume")
        if key == "sidecar.istio.io/userVolumeMount":
            return p(['{"uv-1":{"mountPath":"/mnt/uv-1","readOnly":true}}'], ['{}'], ["not json"], tag="userVolume")
        if key == "sidecar.istio.io/rewriteAppHTTPProbers":
            return p(["true", "false"], ["True", "0"], ["maybe"], tag="rewrite")
        if key == "sidecar.istio.io/extraStatTags":
            return p(["destination_port,request_host", "a"], ["", " a , b "])
        if key == "proxy.istio.io/config":
            return p([Quoted("holdApplicationUntilProxyStarts: true\n", "literal"),
                      '{ "holdApplicationUntilProxyStarts": false }',
                      Quoted("concurrency: 2\nterminationDrainDuration: 10s\n", "literal"),
                      Quoted("proxyMetadata:\n  ISTIO_META_DNS_CAPTURE: \"true\"\n  FOO: bar\n", "literal"),
                      "interceptionMode: TPROXY", Quoted("tracing:\n  sampling: 50\n", "literal"),
                      "statusPort: 15030", "proxyStatsMatcher:\n  inclusionPrefixes:\n  - cluster.outbound\n"],
                     ["{}", "", "drainDuration: 0.5s", "image:\n  imageType: distroless\n", "concurrency: 0"],
                     ["concurrency: bad", "{", "holdApplicationUntilProxyStarts: 3", "unknownField: 1"],
                     tag="proxy-config")
        if key in ("traffic.sidecar.istio.io/includeOutboundIPRanges", "traffic.sidecar.istio.io/excludeOutboundIPRanges"):
            return p(["10.0.0.0/8", "10.0.0.0/8,192.168.0.0/16", "127.0.0.1/24,10.96.0.1/24"]
                     + (["*"] if "include" in key else []),
                     ["", "2001:db8::/32", "10.96.0.2/24,10.96.0.3/24", "1.2.3.4/32"],
                     ["bad", "10.0.0.1/33", "10.0.0.0/8, 192.168.0.0/16"], tag="ip-ranges")
        if key.startswith("traffic.sidecar.istio.io/") and key.endswith("Ports"):
            return p(["80,8080", "15020", "9090", "*"] if "include" in key else ["80,8080", "15020", "9090"],
                     ["", "1,2,3", "65535", "80,80"], ["bad", "70000", "80, 443", "-1"], tag="ports")
        if key in ("traffic.sidecar.istio.io/kubevirtInterfaces", "traffic.sidecar.istio.io/excludeInterfaces",
                   "istio.io/reroute-virtual-interfaces"):
            return p(["net1", "net1,net2"], ["", "eth1"], ["bad iface!", "net1,,net2"], tag="interfaces")
        if key == "status.sidecar.istio.io/port":
            return p(["15020", "15021", "123"], ["0", "65535"], ["70000", "bad", "-1"], tag="status-port")
        if key.startswith("readiness.status.sidecar.istio.io/") and not key.endswith("applicationPorts"):
            return p(["1", "10", "100"], ["0", "4294967295"], ["-1", "bad", "4294967296"], tag="readiness")
        if key == "readiness.status.sidecar.istio.io/applicationPorts":
            return p(["8080", "1,2,3"], ["", "80, 443"], ["bad"])
        if key == "inject.istio.io/templates":
            return p(["sidecar", "gateway", "grpc-agent", "grpc-simple"],
                     ["sidecar,sidecar", "sidecar,custom", "custom", "spire", "gateway,spire", " sidecar"],
                     ["no-such-template"], tag="templates")
        if key == "sidecar.istio.io/bootstrapOverride":
            return p(["custom-bootstrap", "my-bootstrap-config"])
        if key.startswith("prometheus.io/"):
            return {"prometheus.io/scrape": "true", "prometheus.io/port": p(["9090", "8080"], [], ["bad"]),
                    "prometheus.io/path": self.r.choice(["/metrics", "/stats/prometheus"])}[key]
        if key == "prometheus.istio.io/merge-metrics":
            return p(["true", "false"], [], ["maybe"], tag="merge-metrics")
        if key == "sidecar.istio.io/proxyImage":
            return p(["docker.io/istio/proxyv2:1.27.1", "registry.example.com/proxy:debug"])
        if key == "sidecar.istio.io/proxyImageType":
            return p(["distroless", "debug", "default"])
        if key == "sidecar.istio.io/nativeSidecar":
            return p(["true", "false"], ["", "yes"])
        if key == "sidecar.istio.io/capNetBindService":
            return p(["true", "false"])
        if key == "sidecar.istio.io/enableCoreDump":
            return p(["true", "false"])
        if key.startswith("kubectl.kubernetes.io/"):
            return p(["app", "web", "istio-proxy"])
        if key == "proxy.istio.io/overrides":
            return p(['{"containers":[{"name":"istio-proxy","resources":{"limits":{"cpu":"2"}}}]}'], ["{}"], ["{x"])
        if key == "description":
            return self.r.choice(NON_ASCII + ["multi\nline\ntext\n", "  leading spaces", "trailing: colon:"]
                                 + SPECIAL_STRINGS + LONG_STRINGS)
        return "x"

    ANNOTATIONS = [
        "sidecar.istio.io/inject", "sidecar.istio.io/proxyCPU", "sidecar.istio.io/proxyMemory",
        "sidecar.istio.io/proxyCPULimit", "sidecar.istio.io/proxyMemoryLimit", "sidecar.istio.io/interceptionMode",
        "sidecar.istio.io/logLevel", "sidecar.istio.io/componentLogLevel", "sidecar.istio.io/userVolume",
        "sidecar.istio.io/userVolumeMount", "sidecar.istio.io/rewriteAppHTTPProbers", "sidecar.istio.io/extraStatTags",
        "proxy.istio.io/config", "traffic.sidecar.istio.io/includeOutboundIPRanges",
        "traffic.sidecar.istio.io/excludeOutboundIPRanges", "traffic.sidecar.istio.io/includeInboundPorts",
        "traffic.sidecar.istio.io/excludeInboundPorts", "traffic.sidecar.istio.io/excludeOutboundPorts",
        "traffic.sidecar.istio.io/includeOutboundPorts", "traffic.sidecar.istio.io/kubevirtInterfaces",
        "traffic.sidecar.istio.io/excludeInterfaces", "istio.io/reroute-virtual-interfaces",
        "status.sidecar.istio.io/port", "readiness.status.sidecar.istio.io/initialDelaySeconds",
        "readiness.status.sidecar.istio.io/periodSeconds", "readiness.status.sidecar.istio.io/failureThreshold",
        "readiness.status.sidecar.istio.io/applicationPorts", "sidecar.istio.io/agentLogLevel",
        "inject.istio.io/templates", "sidecar.istio.io/bootstrapOverride", "prometheus.io/scrape", "prometheus.io/port",
        "prometheus.io/path", "prometheus.istio.io/merge-metrics", "sidecar.istio.io/proxyImage",
        "sidecar.istio.io/proxyImageType", "sidecar.istio.io/nativeSidecar", "sidecar.istio.io/capNetBindService",
        "sidecar.istio.io/enableCoreDump", "kubectl.kubernetes.io/default-container",
        "kubectl.kubernetes.io/default-logs-container", "proxy.istio.io/overrides", "description",
    ]
    # inject.istio.io/templates picks other templates (gateway, grpc): keep it rarer than the rest.
    RARE_ANNOTATIONS = {"inject.istio.io/templates": 0.3, "proxy.istio.io/overrides": 0.3, "sidecar.istio.io/inject": 0.5}

    def annotations(self, app):
        ann = {}
        keys = self.some(self.ANNOTATIONS, 0, 6)
        if self.edgy:
            keys = [k for k in keys if k not in EDGE_VALUES] + [self.r.choice(sorted(EDGE_VALUES))]
        for key in keys:
            if key in self.RARE_ANNOTATIONS and not self.chance(self.RARE_ANNOTATIONS[key]):
                continue
            value = self.annotation_value(key)
            if key.startswith("kubectl.kubernetes.io/") and self.chance(0.7):
                value = app
            ann[key] = value
            self.features.add("annotation:" + key)
        if self.odd and ann and self.chance(0.15):
            # an annotation value YAML types as a number or bool (sigs.k8s.io/yaml turns it into a string)
            key = self.r.choice(list(ann))
            ann[key] = Raw(self.r.choice(["123", "true", "1.10", "0x10", "1e3", "yes", "~"]))
            self.features.add("odd:unquoted-annotation")
        return ann

    def labels(self, app):
        lab = {"app": app}
        if self.chance(0.5):
            lab["version"] = self.pick(["v1", "v2"], [Raw("1.10"), Raw("2"), "1.10"], tag="version-label")
        for key, vals in (("app.kubernetes.io/name", [app, "other"]), ("app.kubernetes.io/version", ["1.0"]),
                          ("service.istio.io/canonical-name", ["canon"]), ("service.istio.io/canonical-revision", ["r1"]),
                          ("sidecar.istio.io/inject", ["true", "false"]), ("istio.io/rev", ["canary", "default"]),
                          ("security.istio.io/tlsMode", ["istio", "disabled"]), ("topology.istio.io/network", ["net1"]),
                          ("istio.io/dataplane-mode", ["ambient", "none"])):
            if self.chance(0.12):
                lab[key] = self.r.choice(vals)
                self.features.add("label:" + key)
        return lab

    # pod spec --------------------------------------------------------------------------------
    def pod_spec(self, app, kind):
        spec = {}
        vols = self.volumes()
        used_ports = set()
        names = self.some([app, "sidecar", "helper", "logger", "app", "c6", "c7"], 1, 5 if self.odd else 3)
        if app not in names:
            names[0] = app
        containers = [self.container(n, used_ports, vols) for n in names]
        if self.chance(0.08):
            containers.insert(self.r.randint(0, len(containers)), self.proxy_override())
        if self.odd and self.chance(0.03):
            self.features.add("odd:no-containers")
            containers = []
        spec["containers"] = containers
        inits = []
        for i in range(self.r.choice([0, 0, 0, 1, 1, 2])):
            native = self.chance(0.35)
            if native:
                self.features.add("native-sidecar-in-input")
            inits.append(self.container("init-%d" % i if not native else "native-%d" % i, used_ports, vols,
                                        init=True, native=native))
        if inits:
            spec["initContainers"] = inits
        if vols:
            spec["volumes"] = vols
        if kind in ("Job", "CronJob"):
            spec["restartPolicy"] = self.r.choice(["Never", "OnFailure"])
        elif kind == "Pod" and self.chance(0.3):
            spec["restartPolicy"] = self.r.choice(["Always", "Never", "OnFailure"])
        if self.chance(0.06):
            spec["hostNetwork"] = True
            self.features.add("hostNetwork")
            if self.chance(0.5):
                spec["dnsPolicy"] = "ClusterFirstWithHostNet"
        if self.chance(0.3):
            spec["serviceAccountName"] = app
        if self.chance(0.25):
            spec["securityContext"] = self.security_context(pod_level=True)
        if self.chance(0.15):
            spec["nodeSelector"] = {"kubernetes.io/os": "linux"}
        if self.chance(0.1):
            spec["tolerations"] = [{"key": "dedicated", "operator": "Equal", "value": "app", "effect": "NoSchedule"}]
        if self.chance(0.1):
            spec["terminationGracePeriodSeconds"] = self.r.choice([0, 30, 60])
        if self.chance(0.1):
            spec["imagePullSecrets"] = [{"name": "regcred"}]
        if self.chance(0.05):
            spec["hostAliases"] = [{"ip": "10.0.0.1", "hostnames": ["foo.local"]}]
        if self.chance(0.05):
            spec["nodeName"] = "node-1"
        if self.chance(0.05):
            spec["dnsConfig"] = {"options": [{"name": "ndots", "value": "2"}]}
        if self.chance(0.05):
            spec["shareProcessNamespace"] = True
        if self.chance(0.05):
            spec["automountServiceAccountToken"] = False
        if self.chance(0.05):
            spec["priorityClassName"] = "high"
        if self.chance(0.05):
            spec["affinity"] = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname",
                                                    "labelSelector": {"matchLabels": {"app": app}}}}]}}
        if self.chance(0.05):
            spec["topologySpreadConstraints"] = [{"maxSkew": 1, "topologyKey": "zone",
                                                  "whenUnsatisfiable": "DoNotSchedule",
                                                  "labelSelector": {"matchLabels": {"app": app}}}]
        if self.chance(0.03):
            spec["os"] = {"name": "linux"}
        if self.odd and self.chance(0.05):
            self.features.add("odd:null-fields")
            spec["initContainers" if "initContainers" not in spec else "volumes"] = Raw(self.r.choice(["null", "~"]))
        return spec

    def pod_template(self, app, kind, with_ns=False):
        meta = {}
        if self.chance(0.1):
            meta["name"] = app + "-tmpl"
        if with_ns or (self.odd and self.chance(0.05)):
            meta["namespace"] = self.r.choice(NAMESPACES)
        meta["labels"] = self.labels(app)
        ann = self.annotations(app)
        if ann:
            meta["annotations"] = ann
        elif self.chance(0.1):
            meta["annotations"] = {}
        if self.odd and self.chance(0.1):
            meta["creationTimestamp"] = None
        spec = self.pod_spec(app, kind)
        if self.chance(0.05) and spec["containers"] and not isinstance(spec.get("volumes"), Raw) \
                and not isinstance(spec.get("initContainers"), Raw):
            self.injected_parts(spec, meta)
        if self.odd and self.chance(0.04):
            self.features.add("odd:null-annotations")
            meta["annotations"] = Raw("null")
        return {"metadata": meta, "spec": spec}

    def object_meta(self, app):
        meta = {"name": app}
        if self.chance(0.6):
            meta["namespace"] = self.r.choice(NAMESPACES)
        if self.chance(0.3):
            meta["labels"] = {"app": app, "team": "a"}
        if self.chance(0.2):
            meta["annotations"] = {"deployment.kubernetes.io/revision": "3"} if self.chance(0.5) else \
                {"sidecar.istio.io/inject": "false", "note": self.r.choice(NON_ASCII)}
        if self.odd and self.chance(0.1):
            meta["creationTimestamp"] = Raw("null")
        if self.odd and self.chance(0.05):
            meta["resourceVersion"] = "12345"
            meta["uid"] = "0b6f2b1c-1f4e-4a4e-9e0e-3b5c1c1c1c1c"
        return meta

    def workload(self, kind, app):
        """One workload object of `kind` (not List)."""
        api = self.r.choice(API_VERSIONS[kind])
        if self.odd and kind in ODD_API_VERSIONS and self.chance(0.15):
            api = self.r.choice(ODD_API_VERSIONS[kind])
            self.features.add("odd:apiVersion")
        obj = {"apiVersion": api, "kind": kind, "metadata": self.object_meta(app)}
        if kind == "Pod":
            t = self.pod_template(app, kind)
            obj["metadata"].setdefault("labels", {}).update(t["metadata"]["labels"])
            if "annotations" in t["metadata"]:
                obj["metadata"]["annotations"] = t["metadata"]["annotations"]
            obj["spec"] = t["spec"]
            if self.odd and self.chance(0.1):
                obj["status"] = {"phase": "Pending"}
            return obj
        selector = {"matchLabels": {"app": app}}
        if kind in ("Deployment", "DaemonSet", "StatefulSet", "ReplicaSet"):
            spec = {"selector": selector, "template": self.pod_template(app, kind)}
            if kind != "DaemonSet" and self.chance(0.7):
                spec["replicas"] = self.r.choice([1, 2, 3, 0])
            if kind == "Deployment" and self.chance(0.3):
                spec["strategy"] = self.r.choice([
                    {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": self.r.choice([1, "25%"]),
                                                                "maxUnavailable": self.r.choice([0, "25%"])}},
                    {"type": "Recreate"}])
            if kind == "StatefulSet":
                spec["serviceName"] = app
                if self.chance(0.4):
                    spec["volumeClaimTemplates"] = [{"metadata": {"name": "data"}, "spec": {
                        "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": self.memory()}}}}]
                if self.chance(0.2):
                    spec["podManagementPolicy"] = "Parallel"
            if kind == "DaemonSet" and self.chance(0.3):
                spec["updateStrategy"] = {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}}
            if self.chance(0.1):
                spec["revisionHistoryLimit"] = 5
        elif kind == "ReplicationController":
            spec = {"replicas": 1, "selector": {"app": app}, "template": self.pod_template(app, kind)}
            if self.invalid and self.chance(0.2):
                del spec["template"]
                self.features.add("invalid:no-template")
        elif kind == "Job":
            spec = {"template": self.pod_template(app, kind)}
            for f, vals in (("backoffLimit", [0, 4]), ("completions", [1, 5]), ("parallelism", [1, 2]),
                            ("ttlSecondsAfterFinished", [100])):
                if self.chance(0.3):
                    spec[f] = self.r.choice(vals)
        elif kind == "CronJob":
            job = {"template": self.pod_template(app, kind)}
            if self.chance(0.3):
                job["backoffLimit"] = 2
            jt = {"spec": job}
            if self.chance(0.3):
                jt["metadata"] = {"labels": {"cron": app}}
            spec = {"schedule": self.r.choice(["*/1 * * * *", "0 0 * * *", "@hourly"]), "jobTemplate": jt}
            if self.chance(0.3):
                spec["concurrencyPolicy"] = "Forbid"
            if self.chance(0.2):
                spec["suspend"] = False
        else:  # DeploymentConfig
            spec = {"replicas": self.r.choice([1, 2]), "selector": {"app": app},
                    "template": self.pod_template(app, kind)}
            if self.chance(0.5):
                spec["triggers"] = [{"type": "ConfigChange"}]
            if self.chance(0.3):
                spec["strategy"] = {"type": "Rolling", "resources": {}}
            if self.chance(0.2):
                spec["test"] = False
        obj["spec"] = spec
        if self.odd and self.chance(0.15):
            obj["status"] = {} if self.chance(0.5) else {"replicas": 1}
        tmpl = spec.get("template") if kind != "CronJob" else spec["jobTemplate"]["spec"]["template"]
        if self.odd and tmpl and self.chance(0.1):
            # labels shared through an anchor: an alias, or a merge key under more labels
            self.structural = True
            self.features.add("odd:anchor")
            base = {"app": app, "team": "a"}
            self.anchors += 1
            name = "lbl%d" % self.anchors
            obj["metadata"]["labels"] = Anchored(name, base)
            if self.chance(0.5):
                tmpl["metadata"]["labels"] = Raw("*" + name)
            else:
                tmpl["metadata"]["labels"] = {Raw("<<"): Raw("*" + name), "version": "v9"}
        if self.odd and self.chance(0.04):
            self.features.add("odd:no-apiVersion")
            del obj["apiVersion"]
        if self.odd and tmpl and self.chance(0.03):
            self.features.add("odd:no-template-metadata")
            del tmpl["metadata"]
        return obj

    # non-workload documents --------------------------------------------------------------------
    def other(self, app):
        kind = self.r.choice(["Service", "ConfigMap", "Secret", "ServiceAccount", "Namespace", "VirtualService",
                              "Unknown"])
        self.features.add("other:" + kind)
        if kind == "Service":
            return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": app, "labels": {"app": app}},
                    "spec": {"selector": {"app": app}, "ports": [
                        {"name": "http", "port": 80, "targetPort": self.r.choice([8080, "http"])}]}}
        if kind == "ConfigMap":
            return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": app + "-config"},
                    "data": {"app.yaml": "server:\n  port: 8080\n", "greeting": self.r.choice(NON_ASCII),
                             "number": Raw("42") if self.odd else "42"}}
        if kind == "Secret":
            return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": app + "-secret"}, "type": "Opaque",
                    "stringData": {"password": "s3cr3t"}}
        if kind == "ServiceAccount":
            return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": app}}
        if kind == "Namespace":
            return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop",
                                                                          "labels": {"istio-injection": "enabled"}}}
        if kind == "VirtualService":
            return {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": app},
                    "spec": {"hosts": [app], "http": [{"route": [{"destination": {"host": app}}]}]}}
        return {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": app},
                "spec": {"containers": [{"name": "x"}], "template": {"spec": {}}}}

    # documents and stream ----------------------------------------------------------------------
    def writer(self):
        r = self.r
        if not self.odd:
            return Writer(r, comment_rate=0.1, flow_rate=0.05, indentless=r.random() < 0.5, quote_rate=0.2)
        return Writer(r, comment_rate=r.choice([0, 0.3, 0.8]), flow_rate=r.choice([0, 0.2, 0.5]),
                      indentless=r.random() < 0.5, quote_rate=r.choice([0.1, 0.5, 0.9]))

    def render(self, obj):
        if self.odd and self.chance(0.08) and not self.structural:
            self.features.add("style:json")
            return json.dumps(unwrap_json(obj), indent=self.r.choice([None, 2]), ensure_ascii=self.chance(0.5)) + "\n"
        return self.writer().document(obj)

    def case(self):
        r = self.r
        kinds = []
        docs = []
        n_workloads = r.choice([1, 1, 1, 2, 2, 3])
        for i in range(n_workloads):
            self.structural = False
            kind = r.choice(WORKLOAD_KINDS)
            app = r.choice(APP_NAMES)
            if kind == "List":
                items = []
                for _ in range(r.randint(1, 3)):
                    if r.random() < 0.25:
                        items.append(self.other(app))
                    else:
                        k = r.choice(WORKLOAD_KINDS[:-1])
                        kinds.append(k)
                        items.append(self.workload(k, r.choice(APP_NAMES)))
                obj = {"apiVersion": "v1", "kind": "List", "items": items}
                if r.random() < 0.3:
                    obj["metadata"] = {"resourceVersion": ""}
                kinds.append("List")
            else:
                kinds.append(kind)
                obj = self.workload(kind, app)
            docs.append(self.render(obj))
            while r.random() < 0.3:
                self.structural = False
                docs.append(self.render(self.other(app)))
        if r.random() < 0.3:
            self.structural = False
            docs.insert(0, self.render(self.other(r.choice(APP_NAMES))))
        text = self.join(docs)
        native = r.choice(["true", "false"])
        return Case(self.seed, text, kinds, native, self.features)

    def join(self, docs):
        r = self.r
        seps = ["---\n"]
        if self.odd:
            seps += ["--- # next\n", "---\n---\n", "---\n# only a comment\n---\n", "---   \n"]
        out = ""
        if r.random() < 0.2:
            out += "---\n"
        if self.odd and r.random() < 0.1:
            out += "# a leading comment\n"
            self.features.add("style:leading-comment")
        for i, d in enumerate(docs):
            if i:
                out += r.choice(seps)
            out += d
        if r.random() < 0.2:
            out += "---\n"
        if self.odd and r.random() < 0.1:
            out = out.rstrip("\n")
            self.features.add("style:no-final-newline")
        if self.odd and r.random() < 0.05:
            out = out.replace("\n", "\r\n")
            self.features.add("style:crlf")
        if self.odd and r.random() < 0.03:
            out = "\ufeff" + out
            self.features.add("style:bom")
        return out


def unwrap_json(value):
    """Data for json.dumps: Raw scalars become what YAML would make of them."""
    if isinstance(value, Raw):
        return yaml.safe_load(value.text) if not value.text.startswith(("*", "!")) else value.text
    if isinstance(value, (Flow, Quoted, Anchored)):
        return unwrap_json(unwrap(value))
    if isinstance(value, dict):
        return {k: unwrap_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_json(v) for v in value]
    return value


def kube_inject_case(seed):
    """The kube-inject input of `seed` (deterministic)."""
    return WorkloadGen(seed).case()


# ------------------------------------------------------------------------------------------------
# Istio configuration bundles for analyze
# ------------------------------------------------------------------------------------------------

class AnalyzeGen:
    """Namespaces, Services, workloads and Istio resources that reference each other, rightly or not."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.seed = seed
        self.features = set()

    def chance(self, p):
        return self.r.random() < p

    def ns(self):
        return self.r.choice(self.namespaces + ([None] if self.chance(0.2) else []) +
                             (["ghost-ns"] if self.chance(0.05) else []))

    def meta(self, name, ns, **extra):
        m = {"name": name}
        if ns:
            m["namespace"] = ns
        m.update(extra)
        return m

    def host(self, ns):
        """A host name: a Service of the bundle (short, namespaced or FQDN), a ServiceEntry host, or none."""
        r = self.r
        if self.services and self.chance(0.7):
            name, sns, _, _ = r.choice(self.services)
            form = r.choice(["short", "ns", "fqdn", "fqdn"])
            if form == "short" and sns == ns:
                return name
            if form == "ns":
                return "%s.%s" % (name, sns or "default")
            return "%s.%s.svc.cluster.local" % (name, sns or "default")
        if self.se_hosts and self.chance(0.5):
            return r.choice(self.se_hosts)
        self.features.add("host:unknown")
        return r.choice(["nowhere", "bogus.example.com", "*.example.com", "ghost.shop.svc.cluster.local", "*"])

    def istio_api(self, group):
        return "%s/%s" % (group, self.r.choice(["v1", "v1", "v1beta1", "v1alpha3"] if group.startswith("networking")
                                               else ["v1", "v1beta1"]))

    def bundle(self):
        r = self.r
        docs = []
        self.namespaces = r.sample(["default", "shop", "team-a", "istio-system"], r.randint(1, 3))
        self.services, self.se_hosts, self.gateways, self.pod_labels = [], [], [], []
        for ns in self.namespaces:
            if ns == "istio-system" and self.chance(0.5):
                continue
            labels = r.choice([{"istio-injection": "enabled"}, {"istio-injection": "disabled"},
                               {"istio.io/rev": r.choice(["canary", "default"])}, {}, {"istio-injection": "true"}])
            if labels.get("istio.io/rev") and self.chance(0.3):
                labels["istio-injection"] = "enabled"
            docs.append({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": labels}})
        apps = r.sample(["reviews", "ratings", "details", "productpage", "cart", "web"], r.randint(1, 4))
        for app in apps:
            ns = self.ns()
            version_labels = [{"app": app, "version": v} for v in r.sample(["v1", "v2", "v3"], r.randint(1, 2))]
            if self.chance(0.85):
                ports = []
                for i in range(r.randint(1, 3)):
                    p = {"port": r.choice([80, 9080, 8080, 443, 3306, 15021]), "targetPort": r.choice([8080, 9080])}
                    if self.chance(0.8):
                        p["name"] = r.choice(["http", "http-web", "grpc", "tcp", "https", "foo", "http2-x", "mongo",
                                              "tls-db", "udp"])
                    if self.chance(0.2):
                        p["protocol"] = r.choice(["TCP", "UDP"])
                    if self.chance(0.15):
                        p["appProtocol"] = r.choice(["http", "grpc", "kubernetes.io/h2c"])
                    ports.append(p)
                spec = {"ports": ports}
                if self.chance(0.9):
                    spec["selector"] = {"app": app if self.chance(0.85) else app + "-nomatch"}
                if self.chance(0.05):
                    spec = {"type": "ExternalName", "externalName": "example.com", "ports": ports}
                docs.append({"apiVersion": "v1", "kind": "Service", "metadata": self.meta(app, ns), "spec": spec})
                self.services.append((app, ns, ports, version_labels))
                if self.chance(0.1):
                    # a second Service over the same pods (IST0116 candidates)
                    docs.append({"apiVersion": "v1", "kind": "Service", "metadata": self.meta(app + "-alt", ns),
                                 "spec": {"selector": {"app": app}, "ports": [{"port": 81, "name": "http"}]}})
            for vl in version_labels:
                self.pod_labels.append(vl)
                container = {"name": app, "image": "example/%s:1" % app}
                if self.chance(0.3):
                    container["ports"] = [{"containerPort": 9080}]
                tmpl_meta = {"labels": dict(vl)}
                if self.chance(0.2):
                    tmpl_meta["annotations"] = r.choice([
                        {"sidecar.istio.io/inject": "false"}, {"sidecar.istio.io/statsInclusionPrefixes": "x"},
                        {"networking.istio.io/exportTo": "*"}, {"sidecar.istio.io/bogus": "1"},
                        {"proxy.istio.io/config": "holdApplicationUntilProxyStarts: true"}])
                pod_spec = {"containers": [container]}
                if self.chance(0.15):
                    pod_spec["containers"].append({"name": "istio-proxy", "image": r.choice(
                        ["docker.io/istio/proxyv2:1.20.0", "auto", "docker.io/istio/proxyv2:1.27.1-distroless"])})
                    tmpl_meta.setdefault("annotations", {})["sidecar.istio.io/status"] = \
                        '{"containers":["istio-proxy"]}'
                if self.chance(0.1):
                    pod_spec["securityContext"] = {"runAsUser": 1337}
                if self.chance(0.4):
                    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": dict(self.meta(
                        "%s-%s-abc" % (app, vl["version"]), ns), **tmpl_meta), "spec": pod_spec}
                    docs.append(pod)
                else:
                    docs.append({"apiVersion": "apps/v1", "kind": "Deployment",
                                 "metadata": self.meta("%s-%s" % (app, vl["version"]), ns),
                                 "spec": {"selector": {"matchLabels": dict(vl)},
                                          "template": {"metadata": tmpl_meta, "spec": pod_spec}}})
        if self.chance(0.3):
            # the ingress gateway the default Gateways select
            docs.append({"apiVersion": "v1", "kind": "Pod", "metadata": {
                "name": "istio-ingressgateway-1", "namespace": "istio-system",
                "labels": {"istio": "ingressgateway", "app": "istio-ingressgateway"}},
                "spec": {"containers": [{"name": "istio-proxy", "image": "proxyv2"}]}})
        for i in range(r.randint(0, 2)):
            host = r.choice(["api.example.com", "db.internal", "*.wiki.org", "UPPER.example.com", "x.y"])
            se = {"hosts": [host], "ports": [{"number": r.choice([80, 443, 3306]), "name": r.choice(["http", "tls",
                                                                                                     "tcp"]),
                                              "protocol": r.choice(["HTTP", "TLS", "TCP", "HTTPS"])}],
                  "resolution": r.choice(["DNS", "STATIC", "NONE"]), "location": r.choice(["MESH_EXTERNAL",
                                                                                            "MESH_INTERNAL"])}
            if se["resolution"] == "STATIC" or self.chance(0.2):
                se["endpoints"] = [{"address": "10.0.0.%d" % (i + 1)}]
            if self.chance(0.3):
                se["addresses"] = ["240.0.0.%d" % (i + 1)]
            if self.chance(0.2):
                se["exportTo"] = r.choice([["."], ["*"], [".", "*"]])
            self.se_hosts.append(host)
            docs.append({"apiVersion": self.istio_api("networking.istio.io"), "kind": "ServiceEntry",
                         "metadata": self.meta("se-%d" % i, self.ns()), "spec": se})
        for i in range(r.randint(0, 2)):
            name = "gw-%d" % i
            ns = self.ns()
            self.gateways.append((name, ns))
            servers = []
            for _ in range(r.randint(1, 2)):
                port = r.choice([80, 443, 8080, 15443, 31400])
                srv = {"port": {"number": port, "name": "p%d" % port, "protocol": r.choice(["HTTP", "HTTPS", "TCP",
                                                                                             "TLS"])},
                       "hosts": [r.choice(["*", "shop.example.com", "*/bookinfo.com", "./x.com"])]}
                if srv["port"]["protocol"] in ("HTTPS", "TLS"):
                    tls = {"mode": r.choice(["SIMPLE", "MUTUAL", "PASSTHROUGH", "ISTIO_MUTUAL"])}
                    if self.chance(0.7):
                        tls["credentialName"] = r.choice(["shop-cert", "missing-cert"])
                    srv["tls"] = tls
                servers.append(srv)
            docs.append({"apiVersion": self.istio_api("networking.istio.io"), "kind": "Gateway",
                         "metadata": self.meta(name, ns),
                         "spec": {"selector": {"istio": r.choice(["ingressgateway", "ingressgateway", "nothing"])},
                                  "servers": servers}})
        if self.chance(0.2):
            docs.append({"apiVersion": "v1", "kind": "Secret", "metadata": self.meta("shop-cert", "istio-system"),
                         "type": "kubernetes.io/tls", "data": {"tls.crt": "Y2VydA==", "tls.key": "a2V5"}})
        vs_hosts = []
        for i in range(r.randint(0, 3)):
            ns = self.ns()
            hosts = [self.host(ns) for _ in range(r.randint(1, 2))]
            if vs_hosts and self.chance(0.2):
                hosts = [r.choice(vs_hosts)]
                self.features.add("vs:duplicate-host")
            vs_hosts.extend(hosts)
            spec = {"hosts": hosts}
            if self.gateways and self.chance(0.4) or self.chance(0.1):
                gws = []
                for _ in range(r.randint(1, 2)):
                    if self.gateways and self.chance(0.7):
                        gname, gns = r.choice(self.gateways)
                        gws.append(gname if gns == ns or self.chance(0.3) else "%s/%s" % (gns or "default", gname))
                    else:
                        gws.append(r.choice(["mesh", "missing-gw", "istio-system/ingress"]))
                spec["gateways"] = gws
            routes = []
            for _ in range(r.randint(1, 3)):
                dest = {"host": self.host(ns)}
                if self.chance(0.4):
                    dest["subset"] = r.choice(["v1", "v2", "v3", "bogus"])
                if self.chance(0.3):
                    dest["port"] = {"number": r.choice([80, 9080, 1234])}
                route = {"route": [{"destination": dest}]}
                if self.chance(0.4):
                    route["match"] = [r.choice([{"uri": {"prefix": "/api"}}, {"uri": {"exact": "/"}},
                                                {"headers": {"end-user": {"exact": "jason"}}},
                                                {"headers": {"@request.auth.claims.group": {"exact": "admin"}}}])]
                if self.chance(0.1):
                    route["mirror"] = {"host": self.host(ns), "subset": "bogus"}
                if self.chance(0.1):
                    route["route"].append({"destination": {"host": self.host(ns)}, "weight": 50})
                    route["route"][0]["weight"] = r.choice([50, 60])
                routes.append(route)
            if self.chance(0.85):
                spec["http"] = routes
            elif self.chance(0.5):
                spec["tcp"] = [{"route": [{"destination": {"host": self.host(ns)}}]}]
            docs.append({"apiVersion": self.istio_api("networking.istio.io"), "kind": "VirtualService",
                         "metadata": self.meta("vs-%d" % i, ns), "spec": spec})
        for i in range(r.randint(0, 3)):
            ns = self.ns()
            spec = {"host": self.host(ns)}
            if self.chance(0.7):
                spec["subsets"] = [{"name": v, "labels": {"version": v}} for v in r.sample(["v1", "v2", "v3"],
                                                                                             r.randint(1, 2))]
            if self.chance(0.4):
                tls = {"mode": r.choice(["SIMPLE", "MUTUAL", "ISTIO_MUTUAL", "DISABLE"])}
                if tls["mode"] in ("SIMPLE", "MUTUAL") and self.chance(0.5):
                    tls["caCertificates"] = "/etc/certs/ca.pem"
                if tls["mode"] == "MUTUAL" and self.chance(0.5):
                    tls.update({"clientCertificate": "/c.pem", "privateKey": "/k.pem"})
                spec["trafficPolicy"] = {"tls": tls}
            if self.chance(0.1):
                spec["trafficPolicy"] = {"loadBalancer": {"simple": r.choice(["ROUND_ROBIN", "BOGUS"])}}
            if self.chance(0.1):
                spec["workloadSelector"] = {"matchLabels": {"app": "reviews"}}
            docs.append({"apiVersion": self.istio_api("networking.istio.io"), "kind": "DestinationRule",
                         "metadata": self.meta("dr-%d" % i, ns), "spec": spec})
        if self.chance(0.4):
            spec = {}
            if self.chance(0.6):
                lab = r.choice(self.pod_labels) if self.pod_labels and self.chance(0.7) else {"app": "nothing"}
                spec["workloadSelector"] = {"labels": dict(lab)}
            spec["egress"] = [{"hosts": [r.choice(["./*", "istio-system/*", "*/api.example.com", "bad-host"])]}]
            if self.chance(0.2):
                spec["outboundTrafficPolicy"] = {"mode": "REGISTRY_ONLY"}
            docs.append({"apiVersion": self.istio_api("networking.istio.io"), "kind": "Sidecar",
                         "metadata": self.meta("sidecar-%d" % self.r.randint(0, 1), self.ns()), "spec": spec})
        if self.chance(0.4):
            rule = {}
            if self.chance(0.6):
                rule["from"] = [{"source": r.choice([
                    {"namespaces": [r.choice(self.namespaces + ["ghost-ns"])]},
                    {"principals": ["cluster.local/ns/%s/sa/%s" % (r.choice(self.namespaces), "sa")]},
                    {"principals": ["*"]}, {"ipBlocks": ["10.0.0.0/8"]}])}]
            if self.chance(0.6):
                rule["to"] = [{"operation": r.choice([{"methods": ["GET"]}, {"ports": ["8080"]},
                                                      {"methods": ["get"]}, {"paths": ["/api/*"]}])}]
            spec = {"rules": [rule]}
            if self.chance(0.5):
                spec["action"] = r.choice(["ALLOW", "DENY", "AUDIT", "CUSTOM"])
                if spec["action"] == "CUSTOM":
                    spec["provider"] = {"name": r.choice(["ext-authz", "unknown"])}
            if self.pod_labels and self.chance(0.5):
                spec["selector"] = {"matchLabels": dict(r.choice(self.pod_labels)) if self.chance(0.7)
                                    else {"app": "nothing"}}
            docs.append({"apiVersion": self.istio_api("security.istio.io"), "kind": "AuthorizationPolicy",
                         "metadata": self.meta("authz", self.ns()), "spec": spec})
        if self.chance(0.3):
            spec = {"mtls": {"mode": r.choice(["STRICT", "PERMISSIVE", "DISABLE", "UNSET"])}}
            if self.chance(0.3):
                spec["portLevelMtls"] = {"8080": {"mode": "DISABLE"}}
                spec["selector"] = {"matchLabels": {"app": r.choice(["reviews", "nothing"])}}
            docs.append({"apiVersion": self.istio_api("security.istio.io"), "kind": "PeerAuthentication",
                         "metadata": self.meta("default", r.choice(self.namespaces + ["istio-system"])),
                         "spec": spec})
        if self.chance(0.15):
            docs.append({"apiVersion": self.istio_api("security.istio.io"), "kind": "RequestAuthentication",
                         "metadata": self.meta("jwt", self.ns()),
                         "spec": {"jwtRules": [{"issuer": "https://issuer", "jwksUri": "https://issuer/jwks"}]}})
        if self.chance(0.2):
            spec = {"metrics": [{"providers": [{"name": r.choice(["prometheus", "unknown-provider"])}]}]}
            if self.chance(0.4):
                spec["selector"] = {"matchLabels": {"app": r.choice(["reviews", "nothing"])}}
            docs.append({"apiVersion": "telemetry.istio.io/v1", "kind": "Telemetry",
                         "metadata": self.meta("telemetry", r.choice(self.namespaces + ["istio-system"])),
                         "spec": spec})
        if self.chance(0.1):
            docs.append({"apiVersion": "networking.istio.io/v1alpha3", "kind": "EnvoyFilter",
                         "metadata": self.meta("ef", self.ns()),
                         "spec": {"configPatches": [{"applyTo": "HTTP_FILTER", "match": {"context": "SIDECAR_INBOUND"},
                                                     "patch": {"operation": r.choice(["ADD", "INSERT_BEFORE",
                                                                                      "REPLACE", "MERGE"]),
                                                               "value": {"name": "x"}}}]}})
        r.shuffle(docs)
        kinds = sorted({d["kind"] for d in docs})
        if self.chance(0.1):
            docs = [{"apiVersion": "v1", "kind": "List", "items": docs}]
            kinds.append("List")
        w = Writer(r, comment_rate=0.05, flow_rate=0.05, indentless=self.chance(0.5), quote_rate=0.2)
        text = "---\n".join(w.document(d) for d in docs) if docs else "{}\n"
        return Case(self.seed, text, kinds, "false", self.features)


def analyze_case(seed):
    """The analyze input of `seed` (deterministic)."""
    return AnalyzeGen(seed).bundle()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--analyze", action="store_true", help="generate analyze bundles instead")
    ap.add_argument("--out", help="write <seed>.yaml files here")
    args = ap.parse_args(argv)
    for i in range(args.count):
        seed = args.seed + i
        case = analyze_case(seed) if args.analyze else kube_inject_case(seed)
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(os.path.join(args.out, "%d.yaml" % seed), "w", encoding="utf-8", newline="") as f:
                f.write(case.text)
        else:
            sys.stdout.write(case.text)
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
