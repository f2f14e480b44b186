#!/usr/bin/env python3
"""No test secret in any output (issue #8). The tests that talk to the fake API server append every
stdout and stderr of sidecarctl (-v request logs included) to <build>/test-outputs/<test>.log and
their secrets (tokens, passwords, a line of each private key) to <test>.secrets (tests/fake_apiserver.py
Harness); CTest runs them first (fixture `server_outputs`). This test greps those logs, and CTest's
own log of the run so far, for every secret."""
import glob
import os
import sys

binary = os.path.abspath(sys.argv[1])
build = os.path.dirname(binary)
outputs = os.path.join(build, "test-outputs")
failures = []

secrets = set()
for f in glob.glob(os.path.join(outputs, "*.secrets")):
    with open(f) as fh:
        secrets.update(line.strip() for line in fh if line.strip())
logs = sorted(glob.glob(os.path.join(outputs, "*.log")))
logs += sorted(glob.glob(os.path.join(build, "Testing", "Temporary", "LastTest*.log")))

# Not vacuous: the label-namespace tests ran and logged runs, and the static secrets are known.
for required in ("test_label_namespace", "test_label_namespace_auth", "test_label_namespace_faults"):
    log = os.path.join(outputs, required + ".log")
    if not os.path.exists(log) or os.path.getsize(log) == 0:
        failures.append(f"{log}: missing or empty (run the fake-server tests first: ctest -R secrets does)")
for static in ("admin-token-s3cr3t", "basic-pa55word", "plugin-token-s3cr3t"):
    if static not in secrets:
        failures.append(f"secret {static!r} not listed by any Harness")
if len(secrets) < 5:
    failures.append(f"only {len(secrets)} secrets known")

runs = 0
for log in logs:
    with open(log, errors="replace") as fh:
        text = fh.read()
    runs += text.count("$ sidecarctl ")
    for secret in secrets:
        if secret in text:
            line = text[:text.index(secret)].count("\n") + 1
            failures.append(f"{log}:{line}: secret {secret[:10]}... appears in an output")
if runs < 20:
    failures.append(f"only {runs} logged runs in {outputs}")

for f in failures:
    print("FAIL: " + f)
if failures:
    sys.exit(1)
print(f"test_secrets_in_outputs: {len(secrets)} secrets, {runs} runs in {len(logs)} logs, none printed")
