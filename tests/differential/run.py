#!/usr/bin/python3
"""Differential test of sidecarctl against istioctl on generated inputs.

kube-inject: every generated manifest (generate.kube_inject_case) is injected by both tools with the
same settings files and ENABLE_NATIVE_SIDECARS, once per settings profile; exit statuses must agree
(both 0, or both non-zero) and, when both succeed, stdout must be equal byte for byte.
analyze: every generated bundle (generate.analyze_case) is analyzed by both with -o json; the sets
of (code, level, resource, namespace, message) and the exit class (0, 79, error) must agree.

No tool ever reaches a cluster: HOME is an empty directory, KUBECONFIG names a missing file,
KUBERNETES_SERVICE_* are unset. istioctl kube-inject also gets `-r default`: without a revision it
starts a watcher on the (missing) cluster for the default revision tag and waits for it forever;
`-r default` is what it falls back to, so the output is the same.

Each divergence gets a folder under OUT/divergences/<profile>/<seed>/ (input, both outputs and
stderrs, exit statuses, a unified diff, commands.sh, case.json for shrink.py). Differences are
sorted into classes (shrink.compare); for each class, the first --shrink-per-class divergences
showing it are shrunk (shrink.py) into <folder>/shrunk-<n>/.
OUT/report.md sums it up.

usage: run.py --seed 1 --count 200 --out /tmp/diff --settings default embedded ...
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate  # noqa: E402
import shrink  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CONFORMANCE = os.path.join(ROOT, "..", "shared", "conformance", "inject")
SETTINGS_FILES = ("inject-config.yaml", "values.json", "mesh.yaml")


# ------------------------------------------------------------------------------------------------
# settings profiles
# ------------------------------------------------------------------------------------------------

def complete_labels(conformance):
    """Labels under settings/ that have all three files."""
    base = os.path.join(conformance, "settings")
    return sorted(l for l in os.listdir(base)
                  if all(os.path.exists(os.path.join(base, l, f)) for f in SETTINGS_FILES))


def all_labels(conformance):
    return sorted(os.listdir(os.path.join(conformance, "settings")))


def embedded_profile(sidecarctl, out, home):
    """Splits `sidecarctl kube-inject --show-config` (three YAML documents: injection config,
    values, mesh config) into the three files."""
    d = os.path.join(out, "settings", "embedded")
    os.makedirs(d, exist_ok=True)
    r = shrink.run_tool([sidecarctl, "kube-inject", "--show-config"], shrink.tool_env({}, home), 120)
    if r.exit != 0:
        raise SystemExit("sidecarctl kube-inject --show-config failed (%s): %s" % (r.exit, r.stderr.decode()))
    parts = r.stdout.decode("utf-8").split("\n---\n")
    if len(parts) != 3:
        raise SystemExit("--show-config printed %d documents, not 3" % len(parts))
    for name, text in zip(SETTINGS_FILES, parts):
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(text if text.endswith("\n") else text + "\n")
    return {f: os.path.join(d, f) for f in SETTINGS_FILES}


def resolve_profiles(labels, conformance, sidecarctl, out, home):
    """label -> {file name: path}. A label lacking a file takes it from settings/default, as the
    conformance cases do; `embedded` is sidecarctl's own defaults."""
    base = os.path.join(conformance, "settings")
    profiles = {}
    for label in labels:
        if label == "embedded":
            profiles[label] = embedded_profile(sidecarctl, out, home)
            continue
        if not os.path.isdir(os.path.join(base, label)):
            raise SystemExit("no settings profile %r under %s" % (label, base))
        files = {}
        for f in SETTINGS_FILES:
            p = os.path.join(base, label, f)
            files[f] = p if os.path.exists(p) else os.path.join(base, "default", f)
        profiles[label] = files
    return profiles


def input_files(folder):
    """(relative path, text) of every .yaml file under folder, sorted: the inputs of --inputs."""
    found = []
    for root, _, files in os.walk(folder):
        for name in files:
            if name.endswith(".yaml"):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8", newline="") as f:
                    found.append((os.path.relpath(path, folder), f.read()))
    return sorted(found)


# ------------------------------------------------------------------------------------------------
# one comparison
# ------------------------------------------------------------------------------------------------

