#!/usr/bin/env python3
"""analyze's CI outputs read by their real consumers (README "CI"), installed by scripts/ci-validators:
SARIF by Microsoft's SARIF Multitool with GitHub's rule kinds, JUnit by junitparser, GitHub
annotations against the escaping of GitHub's own toolkit (@actions/core), and the README's
GitHub Actions and GitLab CI jobs by actionlint and the published workflow schemas.

usage: test_ci_outputs.py path/to/sidecarctl   (run from the repository root)"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()
TOOLS = os.path.join(ROOT, "build", "ci-validators")
MULTITOOL = os.path.join(TOOLS, "sarif-multitool")
ACTIONLINT = os.path.join(TOOLS, "bin", "actionlint")
NODE_MODULES = os.path.join(TOOLS, "npm", "node_modules")
checks = Checks()
check = checks.check

if not all(os.path.exists(p) for p in (MULTITOOL, ACTIONLINT, NODE_MODULES, os.path.join(TOOLS, "python"))):
    print("FAIL: the validators are not installed in %s: run scripts/ci-validators (./dev test does)" % TOOLS)
    sys.exit(1)
sys.path.insert(0, os.path.join(TOOLS, "python"))
import junitparser  # noqa: E402

SHOP = open(os.path.join(ROOT, "testdata", "analyze", "shop.yaml"), encoding="utf-8").read()
# A gateway name that puts every character the annotations must escape into a message.
ODD = """apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: odd
  namespace: shop
spec:
  hosts: [odd.shop.svc.cluster.local]
  gateways: ["100%,sure: yes"]
  http:
  - route:
    - destination: {host: odd.shop.svc.cluster.local}
"""


def analyze(args, cwd):
    return subprocess.run([BIN, "analyze", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def multitool_findings(sarif_path, work):
    """The Multitool's findings (rule id: message) on a SARIF file, for the Sarif, Gh and Ghas rules."""
    out = os.path.join(work, "validation.sarif")
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1", DOTNET_CLI_TELEMETRY_OPTOUT="1")
    p = subprocess.run([MULTITOOL, "validate", "--rule-kind", "Sarif;Gh;Ghas", "--log", "ForceOverwrite",
                        "-o", out, sarif_path], capture_output=True, text=True, env=env, timeout=300)
    if not os.path.exists(out):
        return ["the Multitool wrote no log: exit %d %s %s" % (p.returncode, p.stdout[-2000:], p.stderr[-2000:])]
    with open(out, encoding="utf-8-sig") as f:
        log = json.load(f)
    found = []
    for run in log.get("runs", []):
        for r in run.get("results", []):
            if r.get("level", "warning") in ("error", "warning", "note"):
                text = r.get("message", {}).get("text") or json.dumps(r.get("message", {}).get("arguments", []))
                found.append("%s %s: %s" % (r.get("ruleId"), r.get("level", "warning"), text))
    return found


def sarif_case(name, args, cwd, work, want_exit):
    p = analyze(args + ["-o", "sarif"], cwd)
    check(p.returncode == want_exit, "%s: exit %d" % (name, want_exit), p)
    path = os.path.join(work, name + ".sarif")
    write(path, p.stdout)
    findings = multitool_findings(path, work)
    check(not findings, "%s: the SARIF Multitool reports:\n    %s" % (name, "\n    ".join(findings[:20])))
    try:
        return json.loads(p.stdout)
    except json.JSONDecodeError:
        checks.fail("%s: not JSON" % name)
        return {"runs": [{"results": []}]}


