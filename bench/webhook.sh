#!/usr/bin/env bash
# AdmissionReviews per second and latency of `sidecarctl webhook serve` over TLS with keep-alive, at 1, 8
# and 64 concurrent connections (wrk, Debian's package), for two mixes of reviews: one Deployment pod's
# review again and again (a ReplicaSet's replicas: answered from the patch cache after the first) and
# 1,000 distinct pods in turn (more than the cache keeps: every review injected); and kube-inject's time
# per pod for comparison; writes bench/results/webhook.md with the machine's load.
# The server and the load generator share the machine: on 2 cores they compete for the same CPUs.
# When build/references has pilot-discovery (scripts/references), istiod's own webhook is measured the
# same way, with the same settings, against a control plane of scripts/cluster in a temporary folder.
#
# usage: bench/webhook.sh [SECONDS]   (per concurrency level, default 10)
#        BENCH_BIN=build/test/sidecarctl bench/webhook.sh   (measure that binary, build nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
if [ -n "${BENCH_BIN:-}" ]; then
  bin=$(readlink -f "$BENCH_BIN")
else
  scripts/install-deps
  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIDECARCTL_TESTS=OFF -DSIDECARCTL_WERROR=OFF >/dev/null
  cmake --build build/release -j "${BENCH_JOBS:-$(nproc)}" --target sidecarctl sidecarctl-webhook >/dev/null
  bin=$PWD/build/release/sidecarctl
fi
build_type=$(grep -m1 '^CMAKE_BUILD_TYPE' "$(dirname "$bin")/CMakeCache.txt" 2>/dev/null | cut -d= -f2)
sanitize=$(grep -m1 '^SIDECARCTL_SANITIZE' "$(dirname "$bin")/CMakeCache.txt" 2>/dev/null | cut -d= -f2)
work=$(mktemp -d)
istiod=""
cleanup() {
  kill "$server" 2>/dev/null || true
  [ -z "$istiod" ] || kill "$istiod" 2>/dev/null || true
  wait 2>/dev/null || true
  [ ! -d "$work/cluster" ] || scripts/cluster down "$work/cluster" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/tls.key" \
  -out "$work/tls.crt" -days 1 -subj /CN=bench -addext subjectAltName=IP:127.0.0.1 2>/dev/null
python3 - "$work" <<'PY'
import json, sys
pod = {"apiVersion": "v1", "kind": "Pod",
       "metadata": {"generateName": "web-6d4cf56db6-", "labels": {"app": "web", "pod-template-hash": "6d4cf56db6"},
                    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-6d4cf56db6",
                                         "uid": "7f0c", "controller": True}]},
       "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 8080}],
                                "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}]}}
review = {"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1",
          "request": {"uid": "bench", "namespace": "shop", "operation": "CREATE", "object": pod}}
open(sys.argv[1] + "/review.json", "w").write(json.dumps(review))
# 1,000 distinct pods: the app, hash, image tag and port differ, one review per line.
with open(sys.argv[1] + "/distinct.jsonl", "w") as f:
    for i in range(1000):
        p = json.loads(json.dumps(pod))
        h = "%010x" % (i * 2654435761 % (1 << 40))
        p["metadata"]["generateName"] = "web%d-%s-" % (i, h)
        p["metadata"]["labels"] = {"app": "web%d" % i, "pod-template-hash": h}
        p["metadata"]["ownerReferences"][0]["name"] = "web%d-%s" % (i, h)
        c = p["spec"]["containers"][0]
        c["image"] = "nginx:1.%d" % i
        c["ports"][0]["containerPort"] = 8000 + i
        c["readinessProbe"]["httpGet"]["port"] = 8000 + i
        r = json.loads(json.dumps(review))
        r["request"]["object"] = p
        f.write(json.dumps(r) + "\n")
pod["metadata"]["namespace"] = "shop"
open(sys.argv[1] + "/pod.json", "w").write(json.dumps(pod))
PY
cat >"$work/result.lua" <<LUA
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.3f %.3f %.3f\n", summary.requests, summary.errors.status
    + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration / 1e6))
end
LUA
cat "$work/result.lua" - >"$work/same.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/review.json")
wrk.body = f:read("*a")
f:close()
LUA
cat "$work/result.lua" - >"$work/distinct.lua" <<LUA
-- Each wrk thread starts half the list away from the last one, so no thread meets a pod another
-- thread sent within the last 256 reviews.
local threads = 0
setup = function(thread)
  thread:set("offset", threads * 500)
  threads = threads + 1
end
init = function(args)
  next_body = offset or 0
end
local bodies = {}
for line in io.lines("$work/distinct.jsonl") do bodies[#bodies + 1] = line end
next_body = 0
local headers = {["Content-Type"] = "application/json"}
request = function()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, headers, bodies[next_body])
end
LUA

ENABLE_NATIVE_SIDECARS=false "$bin" webhook serve --offline --address 127.0.0.1 --port 18443 \
  --tls-cert-file "$work/tls.crt" --tls-private-key-file "$work/tls.key" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do grep -q 'msg=serving' "$work/server.log" 2>/dev/null && break; sleep 0.1; done
# One request first: the answer must be an injection.
curl -s --cacert "$work/tls.crt" -H 'Content-Type: application/json' --data-binary @"$work/review.json" \
  https://127.0.0.1:18443/inject | grep -q '"patchType":"JSONPatch"'

