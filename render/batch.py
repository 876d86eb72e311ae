"""`evaluate --batch`: stream a cohort (JSON Lines or CSV) through the flows, one JSON line each."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from graph import Guideline, PatientFileError, UsageError
from graph.values import suggest

from .cohort import TOP_KEYS, Cohort
from .results import select_flows
from .workers import run_in_order

CHUNK = 256  # records handed to a worker at once
_SURROGATE = re.compile("[\udc80-\udcff]")
_state: dict = {}  # the Cohort and the input's header, inherited by forked workers


def run_batch(g: Guideline, args) -> int:
    """Evaluate every record of ``args.batch``; 2 when any record was bad, else 0."""
    if args.patient:
        raise UsageError("give either a PATIENT file or --batch FILE, not both")
    flow_ids = select_flows(g, args.flow or (), args.bundle)
    jobs = _jobs(args)
    source = _open_input(args.batch)
    try:
        bad, total = _run(g, flow_ids, args, source, jobs)
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    if bad:
        print(f"nmosd-flow: {bad} of {total} records could not be evaluated", file=sys.stderr)
    return 2 if bad else 0


def _run(g: Guideline, flow_ids: list[str], args, source, jobs: int) -> tuple[int, int]:
    """``(bad records, all records)``, writing result lines as their chunks complete."""
    name = "<stdin>" if args.batch == "-" else args.batch
    _state.update(cohort=Cohort(g, flow_ids, args.lang), name=Path(name).name, label=name)
    bad = total = 0
    with _Output(args.output) as out, _Progress(source) as progress:
        results = run_in_order(_chunks(g, source, name), _work, out, jobs)
        try:
            for errors, count in results:
                if errors:
                    progress.clear()
                    print("\n".join(errors), file=sys.stderr)
                bad, total = bad + len(errors), total + count
                progress.show(total)
        finally:
            results.close()
    return bad, total


def _open_input(path: str):
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115 - run_batch closes it
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the file: {exc.strerror or exc}") from None


def _chunks(g: Guideline, source, name: str):
    """Lists of records ``(line, kind, data)``, read lazily; CSV headers are checked first."""
    head = source.peek(64)[:64] if hasattr(source, "peek") else b""
    is_csv = name.lower().endswith((".csv", ".tsv")) or (
        not name.lower().endswith((".jsonl", ".ndjson", ".json")) and
        not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"))
    if not is_csv and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        raise PatientFileError(f"{name}: a JSON array; give one JSON object per line "
                               f"(JSON Lines), or a CSV file")
    records = _csv_records(g, source, name) if is_csv else _json_records(source)
    chunk = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _json_records(source):
    for number, line in enumerate(source, 1):
        if line.strip():
            yield number, "json", line


def _csv_records(g: Guideline, source, name: str):
    """Whole CSV records as raw bytes (a quoted cell may span lines); workers parse them."""
    _state["delimiter"] = "\t" if name.lower().endswith(".tsv") else ","
    records = _csv_lines(source)
    first = next(records, None)
    if first is None:
        return
    header = _csv_row(first[1].removeprefix(b"\xef\xbb\xbf"), f"{name}:1")
    _state["header"] = _check_header(g, header, name)
    for number, raw in records:
        if raw.strip():
            yield number, "csv", raw


def _csv_lines(source):
    """``(first line number, bytes)`` per record: lines are joined while a quote is open."""
    pending, start, quotes = None, 0, 0
    for number, line in enumerate(source, 1):
        if pending is None:
            quotes = line.count(b'"')
            if not quotes & 1:
                yield number, line
                continue
            pending, start = [line], number
            continue
        pending.append(line)
        quotes += line.count(b'"')
        if not quotes & 1:
            yield start, b"".join(pending)
            pending = None
    if pending is not None:
        yield start, b"".join(pending)


def _csv_row(raw: bytes, where: str) -> list[str]:
    text = raw.decode("utf-8", "surrogateescape")
    if _SURROGATE.search(text):
        raise PatientFileError(f"{where}: the row is not UTF-8 text")
    rows = [r for r in csv.reader(text.splitlines(keepends=True), delimiter=_state["delimiter"])
            if r]
    if len(rows) != 1:
        raise PatientFileError(f"{where}: a quoted cell does not close on this row")
    return rows[0]


def _check_header(g: Guideline, header: list[str], name: str) -> list[str]:
    """The CSV column names; an unknown or repeated column stops the run (every row is bad)."""
    header = [h.strip() for h in header]
    known = [*g.facts, *g.aliases, *TOP_KEYS]
    for column in header:
        if column not in known:
            raise PatientFileError(f"{name}:1: column {column!r}: unknown fact"
                                   f"{suggest(column, known)}")
        if header.count(column) > 1:
            raise PatientFileError(f"{name}:1: column {column!r} appears twice")
    return header


def _work(chunk) -> tuple[bytes, list[str], int]:
    """Result lines and error lines for one chunk (run in a worker or in the main process)."""
    cohort, name, label = _state["cohort"], _state["name"], _state["label"]
    lines, errors = [], []
    if chunk and chunk[0][1] == "csv":
        chunk = _csv_chunk(chunk)
    for number, kind, raw in chunk:
        where = f"{label}:{number}"
        try:
            data = _parse(where, kind, raw)
            lines.append(cohort.line(where, data, f"{name}:{number}"))
        except PatientFileError as exc:
            errors.append(str(exc))
    return b"\n".join(lines) + b"\n" if lines else b"", errors, len(chunk)


def _csv_chunk(chunk: list) -> list:
    """The chunk with its CSV records parsed at once into ``"row"`` records, when each
    record is one clean row; otherwise as it was, for ``_parse`` to parse and report."""
    text = b"".join(raw for _, _, raw in chunk).decode("utf-8", "surrogateescape")
    if _SURROGATE.search(text):
        return chunk
    rows = [r for r in csv.reader(text.splitlines(keepends=True), delimiter=_state["delimiter"])
            if r]
    if len(rows) != len(chunk):
        return chunk
    return [(number, "row", row) for (number, _, _), row in zip(chunk, rows, strict=True)]


def _parse(where: str, kind: str, raw):
    if kind == "json":
        try:
            return json.loads(raw)
        except UnicodeDecodeError:
            raise PatientFileError(f"{where}: the line is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise PatientFileError(f"{where}: malformed JSON (column {exc.colno}): "
                                   f"{exc.msg}") from None
    header, row = _state["header"], raw if kind == "row" else _csv_row(raw, where)
    if len(row) != len(header):
        raise PatientFileError(f"{where}: {len(row)} cells, but the header has "
                               f"{len(header)} columns")
    return dict(zip(header, row, strict=True))


def _jobs(args) -> int:
    jobs = getattr(args, "jobs", None)
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
    return jobs


class _Output:
    """Standard output, or a file replaced atomically when the run ends."""

    def __init__(self, output: str | None):
        self.path = None if output in (None, "-") else Path(output)
        self.handle = self.tmp = None

    def __enter__(self):
        if self.path is None:
            sys.stdout.flush()
            self.handle = sys.stdout.buffer
            return self.handle
        from .cli import _check_writable

        _check_writable(str(self.path))
        if self.path.exists() and not self.path.is_file():  # /dev/null, a pipe: write through
            self.handle = open(self.path, "wb")  # noqa: SIM115 - closed in __exit__
            return self.handle
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent
                                        if str(self.path.parent) else ".")
        self.handle = os.fdopen(fd, "wb")
        return self.handle

    def __exit__(self, kind, exc, tb):
        self.handle.flush()
        if self.path is None:
            return
        self.handle.close()
        if self.tmp is None:
            return
        if kind is None:
            os.chmod(self.tmp, 0o666 & ~_umask())
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Progress:
    """A one-line progress bar on standard error, shown only when it is a terminal."""

    def __init__(self, source):
        self.on = sys.stderr.isatty()
        self.source, self.started, self.last, self.shown = source, time.monotonic(), 0.0, False
        try:
            self.size = os.fstat(source.fileno()).st_size if self.on else 0
        except (OSError, ValueError, io.UnsupportedOperation):
            self.size = 0

    def __enter__(self):
        return self

    def show(self, count: int) -> None:
        now = time.monotonic()
        if not self.on or now - self.last < 0.2:
            return
        self.last, self.shown = now, True
        rate = count / max(now - self.started, 1e-9)
        done = ""
        if self.size:
            share = min(_position(self.source) / self.size, 1.0)
            done = f"[{'#' * int(share * 30):<30}] {share:4.0%}  "
        sys.stderr.write(f"\r{done}{count:,} records  {rate:,.0f}/s\033[K")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            self.shown = False

    def __exit__(self, *exc):
        self.clear()


def _position(source) -> int:
    try:
        return os.lseek(source.fileno(), 0, os.SEEK_CUR)
    except (OSError, ValueError, io.UnsupportedOperation):
        return 0
