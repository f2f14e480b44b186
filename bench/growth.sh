#!/usr/bin/env bash
# Growth from 1,000 to 100,000 applications (issue #25: time linear, memory flat): kube-inject
# --jobs 1 on the Deployments files and analyze on the mixed files of bench/inputs.sh, one run per
# size, printing CPU seconds (user + system: steadier than wall time on a shared machine), the CPU
# time per item, peak RSS, and each against the smallest size. kube-inject streams, so its memory
# should stay flat; analyze keeps every resource for the cross-resource checks, so its memory grows
# with the file and the figure to watch is MiB per 1,000 resources. Never fails on time.
#
# A file over sidecarctl's 128 MiB input limit (the mixed file of 100,000 applications: 211 MiB) is
# skipped, with a line saying so.
#
# usage: bench/growth.sh [APPS...]     (default: 1000 10000 50000 100000)
#        BIN=build/x/sidecarctl bench/growth.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/release_binary.sh
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000 50000 100000)
settings=()
conformance=../shared/conformance/inject/settings/default
if [ -d "$conformance" ]; then
  settings=(--injectConfigFile "$conformance/inject-config.yaml" --valuesFile "$conformance/values.json"
            --meshConfigFile "$conformance/mesh.yaml")
else
  settings=(--offline)
fi

# measure ITEMS COMMAND...: "CPU-seconds peak-KiB" of one run (exit 79, analyze's findings, is a success).
measure() {
  local log rc=0
  log=$(mktemp)
  /usr/bin/time -f '%U %S %M' "$@" >/dev/null 2>"$log" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 79 ]; then
    echo "failed (exit $rc): $(tail -1 "$log")" >&2
    rm -f "$log"
    return 1
  fi
  tail -1 "$log" | awk '{printf "%.2f %d\n", $1 + $2, $3}'
  rm -f "$log"
}

echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), binary $bin"
printf '%-12s %9s %9s %8s %14s %9s %9s %10s\n' job apps items "CPU s" "us per item" "x first" "peak MiB" "x first"
for job in kube-inject analyze; do
  first_per_item="" first_rss=""
  for n in "${sizes[@]}"; do
    . bench/inputs.sh
    file=$deployments
    [ "$job" = kube-inject ] || file=$mixed
    if (($(stat -c %s "$file") > 128 * 1024 * 1024)); then
      printf '%-12s %9s   skipped: %s is %d MiB, over the 128 MiB input limit (kMaxInputBytes)\n' "$job" "$n" \
        "$file" "$(($(stat -c %s "$file") / 1048576))"
      continue
    fi
    if [ "$job" = kube-inject ]; then
      items=$(grep -c '^kind: Deployment' "$file")
      read -r cpu rss < <(measure "$bin" kube-inject -f "$file" "${settings[@]}" --jobs 1)
    else
      items=$(grep -c '^kind:' "$file")
      read -r cpu rss < <(measure "$bin" analyze "$file" -o json)
    fi
    per_item=$(python3 -c "print(f'{$cpu / $items * 1e6:.1f}')")
    [ -n "$first_per_item" ] || first_per_item=$per_item
    [ -n "$first_rss" ] || first_rss=$rss
    printf '%-12s %9s %9s %8s %14s %9s %9s %10s\n' "$job" "$n" "$items" "$cpu" "$per_item" \
      "$(python3 -c "print(f'{$per_item / $first_per_item:.2f}')")" "$((rss / 1024))" \
      "$(python3 -c "print(f'{$rss / $first_rss:.2f}')")"
  done
done