def kube_inject_spec(args, files, native):
    settings = ["--injectConfigFile", files["inject-config.yaml"], "--valuesFile", files["values.json"],
                "--meshConfigFile", files["mesh.yaml"]]
    a = [args.istioctl, "kube-inject", "-f", "{input}"] + settings + ["-r", "default"]
    b = [args.sidecarctl, "kube-inject", "-f", "{input}"] + settings + (["--offline"] if args.offline else [])
    return {"compare": "kube-inject", "argv_a": a, "argv_b": b, "env": {"ENABLE_NATIVE_SIDECARS": native},
            "input_name": "input.yaml"}


def istioctl_file_analyzers(args, home):
    """The analyzers `istioctl analyze --use-kube=false` runs: all but those it lists as skipped
    with --verbose (they read Pods, Services, Namespaces, Nodes or Secrets, which it takes only
    from a cluster)."""
    # a file of this run's own: CTest runs several differential runs at once
    fd, empty = tempfile.mkstemp(prefix="differential-empty-", suffix=".yaml")
    os.close(fd)
    env = shrink.tool_env({}, home)
    listed = shrink.run_tool([args.sidecarctl, "analyze", "-L"], env, 60).stdout.decode()
    names = re.findall(r"^\* ([\w.]+):", listed, re.M)
    verbose = shrink.run_tool([args.istioctl, "analyze", "--use-kube=false", "--verbose", empty], env, 60)
    text = verbose.stderr.decode() + verbose.stdout.decode()
    m = re.search(r"Skipped analyzers:\n((?:\s+\S+\n)+)", text)
    skipped = set(m.group(1).split()) if m else set()
    os.unlink(empty)
    return [n for n in names if n not in skipped], sorted(skipped)


def analyze_spec(args, label, analyzers):
    """istioctl -o json gives the messages, istioctl in log format the exit status; sidecarctl -o json
    gives both. `full` is the plain command lines. `aligned` takes away two known differences of
    scope: both get -A (istioctl otherwise puts namespace-less file resources in `default` and
    reports only on `default`), and sidecarctl runs only the analyzers istioctl runs on files."""
    every = ["-A"] if label == "aligned" else []
    a = [args.istioctl, "analyze", "--use-kube=false"] + every + ["-o", "json", "{input}"]
    a_exit = [args.istioctl, "analyze", "--use-kube=false"] + every + ["{input}"]
    b = [args.sidecarctl, "analyze", "{input}", "-o", "json"] + every
    if label == "aligned":
        for name in analyzers:
            b += ["--analyzer", name]
    return {"compare": "analyze", "argv_a": a, "argv_a_exit": a_exit, "argv_b": b, "env": {},
            "input_name": "input.yaml"}


# istioctl's known faults, each a divergence sidecarctl does not copy (tests/differential/DIFFERENCES.md).
KNOWN_LIST = "known: istioctl drops a whole List at an item of a kind it does not read from files"
KNOWN_MAP_ORDER = "known: istioctl words IST0109 by Go's map order (a VirtualService conflicting on several hosts)"


def unwrap_lists(text):
    """`text` with the items of each top-level List as documents of their own, or None when it has no
    List with items."""
    try:
        docs = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return None
    out, found = [], False
    for d in docs:
        items = d.get("items") if isinstance(d, dict) and d.get("kind") == "List" else None
        if isinstance(items, list) and items:
            found = True
            out.extend(items)
        else:
            out.append(d)
    return yaml.safe_dump_all(out, sort_keys=False) if found else None


def only_map_order(classes):
    """Whether every class is an IST0109 difference: istioctl picks the host it names in the message
    of a VirtualService that conflicts on several hosts by Go's map order, which varies between runs."""
    return bool(classes) and all(" IST0109 " in c for c in classes)


def known_difference(spec, path, home, timeout, b, classes, tries=8):
    """The class of a known istioctl fault that explains the divergence of sidecarctl's run `b`, or
    None: istioctl on the same documents outside their List agrees with sidecarctl, or, when only
    IST0109's wording differs, another run of istioctl does (at most `tries` runs)."""
    if spec["compare"] != "analyze":
        return None
    with open(path, encoding="utf-8") as f:
        unwrapped = unwrap_lists(f.read())
    if unwrapped is None and not only_map_order(classes):
        return None
    target = path
    if unwrapped is not None:
        target = path[:-len(".yaml")] + ".unlisted.yaml"
        shrink.write(target, unwrapped)
    reference_only = dict(spec, argv_b=["true"])
    for _ in range(tries):
        a, _ = shrink.run_tools(reference_only, target, home, timeout)
        same, now = shrink.compare(spec, a, b)
        if same:
            return KNOWN_LIST if unwrapped is not None else KNOWN_MAP_ORDER
        if not only_map_order(now):
            return None
    return None


