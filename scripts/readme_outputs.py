"""Rewrite the output under each `$ nmosd-flow ...` block of README.md with what it prints now.

Run from the repository root with the project's Python: .venv/bin/python scripts/readme_outputs.py
(tests/render/test_readme.py checks that the README stays true).
"""

import contextlib
import io
import os
import re
import shlex
from pathlib import Path

from render.cli import main

EXAMPLE = re.compile(r"```\n\$ (nmosd-flow [^\n]+)\n(.*?)```", re.S)


def run(command: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(shlex.split(command)[1:])
    return out.getvalue()


def rewrite(text: str) -> str:
    def one(match):
        command, old = match.group(1), match.group(2)
        if old.startswith("$ "):
            return match.group(0)
        return f"```\n$ {command}\n{run(command)}```"
    return EXAMPLE.sub(one, text)


if __name__ == "__main__":
    os.environ["COLUMNS"] = "200"
    readme = Path("README.md")
    readme.write_text(rewrite(readme.read_text(encoding="utf-8")), encoding="utf-8")
