#!/usr/bin/env python3
"""The embedded defaults against Istio's chart: every conformance case that uses the default
settings files is run again with no settings files at all (sidecarctl's own embedded template,
values and mesh config); the injected objects must equal the golden except for image names and
versions. usage: test_kube_inject_defaults.py PATH-TO-SIDECARCTL

Prints each differing case; fails when fewer than MIN_MATCHING cases match (a ratchet: raise it
as the embedded template covers more) or when any case fails to run."""

import json
import os
import re
import subprocess
import sys

import yaml

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = os.path.join(os.environ.get("SIDECARCTL_CONFORMANCE_DIR", os.path.join(ROOT, "..", "shared", "conformance")),
                     "inject")
MIN_MATCHING = 61  # every default-settings case
DEFAULT = ["settings/default/inject-config.yaml", "settings/default/values.json", "settings/default/mesh.yaml"]
IMAGE = re.compile(r"^[^ ]*/proxyv2:[^ ]*$")


def strip_images(node):
    """Replaces proxy image references (hub, name and tag differ by design) by a placeholder."""
    if isinstance(node, dict):
        return {k: strip_images(v) for k, v in node.items()}
    if isinstance(node, list):
        return [strip_images(v) for v in node]
    if isinstance(node, str) and IMAGE.match(node):
        return "<proxy image>"
    return node


def main():
    path = os.path.join(SUITE, "cases.json")
    if not os.path.exists(path):
        print("conformance suite not found: skipped")
        return 0
    with open(path) as f:
        cases = json.load(f)["cases"]
    matched, differing, errors = [], [], []
    for c in cases:
        args = c["args"][1:]
        if c["expect"].get("exit") != 0 or [a for a in args if a.startswith("settings/")] != DEFAULT:
            continue
        src = args[args.index("-f") + 1]
        env = dict(os.environ)
        env.update(c.get("env", {}))
        r = subprocess.run([BIN, "kube-inject", "-f", src], cwd=SUITE, capture_output=True, text=True, env=env)
        if r.returncode != 0:
            errors.append(f"{c['name']}: exit {r.returncode}: {r.stderr.strip()[:300]}")
            continue
        with open(os.path.join(SUITE, c["expect"]["stdout"])) as f:
            want = [strip_images(d) for d in yaml.safe_load_all(f)]
        got = [strip_images(d) for d in yaml.safe_load_all(r.stdout)]
        (matched if got == want else differing).append(c["name"])
    for e in errors:
        print("ERROR:", e)
    for d in differing:
        print("differs:", d)
    print(f"embedded defaults: {len(matched)} of {len(matched) + len(differing) + len(errors)} default-settings "
          f"cases give the golden pod (images aside)")
    return 1 if len(matched) < MIN_MATCHING else 0


if __name__ == "__main__":
    sys.exit(main())
