"""Run Graphviz ``dot`` on DOT sources: several graphs per process, results kept in memory and
in the user cache (keyed by the sha256 of the source and the Graphviz version)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import threading
import zlib
from pathlib import Path

from graph import GuidelineError

FORMAT = "nmosd-flow chart 1"
KEEP = 4000  # cached charts kept; older ones go when there are more
_MEMORY: dict[str, str] = {}
_LOCK = threading.Lock()
_PAGE_ID = re.compile(r'id="page\d+,\d+_')
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


class GraphvizNotFound(GuidelineError):
    """The Graphviz ``dot`` program is not installed."""

    def __init__(self):
        super().__init__("the Graphviz `dot` program was not found: install Graphviz "
                         "(Debian/Ubuntu: sudo apt-get install graphviz) and try again")


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height in points from an SVG's ``width``/``height`` attributes."""
    found = _SIZE.search(svg)
    return float(found.group(1)), float(found.group(2))


def layout_svgs(sources: list[str]) -> list[str]:
    """The ``<svg>`` element Graphviz draws for each DOT source (one ``dot`` run for those not
    cached). The result does not depend on what was cached."""
    import shutil

    if shutil.which("dot") is None:  # even when every chart is cached: say so at once
        raise GraphvizNotFound()
    keys = [_key(s) for s in sources]
    with _LOCK:
        found = {k: _MEMORY[k] for k in keys if k in _MEMORY}
    for k in keys:
        if k not in found and (cached := _read(k)) is not None:
            found[k] = cached
    todo = list(dict.fromkeys((k, s) for k, s in zip(keys, sources, strict=True)
                              if k not in found))
    if todo:
        for (k, _), svg in zip(todo, _run_dot([s for _, s in todo]), strict=True):
            found[k] = svg
            _write(k, svg)
    with _LOCK:
        _MEMORY.update(found)
    return [found[k] for k in keys]


def _run_dot(sources: list[str]) -> list[str]:
    try:
        run = subprocess.run(["dot", "-Tsvg"], input="\n".join(sources).encode("utf-8"),
                             capture_output=True, check=True)
    except FileNotFoundError:
        raise GraphvizNotFound() from None
    docs = run.stdout.decode("utf-8").split("<?xml")[1:]
    if len(docs) != len(sources):
        raise RuntimeError(f"dot drew {len(docs)} charts, expected {len(sources)}")
    # In a run of several graphs, dot prefixes the ids of later ones with their page number.
    return [_PAGE_ID.sub('id="', doc[doc.index("<svg"):doc.rindex("</svg>") + 6]) + "\n"
            for doc in docs]


_VERSION: list[str] = []


def _dot_version() -> str:
    if not _VERSION:
        try:
            done = subprocess.run(["dot", "-V"], capture_output=True, check=False)
        except FileNotFoundError:
            raise GraphvizNotFound() from None
        _VERSION.append(done.stderr.decode("utf-8", "replace").strip())
    return _VERSION[0]


def _key(source: str) -> str:
    return hashlib.sha256(f"{FORMAT}\0{_dot_version()}\0{source}".encode()).hexdigest()


def _folder() -> Path | None:
    """The chart cache folder, or None when the cache is off or its folder (or the guideline
    cache's above it) is not a real folder of this user's that nobody else can write."""
    from flows.cache import cache_dir, trusted

    base = cache_dir()
    if base is None:
        return None
    folder = base / "charts"
    for f in (base, folder):
        if f.exists() and not trusted(f):
            return None
    return folder


def _read(key: str) -> str | None:
    from flows.cache import ours

    folder = _folder()
    if folder is None:
        return None
    try:
        fd = os.open(folder / f"{key}.svgz", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            if not ours(os.fstat(handle.fileno())):
                return None
            return zlib.decompress(handle.read()).decode("utf-8")
    except Exception:  # noqa: BLE001 - a missing or broken entry is simply drawn again
        return None


def _write(key: str, svg: str) -> None:
    """Store one chart atomically; any failure only costs speed."""
    from flows.cache import put

    folder = _folder()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _folder() is None:
            return
        put(folder, f"{key}.svgz", zlib.compress(svg.encode("utf-8"), 6))
        if int(key[:4], 16) % 64 == 0:  # now and then, keep the folder small
            _prune(folder)
    except Exception:  # noqa: BLE001
        pass


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.svgz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
