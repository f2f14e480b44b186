#!/bin/sh
# Dev-only: renders/s of sidecarctl's engine (bench/template_bench, built with -DSIDECARCTL_BENCH=ON
# in a Release build) against Go's text/template (needs golang-go and
# golang-github-masterminds-sprig-dev from Debian; never used by tests or CI).
#   bench/template_compare.sh BUILD_DIR [SECONDS]
set -eu
build=${1:?usage: template_compare.sh BUILD_DIR [SECONDS]}
secs=${2:-3}
config=../shared/conformance/inject/settings/default/inject-config.yaml
data=../shared/conformance/gotemplate/cases/real_full_injection_template.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== sidecarctl (C++)"
"$build/bench/template_bench" "$config" "$data" "$secs"
/usr/bin/python3 -c 'import json,sys,yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"))' "$config" "$tmp/config.json"
echo "== Go text/template + sprig"
cd bench/go_template_bench
GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= go run . "$tmp/config.json" "../../$data" "$secs"
