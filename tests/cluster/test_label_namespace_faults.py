#!/usr/bin/env python3
"""label-namespace through tests/cluster/fault_proxy.py to the real kube-apiserver of scripts/cluster: answers
429 and 5xx with Retry-After (retried for every verb, PATCH included, within bounded attempts), 5xx without it,
connections reset before and after the request was forwarded, answers lost after the server acted, slow
answers, and another writer changing the namespace between our read and our patch. After each run kubectl
reads the namespace: the labels are what the run says, no change of ours is applied twice (the proxy counts
the PATCHes the server carried out), none is lost silently. usage: test_label_namespace_faults.py SIDECARCTL
CLUSTER_DIR"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fault_proxy import HOLD, RESET, RESET_AFTER, SLOW, STATUS, STATUS_AFTER, Fault, FaultProxy  # noqa: E402
from real_cluster import Cluster  # noqa: E402

LOST = "the server's answer to the change was lost; reading the namespace again showed the change applied"


def main():
    c = Cluster(sys.argv[1], sys.argv[2])
    tmp = tempfile.mkdtemp(prefix="faults-", dir=c.home)
    c.apply([c.revision_webhook("istio-sidecar-injector", "default"),
             c.revision_webhook("istio-sidecar-injector-1-21", "1-21")])
    proxy = FaultProxy(c.dir, tmp)
    kubeconfig = proxy.kubeconfig(os.path.join(tmp, "kubeconfig"))

    def label(what, ns, faults, args=(), code=0, bound=20):
        """Runs label-namespace NS through the proxy with FAULTS; checks the exit, the time and the PATCHes."""
        proxy.reset(*faults)
        start = time.monotonic()
        p = c.run(["label-namespace", ns, "-v"] + list(args), context=None, kubeconfig=kubeconfig)
        took = time.monotonic() - start
        c.check(p.returncode == code, "%s: exit %d" % (what, code), p)
        c.check(took < bound, "%s: took %.1f s (bound %d s)" % (what, took, bound))
        patches = proxy.requests("PATCH", "/api/v1/namespaces/" + ns)
        c.check(all(json.loads(r["body"])["metadata"].get("resourceVersion") for r in patches),
                "%s: every PATCH carries the resourceVersion it was planned from" % what)
        c.check(len(patches) <= 10, "%s: %d PATCHes (at most 5 rounds, each resent once by libcurl at most)"
                % (what, len(patches)))
        return p, patches

    def applied(ns):
        return len(proxy.applied("/api/v1/namespaces/" + ns))

    def kubectl_label(ns, labels):
        return lambda: c.kubectl(["label", "namespace", ns, "--overwrite"] + ["%s=%s" % kv for kv in labels.items()])

    # The case: 503 with Retry-After: 1 on every third request; the third is the PATCH.
    c.kubectl(["patch", "namespace", "shop", "--type=merge",
               "-p", json.dumps({"metadata": {"labels": {"istio-injection": None, "istio.io/rev": None}}})])
    p, patches = label("503 + Retry-After: 1 on every third request", "shop",
                       [Fault(STATUS, every=3, status=503, retry_after=1)])
    c.check("namespace/shop labeled: istio-injection=enabled" in p.stdout and
            c.labels("shop").get("istio-injection") == "enabled", "every third 503: shop labeled", p)
    c.check([r["fault"] for r in patches] == [STATUS, None] and applied("shop") == 1,
            "every third 503: the first PATCH met the 503, the second applied (%r)" % [r["fault"] for r in patches])
    c.check("retrying in 1000 ms" in p.stderr, "every third 503: Retry-After honoured", p)

    # 429 and 5xx with Retry-After (0 here: the client waits as told, not its own 250 ms backoff) on the PATCH
    # (the server says it did not act), on the namespace GET and on the pod LIST: each request is sent again
    # and the change applied once.
    for status in (429, 500, 502, 503, 504):
        ns = c.unique_namespace("retry-after")
        p, patches = label("%d + Retry-After on every verb" % status, ns,
                           [Fault(STATUS, method=method, path=path, status=status, retry_after=0)
                            for method, path in (("GET", "/api/v1/namespaces/" + ns), ("PATCH", None),
                                                 ("GET", "/api/v1/namespaces/%s/pods" % ns))])
        c.check(len(patches) == 2 and applied(ns) == 1 and c.labels(ns).get("istio-injection") == "enabled",
                "%d + Retry-After: PATCH sent twice, applied once" % status, p)
        c.check(p.stderr.count("retrying in 0 ms") == 3, "%d + Retry-After: three retries, as the server said" % status, p)
        c.check("cannot list the pods" not in p.stderr and
                len(proxy.requests("GET", "/api/v1/namespaces/%s/pods" % ns)) == 2,
                "%d + Retry-After: the pod list was read on the second attempt" % status, p)

    # Retry-After on every PATCH: 5 attempts, then a clear error; nothing changed.
    ns = c.unique_namespace("always-503")
    p, patches = label("503 + Retry-After on every PATCH", ns, [Fault(STATUS, method="PATCH", times=None,
                                                                      retry_after=0)], code=1)
    c.check(len(patches) == 5 and "(after 5 attempts)" in p.stderr and ns in p.stderr,
            "every PATCH 503: 5 attempts, the error names the namespace", p)
    c.check("istio-injection" not in c.labels(ns) and applied(ns) == 0, "every PATCH 503: nothing changed")

    # 5xx without Retry-After on a GET: retried. On the PATCH, before the server saw it: the client cannot tell
    # that it did not act; label-namespace sends it again under the same precondition, and it applies once.
    ns = c.unique_namespace("no-retry-after")
    p, patches = label("500 without Retry-After", ns,
                       [Fault(STATUS, method="GET", path="/api/v1/namespaces/" + ns, status=500),
                        Fault(STATUS, method="PATCH", status=500)])
    c.check(len(patches) == 2 and applied(ns) == 1 and c.labels(ns).get("istio-injection") == "enabled",
            "500 without Retry-After: applied once", p)
    c.check(LOST not in p.stderr, "500 before the server acted: no lost answer is claimed", p)

    # The server acted and the answer was lost (a 500 instead of it, or held past --kubeclient-timeout): the
    # resend meets 409 Conflict, the re-read finds the labels: success, said, applied once.
    for what, fault, args in (("500 after the server acted", Fault(STATUS_AFTER, method="PATCH", status=500), []),
                              ("answer held past the timeout", Fault(SLOW, method="PATCH", delay=3),
                               ["--kubeclient-timeout", "1s"])):
        ns = c.unique_namespace("lost")
        p, patches = label(what, ns, [fault], args)
        c.check(LOST in p.stderr and "namespace/%s labeled" % ns in p.stdout, "%s: success, the lost answer said" % what, p)
        c.check([r["upstream"] for r in patches] == [200, 409] and applied(ns) == 1,
                "%s: applied, then 409 (%r)" % (what, [r["upstream"] for r in patches]))
        c.check(c.labels(ns).get("istio-injection") == "enabled", "%s: labeled" % what)

    # Connections reset: before the GET or the PATCH was forwarded (sent again, by libcurl itself on a reused
    # connection or by the client), or after the server acted on the PATCH (a resend meets 409 and the re-read
    # finds the change). Either way: labeled, applied once.
    for what, faults in (("reset before forwarding", lambda ns: [Fault(RESET, method="GET", path="/api/v1/namespaces/" + ns),
                                                                  Fault(RESET, method="PATCH")]),
                         ("reset after the server acted", lambda ns: [Fault(RESET_AFTER, method="PATCH")])):
        ns = c.unique_namespace("reset")
        p, patches = label(what, ns, faults(ns))
        c.check(applied(ns) == 1 and c.labels(ns).get("istio-injection") == "enabled" and
                "namespace/%s labeled" % ns in p.stdout, "%s: labeled, applied once" % what, p)
        c.check(len(patches) == 2, "%s: the PATCH went twice (%d)" % (what, len(patches)))

    # Every answer to a PATCH lost after the server acted: bounded rounds, then an error saying the change may
    # have been applied (it was, once); never claimed done, never applied twice.
    ns = c.unique_namespace("always-lost")
    p, patches = label("every PATCH answer lost", ns, [Fault(STATUS_AFTER, method="PATCH", status=500, times=None)],
                       code=1)
    c.check('namespace "%s": change not confirmed (the server may have applied it)' % ns in p.stderr and
            "namespace/%s labeled" % ns not in p.stdout, "every PATCH answer lost: not confirmed, said", p)
    c.check(len(patches) == 5 and applied(ns) == 1 and c.labels(ns).get("istio-injection") == "enabled",
            "every PATCH answer lost: 5 rounds, the first applied, the rest met 409 (%r)"
            % [r["upstream"] for r in patches])

    # Slow answers (0.3 s each, within the client's timeout): labeled.
    ns = c.unique_namespace("slow")
    p, patches = label("slow answers", ns, [Fault(SLOW, times=None, delay=0.3)])
    c.check(applied(ns) == 1 and c.labels(ns).get("istio-injection") == "enabled", "slow answers: labeled once", p)
    c.check(all(r["fault"] == SLOW for r in proxy.requests()), "slow answers: every request was slowed")

    # Another writer changes the namespace between our read and our PATCH (the proxy holds the PATCH until
    # kubectl's write is done): the PATCH meets 409, the namespace is read again and patched against the new
    # resourceVersion. Both changes survive.
    ns = c.unique_namespace("concurrent", {"team": "a"})
    p, patches = label("a concurrent writer", ns, [Fault(HOLD, method="PATCH", before=kubectl_label(ns, {"team": "b"}))])
    labels = c.labels(ns)
    c.check(labels.get("team") == "b" and labels.get("istio-injection") == "enabled",
            "a concurrent writer: both changes survive (%r)" % labels, p)
    c.check([r["upstream"] for r in patches] == [409, 200], "a concurrent writer: 409, then applied (%r)"
            % [r["upstream"] for r in patches])
    c.check(LOST not in p.stderr and "namespace/%s labeled" % ns in p.stdout, "a concurrent writer: labeled", p)

    # ... who set the very labels we wanted: nothing left to do, success, nothing of ours applied.
    ns = c.unique_namespace("same")
    p, patches = label("a concurrent writer of the same label", ns,
                       [Fault(HOLD, method="PATCH", before=kubectl_label(ns, {"istio-injection": "enabled"}))])
    c.check(applied(ns) == 0 and len(patches) == 1 and c.labels(ns).get("istio-injection") == "enabled",
            "the same label: one PATCH, 409, done", p)

    # An ambiguous failure (a 500 the server never saw) while another writer sets istio.io/rev: the resend
    # meets 409, the re-read shows a label we may not replace without --overwrite: the conflict is reported,
    # the other writer's label stays, ours is not applied.
    ns = c.unique_namespace("conflict")
    p, patches = label("an ambiguous failure, then a conflicting writer", ns,
                       [Fault(STATUS, method="PATCH", status=500, before=kubectl_label(ns, {"istio.io/rev": "1-21"}))],
                       code=64)  # as when the first read finds the conflict
    labels = c.labels(ns)
    c.check('namespace "%s" already has istio.io/rev=1-21; use --overwrite' % ns in p.stderr and
            "another writer changed the namespace after sidecarctl read it" in p.stderr,
            "a conflicting writer: the conflict is reported", p)
    c.check(labels.get("istio.io/rev") == "1-21" and "istio-injection" not in labels and applied(ns) == 0,
            "a conflicting writer: the other label stays, ours is not applied (%r)" % labels)

    return c.finish("cluster/test_label_namespace_faults")


if __name__ == "__main__":
    sys.exit(main())
