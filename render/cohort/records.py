"""The records of a cohort file, read lazily in chunks and parsed (in workers) into mappings of
raw facts: JSON Lines, or CSV whose quoted cells may span lines."""

from __future__ import annotations

import csv
import json
import re

from graph import Guideline, PatientFileError
from graph.values import suggest

from .lines import TOP_KEYS

CHUNK = 256  # records handed to a worker at once
_SURROGATE = re.compile("[\udc80-\udcff]")
state: dict = {}  # the Cohort and the input's header, inherited by forked workers


def chunks(g: Guideline, source, name: str):
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
    state["delimiter"] = "\t" if name.lower().endswith(".tsv") else ","
    records = _csv_lines(source)
    first = next(records, None)
    if first is None:
        return
    header = _csv_row(first[1].removeprefix(b"\xef\xbb\xbf"), f"{name}:1")
    state["header"] = _check_header(g, header, name)
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
    rows = [r for r in csv.reader(text.splitlines(keepends=True), delimiter=state["delimiter"])
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


def work(chunk) -> tuple[bytes, list[str], int]:
    """Result lines and error lines for one chunk (run in a worker or in the main process)."""
    cohort, name, label = state["cohort"], state["name"], state["label"]
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
    rows = [r for r in csv.reader(text.splitlines(keepends=True), delimiter=state["delimiter"])
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
    header, row = state["header"], raw if kind == "row" else _csv_row(raw, where)
    if len(row) != len(header):
        raise PatientFileError(f"{where}: {len(row)} cells, but the header has "
                               f"{len(header)} columns")
    return dict(zip(header, row, strict=True))
