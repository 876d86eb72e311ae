"""A user cache of the loaded guideline, keyed by the sha256 of its data files and engine code."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

# A hit skips YAML parsing, pydantic validation and graph building. The pickle lives in
# $XDG_CACHE_HOME/nmosd-flow (default ~/.cache/nmosd-flow; NMOSD_FLOW_CACHE_DIR overrides it,
# NMOSD_FLOW_NO_CACHE=1 turns it off), is written atomically; the folder and the file must be
# owned by the user, not writable by others and not symlinks; a missing, stale, foreign or
# unreadable file is ignored.
FORMAT = b"nmosd-flow guideline cache 1"
KEEP = 4  # cache files kept, newest first


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    if os.environ.get("NMOSD_FLOW_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("NMOSD_FLOW_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nmosd-flow"


def cache_key(texts: list[tuple[str, str]]) -> str:
    """sha256 of the data files, the engine's source and the versions a pickle depends on."""
    import networkx

    digest = hashlib.sha256(FORMAT)
    digest.update(f"{sys.version_info[:2]} networkx {networkx.__version__}".encode())
    code = [("flows/__init__.py", files("flows") / "__init__.py")]
    code += sorted((f"graph/{p.name}", p) for p in files("graph").iterdir()
                   if p.name.endswith(".py"))
    for label, body in [*texts, *((label, p.read_bytes()) for label, p in code)]:
        data = body.encode() if isinstance(body, str) else body
        digest.update(label.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()


def read(key: str, kind: type):
    """The cached object for ``key`` when it is present, ours and intact; otherwise None."""
    folder = cache_dir()
    if folder is None or not _trusted(folder):
        return None
    try:
        fd = os.open(folder / f"guideline-{key[:40]}.pickle",
                     os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            if not ours(os.fstat(handle.fileno())):
                return None
            stored_key, value = pickle.load(handle)
    except Exception:  # noqa: BLE001 - any broken cache is simply rebuilt
        return None
    return value if stored_key == key and isinstance(value, kind) else None


def ours(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (always true where there are no uids)."""
    return not hasattr(os, "getuid") or (info.st_uid == os.getuid() and not info.st_mode & 0o022)


def trusted(folder: Path) -> bool:
    """A cache folder this user may read from: see ``_trusted``."""
    return _trusted(folder)


def _trusted(folder: Path) -> bool:
    """The cache folder is a real folder (not a symlink), ours, and not writable by others."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    import stat

    return stat.S_ISDIR(info.st_mode) and ours(info)


def write(key: str, value) -> None:
    """Store ``value`` under ``key`` atomically; any failure leaves the cache as it was."""
    folder = cache_dir()
    if folder is None:
        return
    tmp = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(folder):
            return
        put(folder, f"guideline-{key[:40]}.pickle",
            pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
        _prune(folder)
    except Exception:  # noqa: BLE001 - an unwritable cache only costs speed
        pass


def put(folder: Path, name: str, data: bytes) -> None:
    """Write ``data`` to ``folder/name`` whole or not at all: a temporary sibling, then a rename.
    On any failure the temporary file is removed and the error raised."""
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune(folder: Path) -> None:
    """Remove all but the newest few cache files (older data or code versions)."""
    entries = sorted(folder.glob("guideline-*.pickle"), key=lambda p: p.stat().st_mtime,
                     reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
