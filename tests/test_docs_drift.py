"""Fails when a subcommand or long flag is missing from the man pages, the checked-in completion
scripts differ from what `sidecarctl completion` generates, or bash completion does not complete
subcommands and flags."""

import os
import subprocess
import sys

from cli_tree import has_children, tree

binary = os.path.abspath(sys.argv[1])
failures = []
commands = tree(binary)

if len(commands) < 7:
    failures.append(f"expected at least 7 subcommands, found {sorted(commands)}")

def man_text(page):
    path = os.path.join("man", page)
    if not os.path.exists(path):
        failures.append(f"missing man page {path}")
        return ""
    with open(path) as f:
        return f.read().replace("\\-", "-")

main_page = man_text("sidecarctl.1")
for name, flags in commands.items():
    if name and name not in main_page:
        failures.append(f"man/sidecarctl.1 does not mention subcommand {name}")
    if has_children(commands, name) and not [f for f in flags if f not in ("help", "help-all")]:
        continue  # a parent without flags of its own (`webhook`): its children have pages
    page_name = "sidecarctl.1" if name in ("", "completion") else f"sidecarctl-{name.replace(' ', '-')}.1"
    page = man_text(page_name)
    for flag in flags:
        if flag in ("help", "help-all") and name:
            continue
        if f"--{flag}" not in page:
            failures.append(f"man/{page_name} does not document --{flag}" + (f" of {name}" if name else ""))

for shell, path in (("bash", "completions/sidecarctl.bash"), ("zsh", "completions/_sidecarctl"),
                    ("fish", "completions/sidecarctl.fish")):
    generated = subprocess.run([binary, "completion", shell], capture_output=True, text=True, timeout=60).stdout
    try:
        with open(path) as f:
            checked_in = f.read()
    except OSError:
        checked_in = None
    if checked_in != generated:
        failures.append(f"{path} is stale: regenerate with `sidecarctl completion {shell} > {path}`")
    for name, flags in commands.items():
        if name and name.split(" ")[-1] not in generated:
            failures.append(f"{shell} completion lacks subcommand {name}")
        for flag in flags:
            if flag not in generated:
                failures.append(f"{shell} completion lacks --{flag}")


def bash_complete(words):
    script = (
        "source completions/sidecarctl.bash\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        "_sidecarctl; printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    return out.stdout.split()


got = bash_complete(["sidecarctl", "kube-"])
if got != ["kube-inject"]:
    failures.append(f"bash: 'sidecarctl kube-<TAB>' gave {got}")
got = bash_complete(["sidecarctl", "completion", ""])
if sorted(got) != ["bash", "fish", "zsh"]:
    failures.append(f"bash: 'sidecarctl completion <TAB>' gave {got}")
for name, flags in commands.items():
    if not name or not flags:
        continue
    flag = next((f for f in flags if f not in ("help", "help-all")), None)
    if flag is None:
        continue
    got = bash_complete(["sidecarctl", *name.split(), f"--{flag}"])
    if f"--{flag}" not in got:
        failures.append(f"bash: 'sidecarctl {name} --{flag}<TAB>' gave {got}")
got = bash_complete(["sidecarctl", "webhook", ""])
if "config" not in got:
    failures.append(f"bash: 'sidecarctl webhook <TAB>' gave {got}")
got = bash_complete(["sidecarctl", "version", "--kubecon"])
if got != ["--kubeconfig"]:
    failures.append(f"bash: global flag after subcommand gave {got}")

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} problems in docs/completions for {len(commands) - 1} subcommands")
sys.exit(1 if failures else 0)
