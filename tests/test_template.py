#!/usr/bin/env python3
"""CLI tests for `sidecarctl template`: rendering, template sets, stdin/YAML data, error reporting."""
import os
import subprocess
import sys
import tempfile

BIN = sys.argv[1]
DATA = os.path.join("testdata", "gotemplate")
failures = []


def run(args, stdin=None):
    p = subprocess.run([BIN, "template"] + args, input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")


def tmpfile(text, suffix):
    f = tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False)
    f.write(text)
    f.close()
    return f.name


# A template set across two files, YAML data.
code, out, err = run(["-t", os.path.join(DATA, "main.tmpl"), "-t", os.path.join(DATA, "helpers.tmpl"),
                      "-d", os.path.join(DATA, "people.yaml")])
check("set", code == 0 and out == "\n0: hello ana (dr)\n1: hello bo\n", f"{code} {out!r} {err!r}")

# --name executes a defined template.
code, out, err = run(["-t", os.path.join(DATA, "main.tmpl"), "-t", os.path.join(DATA, "helpers.tmpl"),
                      "-d", "-", "--name", "greeting"], stdin='{"name": "cy"}')
check("name+stdin", code == 0 and out == "hello cy", f"{code} {out!r} {err!r}")

# JSON integers are int64, other numbers float64.
t = tmpfile('{{printf "%T %T %v" .i .f .f}}', ".tmpl")
code, out, err = run(["-t", t, "-d", "-"], stdin='{"i": 1, "f": 1e3}')
check("numbers", out == "int64 float64 1000", f"{code} {out!r} {err!r}")

# Execution errors point at the template line, exit 65, nothing on stdout.
code, out, err = run(["-t", os.path.join(DATA, "field_error.tmpl"), "-d", "-"], stdin='{"a": 1, "s": "x"}')
check("exec error", code == 65 and out == "" and
      err.strip() == 'error: template: inject:3:7: executing "inject" at <.s.x>: '
                     "can't evaluate field x in type interface {}", f"{code} {out!r} {err!r}")

# Parse errors likewise.
t = tmpfile("a\n{{if .x}}\n", ".tmpl")
code, out, err = run(["-t", t, "-d", "-"], stdin="{}")
check("parse error", code == 65 and out == "" and err.strip() == "error: template: inject:3: unexpected EOF",
      f"{code} {out!r} {err!r}")

# Data nested deeper than the loaders allow is refused at its position, not printed recursively
# (regression: 200000 nested JSON arrays overflowed the stack while printing {{.}}).
t = tmpfile("{{.}}", ".tmpl")
deep = tmpfile("[" * 200000 + "]" * 200000, ".json")
code, out, err = run(["-t", t, "-d", deep])
check("deep data", code == 65 and out == "" and err.startswith(f"error: {deep}:1:1001: ") and "depth" in err,
      f"{code} {out[:80]!r} {err[:300]!r}")
code, out, err = run(["-t", t, "-d", "-"], stdin="[" * 900 + "1" + "]" * 900)
check("deep data within the limit", code == 0 and out == "[" * 900 + "1" + "]" * 900, f"{code} {err[:300]!r}")

# missingkey=error.
t = tmpfile("{{.nope}}", ".tmpl")
code, out, err = run(["-t", t, "-d", "-", "--missingkey", "error"], stdin="{}")
check("missingkey", code == 65 and 'map has no entry for key "nope"' in err, f"{code} {out!r} {err!r}")
code, out, err = run(["-t", t, "-d", "-", "--missingkey", "bogus"], stdin="{}")
check("missingkey usage", code == 64, f"{code} {err!r}")

# Bad data.
code, out, err = run(["-t", t, "-d", "-"], stdin="a: [")
check("bad data", code == 65 and out == "", f"{code} {out!r} {err!r}")

# Istio's `annotation` on data whose Annotations is not a map gives the default (the template
# fuzzer's finding: the lookup threw out of the map accessor).
t = tmpfile("{{ annotation .ObjectMeta `a` `dflt` }}", ".tmpl")
code, out, err = run(["-t", t, "-d", "-"], stdin="ObjectMeta:\n  Annotations: z\n")
check("annotation of a non-map", code == 0 and out == "dflt", f"{code} {out!r} {err!r}")
code, out, err = run(["-t", t, "-d", "-"], stdin="ObjectMeta:\n  annotations: {a: x}\n")
check("annotation", code == 0 and out == "x", f"{code} {out!r} {err!r}")

# Unknown template name.
code, out, err = run(["-t", t, "-d", "-", "--name", "nope"], stdin="{}")
check("no such template", code != 0 and out == "" and 'no template "nope"' in err, f"{code} {err!r}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
