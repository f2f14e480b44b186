#!/usr/bin/python3
"""Tests of the differential harness itself, with small shell scripts standing in for the two
tools: no istioctl or sidecarctl needed. usage: test_harness.py [-v]"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate  # noqa: E402
import run  # noqa: E402
import shrink  # noqa: E402

PY = sys.executable

# A stand-in for `istioctl kube-inject`: prints the -f file; fails on a line `explode: true`.
FAKE_REFERENCE = r"""#!/bin/sh
while [ $# -gt 0 ]; do case "$1" in -f) f="$2"; shift;; esac; shift; done
if grep -q '^ *explode: true' "$f"; then echo "Error: exploded" >&2; exit 1; fi
cat "$f"
"""
# A stand-in for `sidecarctl kube-inject`: the same, but it turns `magic: 42` into `magic: 43` and
# does not fail on `explode: true`; --show-config prints three documents.
FAKE_CANDIDATE = r"""#!/bin/sh
for a in "$@"; do if [ "$a" = --show-config ]; then printf 'templates: {}\n---\n{}\n---\ntrustDomain: x\n'; exit 0; fi; done
while [ $# -gt 0 ]; do case "$1" in -f) f="$2"; shift;; esac; shift; done
sed 's/magic: 42/magic: 43/' "$f"
"""


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write_script(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)
    return path


def plant(text, line):
    """text with `line` added as the last key of the first document's pod spec (`spec:` of a
    template, or of a Pod), indented like its siblings."""
    lines = text.splitlines(True)
    for i, l in enumerate(lines):
        if l.strip() in ("containers:", '"containers":') and i + 1 < len(lines):
            pad = l[:len(l) - len(l.lstrip())]
            lines.insert(i, pad + line + "\n")
            return "".join(lines)
    raise AssertionError("no block-style containers: in the input")


def block_style_case(start):
    """The first seed from `start` whose input has a block-style `containers:` line, and its text."""
    for seed in range(start, start + 200):
        case = generate.kube_inject_case(seed)
        if any(l.strip() in ("containers:", '"containers":') for l in case.text.splitlines()):
            return seed, case.text
    raise AssertionError("no block-style input")


class GeneratorTest(unittest.TestCase):
    def test_deterministic_per_seed(self):
        for seed in (0, 1, 42, 999):
            self.assertEqual(generate.kube_inject_case(seed).text, generate.kube_inject_case(seed).text)
            self.assertEqual(generate.analyze_case(seed).text, generate.analyze_case(seed).text)
        self.assertNotEqual(generate.kube_inject_case(1).text, generate.kube_inject_case(2).text)

    def test_deterministic_across_processes(self):
        # set and dict order must not leak in: a different hash seed gives the same bytes
        code = "import sys; sys.path.insert(0, %r); import generate; print(generate.kube_inject_case(7).text)" % HERE
        outs = set()
        for hash_seed in ("1", "2"):
            env = dict(os.environ, PYTHONHASHSEED=hash_seed)
            outs.add(subprocess.run([PY, "-c", code], env=env, capture_output=True, text=True, check=True).stdout)
        self.assertEqual(len(outs), 1)
        self.assertEqual(outs.pop(), generate.kube_inject_case(7).text + "\n")

    def test_every_kind(self):
        kinds = set()
        for seed in range(200):
            kinds.update(generate.kube_inject_case(seed).kinds)
        self.assertEqual(kinds, set(generate.WORKLOAD_KINDS))

    def test_every_annotation_is_used(self):
        seen = set()
        for seed in range(400):
            seen.update(f.split(":", 1)[1] for f in generate.kube_inject_case(seed).features
                        if f.startswith("annotation:"))
        self.assertEqual(set(generate.WorkloadGen.ANNOTATIONS) - seen, set())

    def test_inputs_are_yaml(self):
        for seed in range(150):
            text = generate.kube_inject_case(seed).text
            docs = [d for d in yaml.safe_load_all(text.replace("\r\n", "\n")) if d is not None]
            self.assertTrue(docs, seed)
            for d in docs:
                self.assertIsInstance(d, dict, seed)
        for seed in range(60):
            for d in yaml.safe_load_all(generate.analyze_case(seed).text):
                self.assertIsInstance(d, dict, seed)

    def test_styles_vary(self):
        texts = "".join(generate.kube_inject_case(s).text for s in range(80))
        for marker in ("# ", "{", "'", '"', "|", "---\n---\n", "\\u", "é"):
            self.assertIn(marker, texts)

    def test_native_setting_varies(self):
        self.assertEqual({generate.kube_inject_case(s).native for s in range(20)}, {"true", "false"})

    def test_writer_round_trips(self):
        w = generate.Writer(__import__("random").Random(3), comment_rate=0.5, flow_rate=0.3, quote_rate=0.5)
        data = {"a": ["x", {"b": "multi\nline\n", "c": "no newline\nat end"}], "yes": "on", "n": "1e3",
                "e": [], "m": {}, "u": "ünï 🚀", "k": "a: b", "h": "#x", "z": None, "t": True}
        for _ in range(20):
            self.assertEqual(yaml.safe_load(w.document(data)), data)


class ShrinkTreeTest(unittest.TestCase):
    def test_indentless_sequence_belongs_to_its_key(self):
        text = "spec:\n  containers:\n  - name: a\n    image: b\n  - name: c\n  volumes: []\nkind: Pod\n"
        tree = shrink.build_tree(text.splitlines(True))
        self.assertEqual([n.line for n in tree], ["spec:\n", "kind: Pod\n"])
        spec = tree[0]
        self.assertEqual([n.line for n in spec.children], ["  containers:\n", "  volumes: []\n"])
        self.assertEqual([n.line for n in spec.children[0].children], ["  - name: a\n", "  - name: c\n"])
        self.assertEqual("".join(n.text() for n in tree), text)

    def test_ddmin_finds_the_needed_items(self):
        s = shrink.Shrinker(lambda t: "3" in t and "7" in t)
        self.assertEqual(s.ddmin(list("0123456789"), "".join), ["3", "7"])


def result(exit_code, stdout=b"", stderr=b""):
    return shrink.Result([], exit_code, stdout, stderr, 0.0)


class CompareTest(unittest.TestCase):
    def test_kube_inject_agreement(self):
        self.assertEqual(shrink.compare_kube_inject(result(0, b"a: 1\n"), result(0, b"a: 1\n")), (True, ["same"]))
        # both fail: stdout is not compared (istioctl streams, sidecarctl writes nothing on error)
        self.assertEqual(shrink.compare_kube_inject(result(1, b"a: 1\n---\n"), result(65)), (True, ["both failed"]))

    def test_kube_inject_classes_one_per_hunk(self):
        a = b"kind: Pod\nspec:\n  cpu: 500m\n  x: 1\n  y: 2\n  z: 3\n---\n---\nkind: Service\n"
        b = b"kind: Pod\nspec:\n  cpu: \"0.5\"\n  x: 1\n  y: 2\n  z: 3\n---\nkind: Service\n"
        self.assertEqual(shrink.compare_kube_inject(result(0, a), result(0, b)),
                         (False, ["stdout: -<separator> +(none)", "stdout: -cpu +cpu"]))

    def test_kube_inject_exit_and_sanitizer(self):
        same, classes = shrink.compare_kube_inject(
            result(1, stderr=b"2026-01-01T00:00:00Z\terror\tsomething\nError: bad value '7' at /tmp/x.yaml\n"),
            result(0, b"ok\n"))
        self.assertEqual((same, classes), (False, ["exit: only istioctl fails: Error: bad value 'N' at PATH"]))
        self.assertEqual(shrink.compare_kube_inject(result(0), result(1, stderr=b"==1==ERROR: AddressSanitizer: x"))[1],
                         ["sanitizer: ERROR: AddressSanitizer"])

    def test_analyze(self):
        m1 = {"code": "IST0101", "level": "Error", "origin": "VirtualService default/vs", "message": "m"}
        m2 = {"code": "IST0118", "level": "Info", "origin": "Service default/s", "message": "n"}
        js = lambda *ms: json.dumps(list(ms)).encode()
        self.assertEqual(shrink.compare_analyze(result(79, js(m1, m2)), result(79, js(m2, m1))), (True, ["same"]))
        self.assertEqual(shrink.compare_analyze(result(0, js(m2)), result(79, js(m2, m1))),
                         (False, ["analyze: exit istioctl=ok sidecarctl=issues", "analyze: extra IST0101 VirtualService: m"]))
        self.assertEqual(shrink.message_shape('Referenced host not found: "reviews" in [a b] for ns/x port 80'),
                         "Referenced host not found: Q in [L] for NS/N port N")
        self.assertEqual(shrink.compare_analyze(result(1), result(65)), (True, ["both failed"]))


class ShrinkerWithFakeToolsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="harness-test-")
        self.ref = write_script(self.dir, "istioctl", FAKE_REFERENCE)
        self.cand = write_script(self.dir, "sidecarctl", FAKE_CANDIDATE)
        self.spec = {"compare": "kube-inject", "env": {"ENABLE_NATIVE_SIDECARS": "false"}, "input_name": "input.yaml",
                     "argv_a": [self.ref, "kube-inject", "-f", "{input}"],
                     "argv_b": [self.cand, "kube-inject", "-f", "{input}"]}

    def divergence(self, text, name):
        folder = os.path.join(self.dir, name)
        path = os.path.join(self.dir, name + ".yaml")
        shrink.write(path, text)
        a, b = shrink.run_tools(self.spec, path, self.dir)
        same, sig = shrink.compare(self.spec, a, b)
        self.assertFalse(same)
        os.makedirs(folder)
        shrink.write(os.path.join(folder, "input.yaml"), text)
        with open(os.path.join(folder, "case.json"), "w") as f:
            json.dump(dict(self.spec, classes=sig), f)
        return folder, sig

    def test_no_divergence_without_the_trigger(self):
        path = os.path.join(self.dir, "plain.yaml")
        shrink.write(path, generate.kube_inject_case(5).text)
        a, b = shrink.run_tools(self.spec, path, self.dir)
        self.assertEqual(shrink.compare(self.spec, a, b), (True, ["same"]))

    def test_shrinks_an_output_divergence(self):
        seed, text = block_style_case(10)
        text = plant(text, "magic: 42")
        folder, sig = self.divergence(text, "out")
        self.assertEqual(sig, ["stdout: -magic +magic"])
        minimal, tests, out = shrink.shrink_case(folder, budget=400, home=self.dir)
        self.assertIn("magic: 42", minimal)
        self.assertLess(minimal.count("\n"), 6, minimal)
        self.assertLess(minimal.count("\n") * 10, text.count("\n"))
        self.assertEqual(read(os.path.join(out, "class.txt")), "kept: %s\nnow: %s\n" % (sig[0], sig[0]))
        diff = read(os.path.join(out, "diff.txt"))
        self.assertIn("magic: 42", diff)
        self.assertIn("magic: 43", diff)

    def test_shrinks_an_exit_divergence_and_keeps_its_kind(self):
        seed, text = block_style_case(30)
        text = plant(text, "explode: true") + "---\nmagic: 42\n"
        folder, sig = self.divergence(text, "exit")
        # the reference fails, the candidate does not: the magic line (an output difference) must not
        # replace the exit divergence while shrinking
        self.assertEqual(sig, ["exit: only istioctl fails: Error: exploded"])
        minimal, _, _ = shrink.shrink_case(folder, budget=400, home=self.dir)
        self.assertIn("explode: true", minimal)
        self.assertLess(minimal.count("\n"), 6, minimal)

    def test_run_py_end_to_end(self):
        conf = os.path.join(self.dir, "conformance")
        for label in ("default", "partial"):
            os.makedirs(os.path.join(conf, "settings", label))
        for name in ("inject-config.yaml", "values.json", "mesh.yaml"):
            shrink.write(os.path.join(conf, "settings", "default", name), "{}\n")
        shrink.write(os.path.join(conf, "settings", "partial", "values.json"), "{}\n")
        out = os.path.join(self.dir, "out")
        p = subprocess.run([PY, os.path.join(HERE, "run.py"), "--seed", "3", "--count", "4", "--out", out,
                            "--istioctl", self.ref, "--sidecarctl", self.cand, "--conformance", conf,
                            "--settings", "default", "partial", "embedded"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)  # no divergence: the trigger is absent
        report = read(os.path.join(out, "report.md"))
        self.assertIn("| default | 4 | 4 | 0 | 0 | 0 |", report)
        self.assertIn("| embedded | 4 | 4 | 0 | 0 | 0 |", report)
        self.assertEqual(read(os.path.join(out, "settings", "embedded", "mesh.yaml")), "trustDomain: x\n")
        results = json.loads(read(os.path.join(out, "results.json")))
        self.assertEqual(len(results), 12)


# A stand-in for `analyze -o json`: a message naming the kinds in the file, none at all when the
# file has a List (as istioctl drops a List holding a Service).
FAKE_ANALYZE = r"""#!/bin/sh
f="$1"
if grep -q '^kind: List' "$f"; then echo '[]'; exit 0; fi
k=$(grep -o 'kind: [A-Za-z]*' "$f" | tr '\n' ' ')
echo "[{\"code\": \"IST0106\", \"level\": \"Error\", \"origin\": \"x\", \"message\": \"$k\"}]"
"""
IST0109 = ('[{"code": "IST0109", "level": "Error", "origin": "VirtualService v", "message": "same host %s"}]')
# A stand-in for istioctl naming host a and host b by turns (a counter file keeps the turn).
FLIP_ANALYZE = r"""#!/bin/sh
n=$(cat %s 2>/dev/null || echo 0); n=$((n + 1)); echo $n > %s
if [ $((n %% 2)) -eq 1 ]; then h=a; else h=b; fi
echo '[{"code": "IST0109", "level": "Error", "origin": "VirtualService v", "message": "same host '$h'"}]'
"""
LIST = """apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Service, metadata: {name: s}}
- {apiVersion: networking.istio.io/v1, kind: VirtualService, metadata: {name: v}}
"""


class KnownDifferenceTest(unittest.TestCase):
    def test_unwrap_lists(self):
        self.assertEqual([d["kind"] for d in yaml.safe_load_all(run.unwrap_lists(LIST))], ["Service", "VirtualService"])
        # no List, or an empty one: nothing to compare against
        self.assertIsNone(run.unwrap_lists("apiVersion: v1\nkind: Service\n"))
        self.assertIsNone(run.unwrap_lists("apiVersion: v1\nkind: List\nitems: []\n"))

    def test_list_dropped_by_istioctl_is_a_known_difference(self):
        folder = tempfile.mkdtemp(prefix="harness-test-")
        tool = write_script(folder, "analyze", FAKE_ANALYZE)
        path = os.path.join(folder, "case.yaml")
        spec = {"compare": "analyze", "env": {}, "input_name": "input.yaml",
                "argv_a": [tool, "{input}"], "argv_b": [tool, path + ".sidecarctl"]}
        shrink.write(path, LIST)
        shrink.write(path + ".sidecarctl", "kind: Service\nkind: VirtualService\n")  # it reads the List's items
        a, b = shrink.run_tools(spec, path, folder)
        self.assertFalse(shrink.compare(spec, a, b)[0])
        classes = shrink.compare(spec, a, b)[1]
        self.assertEqual(run.known_difference(spec, path, folder, 60, b, classes), run.KNOWN_LIST)
        # a divergence the List does not explain stays one
        shrink.write(path, LIST.replace("VirtualService", "DestinationRule"))
        self.assertIsNone(run.known_difference(spec, path, folder, 60, b, classes))

    def test_ist0109_worded_by_map_order_is_a_known_difference(self):
        folder = tempfile.mkdtemp(prefix="harness-test-")
        # istioctl names one host or the other, run after run; sidecarctl always the second
        count = os.path.join(folder, "count")
        flip = write_script(folder, "istioctl", FLIP_ANALYZE % (count, count))
        steady = write_script(folder, "sidecarctl", "#!/bin/sh\necho '%s'\n" % IST0109 % "b")
        path = os.path.join(folder, "case.yaml")
        shrink.write(path, "apiVersion: v1\nkind: Namespace\n")
        spec = {"compare": "analyze", "env": {}, "input_name": "input.yaml", "argv_a": [flip, "{input}"],
                "argv_b": [steady, "{input}"]}
        a, b = shrink.run_tools(spec, path, folder)
        same, classes = shrink.compare(spec, a, b)
        self.assertFalse(same)
        self.assertTrue(run.only_map_order(classes), classes)
        self.assertEqual(run.known_difference(spec, path, folder, 60, b, classes), run.KNOWN_MAP_ORDER)
        # a host istioctl never names is a divergence
        never = write_script(folder, "never", "#!/bin/sh\necho '%s'\n" % IST0109 % "c")
        b = shrink.run_tool([never], {}, 60)
        self.assertIsNone(run.known_difference(spec, path, folder, 60, b, classes, tries=4))


if __name__ == "__main__":
    unittest.main()
