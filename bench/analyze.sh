#!/usr/bin/env bash
# Benchmarks `sidecarctl analyze` offline on generated manifests (bench/gen_manifests.py --istio:
# per application a Deployment, Service, ConfigMap, VirtualService and DestinationRule, a Namespace
# per 50 applications) at about 10,000 and 100,000 resources; prints seconds, resources/s and the
# growth factor. Uses a Release build in build/release unless BIN is set.
#
# usage: bench/analyze.sh            BIN=build/x/sidecarctl bench/analyze.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-build/release/sidecarctl}
if [ -z "${BIN:-}" ]; then
  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIDECARCTL_TESTS=OFF >/dev/null
  cmake --build build/release -j2 --target sidecarctl >/dev/null
fi
mkdir -p bench/data
prev=""
for resources in 10000 100000; do
  apps=$((resources * 50 / 251))  # 251 documents per 50 applications
  input=bench/data/analyze-$resources.yaml
  [ -f "$input" ] || python3 bench/gen_manifests.py "$apps" --istio >"$input"
  docs=$(grep -c '^kind:' "$input")
  start=$(date +%s.%N)
  rc=0
  "$bin" analyze -o json "$input" >/dev/null 2>&1 || rc=$?
  end=$(date +%s.%N)
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 79 ]; then
    echo "analyze failed on $input (exit $rc)" >&2
    exit 1
  fi
  python3 - "$docs" "$start" "$end" "$prev" <<'PY'
import sys
docs, start, end, prev = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
secs = end - start
line = f"{docs:>7} resources  {secs:7.3f} s  {docs / secs:>10,.0f} resources/s"
if prev:
    pdocs, psecs = map(float, prev.split(","))
    line += f"  (x{docs / pdocs:.1f} resources -> x{secs / psecs:.1f} time)"
print(line)
PY
  prev="$docs,$(python3 -c "print($end - $start)")"
done
