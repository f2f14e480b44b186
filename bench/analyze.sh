#!/usr/bin/env bash
# Benchmarks `sidecarctl analyze -o json` offline on the mixed files of bench/inputs.sh (per
# application a Deployment, Service, ConfigMap, VirtualService and DestinationRule, a Namespace per
# 50 applications) against the issue #25 targets: resources/s on one core, peak RSS, and the ratio to
# `istioctl analyze --use-kube=false` on the same file. Prints one row per file and tool: wall and CPU
# seconds, resources per wall second and per CPU second (on a shared machine the CPU figure is the
# steadier one), peak MiB; then the istioctl / sidecarctl ratios. `sidecarctl` runs with its default
# --jobs (one thread per core), `one-core` with --jobs 1 (the one-core target; its output must be
# byte-identical). With BASE_BIN
# (an older build), it is measured too and its outputs (-o json and the default text) must be
# byte-identical to BIN's. With CALLGRIND=1, the instructions of each build on the 2,000-application
# file (valgrind callgrind: the same on a loaded machine). Never fails on time.
#
# usage: bench/analyze.sh [APPS...]    (default: 6773 10000, i.e. 34,001 and 50,200 resources)
#        BIN=build/x/sidecarctl BASE_BIN=/tmp/old/sidecarctl ISTIOCTL=build/references/istioctl CALLGRIND=1
#        RUNS=N (rounds of every tool, medians: default 1)
#        PAUSE=S (seconds idle before every run, so that each starts as a CI job's first run does,
#        on memory the machine has not just freed: default 0, back to back)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/release_binary.sh
istioctl=${ISTIOCTL:-build/references/istioctl}
[ -x "$istioctl" ] || { echo "note: $istioctl not built (scripts/references istioctl): no ratios" >&2; istioctl=""; }
# istioctl reads no cluster.
export KUBECONFIG=/nonexistent HOME="${TMPDIR:-/tmp}"
unset KUBERNETES_SERVICE_HOST KUBERNETES_SERVICE_PORT
tools=(sidecarctl one-core)
[ -n "${BASE_BIN:-}" ] && tools=(before sidecarctl one-core)
[ -n "$istioctl" ] && tools+=(istioctl)

# command TOOL FILE: the analyze command line of TOOL on FILE.
command_of() {
  case $1 in
    before) echo "$BASE_BIN analyze -o json $2" ;;
    sidecarctl) echo "$bin analyze -o json $2" ;;
    one-core) echo "$bin analyze -o json --jobs 1 $2" ;;
    istioctl) echo "$istioctl analyze --use-kube=false $2" ;;
  esac
}

echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average $(cut -d' ' -f1-3 /proc/loadavg), ${PAUSE:-0} s idle before each run"
printf '%-10s %9s %8s %8s %13s %15s %9s\n' tool resources "wall s" "CPU s" resources/s "resources/CPU s" "peak MiB"
declare -A cpu elapsed
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(6773 10000)
for apps in "${sizes[@]}"; do
  n=$apps
  . bench/inputs.sh
  resources=$(grep -c '^kind:' "$mixed")
  # RUNS rounds, each running every tool once (on a machine whose speed drifts, the tools see
  # the same drift); each tool's row is its median round by wall time.
  declare -A rounds=()
  for ((round = 1; round <= ${RUNS:-1}; round++)); do
    for tool in "${tools[@]}"; do
      log=$(mktemp)
      rc=0
      sleep "${PAUSE:-0}"
      # shellcheck disable=SC2046
      /usr/bin/time -f '%e %U %S %M' -o "$log" $(command_of "$tool" "$mixed") >"bench/data/analyze-$apps.$tool.json" 2>/dev/null || rc=$?
      if [ "$rc" -ne 0 ] && [ "$rc" -ne 79 ]; then
        echo "$tool failed on $mixed (exit $rc)" >&2
        exit 1
      fi
      rounds[$tool]+="$(tail -1 "$log")"$'\n'
      rm -f "$log"
    done
  done
  for tool in "${tools[@]}"; do
    read -r wall user sys rss < <(printf '%s' "${rounds[$tool]}" | sort -n | awk '{r[NR] = $0} END {print r[int((NR + 1) / 2)]}')
    cpu[$tool.$apps]=$(python3 -c "print($user + $sys)")
    elapsed[$tool.$apps]=$wall
    python3 -c "import sys; t,r,w,c,m=sys.argv[1],int(sys.argv[2]),float(sys.argv[3]),float(sys.argv[4]),int(sys.argv[5]); print(f'{t:<10} {r:>9,} {w:>8.2f} {c:>8.2f} {r/w:>13,.0f} {r/c:>15,.0f} {m/1024:>9.1f}')" \
      "$tool" "$resources" "$wall" "${cpu[$tool.$apps]}" "$rss"
  done
  cmp -s "bench/data/analyze-$apps.one-core.json" "bench/data/analyze-$apps.sidecarctl.json" || { echo "--jobs 1 output differs" >&2; exit 1; }
  if [ -n "${BASE_BIN:-}" ]; then
    cmp -s "bench/data/analyze-$apps.before.json" "bench/data/analyze-$apps.sidecarctl.json" || { echo "-o json output differs from BASE_BIN's" >&2; exit 1; }
    cmp -s <("$BASE_BIN" analyze "$mixed" 2>&1) <("$bin" analyze "$mixed" 2>&1) || { echo "text output differs from BASE_BIN's" >&2; exit 1; }
    echo "outputs (-o json and text) byte-identical to BASE_BIN's"
  fi
  [ -n "$istioctl" ] && python3 -c "import sys; a, b = map(float, sys.argv[1:3]); c, d = map(float, sys.argv[3:5]); print(f'istioctl / sidecarctl: wall {a / b:.1f}x, CPU {c / d:.1f}x')" \
    "${elapsed[istioctl.$apps]}" "${elapsed[sidecarctl.$apps]}" "${cpu[istioctl.$apps]}" "${cpu[sidecarctl.$apps]}"
done

if [ "${CALLGRIND:-}" = 1 ]; then
  n=2000
  . bench/inputs.sh
  for tool in "${tools[@]}"; do
    [ "$tool" = istioctl ] || [ "$tool" = sidecarctl ] && continue
    # shellcheck disable=SC2046
    instructions=$({ valgrind --tool=callgrind --callgrind-out-file=/dev/null $(command_of "$tool" "$mixed") 2>&1 >/dev/null || true; } |
      sed -n 's/.*refs: *//p')
    echo "$tool: $instructions instructions on $mixed ($(grep -c '^kind:' "$mixed") resources)"
  done
fi
