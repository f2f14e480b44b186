#!/usr/bin/env python3
"""Hostile and broken inputs (issue #8), as a table: every case runs against kube-inject, analyze,
iptables-preview -f and template -d (and a few against template -t, --injectConfigFile and
kubeconfigs). Each run must end within a bounded time with the expected exit code (65 bad input,
64 usage, 1 error), a first error line starting with `error:` that names file:line where the input
has one, no stack trace or sanitizer report, and, for kube-inject, an `-o` file that is left
untouched on failure and keeps its mode when replaced.

The 1 GB input runs first so that getrusage(RUSAGE_CHILDREN) measures it alone."""
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1]
TIMEOUT = 180  # seconds per run; the test build is ASan+UBSan Debug on a shared machine
failures = []
TMP = tempfile.mkdtemp(prefix="sidecarctl-hostile-")
EMBEDDED_NOTE = "sidecarctl: using the embedded defaults"
CRASH_MARKERS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer", "runtime error:",
                 "terminate called", "Segmentation fault", "Aborted", "Traceback", "#0 0x", "stack trace")


def fail(what):
    failures.append(what)
    print("FAIL: " + what, flush=True)


def path(name):
    return os.path.join(TMP, name)


def write(name, data, mode=None):
    p = path(name)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    if mode is not None:
        os.chmod(p, mode)
    return p


