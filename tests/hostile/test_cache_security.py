"""The guideline cache is a pickle, so it must never load one somebody else could have put
there (issue 11, security): a cache folder or file writable by others, or a symlinked folder,
is ignored. The control case shows the poisoned pickle would run if it were trusted."""

from __future__ import annotations

import os
import pickle
import subprocess
from pathlib import Path

import pytest

from .corpus import ROOT, command, environment


class _Poison:
    """Unpickling this makes a folder: the visible trace of code run from the cache."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return os.mkdir, (self.marker,)


def _evaluate(tmp: Path, cache_home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(["evaluate", str(ROOT / "examples/patients/hbv-carrier.yaml"), "--flow", "hbv"]),
        cwd=tmp, env=environment(tmp, {"XDG_CACHE_HOME": str(cache_home)}),
        capture_output=True, timeout=120)


def _primed(tmp: Path) -> Path:
    """A cache folder with the guideline's pickle in it, replaced by a poisoned one."""
    home = tmp / "cache"
    assert _evaluate(tmp, home).returncode == 0
    folder = home / "nmosd-flow"
    (cached,) = folder.glob("guideline-*.pickle")
    cached.write_bytes(pickle.dumps(_Poison(tmp / "POISONED")))
    os.chmod(cached, 0o600)
    os.chmod(folder, 0o700)
    return cached


def test_control_a_trusted_cache_file_is_loaded(tmp_path):
    _primed(tmp_path)
    assert _evaluate(tmp_path, tmp_path / "cache").returncode == 0
    assert (tmp_path / "POISONED").exists()  # so the tests below can fail


@pytest.mark.parametrize("where", ["folder", "file"])
def test_a_cache_writable_by_others_is_ignored(tmp_path, where):
    cached = _primed(tmp_path)
    os.chmod(cached.parent if where == "folder" else cached, 0o777 if where == "folder" else 0o666)
    done = _evaluate(tmp_path, tmp_path / "cache")
    assert done.returncode == 0
    assert not (tmp_path / "POISONED").exists()


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_symlinked_cache_folder_or_file_is_ignored(tmp_path, what):
    cached = _primed(tmp_path)
    moved = cached.parent if what == "folder" else cached
    real = tmp_path / f"real-{what}"
    moved.rename(real)
    moved.symlink_to(real)
    assert _evaluate(tmp_path, tmp_path / "cache").returncode == 0
    assert not (tmp_path / "POISONED").exists()


def test_the_chart_cache_in_a_folder_others_can_write_is_not_used(tmp_path, monkeypatch):
    """A drawn chart is embedded in pages as markup: one planted by somebody else must never
    be read back (the same rule as the guideline cache)."""
    from render.chart import layout

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("NMOSD_FLOW_NO_CACHE", raising=False)
    monkeypatch.delenv("NMOSD_FLOW_CACHE_DIR", raising=False)
    assert layout._folder() == tmp_path / "nmosd-flow" / "charts"
    layout._write("ab" * 32, "<svg>ours</svg>")
    assert layout._read("ab" * 32) == "<svg>ours</svg>"
    os.chmod(tmp_path / "nmosd-flow" / "charts", 0o777)
    assert layout._folder() is None and layout._read("ab" * 32) is None
