#!/usr/bin/env python3
"""scripts/cluster itself: a second control plane beside the fixture's comes up ready within 30 s on free
loopback ports, `status` tells, `up` refuses a folder in use, `down` refuses a folder it did not make, and
`down` leaves no process, listening port or file behind. usage: test_cluster_script.py SIDECARCTL CLUSTER_DIR"""
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from real_cluster import Cluster  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "cluster")


def cluster(*args):
    # The fixture's `up` has built the references; building them again here could race with it.
    env = dict(os.environ, SIDECARCTL_CLUSTER_NO_BUILD="1")
    return subprocess.run([SCRIPT] + list(args), capture_output=True, text=True, timeout=300, env=env)


def listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def main():
    c = Cluster(sys.argv[1], sys.argv[2])  # the fixture's control plane: only its checks are used here
    parent = tempfile.mkdtemp(prefix="cluster-script-")
    folder = os.path.join(parent, "k8s")
    try:
        start = time.monotonic()
        p = cluster("up", folder)
        took = time.monotonic() - start
        c.check(p.returncode == 0, "scripts/cluster up", p)
        # How long `up` took is reported, not asserted: a loaded machine must not fail the test.
        print("scripts/cluster up: ready in %.1f s" % took)
        state = dict(line.split("=", 1) for line in open(os.path.join(folder, "cluster.state")).read().split())
        ports = [int(state[k]) for k in ("etcd_port", "peer_port", "apiserver_port")]
        pids = [int(open(os.path.join(folder, name)).read()) for name in ("etcd.pid", "kube-apiserver.pid")]
        c.check(all(listening(port) for port in ports[::2]), "etcd and kube-apiserver listen on %r" % ports)
        c.check(cluster("status", folder).returncode == 0, "status says it is up")
        second = Cluster(sys.argv[1], folder)
        p = second.run(["label-namespace", "shop"])
        c.check(p.returncode == 0 and second.labels("shop").get("istio-injection") == "enabled",
                "label-namespace against the second control plane", p)
        c.failures += second.failures

        p = cluster("up", folder)
        c.check(p.returncode != 0 and "exists and is not empty" in p.stderr, "up refuses a folder in use", p)
        stranger = tempfile.mkdtemp(prefix="not-a-cluster-", dir=parent)
        p = cluster("down", stranger)
        c.check(p.returncode != 0 and "not touching it" in p.stderr and os.path.isdir(stranger),
                "down refuses a folder up did not make", p)

        p = cluster("down", folder)
        c.check(p.returncode == 0, "scripts/cluster down", p)
        c.check(not os.path.exists(folder), "down deletes the folder")
        c.check(not any(alive(pid) for pid in pids), "no process is left (%r)" % pids)
        c.check(not any(listening(port) for port in ports), "no port is left listening (%r)" % ports)
        c.check(cluster("status", folder).returncode != 0, "status says it is down")
        p = cluster("down", folder)
        c.check(p.returncode == 0, "down of a folder already gone is fine", p)
    finally:
        if os.path.exists(os.path.join(folder, "cluster.state")):
            cluster("down", folder)
        subprocess.run(["rm", "-rf", parent])
    return c.finish("cluster/test_cluster_script")


if __name__ == "__main__":
    sys.exit(main())
