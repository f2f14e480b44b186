#!/bin/sh
# Dev-only: sidecarctl's template engine (bench/template_bench, built with -DSIDECARCTL_BENCH=ON
# in a Release build) against Go's text/template (needs a Go toolchain and
# golang-github-masterminds-sprig-dev from Debian; never used by tests or CI), on Istio's sidecar
# template: renders/s within one process, then whole processes rendering it for PODS pods (the
# Go program built beforehand; each timed RUNS times, the median kept) and their ratio.
#   bench/template_compare.sh BUILD_DIR [SECONDS] [PODS] [RUNS]
set -eu
build=${1:?usage: template_compare.sh BUILD_DIR [SECONDS] [PODS] [RUNS]}
secs=${2:-3}
pods=${3:-500}
runs=${4:-7}
config=../shared/conformance/inject/settings/default/inject-config.yaml
data=../shared/conformance/gotemplate/cases/real_full_injection_template.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 -c 'import json,sys,yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"))' "$config" "$tmp/config.json"
(cd bench/go_template_bench && GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= go build -o "$tmp/go_template_bench" .)

echo "== sidecarctl (C++), one process"
"$build/bench/template_bench" "$config" "$data" "$secs"
echo "== Go text/template + sprig, one process"
"$tmp/go_template_bench" "$tmp/config.json" "$data" "$secs"

# median_wall COMMAND...: the median wall time of RUNS runs, in seconds (nanosecond clock).
median_wall() {
  i=0
  while [ "$i" -lt "$runs" ]; do
    start=$(date +%s%N)
    "$@" >/dev/null
    echo $(($(date +%s%N) - start))
    i=$((i + 1))
  done | sort -n | awk '{ v[NR] = $1 } END { printf "%.4f\n", v[int((NR + 1) / 2)] / 1e9 }'
}
cpp=$(median_wall "$build/bench/template_bench" "$config" "$data" "${pods}x")
go=$(median_wall "$tmp/go_template_bench" "$tmp/config.json" "$data" "${pods}x")
echo "== whole process, $pods pods, median of $runs runs"
echo "sidecarctl: $cpp s"
echo "Go: $go s"
awk -v c="$cpp" -v g="$go" 'BEGIN { if (c > 0) printf "ratio (Go / sidecarctl): %.2fx\n", g / c }'