def run(args, stdin=None):
    start = time.monotonic()
    try:
        p = subprocess.run([BIN] + args, input=stdin, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, b"", b"", TIMEOUT
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def error_lines(err):
    """stderr lines without kube-inject's informational note about embedded defaults."""
    return [l for l in err.decode("utf-8", "replace").splitlines() if not l.startswith(EMBEDDED_NOTE)]


def check(name, args, want_exit, where=None, stdin=None):
    """Runs one case; `where` is a regex the first error line must contain (e.g. file:line)."""
    code, out, err, took = run(args, stdin)
    label = f"{name}: sidecarctl {' '.join(a if len(a) < 60 else a[:57] + '...' for a in args)}"
    if code is None:
        fail(f"{label}: no answer within {TIMEOUT}s")
        return None
    text = err.decode("utf-8", "replace")
    for marker in CRASH_MARKERS:
        if marker in text:
            fail(f"{label}: stderr has {marker!r}: {text[:600]}")
            return code
    if code != want_exit:
        fail(f"{label}: exit {code}, want {want_exit}; stderr: {text[:300]!r}")
        return code
    if want_exit != 0:
        lines = error_lines(err)
        if not lines or not lines[0].startswith("error: "):
            fail(f"{label}: first stderr line should start with 'error: ': {text[:300]!r}")
        elif where and not re.search(where, lines[0]):
            fail(f"{label}: error should name {where!r}: {lines[0][:300]!r}")
        if out:
            fail(f"{label}: stdout should be empty on failure, got {out[:200]!r}")
    return code


def loc(name, line):
    return re.escape(path(name)) + f":{line}:" if line else re.escape(path(name))


BAD = 65

# --- 1 GB input: refused before it is read (sparse file), memory stays bounded ------------------
big = path("big.yaml")
with open(big, "wb") as f:
    f.truncate(1 << 30)
rss_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
# analyze reports unreadable inputs as bad input (65) and analyzes the rest; the others stop (1).
for cmd, want in ((["kube-inject", "-f", big], 1), (["analyze", big], BAD), (["iptables-preview", "-f", big], 1)):
    check("1GB input", cmd, want, re.escape(big) + r".*file too large")
check("1GB data", ["template", "-t", write("dot.tmpl", "{{.}}"), "-d", big], 1, "file too large")
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
if peak_mb > 512:
    fail(f"1GB input: peak RSS of the runs {peak_mb:.0f} MB (limit 512 MB; before: {rss_before / 1024:.0f} MB)")
os.unlink(big)
# Streamed: 1 GB through a FIFO is cut off at the read limit, not held in memory.
fifo = path("stream.yaml")
os.mkfifo(fifo)
writer = subprocess.Popen(["sh", "-c", f"head -c {1 << 30} /dev/zero | tr '\\0' 'a' > {fifo}"],
                          stderr=subprocess.DEVNULL)
check("1GB stream", ["analyze", fifo], BAD, "input too large")
writer.kill()
writer.wait()
os.unlink(fifo)
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
if peak_mb > 768:
    fail(f"1GB stream: peak RSS {peak_mb:.0f} MB (limit 768 MB)")
# The same stream on standard input ("-"): every subcommand stops reading at the limit (65).
for cmd in (["kube-inject", "--offline", "-f", "-"], ["analyze", "-"], ["iptables-preview", "-f", "-"],
            ["template", "-t", write("stdin.tmpl", "{{.}}"), "-d", "-"]):
    gen = subprocess.Popen(["sh", "-c", f"head -c {1 << 30} /dev/zero | tr '\\0' 'a'"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
    try:
        p = subprocess.run([BIN] + cmd, stdin=gen.stdout, capture_output=True, timeout=TIMEOUT)
        text = p.stderr.decode("utf-8", "replace")
        if p.returncode != BAD or "standard input: input too large" not in text or p.stdout:
            fail(f"1GB stdin: sidecarctl {' '.join(cmd)}: exit {p.returncode}, stderr {text[:300]!r}")
    except subprocess.TimeoutExpired:
        fail(f"1GB stdin: sidecarctl {' '.join(cmd)}: no answer within {TIMEOUT}s")
    finally:
        gen.kill()
        gen.wait()
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
if peak_mb > 768:
    fail(f"1GB stdin: peak RSS {peak_mb:.0f} MB (limit 768 MB)")

# --- the table ------------------------------------------------------------------------------
nested_yaml = "a:\n" + "".join("  " * i + "k:\n" for i in range(1, 3000))
nested_json = "[" * 200000 + "]" * 200000
bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh"))
pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx\n"
binary = bytes(range(256)) * 64

# name, content, {command: (exit, line)}: line is the line the error must name (0: the file only,
# None: no location). Commands: inject, analyze, iptables (iptables-preview -f), data (template -d).
ALL_BAD = lambda line: {c: (BAD, line) for c in ("inject", "analyze", "iptables", "data")}
TABLE = [
    ("deeply nested YAML", nested_yaml, ALL_BAD(1001)),
    ("deeply nested JSON", nested_json, {"inject": (BAD, 1), "analyze": (BAD, 1), "iptables": (BAD, 1),
                                         "data": (BAD, None)}),
    ("alias bomb", bomb, ALL_BAD(6)),
    ("huge scalar (70 MB)", "kind: Pod\nmetadata:\n  name: " + "x" * (70 << 20) + "\n",
     {"inject": (BAD, 3), "data": (BAD, 3)}),
    ("huge line (8 MB)", "apiVersion: v1\nkind: Pod\nmetadata: {name: web, annotations: {a: " + "y" * (8 << 20) +
     "}}\nspec: {containers: [{name: app, image: nginx}]}\n", {"inject": (0, None), "analyze": (0, None),
                                                              "iptables": (0, None), "data": (0, None)}),
    ("invalid UTF-8", b"kind: Pod\nmetadata:\n  name: \"\xff\xfe\"\n", ALL_BAD(3)),
    ("NUL byte", b"kind: Pod\x00\n", ALL_BAD(1)),
    ("binary file", binary, ALL_BAD(1)),
    # Manifests are read as istioctl reads them: the last value wins, with a warning (checked below).
    ("duplicate keys", pod.replace("  name: web\n", "  name: web\n  name: db\n"),
     {"inject": (0, None), "analyze": (0, None), "iptables": (BAD, 5), "data": (BAD, 5)}),
    ("empty file", "", {"inject": (0, None), "analyze": (0, None), "iptables": (BAD, None), "data": (0, None)}),
    ("empty documents", "---\n---\n...\n", {"inject": (0, None), "analyze": (0, None), "iptables": (BAD, None)}),
    # kube-inject stops on a document that is not a mapping, as istioctl does (at its line); analyze
    # reports it at its line and analyzes the rest, as istioctl's file source.
    ("scalar document", "\"just a string\"\n", {"inject": (BAD, 1), "analyze": (BAD, 1), "iptables": (BAD, None)}),
    ("list document", "- a\n- b\n", {"inject": (BAD, 1), "analyze": (BAD, 1), "iptables": (BAD, None)}),
    ("containers: 5", pod.replace("  containers:\n  - name: app\n    image: nginx\n", "  containers: 5\n"),
     {"inject": (BAD, 6), "analyze": (BAD, 6), "iptables": (BAD, 6)}),
    ("metadata: []", pod.replace("metadata:\n  name: web\n", "metadata: []\n"),
     {"inject": (BAD, 3), "analyze": (BAD, 3), "iptables": (BAD, 3)}),
    ("spec: a string", pod.split("spec:")[0] + "spec: nope\n", {"inject": (BAD, 5), "analyze": (BAD, 5), "iptables": (BAD, 5)}),
    ("annotations: a list", pod.replace("  name: web\n", "  name: web\n  annotations: [a, b]\n"),
     {"inject": (BAD, 5), "analyze": (BAD, 5), "iptables": (BAD, 5)}),
    ("ports: a map", pod + "    ports: {containerPort: 80}\n", {"inject": (BAD, 9), "analyze": (BAD, 9), "iptables": (BAD, 9)}),
    ("bad interception annotation", pod.replace("  name: web\n", "  name: web\n  annotations:\n"
                                                "    traffic.sidecar.istio.io/includeInboundPorts: \"80,x\"\n"),
     {"iptables": (BAD, 6)}),
    ("istio-init args: 5", pod.replace("spec:\n", "spec:\n  initContainers:\n  - name: istio-init\n    args: 5\n"),
     {"inject": (BAD, 8), "iptables": (BAD, 8)}),
]

for name, content, expectations in TABLE:
    f = write("case.yaml", content)
    for cmd, (want, line) in expectations.items():
        where = None if line is None else loc("case.yaml", line)
        if cmd == "inject":
            check(name, ["kube-inject", "-f", f], want, where)
        elif cmd == "analyze":
            check(name, ["analyze", f], want, where)
        elif cmd == "iptables":
            check(name, ["iptables-preview", "-f", f], want, where)
        elif cmd == "data":
            check(name, ["template", "-t", write("dot.tmpl", "{{.}}"), "-d", f], want, where)

# Repeated keys in a manifest: a warning naming file:line:col, and the last value used.
f = write("case.yaml", pod.replace("  name: web\n", "  name: web\n  name: db\n"))
for args in (["kube-inject", "-f", f], ["analyze", f]):
    code, out, err, took = run(args, None)
    text = err.decode("utf-8", "replace")
    if code != 0 or not re.search(loc("case.yaml", 5) + r'.*mapping key "name" is repeated: the last value is used', text):
        fail(f"duplicate keys: sidecarctl {' '.join(args)}: exit {code}, want 0 and a warning; stderr {text[:300]!r}")
    if args[0] == "kube-inject" and b"name: db" not in out:
        fail(f"duplicate keys: kube-inject keeps the last value: {out[:300]!r}")

# --- kube-inject -o: a failed run leaves the old file alone; a good one keeps its mode -----------
out = write("out.yaml", "previous content\n", mode=0o640)
before = os.listdir(TMP)
for name, content in (("binary", binary), ("a bare string", "just a string\n"), ("containers: 5", TABLE[13][1])):
    check(f"-o untouched ({name})", ["kube-inject", "-f", write("case.yaml", content), "-o", out], BAD)
    with open(out) as fh:
        if fh.read() != "previous content\n":
            fail(f"-o untouched ({name}): {out} was changed")
if sorted(os.listdir(TMP)) != sorted(before):
    fail(f"-o: files left behind: {sorted(set(os.listdir(TMP)) - set(before))}")
for mode in (0o600, 0o640, 0o755):
    os.chmod(out, mode)
    check(f"-o keeps mode {oct(mode)}", ["kube-inject", "-f", write("case.yaml", pod), "-o", out], 0)
    got = stat.S_IMODE(os.stat(out).st_mode)
    if got != mode:
        fail(f"-o keeps mode: {oct(mode)} became {oct(got)}")
    with open(out) as fh:
        if "istio-proxy" not in fh.read():
            fail("-o keeps mode: output not written")

# --- templates that loop, recurse or print gigabytes (template -t and --injectConfigFile) --------
HOSTILE_TEMPLATES = [
    ("endless range", "{{range until 100000}}{{range until 100000}}{{end}}{{end}}", "exceeded maximum execution steps"),
    ("endless recursion", '{{define "a"}}{{template "a" .}}{{end}}{{template "a" .}}', "exceeded maximum template depth"),
    ("gigabytes of output", "{{range until 100000}}{{range until 100000}}{{\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}}{{end}}{{end}}",
     "output exceeds the maximum size"),
    ("one huge string", '{{repeat 1000000000 "0123456789"}}', "result too large"),
    ("one huge list", "{{len (until 2000000000)}}", "result too large"),
    ("huge indent", '{{indent 2000000000 "x\\ny"}}', "result too large"),  # Istio's indent (regression: 6 GB)
    ("huge sprig indent", '{{"x" | nindent 2000000000}}', "result too large"),
    ("deep parentheses", "{{" + "(" * 100000 + "1" + ")" * 100000 + "}}", "max expression depth exceeded"),
    ("deep ifs", "{{if 1}}" * 5000 + "{{end}}" * 5000, "max control depth exceeded"),
    # sprig's semver patterns (regression: std::regex took 51 s on 4 of these blank runs, and
    # overflowed the stack on a 200 KB constraint or version; the template fuzzer's finding).
    ("semver constraint of blank runs", "{{semverCompare `^1" + ("\t" * 14 + "2") * 2000 + "!` `1.0.0`}}",
     "improper constraint"),
    ("long semver constraint", '{{semverCompare "' + "1" * 200000 + '" "1.0.0"}}', "constraint Parser Error"),
    ("long semver version", '{{semver "' + "1" * 200000 + '"}}', "value out of range"),
    # Regular expressions (regression: std::regex backtracked exponentially on nested
    # repetition; the template fuzzer's finding). Now linear: the match is decided, then `fail`.
    ("regexp with nested repetition",
     '{{if not (regexMatch "(a|aa)*c" (repeat 100000 "a"))}}{{fail "decided in linear time"}}{{end}}',
     "decided in linear time"),
    ("regexp replacement over a long input", '{{regexReplaceAll "(?:a?){1000}b" (repeat 1000000 "a") "x"}}',
     "regexp matching took more than sidecarctl's limit of 20000000 steps"),
    # Work inside functions counts against the step limit (regression: each call was bounded, but
    # a loop of slow calls ran for days, and walks over values shared 2^40 times never ended).
    ("a slow regexp in a loop",
     '{{$s := repeat 20000 "a"}}{{range until 3000000}}{{if regexMatch "(a|aa)*c" $s}}{{end}}{{end}}',
     "exceeded maximum execution steps"),
    ("a list sharing itself 2^40 times", '{{$x := list 1}}{{range until 40}}{{$x = list $x $x}}{{end}}{{toJson $x}}',
     "exceeded maximum execution steps"),
    ("a dict sharing itself 2^40 times",
     '{{$x := dict}}{{range until 40}}{{$x = dict "a" $x "b" $x}}{{end}}{{deepCopy $x | len}}',
     "exceeded maximum execution steps"),
    ("seq of 60 million", "{{seq 60000000}}", "exceeded maximum execution steps"),  # was 30 s, 500 MB
    ("keeping huge strings", '{{$l := list}}{{range until 1000}}{{$l = append $l (repeat 60000000 "a")}}{{end}}',
     "exceeded maximum execution steps"),
    # A map that contains itself (regression: printing or copying it overflowed the stack).
    ("a map containing itself", '{{$d := dict}}{{$_ := set $d "self" (list $d)}}{{toJson $d}}',
     'a map cannot contain itself (key "self")'),
    # Values nested far deeper than any document (regression: walking one, or releasing it,
    # recursed once per level and overflowed the stack).
    ("a list nested 200000 levels", '{{$x := list}}{{range until 200000}}{{$x = list $x}}{{end}}{{printf "%v" $x}}',
     "value nested too deeply (more than 2000 levels)"),
    ("releasing a list nested 200000 levels", '{{$x := list}}{{range until 200000}}{{$x = list $x}}{{end}}{{fail "built"}}',
     "built"),
]
data = write("data.json", "{}")
for name, text, message in HOSTILE_TEMPLATES:
    check(f"template: {name}", ["template", "-t", write("hostile.tmpl", text), "-d", data], BAD,
          "inject:1" + ".*" + re.escape(message))
    config = "policy: enabled\ntemplates:\n  sidecar: |\n    " + text + "\n"
    check(f"--injectConfigFile: {name}",
          ["kube-inject", "-f", write("case.yaml", pod), "--injectConfigFile", write("cfg.yaml", config)], BAD,
          re.escape(message))

# --- kubeconfigs with missing or wrong entries (no server is contacted) -------------------------
KUBECONFIGS = [
    ("no current-context", "apiVersion: v1\nkind: Config\n", 64, "no current-context"),
    ("unknown context", "apiVersion: v1\nkind: Config\ncurrent-context: nope\n", 1, 'context "nope"'),
    ("context without cluster", "apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n"
     "- name: c\n  context: {cluster: x, user: u}\n", BAD, ":5:3: .*cluster \"x\" is not defined"),
    ("cluster without server", "apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n"
     "- name: c\n  context: {cluster: x, user: u}\nclusters:\n- name: x\n  cluster: {}\nusers:\n- name: u\n  user: {}\n",
     BAD, "server"),
    ("clusters: 5", "clusters: 5\n", BAD, ":1:1: clusters must be a list"),
    ("binary kubeconfig", binary, BAD, ":1:1:"),
    ("empty kubeconfig", "", 64, "current-context"),
]
for name, text, want, where in KUBECONFIGS:
    kc = write("kubeconfig", text)
    check(f"kubeconfig: {name}", ["--kubeconfig", kc, "label-namespace", "shop"], want, where)

# --- a directory with entries that cannot be read -----------------------------------------------
d = path("dir")
os.mkdir(d)
with open(os.path.join(d, "a.yaml"), "w") as fh:
    fh.write(pod)
locked = os.path.join(d, "locked.yaml")
with open(locked, "w") as fh:
    fh.write(pod)
os.chmod(locked, 0)
if os.access(locked, os.R_OK):
    # Running as root: mode 000 does not stop reading. A FIFO (reading it would block forever) and a
    # dangling symlink stand in for entries that cannot be read; a directory walk skips both.
    os.unlink(locked)
    os.mkfifo(os.path.join(d, "fifo.yaml"))
    os.symlink(os.path.join(d, "gone.yaml"), os.path.join(d, "dangling.yaml"))
    for cmd in (["kube-inject", "-f", d], ["analyze", d], ["iptables-preview", "-f", d]):
        check("directory with a FIFO and a dangling symlink", cmd, 0)
else:
    for cmd in (["kube-inject", "-f", d], ["analyze", d], ["iptables-preview", "-f", d]):
        check("directory with an unreadable file", cmd, 1 if cmd[0] != "analyze" else BAD,
              re.escape(locked) + ".*Permission denied")

shutil.rmtree(TMP, ignore_errors=True)
if failures:
    print(f"test_hostile_inputs: {len(failures)} failure(s)")
    sys.exit(1)
print("test_hostile_inputs: all checks passed")
