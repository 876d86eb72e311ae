"""The records of a cohort file, read lazily in chunks and parsed (in workers) into mappings of
raw facts: JSON Lines, or CSV whose quoted cells may span lines."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re

from graph import Guideline, PatientFileError
from graph.values import suggest

from .lines import TOP_KEYS

CHUNK = 256  # records handed to a worker at once
MAX_RECORD = 1 << 20  # bytes of one JSON line; a CSV cell is bounded by csv.field_size_limit
_SURROGATE = re.compile("[\udc80-\udcff]")
_RESOURCE_KEY = re.compile(rb'"resourceType"\s*:')
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
    if is_csv:
        records = _csv_records(g, source, name)
    else:
        lines = _lines(source)
        ahead = list(_through_first_record(lines))
        lines = itertools.chain(ahead, lines)
        records = _fhir_records(lines) if ahead and _is_fhir(ahead[-1]) else _json_records(lines, name)
    chunk = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _lines(source):
    """Every line; one over MAX_RECORD bytes is cut there (and so found too long), never read
    whole."""
    while line := source.readline(MAX_RECORD + 1):
        if len(line) > MAX_RECORD and not line.endswith(b"\n"):
            while (rest := source.readline(MAX_RECORD + 1)) and not rest.endswith(b"\n"):
                pass
        yield line


def _through_first_record(lines):
    """The lines up to the first that is not blank (which decides the kind of file)."""
    for line in lines:
        yield line
        if line.strip():
            return


def _is_fhir(line: bytes) -> bool:
    """Whether a JSON line is a FHIR resource (Bulk Data NDJSON) rather than a patient's facts."""
    try:
        first = json.loads(line)
    except (ValueError, RecursionError):  # a malformed first line: its keys still tell
        return _RESOURCE_KEY.search(line) is not None
    return isinstance(first, dict) and "resourceType" in first


def _json_records(lines, name: str):
    """``(line number, "json", bytes)`` per non-blank line; a line over MAX_RECORD bytes is
    one ``"error"`` record."""
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_RECORD:
            yield number, "error", (f"{name}:{number}: the line is longer than "
                                    f"{MAX_RECORD // 1024} KiB; one patient's facts are far shorter")
        elif line.strip():
            yield number, "json", line


def _fhir_records(lines):
    """FHIR Bulk Data NDJSON: the resources read and grouped by patient (in memory: a patient's
    resources may be on any line), then one ``(patient id, "fhir", [(line, resource)...])``
    per patient, validated where it is evaluated. A line that cannot be read is an ``"error"``
    record; so is, instead of its result, a patient one of whose lines is bad: no verdict rests
    on part of a record."""
    from flows.fhir.ndjson import resources_by_patient

    groups, errors = resources_by_patient(lines, state["label"])
    refused = {}
    for number, message, pid in errors:
        if pid in groups:
            refused.setdefault(pid, message)
        else:
            yield number, "error", message
    for pid, found in groups.items():
        if pid in refused:
            yield pid, "error", f"{refused[pid]}; {_NOT_EVALUATED.format(pid=pid)}"
        else:
            yield pid, "fhir", found


_NOT_EVALUATED = "Patient/{pid} is not evaluated (a verdict never rests on part of a record)"


def _csv_records(g: Guideline, source, name: str):
    """``(first line, "row", cells)`` per CSV record, read as Python's csv module reads RFC 4180
    (``strict``: a quote opens a quoted cell only at its start); a record it cannot read is
    one ``"error"`` record, and an unterminated quote ends the file."""
    state["delimiter"] = "\t" if name.lower().endswith(".tsv") else ","
    text = io.TextIOWrapper(source, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        yield from _csv_rows(g, csv.reader(text, delimiter=state["delimiter"], strict=True), name)
    finally:
        text.detach()  # the caller closes the file


def _csv_rows(g: Guideline, reader, name: str):
    header = None
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            unclosed = "unexpected end of data" in reason
            if unclosed:
                reason = ("a quoted cell opens here and never closes, so the rest of the file "
                          "was one cell; close the quote or remove it")
            if header is None:
                raise PatientFileError(f"{name}:{start}: {reason}") from None
            yield start, "error", f"{name}:{start}: {reason}"
            if unclosed:
                return
            continue
        if header is None:
            if _SURROGATE.search("".join(row)):
                raise PatientFileError(f"{name}:1: the header is not UTF-8 text")
            header = state["header"] = _check_header(g, row, name)
        elif any(cell.strip() for cell in row):
            yield start, "row", row


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
    """Result lines and error lines for one chunk (run in a worker or in the main process); a
    bad record is one error line and the others are still evaluated."""
    cohort, name, label = state["cohort"], state["name"], state["label"]
    lines, errors = [], []
    for number, kind, raw in chunk:
        where = f"{label}:{number}"
        try:
            if kind == "fhir":
                lines.append(cohort.record_line(label, number, raw, state["day"]))
                continue
            data = _parse(where, kind, raw)
            lines.append(cohort.line(where, data, f"{name}:{number}"))
        except PatientFileError as exc:
            errors.append(str(exc))
        except RecursionError:
            errors.append(f"{where}: nested too deeply")
        except (ValueError, TypeError, OverflowError) as exc:  # a value no fact can take
            errors.append(f"{where}: {exc}")
    return b"\n".join(lines) + b"\n" if lines else b"", errors, len(chunk)


def _parse(where: str, kind: str, raw):
    if kind == "error":
        raise PatientFileError(raw)
    if kind == "json":
        try:
            return json.loads(raw, object_pairs_hook=_unique)
        except UnicodeDecodeError:
            raise PatientFileError(f"{where}: the line is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise PatientFileError(f"{where}: malformed JSON (column {exc.colno}): "
                                   f"{exc.msg}") from None
        except _Repeated as exc:
            raise PatientFileError(f"{where}: the key {exc.args[0]!r} is given twice (remove "
                                   f"one; which value was meant is not guessed)") from None
        except ValueError as exc:  # e.g. an integer longer than Python reads
            raise PatientFileError(f"{where}: malformed JSON: {exc}") from None
    header = state["header"]
    if _SURROGATE.search("".join(raw)):
        raise PatientFileError(f"{where}: the row is not UTF-8 text")
    if len(raw) != len(header):
        raise PatientFileError(f"{where}: {len(raw)} cells, but the header has "
                               f"{len(header)} columns")
    return dict(zip(header, raw, strict=True))


class _Repeated(ValueError):
    """A JSON object repeats a key."""


def _unique(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set = set()
        raise _Repeated(next(k for k, _ in pairs if k in seen or seen.add(k)))
    return out
