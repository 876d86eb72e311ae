"""Where every command's output goes: checked before the work, written whole or not at all.

``None`` or ``"-"`` is standard output. A file is written to a temporary sibling and renamed
into place (``os.replace``), so a reader never sees half a file and a failed run leaves the
old one; a device or pipe that exists (``/dev/null``, a FIFO) is written through.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from graph import UsageError


def is_stdout(output: str | Path | None) -> bool:
    return output is None or str(output) == "-"


def check_writable(output: str | Path) -> None:
    """Raise UsageError unless ``output`` can be written."""
    path = Path(output)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{output}: is a directory; give a file name")
    if not parent.is_dir():
        raise UsageError(f"{output}: cannot write: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{output}: cannot write: permission denied")


def emit(text: str, output: str | Path | None) -> None:
    """``text`` to standard output, or written whole to the file ``output`` (UTF-8)."""
    if is_stdout(output):
        sys.stdout.write(text)
    else:
        write_file(output, text.encode("utf-8"))


def write_file(output: str | Path, data: bytes) -> None:
    """Write ``data`` to the file ``output`` whole; UsageError naming the file when it cannot."""
    check_writable(output)
    try:
        with open_output(output) as handle:
            handle.write(data)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None


@contextmanager
def open_output(output: str | Path | None):
    """A binary handle for ``output``: standard output; a device or pipe, written through; or a
    temporary sibling of the file, renamed over it when the block ends without an exception
    and removed when it does not (a symbolic link stays; the file it points to is replaced)."""
    if is_stdout(output):
        sys.stdout.flush()
        try:
            yield sys.stdout.buffer
        finally:
            sys.stdout.buffer.flush()
        return
    path = Path(output)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.exists() and not target.is_file():
        with open(target, "wb") as handle:
            yield handle
        return
    mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                               dir=target.parent if str(target.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_in_build(path: Path, data: str | bytes) -> None:
    """A file inside a folder being built (a site): written in place, its folders made; the
    folder as a whole is what a build replaces."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="\n")
    else:
        path.write_bytes(data)
