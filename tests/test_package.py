"""Builds the .deb (and the -dbgsym .ddeb) with CPack from the current build, runs lintian on both
(any E: or W: line fails), compares the package's files with a `cmake --install` into a prefix,
installs both with dpkg, checks the installed binary (and sidecarctl-webhook, which `webhook serve` runs), its
dependencies (libcurl4 and libssl3's libcrypto, loaded with dlopen),
man pages, documentation and debug symbols,
then removes them. Needs root, dpkg and lintian (scripts/install-deps installs lintian); skipped
without root or dpkg."""

import glob
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

binary = os.path.abspath(sys.argv[1])
build_dir = os.path.dirname(binary)
source_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

if os.geteuid() != 0 or shutil.which("dpkg") is None:
    print("skipped: needs root and dpkg")
    sys.exit(0)

failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what, flush=True)


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=kwargs.pop("timeout", 600), **kwargs)


def dpkg(args):
    """dpkg ARGS, waiting (up to 5 minutes) while another dpkg or apt holds the lock."""
    deadline = time.monotonic() + 300
    while True:
        p = run(["dpkg"] + args, timeout=300)
        if p.returncode == 0 or "lock" not in p.stderr or time.monotonic() > deadline:
            return p
        time.sleep(3)


def deb_paths(package):
    """Files and symlinks of a package, as paths without the leading './'."""
    listing = run(["dpkg-deb", "-c", package], check=True).stdout
    paths = set()
    for line in listing.splitlines():
        if line.startswith(("-", "l")):
            path = line.split(None, 5)[5].split(" -> ")[0]
            paths.add(path[2:] if path.startswith("./") else path)
    return paths


def build_id(elf):
    out = run(["readelf", "-n", elf]).stdout
    m = re.search(r"Build ID: ([0-9a-f]+)", out)
    return m.group(1) if m else None


if shutil.which("lintian") is None:
    fail("lintian is not installed (scripts/install-deps installs it)")

