#!/usr/bin/env python3
"""`sidecarctl version` without a cluster: the build's git state (compared with the source tree), the
Istio version reproduced, -o json|yaml, --short, and --remote: defaulted on with an unreachable cluster
(a note, exit 0), explicit (an error), --remote=false (not asked). Also cmake/GitVersion.cmake on git
trees made here (tag, commits since, dirty, no tag, no commit) and outside git.
(The cluster's versions: tests/cluster/test_version.py.) usage: test_version.py PATH-TO-SIDECARCTL"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
c = Checks()
binary = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp(prefix="version-")
home = os.path.join(tmp, "home")
os.makedirs(home)


def run(args, env=None, timeout=120):
    full_env = {"HOME": home, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    full_env.update({k: v for k, v in os.environ.items() if k.startswith(("ASAN_", "UBSAN_", "LSAN_"))})
    full_env.update(env or {})
    return subprocess.run([binary] + args, capture_output=True, text=True, env=full_env, timeout=timeout)


def git(*args, cwd=SOURCE):
    p = subprocess.run(["git", "-C", cwd] + list(args), capture_output=True, text=True, timeout=60,
                       env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
                            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})
    return p.stdout.strip() if p.returncode == 0 else None


# Offline (no kubeconfig, no in-cluster environment): our build only, exit 0, nothing on stderr.
p = run(["version"])
c.check(p.returncode == 0 and p.stderr == "", "version without a cluster", p)
lines = p.stdout.splitlines()
c.check(len(lines) == 5 and lines[0].startswith("client version: "), "five lines of client version", p)
c.check("  istio: 1.27.1 (the sidecar of the embedded injection templates and settings)" in lines,
        "the Istio version reproduced", p)
c.check(any(re.fullmatch(r"  checked against: istioctl of Istio commit [0-9a-f]{12} of \d{4}-\d\d-\d\d "
                         r"\(istio\.io/istio v\S+\)", line) for line in lines), "the pinned istioctl", p)
with open(os.path.join(SOURCE, "tests/references/istio/go.mod")) as f:
    pinned = re.search(r"istio\.io/istio (v\S+)", f.read()).group(1)
c.check(pinned in p.stdout, "the reference is the go.mod's istio.io/istio %s" % pinned, p)
c.check(any(re.fullmatch(r"  build: Debug, ASan\+UBSan, (GNU|Clang) \d+\.\d+\.\d+", line) for line in lines),
        "build type, sanitizers and compiler of the test build", p)

# The git state compiled in is the source tree's (the test build was made from it).
head = git("rev-parse", "HEAD")
if head and git("rev-parse", "--show-toplevel") == os.path.realpath(SOURCE):
    c.check("commit %s" % head in p.stdout, "the binary was built from HEAD %s (rebuild after committing)" % head, p)

p = run(["version", "-o", "json"])
try:
    doc = json.loads(p.stdout)
    cv = doc["clientVersion"]
    c.check(set(doc) == {"clientVersion"}, "no cluster keys without a cluster: %s" % sorted(doc))
    c.check(cv["istioVersion"] == "1.27.1" and cv["buildType"] == "Debug" and cv["sanitizers"] == "ASan+UBSan",
            "json clientVersion %r" % cv)
    if head:
        c.check(cv["revision"] == head and cv["status"] in ("Clean", "Modified"), "json revision and status %r" % cv)
    c.check(p.stdout.startswith('{\n  "clientVersion": {\n    "buildType"'), "istioctl's two-space indent", p)
except (ValueError, KeyError) as e:
    c.fail("version -o json: %s: %r" % (e, p.stdout[:300]))
p2 = run(["version", "-o", "yaml"])
try:
    c.check(yaml.safe_load(p2.stdout) == json.loads(p.stdout), "-o yaml holds what -o json does", p2)
except (ValueError, yaml.YAMLError) as e:
    c.fail("version -o yaml: %s" % e)

p = run(["version", "--short"])
c.check(p.returncode == 0 and re.fullmatch(r"client version: \S+\n", p.stdout) is not None, "--short", p)
p = run(["version", "-o", "xml"])
c.check(p.returncode == 64 and "error:" in p.stderr and "xml" in p.stderr, "-o xml is a usage error", p)
p = run(["version", "--remote=maybe"])
c.check(p.returncode == 64, "--remote=maybe is a usage error", p)

# A kubeconfig whose server refuses connections (a loopback port nothing listens on).
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
kubeconfig = os.path.join(tmp, "kubeconfig")
with open(kubeconfig, "w") as f:
    yaml.safe_dump({"apiVersion": "v1", "kind": "Config", "current-context": "dead",
                    "clusters": [{"name": "dead", "cluster": {"server": "https://127.0.0.1:%d" % port,
                                                              "insecure-skip-tls-verify": True}}],
                    "users": [{"name": "u", "user": {"token": "not-a-secret"}}],
                    "contexts": [{"name": "dead", "context": {"cluster": "dead", "user": "u"}}]}, f)
env = {"KUBECONFIG": kubeconfig}
offline_text = run(["version"]).stdout

# --remote defaults on with a kubeconfig: unreachable is one note on stderr, our version on stdout, exit 0.
p = run(["version"], env)
c.check(p.returncode == 0 and p.stdout == offline_text, "unreachable cluster, --remote defaulted: our version", p)
c.check(p.stderr.startswith("note: no control plane or data plane versions: ") and
        p.stderr.endswith(" (--remote=false skips the cluster)\n") and p.stderr.count("\n") == 1 and
        "127.0.0.1:%d" % port in p.stderr, "unreachable cluster: a one-line note naming the server", p)
p = run(["version", "-o", "json"], env)
c.check(p.returncode == 0 and set(json.loads(p.stdout or "{}")) == {"clientVersion"},
        "unreachable cluster, -o json: still JSON, client only", p)
# Explicit --remote: the same failure is an error.
p = run(["version", "--remote"], env)
c.check(p.returncode == 1 and p.stdout == "" and p.stderr.startswith("error: ") and "127.0.0.1:%d" % port in p.stderr,
        "unreachable cluster with --remote: an error", p)
p = run(["version", "--remote=true", "--short"], env)
c.check(p.returncode == 1 and p.stderr.startswith("error: "), "--remote=true is explicit too", p)
# --remote=false: the cluster is not asked.
p = run(["version", "--remote=false"], env)
c.check(p.returncode == 0 and p.stderr == "" and p.stdout == offline_text, "--remote=false", p)
# --remote without any kubeconfig: an error saying so.
p = run(["version", "--remote"])
c.check(p.returncode != 0 and p.stderr.startswith("error: ") and p.stdout == "", "--remote without a kubeconfig", p)


# cmake/GitVersion.cmake on trees made here.
def git_facts(source):
    out = os.path.join(tmp, "git_facts.cc")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run(["cmake", "-DSOURCE_DIR=" + source, "-DOUTPUT=" + out, "-P",
                        os.path.join(SOURCE, "cmake/GitVersion.cmake")], capture_output=True, text=True, timeout=120)
    if p.returncode != 0 or p.stderr:
        c.fail("GitVersion.cmake on %s: exit %d, stderr %s" % (source, p.returncode, p.stderr))
        return None
    with open(out) as f:
        m = re.search(r"return GitFacts\{(.*)\};", f.read())
    return m.group(1) if m else None


if shutil.which("git"):
    plain = os.path.join(tmp, "plain")
    os.makedirs(plain)
    c.check(git_facts(plain) == 'false, R"sidecarctl()sidecarctl", 0, "", false', "outside git: unknown")
    repo = os.path.join(tmp, "repo")
    os.makedirs(os.path.join(repo, "sub"))
    git("init", "-q", cwd=repo)
    c.check(git_facts(repo) == 'false, R"sidecarctl()sidecarctl", 0, "", false', "a repository without commits")
    with open(os.path.join(repo, "a.txt"), "w") as f:
        f.write("1\n")
    git("add", "a.txt", cwd=repo)
    git("commit", "-q", "-m", "one", cwd=repo)
    first = git("rev-parse", "HEAD", cwd=repo)
    c.check(git_facts(repo) == 'true, R"sidecarctl()sidecarctl", 1, "%s", false' % first, "no tag, one commit")
    git("tag", "v2.0.1", cwd=repo)
    for n in ("2", "3"):
        with open(os.path.join(repo, "a.txt"), "w") as f:
            f.write(n + "\n")
        git("commit", "-q", "-am", n, cwd=repo)
    last = git("rev-parse", "HEAD", cwd=repo)
    c.check(git_facts(repo) == 'true, R"sidecarctl(v2.0.1)sidecarctl", 2, "%s", false' % last, "tag, 2 commits since")
    with open(os.path.join(repo, "untracked.txt"), "w") as f:
        f.write("x\n")
    c.check(git_facts(repo).endswith("false"), "untracked files leave the tree clean")
    with open(os.path.join(repo, "a.txt"), "a") as f:
        f.write("more\n")
    c.check(git_facts(repo) == 'true, R"sidecarctl(v2.0.1)sidecarctl", 2, "%s", true' % last, "a modified file: dirty")
    # A source tree unpacked inside another checkout is not that checkout.
    c.check(git_facts(os.path.join(repo, "sub")) == 'false, R"sidecarctl()sidecarctl", 0, "", false',
            "a folder inside a checkout is outside git")

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(c.report("test_version"))
