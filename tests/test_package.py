"""Builds the .deb with CPack from the current build, installs it with dpkg, checks the installed
binary, man pages and completion scripts, then removes the package. Needs root (skipped otherwise)."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile

binary = os.path.abspath(sys.argv[1])
build_dir = os.path.dirname(binary)

if os.geteuid() != 0 or shutil.which("dpkg") is None:
    print("skipped: needs root and dpkg")
    sys.exit(0)

failures = []
work = tempfile.mkdtemp(prefix="sidecarctl-deb-")
try:
    out = subprocess.run(["cpack", "-G", "DEB", "--config", os.path.join(build_dir, "CPackConfig.cmake"), "-B", work],
                         capture_output=True, text=True, timeout=600)
    debs = glob.glob(os.path.join(work, "*.deb"))
    if out.returncode != 0 or len(debs) != 1:
        print(out.stdout, out.stderr)
        raise SystemExit(f"FAIL: cpack produced {debs}")
    deb = debs[0]
    listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True, check=True).stdout
    for expected in ("./usr/bin/sidecarctl", "./usr/share/man/man1/sidecarctl.1",
                     "./usr/share/man/man1/sidecarctl-kube-inject.1",
                     "./usr/share/bash-completion/completions/sidecarctl",
                     "./usr/share/zsh/vendor-completions/_sidecarctl",
                     "./usr/share/fish/vendor_completions.d/sidecarctl.fish"):
        if expected not in listing:
            failures.append(f"package lacks {expected}")
    install = subprocess.run(["dpkg", "-i", deb], capture_output=True, text=True, timeout=300)
    if install.returncode != 0:
        failures.append(f"dpkg -i failed: {install.stderr}")
    else:
        try:
            version = subprocess.run(["/usr/bin/sidecarctl", "version"], capture_output=True, text=True, timeout=60)
            if version.returncode != 0 or "sidecarctl version" not in version.stdout:
                failures.append(f"installed binary: {version.returncode} {version.stdout} {version.stderr}")
            man = subprocess.run(["man", "-w", "sidecarctl"], capture_output=True, text=True)
            if man.returncode != 0 and not os.path.exists("/usr/share/man/man1/sidecarctl.1"):
                failures.append("man page not installed")
        finally:
            subprocess.run(["dpkg", "-r", "sidecarctl"], capture_output=True, timeout=300)
finally:
    shutil.rmtree(work, ignore_errors=True)

for f in failures:
    print("FAIL:", f)
print(f"package test: {len(failures)} problems")
sys.exit(1 if failures else 0)