def write_divergence(folder, spec, text, a, b, classes):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, spec["input_name"])
    shrink.write(path, text)
    shrink.write(os.path.join(folder, "istioctl.stdout"), a.stdout)
    shrink.write(os.path.join(folder, "istioctl.stderr"), a.stderr)
    shrink.write(os.path.join(folder, "sidecarctl.stdout"), b.stdout)
    shrink.write(os.path.join(folder, "sidecarctl.stderr"), b.stderr)
    shrink.write(os.path.join(folder, "exit"), "istioctl %s\nsidecarctl %s\n" % (a.exit, b.exit))
    if spec["compare"] == "analyze":
        ma, mb = shrink.analyze_messages(a) or set(), shrink.analyze_messages(b) or set()
        diff = "".join("- %s\n" % (m,) for m in sorted(ma - mb)) + "".join("+ %s\n" % (m,) for m in sorted(mb - ma))
        shrink.write(os.path.join(folder, "diff.txt"), "# - only istioctl, + only sidecarctl\n" + diff)
    else:
        shrink.write(os.path.join(folder, "diff.txt"), shrink.unified_diff(a.stdout, b.stdout))
    shrink.write(os.path.join(folder, "commands.sh"), shrink.commands_script(spec, path))
    with open(os.path.join(folder, "case.json"), "w") as f:
        json.dump(dict(spec, classes=classes), f, indent=2)


