"""The README's `$ nmosd-flow ...` examples print exactly what the README shows."""

import os
import re
import shlex
from pathlib import Path

import pytest

from render.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = re.compile(r"```\n\$ (nmosd-flow [^\n]+)\n(.*?)```", re.S)
EXAMPLES = [(command, output) for command, output in
            EXAMPLE.findall((ROOT / "README.md").read_text(encoding="utf-8"))
            if not output.startswith("$ ")]  # a block of several commands shows no output


def test_the_readme_has_examples():
    assert EXAMPLES


@pytest.mark.parametrize("command,expected", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output_is_true(command, expected, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(os, "environ", {**os.environ, "COLUMNS": "200"})
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out == expected


PYTHON = re.compile(r"```python\n(>>> .*?)```", re.S)


def test_the_readme_python_example_runs_as_shown():
    """The notebook example under "From Python" prints what the README shows."""
    import doctest

    blocks = PYTHON.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert blocks
    for block in blocks:
        test = doctest.DocTestParser().get_doctest(block, {}, "README.md", "README.md", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert runner.summarize(verbose=False).failed == 0