out=${BENCH_OUT:-bench/results/webhook.md}
{
  echo "# webhook serve: AdmissionReviews over TLS ($(date -u +%Y-%m-%d), $(nproc) cores, ${seconds}s per level)"
  echo
  echo "One Deployment pod's review (generateName, owner reference, a readiness probe: injected with the embedded"
  echo "defaults, patch of $(curl -s --cacert "$work/tls.crt" -H 'Content-Type: application/json' \
        --data-binary @"$work/review.json" https://127.0.0.1:18443/inject | wc -c) bytes of answer), POSTed by wrk over keep-alive TLS connections:"
  echo "either that review again and again (\"one pod, again\": a ReplicaSet's replicas; sidecarctl answers all but"
  echo "the first from its patch cache, istiod injects each) or 1,000 distinct pods in turn (app, hash, image and"
  echo "port differ; more than the cache's 256 entries, so every review is injected)."
  echo "wrk and the server share the machine. Binary: $bin (build type ${build_type:-?}, sanitizers ${sanitize:-OFF})."
  echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| server | reviews | connections | wrk threads | reviews/s | p50 ms | p99 ms | errors |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$out"
measure() {  # measure NAME PORT: a table row per mix and concurrency level
  local mix c t line requests errors p50 p99 duration rate
  for mix in same distinct; do
    for c in 1 8 64; do
      t=$((c < 2 ? 1 : 2))
      line=$(wrk -t"$t" -c"$c" -d"${seconds}s" -s "$work/$mix.lua" "https://127.0.0.1:$2/inject" | grep '^RESULT')
      read -r _ requests errors p50 p99 duration <<<"$line"
      rate=$(python3 -c "print(round($requests / $duration))")
      local label="one pod, again"
      [ "$mix" = same ] || label="1,000 distinct pods"
      echo "| $1 | $label | $c | $t | $rate | $p50 | $p99 | $errors |" >>"$out"
    done
  done
}
measure "sidecarctl" 18443

# istiod's webhook with the same settings (the embedded defaults as files), when it was built.
istiod_note="istiod's webhook was not measured: no build/references/pilot-discovery (run scripts/references)."
if [ -x build/references/pilot-discovery ] && [ -x build/references/kube-apiserver ]; then
  SIDECARCTL_CLUSTER_NO_BUILD=1 scripts/cluster up "$work/cluster" >/dev/null 2>&1
  mkdir -p "$work/istiod/var/lib/istio/inject" "$work/istiod/etc/istio/config"
  ENABLE_NATIVE_SIDECARS=false "$bin" kube-inject --offline --show-config 2>/dev/null | python3 -c '
import sys
config, values, mesh = sys.stdin.read().split("\n---\n")
d = sys.argv[1]
open(d + "/var/lib/istio/inject/config", "w").write(config + "\n")
open(d + "/var/lib/istio/inject/values", "w").write(values + "\n")
open(d + "/etc/istio/config/mesh", "w").write(mesh.rstrip("-\n") + "\n")' "$work/istiod"
  (cd "$work/istiod" && POD_NAMESPACE=istio-system POD_NAME=istiod-bench ENABLE_NATIVE_SIDECARS=false \
    exec "$OLDPWD/build/references/pilot-discovery" discovery --kubeconfig "$work/cluster/kubeconfig" \
    --meshConfig ./etc/istio/config/mesh --httpsAddr 127.0.0.1:18444 --httpAddr 127.0.0.1:18445 \
    --grpcAddr 127.0.0.1:18446 --secureGRPCAddr 127.0.0.1:18447 --monitoringAddr 127.0.0.1:18448 \
    --ctrlz_port 18449 --ctrlz_address 127.0.0.1 >"$work/istiod.log" 2>&1) &
  istiod=$!
  for _ in $(seq 240); do
    curl -sk -H 'Content-Type: application/json' --data-binary @"$work/review.json" https://127.0.0.1:18444/inject 2>/dev/null |
      grep -q '"patchType":"JSONPatch"' && break
    sleep 0.5
  done
  measure "istiod (pilot-discovery)" 18444
  istiod_note="istiod's webhook: pilot-discovery from the pinned istio.io/istio module (scripts/references), with the
same settings files, against a control plane of scripts/cluster; it serves a certificate of its own CA."
  kill "$istiod"
  wait "$istiod" 2>/dev/null || true
  istiod=""
fi
# kube-inject's time per pod: one process per pod (what a CI job pays), and 1000 pods in one run.
python3 - "$work" <<'PY'
import json, sys
pod = json.load(open(sys.argv[1] + "/pod.json"))
docs = []
for i in range(1000):
    p = json.loads(json.dumps(pod)); p["metadata"]["name"] = "web-%d" % i; docs.append(json.dumps(p))
open(sys.argv[1] + "/pods.json", "w").write("\n---\n".join(docs))
PY
start=$(date +%s.%N)
for _ in $(seq 20); do ENABLE_NATIVE_SIDECARS=false "$bin" kube-inject --offline --webhook-policy -f "$work/pod.json" >/dev/null 2>&1; done
one=$(python3 -c "import time; print(round(($(date +%s.%N) - $start) / 20 * 1000, 1))")
start=$(date +%s.%N)
ENABLE_NATIVE_SIDECARS=false "$bin" kube-inject --offline --webhook-policy -f "$work/pods.json" >/dev/null 2>&1
many=$(python3 -c "import time; print(round(($(date +%s.%N) - $start) / 1000 * 1000, 2))")
{
  echo
  echo "kube-inject --offline --webhook-policy on the same pod: $one ms per process (start, settings, one pod),"
  echo "$many ms per pod when 1000 pods go through one run. Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "$istiod_note"
} >>"$out"
kill -TERM "$server"
wait "$server" || true
cat "$out"
