#!/usr/bin/env python3
"""A test exec credential plugin: prints an ExecCredential with the token given as argv[1].

PLUGIN_RECORD=file  appends the KUBERNETES_EXEC_INFO it received (one line per run);
PLUGIN_FAIL=1       fails like an expired login would (message on stderr, exit 2);
PLUGIN_GARBAGE=1    prints something that is not an ExecCredential (but contains the token).
"""
import json
import os
import sys

info = os.environ.get("KUBERNETES_EXEC_INFO", "")
if os.environ.get("PLUGIN_RECORD"):
    with open(os.environ["PLUGIN_RECORD"], "a") as f:
        f.write(info + "\n")
if os.environ.get("PLUGIN_FAIL"):
    print("login expired: run `fake-login` first", file=sys.stderr)
    sys.exit(2)
token = sys.argv[1] if len(sys.argv) > 1 else ""
if os.environ.get("PLUGIN_GARBAGE"):
    print("token=" + token)
    sys.exit(0)
api_version = json.loads(info)["apiVersion"] if info else "client.authentication.k8s.io/v1"
print(json.dumps({"apiVersion": api_version, "kind": "ExecCredential",
                  "status": {"token": token, "expirationTimestamp": "2099-01-01T00:00:00Z"}}))
