# Sourced by the bench scripts: the generated inputs for N applications, made once and kept in
# bench/data (not committed). Sets $deployments (N Deployments) and $mixed (per application a
# Deployment, Service, ConfigMap, VirtualService and DestinationRule, a Namespace per 50).
mkdir -p bench/data bench/results
deployments=bench/data/deployments-$n.yaml
mixed=bench/data/mixed-$n.yaml
[ -f "$deployments" ] || python3 bench/gen_manifests.py "$n" --only-deployments >"$deployments"
[ -f "$mixed" ] || python3 bench/gen_manifests.py "$n" --istio >"$mixed"
