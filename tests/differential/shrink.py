#!/usr/bin/python3
"""Shrinks an input on which sidecarctl and istioctl diverge, keeping the divergence.

`compare` sums a divergence up as classes: which tool failed (with its error line, digits and
paths left out), or, per differing stretch of the two outputs, the keys of the first removed and
added lines ('stdout: -cpu +cpu'), or for analyze the codes and kinds of the messages one side
lacks. The shrinker keeps one class (by default the first) while it removes what it can: whole
documents first, then, level by level (hierarchical delta debugging over the indentation tree of
each document), blocks of lines: a mapping key with everything under it, a list item, a comment.
It works on the text, so a YAML style that causes the divergence survives; a removal that breaks
the YAML changes the class and is undone.

Also the running and comparing code run.py uses (`run_tools`, `compare`).

usage: shrink.py CASE_DIR [--class CLASS] [--budget N]
  CASE_DIR is a divergence folder written by run.py (case.json with the command lines and the
  classes, and the input file); the minimal reproducer goes to CASE_DIR/shrunk-<n>/ (n: the index
  of the class in case.json's "classes"), with both outputs, the diff and commands.sh.
"""

import argparse
import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading

SANITIZER = re.compile(r"ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|UndefinedBehaviorSanitizer")


# ------------------------------------------------------------------------------------------------
# running the two tools and comparing them
# ------------------------------------------------------------------------------------------------

class Result:
    """What one tool did with one input."""

    def __init__(self, argv, exit_code, stdout, stderr, seconds):
        self.argv = argv
        self.exit = exit_code  # an int, or "timeout"
        self.stdout = stdout  # bytes
        self.stderr = stderr  # bytes
        self.seconds = seconds


def run_tool(argv, env, timeout, cwd=None):
    import time
    start = time.monotonic()
    try:
        p = subprocess.run(argv, env=env, capture_output=True, timeout=timeout, cwd=cwd, stdin=subprocess.DEVNULL)
        return Result(argv, p.returncode, p.stdout, p.stderr, time.monotonic() - start)
    except subprocess.TimeoutExpired as e:
        return Result(argv, "timeout", e.stdout or b"", e.stderr or b"", time.monotonic() - start)


def tool_env(spec_env, home):
    """The environment of a run: no cluster (HOME empty, KUBECONFIG missing) plus the case's variables."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("KUBERNETES_SERVICE_", "ISTIOCTL_", "ENABLE_NATIVE_SIDECARS", "ASAN_", "UBSAN_"))}
    env["HOME"] = home
    env["KUBECONFIG"] = os.path.join(home, "no-such-dir", "kubeconfig")
    env["ASAN_OPTIONS"] = "detect_leaks=1"
    env.update(spec_env)
    return env


def expand(argv, input_path):
    return [input_path if a == "{input}" else a for a in argv]


def run_tools(spec, input_path, home, timeout=120):
    """Runs spec's two command lines (argv_a is the reference) on input_path."""
    env = tool_env(spec.get("env", {}), home)
    a = run_tool(expand(spec["argv_a"], input_path), env, timeout)
    if spec.get("argv_a_exit"):
        # the reference's exit status comes from another command line (istioctl analyze exits 79
        # only in its log format, never with -o json)
        a.exit = run_tool(expand(spec["argv_a_exit"], input_path), env, timeout).exit
    b = run_tool(expand(spec["argv_b"], input_path), env, timeout)
    return a, b


def first_line(data):
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line:
            return line
    return ""


def normalize_message(msg):
    msg = re.sub(r"(?<![\w.])/[^\s:'\"]+", "PATH", msg)
    msg = re.sub(r"\d+", "N", msg)
    return msg[:160]


def line_key(line):
    """The key of a YAML output line, without its value: '    - name: foo' -> '- name'."""
    s = line.strip()
    if s.startswith("---"):
        return "<separator>"
    dash = ""
    if s.startswith("- "):
        dash, s = "- ", s[2:]
    m = re.match(r"^([^:]*?):(\s|$)", s)
    if m:
        return dash + m.group(1).strip("'\"")
    return dash + ("<scalar>" if s else "<blank>")