work = tempfile.mkdtemp(prefix="sidecarctl-deb-")
try:
    out = run(["cpack", "-G", "DEB", "--config", os.path.join(build_dir, "CPackConfig.cmake"), "-B", work])
    debs = glob.glob(os.path.join(work, "*.deb"))
    ddebs = glob.glob(os.path.join(work, "*-dbgsym_*.ddeb"))
    if out.returncode != 0 or len(debs) != 1 or len(ddebs) != 1:
        print(out.stdout, out.stderr)
        raise SystemExit(f"FAIL: cpack produced {debs} and {ddebs}")
    deb, ddeb = debs[0], ddebs[0]

    # lintian: no error and no warning (informational tags and its note about running as root are fine).
    if shutil.which("lintian"):
        for package in (deb, ddeb):
            report = run(["lintian", package], timeout=900)
            tags = [line for line in report.stdout.splitlines() if line.startswith(("E: ", "W: "))]
            if tags or report.returncode > 1:
                fail(f"lintian {os.path.basename(package)}: exit {report.returncode}\n  "
                     + "\n  ".join(tags or [report.stderr.strip()]))

    paths = deb_paths(deb)
    man_pages = sorted(os.path.basename(p) for p in glob.glob(os.path.join(source_dir, "man", "*.1")))
    expected = {"usr/bin/sidecarctl", "usr/libexec/sidecarctl/sidecarctl-webhook",
                "usr/share/bash-completion/completions/sidecarctl",
                "usr/share/zsh/vendor-completions/_sidecarctl", "usr/share/fish/vendor_completions.d/sidecarctl.fish",
                "usr/share/doc/sidecarctl/copyright", "usr/share/doc/sidecarctl/changelog.gz"}
    expected |= {f"usr/share/man/man1/{page}.gz" for page in man_pages}
    if paths != expected:
        fail(f"package files: missing {sorted(expected - paths)}, unexpected {sorted(paths - expected)}")
    if len(man_pages) < 6:
        fail(f"only {man_pages} in man/")

    # `cmake --install` into a prefix: the same files under the prefix, the same documentation bytes.
    prefix = os.path.join(work, "prefix")
    install = run(["cmake", "--install", build_dir, "--prefix", prefix])
    installed = set()
    for root, _, files in os.walk(prefix):
        installed |= {os.path.relpath(os.path.join(root, f), prefix) for f in files}
    in_deb = {p[len("usr/"):] for p in paths}
    if install.returncode != 0 or installed != in_deb:
        fail(f"cmake --install: exit {install.returncode}, missing {sorted(in_deb - installed)}, "
             f"unexpected {sorted(installed - in_deb)} {install.stderr}")

    version = run(["dpkg-deb", "-f", deb, "Version"], check=True).stdout.strip()
    extract = os.path.join(work, "extract")
    run(["dpkg-deb", "-x", deb, extract], check=True)
    with gzip.open(os.path.join(extract, "usr/share/doc/sidecarctl/changelog.gz"), "rt") as f:
        first = f.readline()
    if not first.startswith(f"sidecarctl ({version}) "):
        fail(f"changelog's latest entry {first.strip()!r} is not version {version}")
    with open(os.path.join(extract, "usr/share/doc/sidecarctl/copyright")) as f:
        copyright_text = f.read()
    for needed in ("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
                   "License: Apache-2.0", "License: BSD-3-clause", "License: Expat", "License: X11", "License: curl"):
        if needed not in copyright_text:
            fail(f"copyright lacks {needed!r}")
    # libcurl is loaded with dlopen, which dpkg-shlibdeps cannot see: the dependency is declared.
    depends = run(["dpkg-deb", "-f", deb, "Depends"], check=True).stdout
    if not re.search(r"(^|, )libcurl4 \(>= ", depends) or "libc6" not in depends:
        fail(f"Depends lacks libcurl4 or the shlibdeps ones: {depends!r}")
    # libcrypto is loaded with dlopen too (analyze); cpp-httplib is sidecarctl-webhook's, found by shlibdeps.
    if not re.search(r"(^|, )libssl3( |,|$)", depends) or "libcpp-httplib" not in depends:
        fail(f"Depends lacks libssl3 or sidecarctl-webhook's libcpp-httplib: {depends!r}")
    description = run(["dpkg-deb", "-f", deb, "Description"], check=True).stdout
    if len(description.splitlines()) < 5:
        fail(f"the extended description is too short: {description!r}")
    maintainer = run(["dpkg-deb", "-f", deb, "Maintainer"], check=True).stdout.strip()
    if "@localhost" in maintainer or not re.fullmatch(r".+ <[^@ ]+@[^@ ]+\.[a-z]+>", maintainer):
        fail(f"maintainer {maintainer!r}")
    packaged_id = build_id(os.path.join(extract, "usr/bin/sidecarctl"))
    if packaged_id is None:
        fail("the packaged binary has no build id")
    debug_file = f"usr/lib/debug/.build-id/{packaged_id[:2]}/{packaged_id[2:]}.debug" if packaged_id else ""
    if packaged_id and debug_file not in deb_paths(ddeb):
        fail(f"the dbgsym package lacks {debug_file}: {sorted(deb_paths(ddeb))}")
    helper_id = build_id(os.path.join(extract, "usr/libexec/sidecarctl/sidecarctl-webhook"))
    helper_debug = f"usr/lib/debug/.build-id/{helper_id[:2]}/{helper_id[2:]}.debug" if helper_id else ""
    if helper_id is None or helper_debug not in deb_paths(ddeb):
        fail(f"the dbgsym package lacks sidecarctl-webhook's debug file (build id {helper_id})")

    p = dpkg(["-i", deb, ddeb])
    if p.returncode != 0:
        fail(f"dpkg -i failed: {p.stderr}")
    else:
        try:
            p = run(["/usr/bin/sidecarctl", "version", "--remote=false"], timeout=60)
            if p.returncode != 0 or not p.stdout.startswith("client version: "):
                fail(f"installed binary: {p.returncode} {p.stdout} {p.stderr}")
            # webhook serve runs /usr/libexec/sidecarctl/sidecarctl-webhook: it gets as far as the certificate.
            missing_cert = os.path.join(work, "no-such-cert.pem")
            p = run(["/usr/bin/sidecarctl", "webhook", "serve", "--offline", "--tls-cert-file", missing_cert,
                     "--tls-private-key-file", missing_cert, "--port", "0"], timeout=60)
            if p.returncode == 0 or missing_cert not in p.stderr or "libexec" in p.stderr:
                fail(f"installed webhook serve: {p.returncode} {p.stderr}")
            p = run(["man", "-w", "sidecarctl-kube-inject"])
            if p.returncode != 0 or not p.stdout.strip().endswith("/usr/share/man/man1/sidecarctl-kube-inject.1.gz"):
                fail(f"man -w sidecarctl-kube-inject: {p.returncode} {p.stdout} {p.stderr}")
            with gzip.open("/usr/share/man/man1/sidecarctl.1.gz", "rt") as f:
                if not f.read().startswith(".TH SIDECARCTL 1 "):
                    fail("the installed sidecarctl.1.gz is not the man page")
            if packaged_id and not os.path.isfile("/" + debug_file):
                fail(f"the installed dbgsym package has no /{debug_file}")
            # The debug file belongs to the installed binary: gdb finds it by the build id.
            if packaged_id and os.path.isfile("/" + debug_file) and build_id("/" + debug_file) != packaged_id:
                fail("the debug file's build id differs from the binary's")
        finally:
            dpkg(["-r", "sidecarctl-dbgsym", "sidecarctl"])
finally:
    shutil.rmtree(work, ignore_errors=True)

print(f"package test: {len(failures)} problems")
sys.exit(1 if failures else 0)
