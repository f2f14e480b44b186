"""MutatingWebhookConfigurations shaped as Istio's istio-discovery chart renders them
(templates/mutatingwebhook.yaml for a revision, revision-tags-mwc.yaml for a revision tag), for the
check-inject tests: offline (tests/test_check_inject.py) and against the real API server
(tests/cluster/test_check_inject.py). Hooks point at a closed port on loopback."""


def _expr(key, op, values=None):
    e = {"key": key, "operator": op}
    if values is not None:
        e["values"] = values
    return e


def _hook(prefix, url, failure_policy, ns_exprs, obj_exprs):
    return {"name": prefix + "sidecar-injector.istio.io",
            "clientConfig": {"url": url},
            "sideEffects": "None",
            "rules": [{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"]}],
            "failurePolicy": failure_policy,
            "reinvocationPolicy": "Never",
            "admissionReviewVersions": ["v1"],
            "timeoutSeconds": 1,
            "namespaceSelector": {"matchExpressions": ns_exprs},
            "objectSelector": {"matchExpressions": obj_exprs}}


def istio_mwc(name, revision, tag=None, url="https://127.0.0.1:9/inject", failure_policy="Ignore"):
    """Istio's webhooks for REVISION ("default" for the default revision), or for revision TAG pointing at it.
    The default revision, and the tag named default, also get the istio-injection and object webhooks."""
    selected = tag or revision
    not_false = _expr("sidecar.istio.io/inject", "NotIn", ["false"])
    hooks = [
        _hook("rev.namespace.", url, failure_policy,
              [_expr("istio.io/rev", "In", [selected]), _expr("istio-injection", "DoesNotExist")], [not_false]),
        _hook("rev.object.", url, failure_policy,
              [_expr("istio.io/rev", "DoesNotExist"), _expr("istio-injection", "DoesNotExist")],
              [not_false, _expr("istio.io/rev", "In", [selected])]),
    ]
    if selected == "default":
        hooks.append(_hook("namespace.", url, failure_policy, [_expr("istio-injection", "In", ["enabled"])], [not_false]))
        hooks.append(_hook("object.", url, failure_policy,
                           [_expr("istio-injection", "DoesNotExist"), _expr("istio.io/rev", "DoesNotExist")],
                           [_expr("sidecar.istio.io/inject", "In", ["true"]), _expr("istio.io/rev", "DoesNotExist")]))
    labels = {"app": "sidecar-injector", "istio.io/rev": revision}
    if tag:
        labels["istio.io/tag"] = tag
    return {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
            "metadata": {"name": name, "labels": labels}, "webhooks": hooks}


def namespace(name, labels=None):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels or {}}}


def pod(name, ns, labels=None, annotations=None):
    meta = {"name": name, "namespace": ns, "labels": labels or {}}
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"containers": [{"name": "app", "image": "registry.local/app:1"}]}}


def injector_config_map(revision, policy, namespace="istio-system", never=None):
    """The injector ConfigMap istiod reads (key config): POLICY and neverInjectSelector NEVER."""
    name = "istio-sidecar-injector" + ("" if revision == "default" else "-" + revision)
    config = "policy: %s\n" % policy
    if never:
        config += "neverInjectSelector:\n" + "".join("  - matchLabels: {%s: %s}\n" % kv for kv in never.items())
    config += "templates:\n  sidecar: ''\n"
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": namespace},
            "data": {"config": config, "values": "{}"}}


# The namespaces every scenario uses: name -> labels.
NAMESPACES = {
    "enabled": {"istio-injection": "enabled"},
    "canary": {"istio.io/rev": "canary"},
    "both": {"istio-injection": "enabled", "istio.io/rev": "canary"},
    "tagged": {"istio.io/rev": "default"},
    "disabled": {"istio-injection": "disabled"},
    "plain": {},
}

# The pods of each namespace: name -> (labels, annotations).
PODS = {
    "nolabel": ({"app": "nolabel"}, None),
    "opt-out": ({"app": "opt-out", "sidecar.istio.io/inject": "false"}, None),
    "opt-in": ({"app": "opt-in", "sidecar.istio.io/inject": "true"}, None),
    "rev-canary": ({"app": "rev-canary", "istio.io/rev": "canary"}, None),
    "annotated-off": ({"app": "annotated-off"}, {"sidecar.istio.io/inject": "false"}),
}
