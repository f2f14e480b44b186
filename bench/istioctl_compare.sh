#!/usr/bin/env bash
# sidecarctl against the real istioctl (built by scripts/references) on bench's generated files, same
# inputs and settings: kube-inject on N Deployments, analyze (files only) on the mixed file of N
# applications. Prints and writes bench/results/istioctl.md: wall seconds, CPU seconds (user+sys),
# peak RSS and the ratios. Both outputs are kept side by side in bench/data for inspection; the
# comparison never fails on time.
#
# usage: bench/istioctl_compare.sh [N]     (N applications, default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
conformance=../shared/conformance/inject/settings/default
[ -d "$conformance" ] || { echo "error: $conformance not found (the injection settings both tools get)" >&2; exit 1; }
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIDECARCTL_TESTS=OFF -DSIDECARCTL_WERROR=OFF >/dev/null
cmake --build build/release -j2 --target sidecarctl >/dev/null
scripts/references istioctl >/dev/null
sidecarctl=build/release/sidecarctl
istioctl=build/references/istioctl
. bench/inputs.sh
settings=(--injectConfigFile "$conformance/inject-config.yaml" --valuesFile "$conformance/values.json"
          --meshConfigFile "$conformance/mesh.yaml")
# istioctl reads no cluster: no kubeconfig, and `-r default` (without a revision it looks one up).
export KUBECONFIG=/nonexistent HOME="${TMPDIR:-/tmp}"
unset KUBERNETES_SERVICE_HOST KUBERNETES_SERVICE_PORT

# measure OUT -- COMMAND...: prints "wall cpu rss_kib exit" for one run, stdout to OUT.
measure() {
  local out=$1 log rc=0
  shift 2
  log=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$log" "$@" >"$out" 2>/dev/null || rc=$?
  tail -1 "$log" | awk -v rc="$rc" '{printf "%s %.2f %s %s\n", $1, $2 + $3, $4, rc}'
  rm -f "$log"
}

results=bench/results/istioctl.md
{
  echo "# sidecarctl and istioctl side by side"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "N=$n applications. istioctl: $("$istioctl" version --remote=false 2>/dev/null | head -1)."
  echo "sidecarctl: Release build of $(git rev-parse --short HEAD 2>/dev/null || echo unknown). One run each, one process;"
  echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows both tools)."
  echo
  echo "| job | items | tool | wall s | CPU s | peak RSS MiB | exit |"
  echo "| --- | ---: | --- | ---: | ---: | ---: | ---: |"
} >"$results"
ratios=()

# compare NAME ITEMS -- ISTIOCTL_ARGS... -- SIDECARCTL_ARGS...
compare() {
  local name=$1 items=$2
  shift 3
  local a=() b=()
  while [ "$1" != "--" ]; do a+=("$1"); shift; done
  shift
  b=("$@")
  read -r aw ac ar ae < <(measure "bench/data/$name.istioctl.out" -- "$istioctl" "${a[@]}")
  read -r bw bc br be < <(measure "bench/data/$name.sidecarctl.out" -- "$sidecarctl" "${b[@]}")
  printf '| %s | %s | istioctl | %s | %s | %s | %s |\n' "$name" "$items" "$aw" "$ac" "$((ar / 1024))" "$ae" >>"$results"
  printf '| %s | %s | sidecarctl | %s | %s | %s | %s |\n' "$name" "$items" "$bw" "$bc" "$((br / 1024))" "$be" >>"$results"
  ratios+=("$(python3 -c "import sys; aw,ac,ar,bw,bc,br=map(float,sys.argv[1:7]); f=lambda x,y: x/y if y>0 else float('inf'); print(f'| {sys.argv[7]} | {f(aw,bw):.1f}x | {f(ac,bc):.1f}x | {f(ar,br):.1f}x |')" "$aw" "$ac" "$ar" "$bw" "$bc" "$br" "$name")")
}

compare kube-inject "$n" -- kube-inject -f "$deployments" "${settings[@]}" -r default \
  -- kube-inject --offline -f "$deployments" "${settings[@]}"
same="differ"
cmp -s bench/data/kube-inject.istioctl.out bench/data/kube-inject.sidecarctl.out && same="are byte-identical"
resources=$(grep -c '^kind:' "$mixed")
compare analyze "$resources" -- analyze --use-kube=false -A "$mixed" -- analyze -A "$mixed"
{
  echo
  echo "Ratios, istioctl / sidecarctl (higher: sidecarctl faster or smaller):"
  echo
  echo "| job | wall | CPU | peak RSS |"
  echo "| --- | ---: | ---: | ---: |"
  printf '%s\n' "${ratios[@]}"
  echo
  echo "The two kube-inject outputs $same. analyze runs each tool's default analyzers on files (istioctl skips"
  echo "those that need a cluster's Pods, Services, Namespaces and Secrets; sidecarctl runs them on the files)."
} >>"$results"
cat "$results"
