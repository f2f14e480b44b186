#!/usr/bin/env python3
"""CLI tests of `sidecarctl analyze`: exit codes per output format, SARIF structure, JUnit XML,
GitHub annotations, suppression, thresholds, stdin, unparseable files.

usage: test_analyze.py path/to/sidecarctl   (run from the repository root)"""

import json
import os
import subprocess
import tempfile
import sys
import xml.etree.ElementTree as ET

BIN = sys.argv[1]
DATA = "testdata/analyze"
FAILURES = []


def run(*args, stdin=None, env=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    p = subprocess.run([BIN, "analyze", *args], input=stdin, capture_output=True, text=True, env=e, timeout=60)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    if not cond:
        FAILURES.append(f"{name}: {detail}")


def data(name):
    return os.path.join(DATA, name)


# Exit 79 when an Error is found, in every output format; 0 when only Info is found.
for fmt in ["log", "json", "yaml", "sarif", "junit", "github"]:
    rc, out, err = run("-o", fmt, data("shop.yaml"))
    check(f"exit 79 with -o {fmt}", rc == 79, f"rc={rc} err={err}")
    rc, out, err = run("-o", fmt, data("info-only.yaml"))
    check(f"exit 0 with -o {fmt} (info only)", rc == 0, f"rc={rc} err={err}")
    rc, out, err = run("-o", fmt, "--failure-threshold", "Info", data("info-only.yaml"))
    check(f"exit 79 with -o {fmt} --failure-threshold Info", rc == 79, f"rc={rc}")

# Log output: istioctl's line format, file:line references, no colour off a terminal.
rc, out, err = run(data("shop.yaml"))
lines = out.splitlines()
check("log first line", lines[:1] == [
    'Error [IST0101] (VirtualService shop/cart testdata/analyze/shop.yaml:28) Referenced gateway not found: "shop-gateway"'],
    out)
check("log no colour", "\033[" not in out, repr(out))
check("log has IST0118", any("[IST0118] (Service shop/cart testdata/analyze/shop.yaml:17)" in l for l in lines), out)

# JSON: tab-indented array with istioctl's keys.
rc, out, err = run("-o", "json", data("shop.yaml"))
msgs = json.loads(out)
check("json tab indent", out.startswith("[\n\t{\n\t\t\"code\""), out[:40])
check("json keys", all(list(m.keys()) == ["code", "documentationUrl", "level", "message", "origin", "reference"]
                       for m in msgs), msgs)
rc, out, err = run("-o", "json", data("clean.yaml"))
check("json empty", out == "[]\n" and rc == 0 and "No validation issues found" in err, (rc, out, err))

# Output threshold hides Info; failure threshold Error ignores warnings.
rc, out, err = run("-o", "json", "--output-threshold", "Warning", data("shop.yaml"))
check("output threshold", all(m["level"] != "Info" for m in json.loads(out)) and json.loads(out), out)

# Suppression by flag (glob over the origin).
rc, out, err = run("-o", "json", "-S", "IST0101=VirtualService shop/*", data("shop.yaml"))
check("suppress flag", rc == 0 and all(m["code"] != "IST0101" for m in json.loads(out)), (rc, out))
rc, out, err = run("-S", "IST0101", data("shop.yaml"))
check("suppress without = is usage error", rc == 64, (rc, err))

# SARIF 2.1.0: valid against our rendition of the SARIF 2.1.0 schema (testdata/analyze/README.md),
# and the fields CI uploaders read.
rc, out, err = run("-o", "sarif", data("shop.yaml"))
sarif = json.loads(out)
try:
    import jsonschema
except ImportError:
    jsonschema = None
    check("python3-jsonschema installed (scripts/install-deps)", False, "cannot validate SARIF")
if jsonschema:
    with open(data("sarif-2.1.0.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(sarif)]
    check("sarif validates against the SARIF 2.1.0 schema", not errors, errors[:5])
    rc0, empty, _ = run("-o", "sarif", data("clean.yaml"))
    check("empty sarif validates", validator.is_valid(json.loads(empty)) and rc0 == 0, empty)
    # The schema is not vacuous: what SARIF forbids is rejected.
    for what, broken in [("unknown level", {"level": "fatal"}), ("no message", {"message": None}),
                         ("ruleIndex below -1", {"ruleIndex": -2}), ("unknown property", {"severity": 1})]:
        bad = json.loads(out)
        result = bad["runs"][0]["results"][0]
        for k, v in broken.items():
            if v is None:
                result.pop(k)
            else:
                result[k] = v
        check(f"schema rejects {what}", not validator.is_valid(bad), bad["runs"][0]["results"][0])
    check("schema rejects version 2.0.0", not validator.is_valid(dict(sarif, version="2.0.0")))
    check("schema requires runs", not validator.is_valid({"version": "2.1.0"}))
check("sarif version", sarif.get("version") == "2.1.0" and "sarif-2.1.0" in sarif.get("$schema", ""), sarif.keys())
runs = sarif.get("runs", [])
check("sarif one run", len(runs) == 1, runs)
if runs:
    driver = runs[0]["tool"]["driver"]
    check("sarif driver", driver["name"] == "sidecarctl" and isinstance(driver["rules"], list), driver)
    ids = [r["id"] for r in driver["rules"]]
    for r in driver["rules"]:
        check("sarif rule fields", set(r) >= {"id", "shortDescription", "helpUri"} and
              r["defaultConfiguration"]["level"] in ("error", "warning", "note"), r)
    for res in runs[0]["results"]:
        check("sarif result level", res["level"] in ("error", "warning", "note", "none"), res)
        check("sarif ruleIndex", ids[res["ruleIndex"]] == res["ruleId"], res)
        check("sarif message", isinstance(res["message"]["text"], str) and res["message"]["text"], res)
        loc = res["locations"][0]["physicalLocation"]
        check("sarif uri", loc["artifactLocation"]["uri"] == "testdata/analyze/shop.yaml", loc)
        check("sarif region", isinstance(loc["region"]["startLine"], int) and loc["region"]["startLine"] >= 1, loc)

# JUnit parses as XML, one testcase per message, failures for warnings and errors.
rc, out, err = run("-o", "junit", data("shop.yaml"))
root = ET.fromstring(out)
cases = root.findall(".//testcase")
check("junit root", root.tag == "testsuites" and root.find("testsuite") is not None, root.tag)
rc0, empty, _ = run("-o", "junit", data("clean.yaml"))
check("empty junit parses", ET.fromstring(empty).get("tests") == "0" and rc0 == 0, empty)
check("junit cases", len(cases) == len(msgs), (len(cases), len(msgs)))
check("junit failures", int(root.get("failures")) == sum(1 for m in msgs if m["level"] != "Info"), out)

# GitHub workflow commands.
rc, out, err = run("-o", "github", data("shop.yaml"))
check("github error line", out.startswith("::error file=testdata/analyze/shop.yaml,line=28,title=IST0101 VirtualService shop/cart::"), out)

# stdin, unparseable files (65 unless findings make it 79, as istioctl; the rest still analyzed),
# usage errors.
with open(data("info-only.yaml")) as f:
    rc, out, err = run("-o", "json", "-", stdin=f.read())
check("stdin", rc == 0 and json.loads(out)[0]["reference"] == "-:5", (rc, out))
rc, out, err = run("-o", "json", data("broken.yaml"), data("shop.yaml"))
check("broken file with findings exit 79", rc == 79 and "broken.yaml" in err and json.loads(out), (rc, out, err))
rc, out, err = run("-o", "json", data("broken.yaml"), data("info-only.yaml"))
check("broken file exit 65", rc == 65 and "broken.yaml" in err and json.loads(out), (rc, out, err))
# Documents that are not Kubernetes objects, as istioctl's file source refuses them: each reported at
# its line (a List with such an item as a whole), the rest analyzed.
rc, out, err = run("-o", "json", "-A", data("not-objects.yaml"))
lines = err.splitlines()
for line, why in ((2, "the document is a string"), (4, "no apiVersion and kind"), (9, "kind is a number"),
                  (11, "List item 0: no apiVersion and kind")):
    check("unreadable document at line %d" % line,
          any(l.startswith("error: %s:%d:1:" % (data("not-objects.yaml"), line)) and why in l for l in lines), err)
names = [m["origin"] for m in json.loads(out) if m["code"] == "IST0118"]
check("readable documents analyzed", rc == 65 and names == ["Service shop/plain"], (rc, out, err))
# A file is read a document at a time, but counts only once all of it has parsed: one that fails
# further down gives its parse error alone, nothing of the documents before it (as istioctl skips it).
with tempfile.TemporaryDirectory() as tmp:
    late = os.path.join(tmp, "late-break.yaml")
    with open(late, "w") as f:
        f.write("just a string\n---\napiVersion: v1\nkind: Service\nmetadata: {name: early, namespace: shop}\n"
                "spec:\n  ports:\n  - port: 81\n---\nkind: [unclosed\n")
    rc, out, err = run("-o", "json", late, data("info-only.yaml"))
    check("late parse error: the file's error alone", rc == 65 and len(err.strip().splitlines()) == 1
          and (late + ":11:1: (document 3)") in err and "early" not in out and "string" not in err, (rc, out, err))
rc, out, err = run("-o", "json", "--ignore-unknown", data("broken.yaml"), data("info-only.yaml"))
check("ignore-unknown", rc == 0, (rc, err))
rc, out, err = run("-o", "xml", data("shop.yaml"))
check("bad format 64", rc == 64 and "format" in err, (rc, err))
rc, out, err = run("--output-threshold", "Loud", data("shop.yaml"))
check("bad level 64", rc == 64, (rc, err))
rc, out, err = run(data("does-not-exist.yaml"))
check("missing file non-zero", rc != 0 and "does-not-exist" in err, (rc, err))

# --jobs: documents parsed and analyzers run by N threads; the output, standard error and exit status
# are those of one thread, on every input above at once (parse errors, unreadable documents, stdin).
with open(data("shop.yaml")) as f:
    shop = f.read()
every = [data(n) for n in ("shop.yaml", "broken.yaml", "not-objects.yaml", "info-only.yaml", "clean.yaml")]
one = run("-o", "json", "--jobs", "1", *every, "-", data("does-not-exist.yaml"), stdin=shop)
check("jobs: one thread reports", one[0] == 79 and json.loads(one[1]) and "broken.yaml" in one[2], one)
for jobs in ("2", "7", "100000"):  # 100000: no more threads start than there is work for
    many = run("-o", "json", "--jobs", jobs, *every, "-", data("does-not-exist.yaml"), stdin=shop)
    check(f"jobs: --jobs {jobs} gives what --jobs 1 gives", many == one, (many, one))
rc, out, err = run("--jobs", "-1", data("shop.yaml"))
check("negative jobs 64", rc == 64 and "--jobs must not be negative" in err, (rc, err))

# Analyzer selection and listing.
rc, out, err = run("-L")
check("list analyzers", rc == 0 and "* injection.Analyzer:" in out and "webhook.Analyzer" in out, out[:200])
rc, out, err = run("-o", "json", "--analyzer", "service.PortNameAnalyzer", data("shop.yaml"))
check("analyzer subset", [m["code"] for m in json.loads(out)] == ["IST0118"], out)

if FAILURES:
    print("\n".join(FAILURES))
    sys.exit(1)
print("test_analyze: all checks passed")