def stdout_classes(a_out, b_out):
    """One class per differing hunk of the two outputs: the keys of its first removed and first
    added lines ('-key +key'), so that an output with two unrelated differences shows both."""
    a_lines = a_out.decode("utf-8", "replace").splitlines()
    b_lines = b_out.decode("utf-8", "replace").splitlines()
    classes = set()
    matcher = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        minus = line_key(a_lines[i1]) if i2 > i1 else "(none)"
        plus = line_key(b_lines[j1]) if j2 > j1 else "(none)"
        classes.add("stdout: -%s +%s" % (minus, plus))
    if not classes:
        classes.add("stdout: final newline")
    return sorted(classes)


def compare_kube_inject(a, b):
    """(same, classes) for a kube-inject run: exit statuses agree and, when both succeed, the
    outputs are byte for byte equal. When both fail, stdout is not compared: istioctl has already
    written the documents before the failing one, sidecarctl writes nothing on error (by design).
    classes names each kind of difference found (one per differing hunk of stdout)."""
    err_b = b.stderr.decode("utf-8", "replace")
    if SANITIZER.search(err_b):
        return False, ["sanitizer: " + normalize_message(SANITIZER.search(err_b).group(0))]
    ok_a, ok_b = a.exit == 0, b.exit == 0
    if a.exit == "timeout" or b.exit == "timeout":
        return False, ["timeout: istioctl=%s sidecarctl=%s" % (a.exit, b.exit)]
    if ok_a and ok_b:
        if a.stdout == b.stdout:
            return True, ["same"]
        return False, stdout_classes(a.stdout, b.stdout)
    if not ok_a and not ok_b:
        return True, ["both failed"]
    failed = a if not ok_a else b
    who = "istioctl" if not ok_a else "sidecarctl"
    return False, ["exit: only %s fails: %s" % (who, normalize_message(last_error_line(failed.stderr)))]


def last_error_line(data):
    """The line of stderr that says what failed (istioctl logs first and prints `Error: ...` last)."""
    lines = [l.strip() for l in data.decode("utf-8", "replace").splitlines() if l.strip()]
    for l in lines:
        if l.startswith(("Error:", "error:", "* ")):
            return l
    return lines[-1] if lines else ""


def analyze_messages(result):
    """The set of (code, level, origin, message) of an `analyze -o json` output, or None."""
    text = result.stdout.decode("utf-8", "replace")
    # istioctl logs warnings (a file it skips) to stdout before the JSON: start at the array
    m = re.search(r"^\[", text, re.M)
    try:
        data = json.loads(text[m.start():] if m else (text.strip() or "[]"))
    except ValueError:
        return None
    out = set()
    for m in data if isinstance(data, list) else []:
        # origin is "Kind namespace/name": the resource and its namespace
        out.add((m.get("code") or "", m.get("level") or "", m.get("origin") or "", m.get("message") or ""))
    return out


def message_shape(msg):
    """An analyzer message without its names, hosts and numbers."""
    msg = re.sub(r'"[^"]*"', "Q", msg)
    msg = re.sub(r"\[[^\]]*\]", "[L]", msg)
    msg = re.sub(r"[\w*-]+(\.[\w*-]+)+", "H", msg)
    msg = re.sub(r"[\w.-]+/[\w.-]+", "NS/N", msg)
    msg = re.sub(r"\d+", "N", msg)
    return msg[:90]


def analyze_exit_class(code):
    if code == "timeout":
        return "timeout"
    return {0: "ok", 79: "issues"}.get(code, "error")


def compare_analyze(a, b):
    """(same, classes) for analyze -o json: equal message sets and the same exit class."""
    if SANITIZER.search(b.stderr.decode("utf-8", "replace")):
        return False, ["sanitizer"]
    ca, cb = analyze_exit_class(a.exit), analyze_exit_class(b.exit)
    ma, mb = analyze_messages(a), analyze_messages(b)
    if ca == "error" and cb == "error":
        return True, ["both failed"]
    if ma is None or mb is None:
        return False, ["analyze: unparsable json (istioctl %s, sidecarctl %s)" % (ca, cb)]
    classes = set()
    if ca != cb:
        classes.add("analyze: exit istioctl=%s sidecarctl=%s" % (ca, cb))
    for m in ma - mb:
        classes.add("analyze: missing %s %s: %s" % (m[0], m[2].split(" ")[0], message_shape(m[3])))
    for m in mb - ma:
        classes.add("analyze: extra %s %s: %s" % (m[0], m[2].split(" ")[0], message_shape(m[3])))
    if not classes:
        return True, ["same"]
    return False, sorted(classes)


