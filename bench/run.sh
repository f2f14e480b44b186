#!/usr/bin/env bash
# Times sidecarctl subcommands on generated inputs and writes bench/results/results.md:
# wall time, throughput and peak memory (/usr/bin/time -v). Benchmarks never fail CI on time.
#
# usage: bench/run.sh [N]     (N applications, default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
scripts/install-deps
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIDECARCTL_TESTS=OFF -DSIDECARCTL_WERROR=OFF >/dev/null
cmake --build build/release -j "$(nproc)" >/dev/null
bin=build/release/sidecarctl
. bench/inputs.sh
template=bench/data/template-$n.tmpl  # 10 lines of actions per application: lexing stays linear
[ -f "$template" ] || python3 -c "print('{{ .name }}: {{ printf \"%d\" (len .items) }}\n' * ($n * 10), end='')" >"$template"
echo '{"name": "web", "items": [1, 2, 3]}' >bench/data/template-data.json

settings=()
conformance=../shared/conformance/inject/settings/default
if [ -d "$conformance" ]; then
  settings=(--injectConfigFile "$conformance/inject-config.yaml" --valuesFile "$conformance/values.json"
            --meshConfigFile "$conformance/mesh.yaml")
fi

out=bench/results/results.md
{
  echo "# sidecarctl benchmarks ($(date -u +%Y-%m-%d), $(nproc) cores, N=$n, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "| job | items | seconds | items/s | peak RSS MiB | input MiB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
} >"$out"

# run_job NAME ITEMS INPUT -- COMMAND...
run_job() {
  local name=$1 items=$2 input=$3
  shift 4
  local log
  log=$(mktemp)
  local rc=0
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || rc=$?
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 79 ]; then  # 79: analyze found issues, still a complete run
    local wall rss secs
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    secs=$(python3 -c "p='$wall'.split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(p))))")
    python3 - "$name" "$items" "$secs" "$rss" "$input" >>"$out" <<'PY'
import os, sys
name, items, secs, rss, inp = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
size = os.path.getsize(inp) / 2**20 if os.path.exists(inp) else 0
rate = items / secs if secs > 0 else float("inf")
print(f"| {name} | {items} | {secs:.2f} | {rate:,.0f} | {rss / 1024:.1f} | {size:.1f} |")
PY
  else
    echo "| $name | $items | failed: $(tail -1 "$log" | cut -c1-60) | | | |" >>"$out"
  fi
  rm -f "$log"
}

# kube-inject on one core, then with --jobs 2, 4, ... up to the number of cores (the default).
run_job "kube-inject --jobs 1" "$n" "$deployments" -- "$bin" kube-inject --offline -f "$deployments" "${settings[@]}" --jobs 1
for ((jobs = 2; jobs <= $(nproc); jobs *= 2)); do
  run_job "kube-inject --jobs $jobs" "$n" "$deployments" -- "$bin" kube-inject --offline -f "$deployments" "${settings[@]}" --jobs "$jobs"
done
run_job "kube-inject --jobs 1, mixed file" "$(grep -c '^kind:' "$mixed")" "$mixed" -- "$bin" kube-inject --offline -f "$mixed" "${settings[@]}" --jobs 1
run_job "analyze (all analyzers)" "$(grep -c '^kind:' "$mixed")" "$mixed" -- "$bin" analyze "$mixed" -o json
run_job "iptables-preview -f" "$n" "$deployments" -- "$bin" iptables-preview -f "$deployments" --format restore
run_job "template (lines of actions)" "$((n * 10))" "$template" -- "$bin" template -t "$template" -d bench/data/template-data.json
cat "$out"
BIN=$bin bench/startup.sh
# Istio's sidecar template against Go's text/template, where a Go toolchain and Debian's sprig
# (golang-github-masterminds-sprig-dev) are installed.
if command -v go >/dev/null && [ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] && [ -d "$conformance" ]; then
  cmake -S . -B build/release -DSIDECARCTL_BENCH=ON >/dev/null
  cmake --build build/release --target template_bench >/dev/null
  bench/template_compare.sh build/release 3 500 7
else
  echo "template against Go: skipped (needs go, golang-github-masterminds-sprig-dev and ../shared/conformance)"
fi
