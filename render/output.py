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


def printable(text: str) -> str:
    """``text`` with control and format characters (newlines, escape sequences, bidirectional
    overrides) shown as escapes (``\\n``, ``\\x1b``), so a value a user gave cannot forge or
    hide a line of the output."""
    import unicodedata

    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " or
                   unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")
                   else ch.encode("unicode_escape").decode("ascii") for ch in text)


def is_stdout(output: str | Path | None) -> bool:
    return output is None or str(output) == "-"


def check_writable(output: str | Path) -> None:
    """Raise UsageError unless ``output`` can be written."""
    if str(output).strip() == "":
        raise UsageError("-o '': give a file name (or - for standard output)")
    path = Path(output)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{output}: is a directory; give a file name")
    if not parent.is_dir():
        raise UsageError(f"{output}: cannot write: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{output}: cannot write: permission denied")


def refuse_overlap(inputs: dict[str, str | Path | None],
                   outputs: dict[str, str | Path | None]) -> None:
    """Raise UsageError when an output is one of the inputs or another output (the same path,
    through a symbolic link, or a hard link): nothing a user gives is ever written over.

    ``inputs`` and ``outputs`` map an option's name (``PATIENT``, ``-o``) to its path; None
    and ``-`` (standard streams) and devices such as /dev/null are left alone.
    """
    seen: list[tuple[str, str, Path]] = []
    for role, given in [*(("in", i) for i in inputs.items()), *(("out", o) for o in outputs.items())]:
        name, path = given
        if path is None or is_stdout(path) or _is_device(Path(path)):
            continue
        for other_role, other_name, other in seen:
            if role == "out" and _same(Path(path), other):
                what = "the input" if other_role == "in" else "the output"
                raise UsageError(f"{path}: {name} is the same file as {what} {other_name} "
                                 f"({other}); give another file name")
        seen.append((role, name, Path(path)))


def _same(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_device(path: Path) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


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
        raise write_error(output, exc) from None


def write_error(output, exc: OSError) -> UsageError:
    """The one line for a write that failed (a full disk, a file-size limit...); the old file,
    if any, is intact, and no fragment is left (open_output removed it)."""
    return UsageError(f"{output}: cannot write: {exc.strerror or exc}; nothing was written "
                      f"(an earlier file of that name is unchanged)")


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
    mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o666 & ~current_umask()
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


def current_umask() -> int:
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
