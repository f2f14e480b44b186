#!/usr/bin/env python3
"""Real manifests for the differential run (`run.py --inputs DIR`): every YAML file under the pinned
istio.io/istio module's samples/ (read from Go's module cache, where scripts/references put it) and the
manifests istioctl renders from its own Helm charts with each built-in profile's defaults
(`istioctl manifest generate --set profile=P`). Writes them under OUT (samples/..., charts/P.yaml);
nothing of it is committed.

usage: real_inputs.py OUT [--istioctl PATH]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROFILES = ["default", "demo", "minimal", "ambient", "preview", "remote"]


def istio_module_dir():
    """The module cache folder of the istio.io/istio version tests/references/istio/go.mod pins."""
    with open(os.path.join(ROOT, "tests", "references", "istio", "go.mod"), encoding="utf-8") as f:
        m = re.search(r"^\s*istio\.io/istio (v\S+)", f.read(), re.M)
    if not m:
        raise SystemExit("error: tests/references/istio/go.mod pins no istio.io/istio version")
    cache = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout.strip()
    folder = os.path.join(cache, "istio.io", "istio@" + m.group(1))
    if not os.path.isdir(folder):
        raise SystemExit("error: %s is not in Go's module cache; run scripts/references istioctl first" % folder)
    return folder


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--istioctl", default=os.path.join(ROOT, "build", "references", "istioctl"))
    args = ap.parse_args()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    samples = os.path.join(istio_module_dir(), "samples")
    count = 0
    for root, _, files in os.walk(samples):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                rel = os.path.relpath(os.path.join(root, name), samples)
                target = os.path.join(args.out, "samples", os.path.splitext(rel)[0] + ".yaml")
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(os.path.join(root, name), target)
                os.chmod(target, 0o644)  # the module cache is read-only
                count += 1
    env = dict(os.environ, KUBECONFIG=os.devnull)
    env.pop("KUBERNETES_SERVICE_HOST", None)
    os.makedirs(os.path.join(args.out, "charts"))
    for profile in PROFILES:
        r = subprocess.run([args.istioctl, "manifest", "generate", "--set", "profile=" + profile], env=env,
                           capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise SystemExit("error: istioctl manifest generate --set profile=%s: %s" % (profile, r.stderr.strip()))
        with open(os.path.join(args.out, "charts", profile + ".yaml"), "w", encoding="utf-8") as f:
            f.write(r.stdout)
    print("%d sample files and %d rendered profiles in %s" % (count, len(PROFILES), args.out))


if __name__ == "__main__":
    sys.exit(main())
