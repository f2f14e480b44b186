# Sourced by the bench scripts: the generated inputs for N applications, made once and kept in
# bench/data (not committed). Sets $deployments (N Deployments) and $mixed (per application a
# Deployment, Service, ConfigMap, VirtualService and DestinationRule, a Namespace per 50). Every
# other application is in flow style with comments; the names say so, so that files generated
# before gen_manifests.py wrote them that way are not taken for them.
mkdir -p bench/data bench/results
deployments=bench/data/deployments-$n-mixed-style.yaml
mixed=bench/data/mixed-$n-mixed-style.yaml
[ -f "$deployments" ] || python3 bench/gen_manifests.py "$n" --only-deployments >"$deployments"
[ -f "$mixed" ] || python3 bench/gen_manifests.py "$n" --istio >"$mixed"
