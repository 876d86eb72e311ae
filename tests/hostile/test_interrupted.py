"""Interrupted runs (issue 11): a batch stopped by SIGTERM or Ctrl-C mid-run, and a site build
stopped or failing half-way, leave the old output intact, no temporary file and no worker.

Nothing here waits a fixed time: each test waits for a state (a temporary file present,
workers started, processes gone), with a generous deadline that only a hung run reaches.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from .corpus import command, environment, leftovers

DEADLINE = 120.0  # seconds a state may take to appear on a very busy machine
RECORD = b'{"facts": {"hbsag": "negative", "anti_hbc": "positive", "hbv_dna": "negative"}}\n'


def wait_for(condition, what: str):
    end = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _default_sigint() -> None:
    """A run started in the background by a shell inherits SIGINT ignored, and Python then
    keeps ignoring it (as Unix tools do); the test stands for a terminal's Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("signum,status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)],
                         ids=["SIGTERM", "SIGINT"])
def test_a_batch_stopped_mid_run_keeps_the_old_results_and_leaves_no_temp_file_or_worker(
        tmp_path, signum, status):
    fifo = tmp_path / "cohort.jsonl"
    os.mkfifo(fifo)
    old = b'{"old": "results"}\n'
    (tmp_path / "out.jsonl").write_bytes(old)
    process = subprocess.Popen(
        command(["evaluate", "--batch", "cohort.jsonl", "--flow", "hbv", "-o", "out.jsonl",
                 "--jobs", "2"]),
        cwd=tmp_path, env=environment(tmp_path), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, start_new_session=True, preexec_fn=_default_sigint)
    writer = open(fifo, "wb")  # noqa: SIM115 - held open so the batch waits for more input
    feeding = threading.Thread(target=lambda: writer.write(RECORD * 256 * 12), daemon=True)
    try:
        feeding.start()
        wait_for(lambda: temporaries(tmp_path), "the temporary output file")
        wait_for(lambda: len(children(process.pid)) >= 2, "two workers")
        workers = children(process.pid)
        feeding.join(DEADLINE)  # every record handed over: the batch now waits for more
        process.send_signal(signum)
        code = process.wait(DEADLINE)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        writer.close()
        err = process.stderr.read().decode()
        process.stderr.close()
    assert code == status, err
    assert "Traceback" not in err and "internal error" not in err
    wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to end")
    assert (tmp_path / "out.jsonl").read_bytes() == old
    assert temporaries(tmp_path) == []


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def old_site(tmp_path_factory):
    from render.cli import main

    folder = tmp_path_factory.mktemp("site") / "site"
    assert main(["site", "-o", str(folder)]) == 0
    return folder


def test_a_site_build_interrupted_half_way_keeps_the_old_site(old_site, monkeypatch, capsys):
    import render.site.build as build
    from render.cli import main

    before = tree(old_site)
    real, written = build.write_in_build, []

    def interrupted(path, data):
        written.append(path)
        if len(written) == 40:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(build, "write_in_build", interrupted)
    assert main(["site", "-o", str(old_site)]) == 130
    assert len(written) == 40
    assert tree(old_site) == before
    assert leftovers(old_site.parent) == []


def test_a_full_disk_during_a_site_build_is_one_line_and_keeps_the_old_site(
        old_site, monkeypatch, capsys):
    import errno

    import render.site.build as build
    from render.cli import main

    before = tree(old_site)
    real, written = build.write_in_build, []

    def full(path, data):
        written.append(path)
        if len(written) == 25:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, data)

    monkeypatch.setattr(build, "write_in_build", full)
    assert main(["site", "-o", str(old_site)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert tree(old_site) == before
    assert leftovers(old_site.parent) == []


def test_an_old_site_that_cannot_be_removed_is_one_line(old_site, monkeypatch, capsys):
    import shutil

    import render.site.build as build
    from render.cli import main

    def refuse(path, *args, **kwargs):
        if ".old-" in str(path):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    real = shutil.rmtree
    monkeypatch.setattr(build.shutil, "rmtree", refuse)
    assert main(["site", "-o", str(old_site)]) == 2
    err = capsys.readouterr().err
    assert "the new site is in place" in err and "could not be removed" in err
    assert err.count("\n") == 1
    assert (old_site / "index.html").is_file()
    monkeypatch.undo()
    for stale in old_site.parent.glob(".site.old-*"):
        shutil.rmtree(stale)