def compare(spec, a, b):
    """(same, classes): whether the two runs agree, and the kinds of difference when not."""
    if spec.get("compare") == "analyze":
        return compare_analyze(a, b)
    return compare_kube_inject(a, b)


def unified_diff(a, b, name_a="istioctl", name_b="sidecarctl"):
    return "".join(difflib.unified_diff(a.decode("utf-8", "replace").splitlines(True),
                                        b.decode("utf-8", "replace").splitlines(True), name_a, name_b))


# ------------------------------------------------------------------------------------------------
# the shrinker
# ------------------------------------------------------------------------------------------------

def split_documents(text):
    """The text cut before each line starting with '---' (the separator stays with its document)."""
    parts, cur = [], []
    for line in text.splitlines(True):
        if line.startswith("---") and cur:
            parts.append("".join(cur))
            cur = []
        cur.append(line)
    if cur:
        parts.append("".join(cur))
    return parts


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def _is_trivia(line):
    s = line.strip()
    return not s or s.startswith("#")


def _opens_block(line):
    s = re.sub(r"\s+#.*$", "", line.rstrip("\r\n")).rstrip()
    return s.endswith(":") and not s.lstrip().startswith("- ")


class Node:
    """One line of a document and the lines under it (its block)."""

    def __init__(self, line):
        self.line = line
        self.children = []

    def text(self):
        return self.line + "".join(c.text() for c in self.children)


def build_tree(lines):
    """Nodes of a document: a line owns the following lines indented deeper, and, after `key:`,
    the `- ` items at its own indentation (an indentless sequence); comments and blank lines go
    with the block they sit in."""
    nodes, i = [], 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        if not _is_trivia(line):
            n = _indent(line)
            seq = _opens_block(line)
            while j < len(lines):
                nxt = lines[j]
                if _is_trivia(nxt) or _indent(nxt) > n:
                    j += 1
                    continue
                stripped = nxt.lstrip(" ")
                if seq and _indent(nxt) == n and (stripped.startswith("- ") or stripped.rstrip() == "-"):
                    j += 1
                    continue
                break
            # trailing comments and blank lines belong to the next sibling
            while j > i + 1 and _is_trivia(lines[j - 1]):
                j -= 1
        node = Node(line)
        node.children = build_tree(lines[i + 1:j])
        nodes.append(node)
        i = j
    return nodes


