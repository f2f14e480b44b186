#!/usr/bin/env python3
"""scripts/references fails with one clear error naming what is missing: no Go toolchain on PATH, a module the
proxy refuses (GOPROXY=off over an empty module cache), an unknown reference name; --help works.
Nothing is built. usage: test_references_script.py SIDECARCTL (unused)"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "references")


def run(args, env):
    return subprocess.run([SCRIPT] + args, capture_output=True, text=True, timeout=120, env=env)


def main():
    c = Checks()
    with tempfile.TemporaryDirectory(prefix="references-") as tmp:
        if shutil.which("go", path="/usr/bin:/bin"):
            print("a go in /usr/bin: the no-Go case is not checked here")
        else:
            p = run(["etcd"], {"PATH": "/usr/bin:/bin", "HOME": tmp})
            c.check(p.returncode == 1 and p.stderr.strip() ==
                    "references: no Go toolchain: 'go' is not on PATH (Go 1.26 or later builds the references)",
                    "no Go on PATH", p)
        env = dict(os.environ, GOPROXY="off", GOMODCACHE=os.path.join(tmp, "mod"), GOFLAGS="")
        p = run(["etcd"], env)
        c.check(p.returncode == 1 and "references: could not resolve go.etcd.io/etcd/server/v3 in tests/references/etcd"
                in p.stderr, "a module the proxy refuses", p)
        p = run(["kubelet"], dict(os.environ))
        c.check(p.returncode == 64 and "unknown reference 'kubelet'" in p.stderr, "an unknown name", p)
        p = run(["--help"], dict(os.environ))
        c.check(p.returncode == 0 and "usage: scripts/references" in p.stdout, "--help", p)
    return c.report("test_references_script")


if __name__ == "__main__":
    sys.exit(main())