work = tempfile.mkdtemp(prefix="ci-outputs-")
try:
    tree = os.path.join(work, "repo")
    write(os.path.join(tree, "shop.yaml"), SHOP)
    write(os.path.join(tree, "team apps", "caf\u00e9 routes.yaml"), SHOP.replace("namespace: shop", "namespace: caf"))
    write(os.path.join(tree, "a,b:c%d", "odd.yaml"), ODD)
    write(os.path.join(tree, "broken", "bad.yaml"), "apiVersion: v1\nkind: Service\nmetadata: [\n")

    # SARIF: relative names in subdirectories with spaces and non-ASCII characters
    rel = sarif_case("relative", ["-R", "."], tree, work, 79)
    results = rel["runs"][0]["results"]
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in results for loc in r.get("locations", [])
            if "physicalLocation" in loc}
    check("team%20apps/caf%C3%A9%20routes.yaml" in uris and "shop.yaml" in uris, "relative URIs: %s" % sorted(uris))
    check(all(loc["physicalLocation"]["artifactLocation"].get("uriBaseId") == "%SRCROOT%"
              for r in results for loc in r.get("locations", []) if "physicalLocation" in loc), "uriBaseId %SRCROOT%")
    base = rel["runs"][0].get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "")
    check(base.startswith("file:///") and base.endswith("/repo/"), "originalUriBaseIds: %r" % base)
    inv = rel["runs"][0].get("invocations", [{}])[0]
    check(inv.get("exitCode") == 65 or inv.get("exitCode") == 79, "exit code recorded: %s" % inv)
    check(inv.get("exitCode") == 79 and inv.get("executionSuccessful") is True,
          "findings: a successful run that exits 79 (%s)" % inv)
    # the unreadable file is a notification of the invocation
    notes = [n["message"]["text"] for n in inv.get("toolExecutionNotifications", [])]
    check(any("bad.yaml" in n for n in notes), "notifications name broken/bad.yaml: %s" % notes)
    for rule in rel["runs"][0]["tool"]["driver"]["rules"]:
        help_ = rule.get("help", {})
        check(help_.get("text") and help_.get("markdown") and rule.get("helpUri", "").startswith("https://istio.io/v"),
              "rule %s has help text, markdown and a versioned helpUri" % rule.get("id"))
    prints = [r.get("partialFingerprints", {}).get("sidecarctlFinding/v1") for r in results]
    check(all(prints) and len(set(prints)) == len(prints), "one distinct fingerprint per result: %s" % prints)

    # absolute names: file:// URIs
    ab = sarif_case("absolute", [os.path.join(tree, "shop.yaml"), os.path.join(tree, "team apps", "caf\u00e9 routes.yaml")],
                    work, work, 79)
    abs_uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in ab["runs"][0]["results"]
                for loc in r.get("locations", []) if "physicalLocation" in loc}
    check(abs_uris and all(u.startswith("file:///") for u in abs_uris), "absolute URIs: %s" % sorted(abs_uris))

    # a clean input: no results, exit 0
    clean = sarif_case("clean", [os.path.join(ROOT, "testdata", "analyze", "clean.yaml")], work, work, 0)
    check(clean["runs"][0]["results"] == [], "clean: no results")

    # fingerprints do not move with the lines: two lines added on top change startLine only
    moved_tree = os.path.join(work, "moved")
    write(os.path.join(moved_tree, "shop.yaml"), "# a comment\n# another\n" + SHOP)
    write(os.path.join(tree, "only", "shop.yaml"), SHOP)
    before = json.loads(analyze(["-o", "sarif", "shop.yaml"], os.path.join(tree, "only")).stdout)["runs"][0]["results"]
    after = json.loads(analyze(["-o", "sarif", "shop.yaml"], moved_tree).stdout)["runs"][0]["results"]

    def key(results):
        return [r["partialFingerprints"]["sidecarctlFinding/v1"] for r in results]

    def lines(results):
        return [r["locations"][0]["physicalLocation"].get("region", {}).get("startLine") for r in results
                if "physicalLocation" in r["locations"][0]]

    check(key(before) == key(after) and before, "fingerprints survive moved lines")
    check(lines(before) != lines(after), "the lines did move: %s %s" % (lines(before), lines(after)))

    # JUnit, read by junitparser
    p = analyze(["-R", ".", "-o", "junit"], tree)
    check(p.returncode == 79, "junit: exit 79", p)
    junit_path = os.path.join(work, "report.xml")
    write(junit_path, p.stdout)
    messages = json.loads(analyze(["-R", ".", "-o", "json"], tree).stdout)
    xml = junitparser.JUnitXml.fromfile(junit_path)
    cases = [c for suite in xml for c in suite]
    check(len(cases) == len(messages) and messages, "junit: one test case per message (%d, %d)" % (len(cases), len(messages)))
    failing = [c for c in cases if any(isinstance(r, junitparser.Failure) for r in c.result)]
    want_failing = [m for m in messages if m["level"] in ("Error", "Warning")]
    check(len(failing) == len(want_failing), "junit: a failure per Warning and Error (%d, %d)" % (
        len(failing), len(want_failing)))
    suite_tests = sum(s.tests for s in xml)
    check(suite_tests == len(cases), "junit: the suites' test counts add up (%d)" % suite_tests)
    for c, m in zip(cases, messages):
        check(c.name.startswith(m["code"]) and m.get("origin", "") in c.name, "junit case name %r for %s" % (c.name, m))
        ref = m.get("reference", "")
        if ref:
            check(c._elem.get("file") and ref.startswith(c._elem.get("file")), "junit file of %r: %r" % (
                ref, c._elem.get("file")))

    # GitHub annotations: what @actions/core writes for the same annotations, command by command
    p = analyze(["-R", ".", "-o", "github"], tree)
    check(p.returncode == 79, "github: exit 79", p)
    script = r"""
const core = require('@actions/core');
const messages = JSON.parse(require('fs').readFileSync(0, 'utf8'));
for (const m of messages) {
  const props = {};
  const ref = m.reference || '';
  const match = /^(.*):(\d+)$/.exec(ref);
  if (ref) { props.file = match ? match[1] : ref; if (match) props.startLine = Number(match[2]); }
  props.title = m.code + (m.origin ? ' ' + m.origin : '');
  const fn = m.level === 'Error' ? core.error : m.level === 'Warning' ? core.warning : core.notice;
  fn(m.message, props);
}
"""
    env = dict(os.environ, NODE_PATH=NODE_MODULES)
    toolkit = subprocess.run(["node", "-e", script], input=json.dumps(messages), capture_output=True, text=True,
                             env=env, timeout=60)
    check(toolkit.returncode == 0, "node @actions/core ran", toolkit)

    def commands(text):
        """Each workflow command as (command, sorted properties, data), undecoded."""
        out = []
        for line in text.splitlines():
            m = re.match(r"^::(\w+) ?(.*?)::(.*)$", line)
            if not m:
                out.append(("not a command", (), line))
                continue
            props = tuple(sorted(p for p in m.group(2).split(",") if p))
            out.append((m.group(1), props, m.group(3)))
        return out

    ours, theirs = commands(p.stdout), commands(toolkit.stdout)
    check(ours == theirs and ours, "github: the same commands as @actions/core writes:\n  ours   %s\n  theirs %s" % (
        [c for c in ours if c not in theirs][:3], [c for c in theirs if c not in ours][:3]))
    check(any("%25" in c[2] for c in ours), "github: the '%%' of the odd gateway name was escaped: %s" % ours)
    check(any("%2C" in p and "%3A" in p and "%25" in p for c in ours for p in c[1]),
          "github: the folder name a,b:c%%d was escaped in file=: %s" % ours)

    # The README's CI jobs, read by their consumers
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    blocks = {m.group(1): m.group(0)[len("```yaml\n"):-len("```")] for m in
              re.finditer(r"```yaml\n# (\S+)\n.*?```", readme, re.S)}
    gh = blocks.get(".github/workflows/istio.yml")
    gl = blocks.get(".gitlab-ci.yml")
    check(gh and gl, "README has the GitHub Actions and GitLab CI jobs: %s" % list(blocks))
    if gh and gl:
        repo = os.path.join(work, "ci-repo")
        write(os.path.join(repo, ".github", "workflows", "istio.yml"), gh)
        write(os.path.join(repo, ".gitlab-ci.yml"), gl)
        lint = subprocess.run([ACTIONLINT, "-no-color", ".github/workflows/istio.yml"], cwd=repo, capture_output=True,
                              text=True, timeout=120)
        check(lint.returncode == 0, "actionlint accepts the README's workflow", lint)
        py_env = dict(os.environ, PYTHONPATH=os.path.join(TOOLS, "python"))
        for schema, path in (("vendor.github-workflows", ".github/workflows/istio.yml"), ("vendor.gitlab-ci", ".gitlab-ci.yml")):
            v = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, path], cwd=repo,
                               capture_output=True, text=True, env=py_env, timeout=120)
            check(v.returncode == 0, "%s accepts the README's %s" % (schema, path), v)
        # and a broken job is refused, so these checks can fail
        write(os.path.join(repo, ".gitlab-ci.yml"), gl.replace("script:", "scripts:"))
        v = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
                            ".gitlab-ci.yml"], cwd=repo, capture_output=True, text=True, env=py_env, timeout=120)
        check(v.returncode != 0, "the GitLab schema refuses a job without script", v)
finally:
    shutil.rmtree(work, ignore_errors=True)

sys.exit(checks.report("test_ci_outputs"))
