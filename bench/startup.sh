#!/usr/bin/env bash
# Start-up cost: `sidecarctl version` and kube-inject of one small Deployment with the embedded
# defaults (issue #25's targets: 3 ms and 10 ms), median of 50 runs, wall time and CPU time
# (user + system of the child, which the machine's other load inflates less), beside istioctl's
# when scripts/references built it (build/references/istioctl). Writes bench/results/startup.md.
#
# usage: bench/startup.sh            BIN=build/x/sidecarctl bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-build/release/sidecarctl}
if [ -z "${BIN:-}" ]; then
  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIDECARCTL_TESTS=OFF -DSIDECARCTL_WERROR=OFF >/dev/null
  cmake --build build/release -j "$(nproc)" --target sidecarctl >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/deploy.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, version: v1}}
    spec: {containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 8080}]}]}
YAML
out=${BENCH_OUT:-bench/results/startup.md}
istioctl=build/references/istioctl
python3 - "$bin" "$work/deploy.yaml" "$istioctl" "$out" <<'PY'
import os, statistics, subprocess, sys, time
binary, deploy, istioctl, out = sys.argv[1:5]

def measure(args, env=None, runs=50):
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((usage.ru_utime + usage.ru_stime) * 1000)
        if status != 0:
            sys.exit("%s failed (status %d)" % (" ".join(args), status))
    return statistics.median(walls), statistics.median(cpus)

env = dict(os.environ, ENABLE_NATIVE_SIDECARS="false")
rows = [("sidecarctl version", measure([binary, "version"]), 3.0),
        ("sidecarctl kube-inject, one Deployment", measure([binary, "kube-inject", "--offline", "-f", deploy], env), 10.0)]
peers = []
if os.access(istioctl, os.X_OK):
    peers.append(("istioctl version --remote=false", measure([istioctl, "version", "--remote=false"], runs=10)))
load = open("/proc/loadavg").read().split()[:3]
with open(out, "w") as f:
    f.write("# Start-up (%s, %d cores, load average %s)\n\n" % (time.strftime("%Y-%m-%d", time.gmtime()),
                                                                   os.cpu_count(), " ".join(load)))
    f.write("Median of 50 runs; CPU is user + system time of the process. Binary: %s.\n\n" % binary)
    f.write("| command | wall ms | CPU ms | target ms |\n| --- | ---: | ---: | ---: |\n")
    for name, (wall, cpu), target in rows:
        f.write("| %s | %.2f | %.2f | %.0f |\n" % (name, wall, cpu, target))
    for name, (wall, cpu) in peers:
        f.write("| %s (10 runs) | %.2f | %.2f | |\n" % (name, wall, cpu))
print(open(out).read())
PY