class Shrinker:
    """Delta debugging over documents and line blocks while `interesting(text)` holds."""

    def __init__(self, interesting, budget=500, log=None):
        self.interesting = interesting
        self.budget = budget
        self.tests = 0
        self.cache = {}
        self.log = log or (lambda msg: None)

    def test(self, text):
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if key in self.cache:
            return self.cache[key]
        if self.tests >= self.budget:
            return False
        self.tests += 1
        ok = bool(self.interesting(text))
        self.cache[key] = ok
        return ok

    def ddmin(self, items, render):
        """Removes chunks of items (halves, quarters, ..., singles) while render(kept) stays interesting."""
        n = 2
        while len(items) >= 1:
            chunk = max(1, len(items) // n)
            removed_any = False
            start = 0
            while start < len(items):
                trial = items[:start] + items[start + chunk:]
                if trial != items and self.test(render(trial)):
                    items = trial
                    removed_any = True
                else:
                    start += chunk
            if chunk == 1 and not removed_any:
                break
            if not removed_any:
                n = min(n * 2, max(len(items), 1))
        return items

    def shrink(self, text):
        """The smallest text found (passes over documents, then line blocks, until nothing changes)."""
        cur = text
        for _ in range(4):
            before = cur
            docs = self.ddmin(split_documents(cur), lambda ds: "".join(ds))
            trees = [build_tree(d.splitlines(True)) for d in docs]

            def render():
                return "".join("".join(n.text() for n in t) for t in trees)

            def reduce(container):
                # container is one level of the tree; ddmin edits it, then each kept node's children
                def render_with(kept):
                    saved = container[:]
                    container[:] = kept
                    out = render()
                    container[:] = saved
                    return out

                container[:] = self.ddmin(list(container), render_with)
                for node in container:
                    if node.children:
                        reduce(node.children)

            for t in trees:
                reduce(t)
            cur = render()
            self.log("pass: %d documents, %d lines, %d tests" % (len(docs), cur.count("\n"), self.tests))
            if cur == before or self.tests >= self.budget:
                break
        return cur


# ------------------------------------------------------------------------------------------------
# CLI over a divergence folder
# ------------------------------------------------------------------------------------------------

def write(path, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(data)


def shrink_case(case_dir, budget=500, home=None, log=None, target=None):
    """Shrinks CASE_DIR's input keeping class `target` (default: its first class); writes
    CASE_DIR/shrunk-<n>/. Returns (minimal text, tests run, output folder)."""
    with open(os.path.join(case_dir, "case.json")) as f:
        spec = json.load(f)
    input_name = spec.get("input_name", "input.yaml")
    with open(os.path.join(case_dir, input_name), encoding="utf-8", newline="") as f:
        text = f.read()
    classes = spec["classes"]
    target = target or classes[0]
    index = classes.index(target) if target in classes else len(classes)
    home = home or tempfile.mkdtemp(prefix="differential-home-")
    work = tempfile.mkdtemp(prefix="shrink-")
    counter = [0]
    lock = threading.Lock()

    def interesting(candidate):
        with lock:
            counter[0] += 1
            path = os.path.join(work, "%d-%s" % (counter[0], input_name))
        write(path, candidate)
        a, b = run_tools(spec, path, home)
        os.unlink(path)
        same, found = compare(spec, a, b)
        return not same and target in found

    shrinker = Shrinker(interesting, budget=budget, log=log)
    if not shrinker.test(text):
        if log:
            log("the divergence does not reproduce; nothing shrunk")
        minimal = text
    else:
        minimal = shrinker.shrink(text)
    out = os.path.join(case_dir, "shrunk-%d" % index)
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, input_name)
    write(path, minimal)
    a, b = run_tools(spec, path, home)
    same, found = compare(spec, a, b)
    write(os.path.join(out, "istioctl.stdout"), a.stdout)
    write(os.path.join(out, "istioctl.stderr"), a.stderr)
    write(os.path.join(out, "sidecarctl.stdout"), b.stdout)
    write(os.path.join(out, "sidecarctl.stderr"), b.stderr)
    write(os.path.join(out, "exit"), "istioctl %s\nsidecarctl %s\n" % (a.exit, b.exit))
    write(os.path.join(out, "class.txt"), "kept: %s\nnow: %s\n" % (target, "; ".join(found)))
    write(os.path.join(out, "diff.txt"), unified_diff(a.stdout, b.stdout))
    write(os.path.join(out, "commands.sh"), commands_script(spec, path))
    try:
        os.rmdir(work)
    except OSError:
        pass
    return minimal, shrinker.tests, out


def commands_script(spec, input_path):
    import shlex
    env = " ".join("%s=%s" % (k, shlex.quote(v)) for k, v in sorted(spec.get("env", {}).items()))
    lines = ["#!/bin/sh", "# HOME is an empty directory and KUBECONFIG a missing file: no cluster is ever contacted.",
             'H=$(mktemp -d)']
    for argv in (spec["argv_a"], spec.get("argv_a_exit"), spec["argv_b"]):
        if not argv:
            continue
        lines.append("env -u KUBERNETES_SERVICE_HOST HOME=$H KUBECONFIG=$H/none/kubeconfig %s %s; echo \"exit $?\""
                     % (env, " ".join(shlex.quote(a) for a in expand(argv, input_path))))
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Shrink a divergence folder written by run.py.")
    ap.add_argument("case_dir")
    ap.add_argument("--class", dest="target", help="the class to keep (default: the first in case.json)")
    ap.add_argument("--budget", type=int, default=500, help="most tool-pair runs (default 500)")
    args = ap.parse_args(argv)
    minimal, tests, out = shrink_case(args.case_dir, args.budget, log=lambda m: print(m, file=sys.stderr),
                                      target=args.target)
    print("%d tests; %d lines left; %s" % (tests, minimal.count("\n"), out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
