"""Reads the command tree of a built sidecarctl from its --help output (shared by the docs tests)."""

import re
import subprocess

FLAG_LINE = re.compile(r"^\s{2}(?:-(\w),)?--([\w-]+)")
SUBCOMMAND_SECTION = "Subcommands:"


def help_text(binary, *args):
    out = subprocess.run([binary, *args, "--help"], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"{binary} {' '.join(args)} --help exited {out.returncode}: {out.stderr}")
    return out.stdout


def long_flags(text):
    """Long flag names (without dashes) listed in one help text's Options section."""
    flags = []
    in_options = False
    for line in text.splitlines():
        if line.startswith("Options:"):
            in_options = True
            continue
        if in_options and line and not line.startswith(" "):
            in_options = False
        if in_options:
            m = FLAG_LINE.match(line)
            if m:
                flags.append(m.group(2))
    return flags


def subcommands(text):
    names = []
    in_section = False
    for line in text.splitlines():
        if line.startswith(SUBCOMMAND_SECTION):
            in_section = True
            continue
        if in_section:
            m = re.match(r"^\s{2}([\w-]+)\s", line)
            if m:
                names.append(m.group(1))
            elif line and not line.startswith(" "):
                in_section = False
    return names


def tree(binary):
    """{"": [global long flags], "<subcommand>": [its long flags], "<parent> <child>": [...], ...}"""
    root = help_text(binary)
    result = {"": long_flags(root)}
    for name in subcommands(root):
        text = help_text(binary, name)
        result[name] = long_flags(text)
        for child in subcommands(text):
            result[name + " " + child] = long_flags(help_text(binary, name, child))
    return result


def has_children(commands, name):
    """Whether NAME is a parent command (`webhook` of `webhook serve`)."""
    return any(other.startswith(name + " ") for other in commands)