# ------------------------------------------------------------------------------------------------
# the run
# ------------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1, help="first seed (inputs use seed, seed+1, ...)")
    ap.add_argument("--count", type=int, default=50, help="number of generated inputs")
    ap.add_argument("--only", choices=["kube-inject", "analyze"], default="kube-inject")
    ap.add_argument("--out", required=True, help="output folder (replaced)")
    ap.add_argument("--istioctl", default=os.path.join(ROOT, "build", "references", "istioctl"))
    ap.add_argument("--sidecarctl", default=os.path.join(ROOT, "build", "test", "sidecarctl"))
    ap.add_argument("--settings", nargs="+", metavar="LABEL",
                    help="kube-inject: settings profiles under the conformance settings/ folder, `embedded` "
                         "(sidecarctl --show-config) or `all`; a label missing a file takes it from `default` "
                         "(default: the labels with all three files, and embedded). analyze: `aligned` (sidecarctl "
                         "runs only the analyzers istioctl runs on files) and/or `full` (default: both)")
    ap.add_argument("--conformance", default=DEFAULT_CONFORMANCE, help="the inject conformance suite folder")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--offline", action="store_true", help="also pass --offline to sidecarctl")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--shrink-per-class", type=int, default=1, help="divergences shrunk per class (0: none)")
    ap.add_argument("--shrink-budget", type=int, default=400, help="most tool-pair runs per shrink")
    ap.add_argument("--shrink-max", type=int, default=40, help="most shrinks in all (the most frequent classes first)")
    ap.add_argument("--inputs", metavar="DIR", help="the .yaml files under DIR (regression cases, real manifests) "
                    "instead of generated inputs, kube-inject each with native sidecars off and on; --seed and --count "
                    "are ignored")
    ap.add_argument("--max-divergent", type=int, metavar="N", help="exit 0 when at most N runs diverge (a ratchet "
                    "for CI's fixed-seed sample); without it, any divergence exits 1")
    args = ap.parse_args(argv)
    args.istioctl = os.path.abspath(args.istioctl)
    args.sidecarctl = os.path.abspath(args.sidecarctl)
    for tool in (args.istioctl, args.sidecarctl):
        if not os.access(tool, os.X_OK):
            raise SystemExit("not an executable: %s" % tool)

    started = time.monotonic()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, "inputs"))
    home = tempfile.mkdtemp(prefix="differential-home-")

    # the tasks: (seed, profile label, spec, case)
    tasks = []
    if args.only == "kube-inject":
        labels = args.settings or (complete_labels(args.conformance) + ["embedded"])
        if labels == ["all"]:
            labels = all_labels(args.conformance) + ["embedded"]
        profiles = resolve_profiles(labels, args.conformance, args.sidecarctl, args.out, home)
        if args.inputs:
            cases = []
            for i, (name, text) in enumerate(input_files(args.inputs)):
                cases += [generate.Case(2 * i + j, text, [name], native, [name]) for j, native in enumerate(("false", "true"))]
        else:
            cases = [generate.kube_inject_case(seed) for seed in range(args.seed, args.seed + args.count)]
        for case in cases:
            shrink.write(os.path.join(args.out, "inputs", "%d.yaml" % case.seed), case.text)
            for label in labels:
                tasks.append((case.seed, label, kube_inject_spec(args, profiles[label], case.native), case))
    else:
        labels = args.settings or ["aligned", "full"]
        analyzers, skipped = istioctl_file_analyzers(args, home)
        shrink.write(os.path.join(args.out, "analyzers.txt"), "aligned: %s\nskipped by istioctl on files: %s\n" % (
            " ".join(analyzers), " ".join(skipped)))
        if args.inputs:
            cases = [generate.Case(i, text, [name], None, [name]) for i, (name, text) in enumerate(input_files(args.inputs))]
        else:
            cases = [generate.analyze_case(seed) for seed in range(args.seed, args.seed + args.count)]
        for case in cases:
            shrink.write(os.path.join(args.out, "inputs", "%d.yaml" % case.seed), case.text)
            for label in labels:
                tasks.append((case.seed, label, analyze_spec(args, label, analyzers), case))

    lock = threading.Lock()
    done = [0]
    tool_seconds = collections.Counter()

    def one(task):
        seed, label, spec, case = task
        path = os.path.join(args.out, "inputs", "%d.yaml" % seed)
        a, b = shrink.run_tools(spec, path, home, args.timeout)
        same, classes = shrink.compare(spec, a, b)
        if not same:
            known = known_difference(spec, path, home, args.timeout, b, classes)
            if known:
                classes = [known]
        folder = None
        if not same and not classes[0].startswith("known:"):
            folder = os.path.join(args.out, "divergences", label, str(seed))
            write_divergence(folder, spec, case.text, a, b, classes)
        with lock:
            done[0] += 1
            tool_seconds["istioctl"] += a.seconds
            tool_seconds["sidecarctl"] += b.seconds
            if done[0] % 50 == 0 or done[0] == len(tasks):
                print("%d/%d runs, %.0f s" % (done[0], len(tasks), time.monotonic() - started), file=sys.stderr)
        return {"seed": seed, "profile": label, "kinds": sorted(set(case.kinds)), "native": spec["env"].get(
            "ENABLE_NATIVE_SIDECARS"), "exit_istioctl": a.exit, "exit_sidecarctl": b.exit, "same": same,
                "classes": classes, "folder": folder, "features": case.features}

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        records = list(pool.map(one, tasks))
    run_seconds = time.monotonic() - started

    # shrink, for each class, the first divergences that show it (those with fewest other classes first)
    by_sig = collections.OrderedDict()
    for r in sorted(records, key=lambda r: (len(r["classes"]), r["seed"], r["profile"])):
        if not r["same"] and not r["classes"][0].startswith("known:"):
            for c in r["classes"]:
                by_sig.setdefault(c, []).append(r)
    ordered = sorted(by_sig.items(), key=lambda kv: -len(kv[1]))
    to_shrink = [(c, rs[i]) for c, rs in ordered for i in range(min(args.shrink_per_class, len(rs)))]
    to_shrink = to_shrink[:args.shrink_max]
    shrunk = {}

    def shrink_one(item):
        cls, r = item
        minimal, tests, folder = shrink.shrink_case(r["folder"], args.shrink_budget, home, target=cls)
        return (cls, r["folder"]), (tests, minimal.count("\n"), folder)

    if to_shrink:
        print("shrinking %d divergences" % len(to_shrink), file=sys.stderr)
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for key, value in pool.map(shrink_one, to_shrink):
                shrunk[key] = value
    total_seconds = time.monotonic() - started

    leftovers = os.listdir(home)
    report = make_report(args, labels, records, by_sig, shrunk, run_seconds, total_seconds, tool_seconds, leftovers)
    shrink.write(os.path.join(args.out, "report.md"), report)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(records, f, indent=1)
    shutil.rmtree(home, ignore_errors=True)
    print(report)
    divergent = sum(1 for r in records if outcome(r) == "divergent")
    if args.max_divergent is not None:
        print("%d divergent runs (at most %d allowed)" % (divergent, args.max_divergent))
        return 1 if divergent > args.max_divergent else 0
    return 1 if divergent else 0


