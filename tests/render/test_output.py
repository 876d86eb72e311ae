"""render/output.py, the one place every writer goes through: a file is written whole or not at
all (a temporary sibling renamed into place), standard output and devices as they are."""

from __future__ import annotations

import os
import stat

import pytest

from graph import UsageError
from render.cli import main
from render.output import check_writable, emit, open_output, write_file


def _names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_file_is_replaced_whole_and_no_temporary_file_stays(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    write_file(target, b"new\n")
    assert target.read_bytes() == b"new\n" and _names(tmp_path) == ["out.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "results.jsonl"
    target.write_text("earlier results\n")
    with pytest.raises(RuntimeError), open_output(target) as handle:
        handle.write(b"half a result")
        raise RuntimeError("the run stopped")
    assert target.read_text() == "earlier results\n" and _names(tmp_path) == ["results.jsonl"]


def test_a_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_own(tmp_path):
    mask = os.umask(0o022)
    try:
        fresh, kept = tmp_path / "fresh.txt", tmp_path / "kept.txt"
        kept.write_text("x")
        kept.chmod(0o600)
        write_file(fresh, b"a")
        write_file(kept, b"b")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_symbolic_link_stays_and_the_file_it_points_to_is_replaced(tmp_path):
    real, link = tmp_path / "real.html", tmp_path / "link.html"
    real.write_text("old")
    link.symlink_to(real)
    write_file(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_device_is_written_through(tmp_path):
    write_file(os.devnull, b"discarded")
    assert not os.path.isfile(os.devnull)


@pytest.mark.parametrize("output", [None, "-"])
def test_none_and_dash_are_standard_output(capsys, output):
    emit("text\n", output)
    with open_output(output) as handle:
        handle.write(b"bytes\n")
    assert capsys.readouterr().out == "text\nbytes\n"


@pytest.mark.parametrize("where,message", [
    (".", "is a directory; give a file name"),
    ("missing/x.txt", "cannot write: the folder"),
], ids=["a-folder", "a-missing-folder"])
def test_an_unusable_path_is_a_usage_error(tmp_path, monkeypatch, where, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match=message):
        check_writable(where)
    with pytest.raises(UsageError, match=message):
        write_file(where, b"x")


@pytest.mark.dot
def test_every_writing_command_renames_its_file_into_place(tmp_path, capsys, monkeypatch):
    """evaluate, --batch, graph, render, report and --ics: each file arrives by os.replace."""
    from pathlib import Path

    from flows import guideline
    from render.chart import chart_parts

    example = Path(__file__).resolve().parents[2] / "examples" / "patients" / "hbv-carrier.yaml"
    batch = tmp_path / "cohort.jsonl"
    batch.write_text('{"id": "p1", "facts": {"hbsag": "negative"}}\n', encoding="utf-8")
    replaced = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (replaced.append(Path(b).name),
                                                      real_replace(a, b)))
    monkeypatch.chdir(tmp_path)
    assert main(["evaluate", str(example), "-o", "e.txt"]) == 0
    assert main(["evaluate", "--batch", str(batch), "--jobs", "1", "-o", "b.jsonl"]) == 0
    assert main(["graph", "-o", "g.json"]) == 0
    assert main(["render", "hbv", "-o", "c.svg"]) == 0
    assert main(["report", str(example), "-o", "r.html", "--ics", "r.ics", "--date",
                 "2026-01-01"]) == 0
    capsys.readouterr()
    charts = [f"c{p.slug}.svg" for p in chart_parts(guideline(), "hbv", "en")]  # big: split
    written = ["e.txt", "b.jsonl", "g.json", *charts, "r.html", "r.ics"]
    ours = [name for name in replaced if (tmp_path / name).exists()]  # not cache entries
    assert ours == written
    assert _names(tmp_path) == sorted([*written, "cohort.jsonl"])
