#!/usr/bin/env python3
"""CLI tests of `sidecarctl iptables-preview`: the conformance suite as a self-check, formats,
manifests, errors and exit codes, --verify on every suite payload, and the end-to-end hijack in
network namespaces this test creates (root only; skipped with a message otherwise).

Usage: python3 tests/test_iptables_preview.py path/to/sidecarctl   (from the repository root)
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/sidecarctl"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = os.path.join(ROOT, "..", "shared", "conformance", "iptables")
SAMPLE = os.path.join(ROOT, "testdata", "iptables", "sample.yaml")
HELPER = os.path.join(ROOT, "tests", "iptables_netns_helper.py")
failures = []


def run(args, env=None, stdin=None, cwd=None, timeout=60):
    full_env = {"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")}
    full_env.update(env or {})
    p = subprocess.run([BIN, "iptables-preview"] + args, input=stdin, capture_output=True, text=True,
                       env=full_env, cwd=cwd, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def lines(text):
    return [l.rstrip() for l in text.splitlines() if l.strip()]


def suite_cases():
    with open(os.path.join(SUITE, "cases.json")) as f:
        return json.load(f)["cases"]


def test_conformance_self_check():
    cases = suite_cases()
    passed = 0
    for case in cases:
        code, out, err = run(case["args"][1:], env=case.get("env"), cwd=SUITE)
        with open(os.path.join(SUITE, case["expect"]["stdout"])) as f:
            want = f.read()
        ok = code == case["expect"]["exit"] and lines(out) == lines(want)
        check(ok, "conformance case %s (exit %d, stderr %r)" % (case["name"], code, err[:200]))
        passed += ok
    print("conformance self-check: %d/%d" % (passed, len(cases)))


def test_errors_and_exit_codes():
    code, _, err = run(["-x", "*"])
    check(code == 64 and "invalid value for OUTBOUND_IP_RANGES_EXCLUDE" in err, "-x '*' is a usage error: %r" % err)
    code, _, err = run(["-i", "10.0.0.0/33"])
    check(code == 64 and 'prefix length out of range' in err, "bad CIDR: %r" % err)
    code, _, err = run(["-b", "80,http"])
    check(code == 64 and 'invalid port "http"' in err, "bad port: %r" % err)
    code, _, err = run(["-u", "istio"])
    check(code == 64 and 'invalid uid "istio"' in err, "bad uid: %r" % err)
    code, _, err = run([], env={"ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR": "10.1.1.1/32"})
    check(code == 64 and "expected valid IPv4 loopback address" in err, "bad loopback CIDR: %r" % err)
    code, _, err = run(["--format", "yaml"])
    check(code == 64 and 'unknown format "yaml"' in err, "bad format: %r" % err)
    code, _, err = run(["--workload", "x"])
    check(code == 64 and "--workload needs -f" in err, "--workload without -f: %r" % err)
    code, _, err = run(["-f", SAMPLE, "-b", "80"])
    check(code == 64 and "cannot be combined with -f" in err, "flags with -f: %r" % err)
    code, _, err = run(["-f", SAMPLE, "--workload", "nope"])
    check(code == 1 and 'no workload named "nope"' in err, "unknown workload: %r" % err)
    bad = "kind: Pod\nmetadata:\n  name: p\n  annotations:\n    traffic.sidecar.istio.io/includeInboundPorts: \"80,x\"\nspec: {}\n"
    code, _, err = run(["-f", "-"], stdin=bad)
    check(code == 65 and err.startswith("error: -:5:5: ") and "Pod p: traffic.sidecar.istio.io/includeInboundPorts: invalid port \"x\"" in err,
          "bad annotation is bad input at its line: %r" % err)
    code, _, err = run(["-f", "/nonexistent/x.yaml"])
    check(code != 0 and "x.yaml" in err, "missing file: %r" % err)
    code, out, err = run(["-m", "FOO"])
    check(code == 0 and 'is not TPROXY: istio-iptables uses REDIRECT' in err, "unknown mode warns: %r" % err)


def test_manifest_and_formats():
    code, out, err = run(["-f", SAMPLE])
    check(code == 0, "sample manifest: %r" % err)
    headers = [l for l in out.splitlines() if l.startswith("# workload: ")]
    check(headers == ["# workload: Deployment shop/storefront", "# workload: Pod shop/payments",
                      "# workload: Job shop/nightly-report"], "workload headers: %r" % headers)
    check("-A ISTIO_INBOUND -p tcp --dport 9901 -j RETURN" in out, "annotation excludeInboundPorts applied")
    check("Istio CNI" in err, "CNI workload says where its rules come from: %r" % err)
    code, out, _ = run(["-f", SAMPLE, "--workload", "payments", "--dns-servers", "10.96.0.10"])
    check(code == 0 and out.startswith("# iptables-restore\n") and "# workload" not in out, "--workload picks one")
    check("-A ISTIO_OUTPUT_DNS -p udp --dport 53 -d 10.96.0.10/32 -j REDIRECT --to-port 15053" in out,
          "istio-init env ISTIO_META_DNS_CAPTURE with --dns-servers captures DNS")
    code, out, _ = run(["-f", "-", "--workload", "Deployment/storefront", "--format", "explain"], stdin=open(SAMPLE).read())
    check(code == 0 and "iptables-preview: Deployment shop/storefront" in out, "explain title")
    check("1. Inbound TCP to app port 8080" in out and "captured: REDIRECT to port 15006" in out, "explain inbound path")
    check("annotation traffic.sidecar.istio.io/excludeOutboundPorts (-:20:9)" not in out, "sanity")
    check("annotation traffic.sidecar.istio.io/excludeOutboundIPRanges (-:20:9)" in out, "explain names annotation origins: %s" % out[-1500:])
    code, out, _ = run(["--format", "json", "-b", "*"])
    data = json.loads(out)
    check(data["families"][0]["tables"][0]["name"] == "nat", "json tables")
    check(data["settings"]["istio-inbound-ports"]["origin"] == "flag --istio-inbound-ports", "json origins")
    code, out, _ = run(["--format", "json", "-f", SAMPLE])
    check([w["workload"]["source"] for w in json.loads(out)["workloads"]] == ["annotations", "istio-init", "istio-cni"], "json workloads")
    code, out, _ = run(["--format", "commands", "--ipv6", "-b", "*"])
    check(out.startswith("iptables -t nat -N ISTIO_INBOUND\n") and "ip6tables -t nat -A ISTIO_OUTPUT -d ::1/128 -j RETURN\n" in out,
          "commands format")
    code, out, _ = run(["--istio-inbound-ports=", "--drop-invalid=false", "-nb4000"])
    check(code == 0 and "--dport 4000 -j ISTIO_IN_REDIRECT" in out and "ISTIO_DROP" not in out, "flag spellings")


def is_root():
    return os.geteuid() == 0


def test_verify_suite_payloads():
    if not is_root():
        print("SKIP: --verify needs root; not verifying the suite payloads")
        return
    code, _, err = run(["--verify"], env={})
    cases = suite_cases()
    for case in cases:
        code, out, err = run(case["args"][1:] + ["--verify"], env=case.get("env"), cwd=SUITE, timeout=120)
        if "cannot verify" in out:
            print("SKIP: --verify cannot run here (%s)" % out.strip().splitlines()[-1])
            return
        accepted = out.count(": accepted")
        check(code == 0 and "REJECTED" not in out and accepted >= 2,
              "--verify accepts %s (exit %d): %s %s" % (case["name"], code, out[-600:], err[-300:]))
    code, out, _ = run(["-i", "10.0.0.0/8", "-b", "*", "--verify", "--ipv6"])
    check(out.count(": accepted") == 4, "--verify covers nft and legacy for both families")
    check("-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT" in out, "--verify reads the rules back")


class Namespaces:
    """Two network namespaces joined by a veth pair: "pod" 10.200.0.2, "peer" 10.200.0.1 and .3."""

    def __init__(self):
        tag = "%06x" % random.randrange(1 << 24)
        self.pod, self.peer = "scpod-" + tag, "scpeer-" + tag
        self.procs = []

    def sh(self, *argv, check_rc=True):
        p = subprocess.run(list(argv), capture_output=True, text=True, timeout=30)
        if check_rc and p.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(argv), p.stderr))
        return p

    def up(self):
        self.sh("ip", "netns", "add", self.pod)
        self.sh("ip", "netns", "add", self.peer)
        self.sh("ip", "-n", self.pod, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", self.peer)
        self.sh("ip", "-n", self.pod, "addr", "add", "10.200.0.2/24", "dev", "eth0")
        self.sh("ip", "-n", self.peer, "addr", "add", "10.200.0.1/24", "dev", "eth0")
        self.sh("ip", "-n", self.peer, "addr", "add", "10.200.0.3/24", "dev", "eth0")
        for ns in (self.pod, self.peer):
            self.sh("ip", "-n", ns, "link", "set", "lo", "up")
            self.sh("ip", "-n", ns, "link", "set", "eth0", "up")

    def load(self, payload):
        p = subprocess.run(["ip", "netns", "exec", self.pod, "iptables-restore", "--noflush"], input=payload,
                           capture_output=True, text=True, timeout=30)
        if p.returncode != 0:
            raise RuntimeError("iptables-restore: " + p.stderr)

    def serve(self, ns, uid, name, ports):
        p = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, HELPER, "serve", uid, name] + [str(x) for x in ports],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        line = p.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError("helper did not start: " + p.stderr.read())

    def connect(self, ns, uid, host, port):
        p = subprocess.run(["ip", "netns", "exec", ns, sys.executable, HELPER, "connect", uid, host, str(port)],
                           capture_output=True, text=True, timeout=20)
        return p.stdout.strip()

    def down(self):
        for p in self.procs:
            p.kill()
            p.wait(timeout=10)
        for ns in (self.pod, self.peer):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=30)


def test_hijack_end_to_end():
    if not is_root():
        print("SKIP: the hijack test needs root to create network namespaces")
        return
    code, payload, err = run(["-b", "*", "-d", "15090,15021,15020", "-i", "*", "-x", "10.200.0.3/32", "-o", "5432"])
    check(code == 0, "payload for the hijack test: %r" % err)
    payload = payload.split("# ip6tables-restore")[0].replace("# iptables-restore\n", "")
    ns = Namespaces()
    try:
        try:
            ns.up()
        except (RuntimeError, OSError) as e:
            print("SKIP: cannot create network namespaces here: %s" % e)
            return
        ns.load(payload)
        ns.serve(ns.peer, "root", "peer", [8080, 5432])
        ns.serve(ns.pod, "1337", "proxy", [15001, 15006])
        ns.serve(ns.pod, "1000", "app", [15021])
        got = ns.connect(ns.pod, "1000", "10.200.0.1", 8080)
        check(got == "proxy:15001:10.200.0.1:8080", "app outbound lands on 15001 with its original destination: %r" % got)
        got = ns.connect(ns.peer, "root", "10.200.0.2", 9080)
        check(got == "proxy:15006:10.200.0.2:9080", "inbound to an app port lands on 15006: %r" % got)
        got = ns.connect(ns.peer, "root", "10.200.0.2", 15021)
        check(got.startswith("app:15021:"), "inbound to an excluded port reaches the app: %r" % got)
        got = ns.connect(ns.pod, "1337", "10.200.0.1", 8080)
        check(got.startswith("peer:8080:"), "the proxy's own traffic (uid 1337) is not redirected: %r" % got)
        got = ns.connect(ns.pod, "1000", "10.200.0.3", 8080)
        check(got.startswith("peer:8080:"), "an excluded CIDR is not redirected: %r" % got)
        got = ns.connect(ns.pod, "1000", "10.200.0.1", 5432)
        check(got.startswith("peer:5432:"), "an excluded outbound port is not redirected: %r" % got)
    finally:
        ns.down()


def test_tproxy_end_to_end():
    if not is_root():
        print("SKIP: the TPROXY test needs root")
        return
    code, payload, err = run(["-m", "TPROXY", "-b", "*", "-d", "15090,15021,15020", "-i", "*"])
    payload = payload.replace("# iptables-restore\n", "")
    ns = Namespaces()
    try:
        try:
            ns.up()
            ns.load(payload)
            # istio-iptables' policy routing for TPROXY (mark 1337, table 133).
            ns.sh("ip", "-n", ns.pod, "rule", "add", "fwmark", "1337", "lookup", "133")
            ns.sh("ip", "-n", ns.pod, "route", "add", "local", "0.0.0.0/0", "dev", "lo", "table", "133")
            ns.serve(ns.pod, "tproxy", "tproxy", [15006])
        except (RuntimeError, OSError) as e:
            print("SKIP: TPROXY not available here: %s" % str(e)[:300])
            return
        got = ns.connect(ns.peer, "root", "10.200.0.2", 9080)
        check(got == "tproxy:15006:10.200.0.2:9080", "TPROXY: inbound lands on 15006 with the original destination: %r" % got)
    finally:
        ns.down()


def main():
    if not os.path.exists(BIN):
        print("no binary at %s" % BIN)
        return 1
    for test in (test_conformance_self_check, test_errors_and_exit_codes, test_manifest_and_formats,
                 test_verify_suite_payloads, test_hijack_end_to_end, test_tproxy_end_to_end):
        start = time.time()
        test()
        print("%s: %.1fs" % (test.__name__, time.time() - start))
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("all iptables-preview CLI tests passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