def outcome(r):
    """identical, both failed, known (a known istioctl fault explains the difference) or divergent."""
    if r["same"]:
        return "identical"
    if r["classes"] == ["both failed"]:
        return "both failed"
    return "known" if r["classes"][0].startswith("known:") else "divergent"


def describe(path):
    st = os.stat(path)
    return "%s (%d bytes, modified %s)" % (path, st.st_size, time.strftime("%Y-%m-%d %H:%M:%S",
                                                                         time.localtime(st.st_mtime)))


def make_report(args, labels, records, by_sig, shrunk, run_seconds, total_seconds, tool_seconds, leftovers):
    out = []
    w = out.append
    w("# differential run: %s, seeds %d..%d (%d inputs), %d runs\n" % (
        args.only, args.seed, args.seed + args.count - 1, args.count, len(records)))
    w("istioctl: %s  \nsidecarctl: %s%s  \n" % (describe(args.istioctl), describe(args.sidecarctl),
                                                   " (with --offline)" if args.offline else ""))
    w("wall time: %.0f s comparing (%d workers; tool time istioctl %.0f s, sidecarctl %.0f s), %.0f s with "
      "shrinking\n" % (run_seconds, args.jobs, tool_seconds["istioctl"], tool_seconds["sidecarctl"], total_seconds))
    if leftovers:
        w("warning: the tools wrote into the empty HOME: %s\n" % ", ".join(leftovers))

    def table(title, key_fn):
        w("\n## %s\n\n| %s | runs | identical | both failed | known istioctl fault | divergent |\n"
          "|---|---|---|---|---|---|" % (title, title))
        counts = collections.OrderedDict()
        for r in records:
            for k in key_fn(r):
                c = counts.setdefault(k, collections.Counter())
                c["runs"] += 1
                c[outcome(r)] += 1
        for k in sorted(counts):
            c = counts[k]
            w("| %s | %d | %d | %d | %d | %d |" % (k, c["runs"], c["identical"], c["both failed"], c["known"],
                                                  c["divergent"]))
        tot = collections.Counter()
        for c in counts.values():
            tot.update(c)

    table("profile", lambda r: [r["profile"]])
    if args.only == "kube-inject":
        table("kind", lambda r: r["kinds"])
        table("native sidecars", lambda r: [str(r["native"])])
    n = collections.Counter(outcome(r) for r in records)
    w("\nTotal: %d runs, %d identical, %d both failed, %d known istioctl faults, %d divergent; %d distinct "
      "divergence classes.\n" % (len(records), n["identical"], n["both failed"], n["known"], n["divergent"],
                                  len(by_sig)))
    known = collections.Counter(r["classes"][0] for r in records if outcome(r) == "known")
    for cls, count in sorted(known.items()):
        why = ("istioctl on the same documents outside their List agrees with sidecarctl" if cls == KNOWN_LIST
               else "another run of istioctl agrees with sidecarctl")
        w("- `%s`: %d runs (%s)" % (cls, count, why))
    if known:
        w("")
    w("## divergence classes\n")
    w("A divergent run counts once under each class it shows.\n")
    for sig, rs in sorted(by_sig.items(), key=lambda kv: -len(kv[1])):
        profiles = collections.Counter(r["profile"] for r in rs)
        w("- `%s`: %d runs (%s)" % (sig, len(rs), ", ".join("%s %d" % kv for kv in sorted(profiles.items()))))
        for r in rs[:args.shrink_per_class or 1]:
            extra = ""
            if (sig, r["folder"]) in shrunk:
                tests, lines, folder = shrunk[(sig, r["folder"])]
                extra = "; shrunk to %d lines in %d tests: %s/" % (lines, tests, folder)
            w("  - example %s%s" % (r["folder"], extra))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
