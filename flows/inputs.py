"""A patient file for a command: facts (YAML or JSON), or a FHIR R4 record (JSON) read into facts.

A JSON document with a ``resourceType`` is a FHIR record (a Bundle, or one resource); anything
else is a patient file of design §5. A file is one or the other: a FHIR resource written as
YAML, or a patient file that also holds FHIR, is refused with one line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from graph import Evaluation, Guideline, Patient, PatientFileError, UsageError
from graph.patient import MAX_BYTES, decode, parse_document, patient_from

if TYPE_CHECKING:
    from .fhir import RecordFacts

MAX_RECORD_BYTES = 32 << 20  # one patient's Bundle; a cohort is Bulk Data NDJSON (--batch)


def record_day(given: str | None) -> dt.date:
    """The day a record is read as of: ``given`` (YYYY-MM-DD, from ``--date``), else today.

    Results older than the map allows on that day are not used, and age is counted to it.
    """
    if not given:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(given)
    except ValueError:
        raise UsageError(f"--date {given!r}: not a date in YYYY-MM-DD form") from None


def read_patient_or_record(path: str | Path, g: Guideline,
                           today: dt.date) -> tuple[Patient, RecordFacts | None]:
    """``(patient, record)``: the record is None for a plain patient file.

    Raises graph.PatientFileError with one line naming the file for every mistake: unreadable,
    too large, malformed, invalid FHIR R4, a fact of the wrong type.
    """
    path = Path(path)
    label = str(path)
    if path.is_dir():
        raise PatientFileError(f"{label}: is a folder; give a patient file (.yaml or .json) or a "
                               f"FHIR R4 Bundle (.json)")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_RECORD_BYTES + 1)
    except OSError as exc:
        raise PatientFileError(f"{label}: cannot read the file: {exc.strerror or exc}") from None
    return patient_or_record(label, raw, path.suffix, g, today, path.stem)


def patient_or_record(label: str, raw: bytes, suffix: str, g: Guideline, today: dt.date,
                      stem: str) -> tuple[Patient, RecordFacts | None]:
    """As ``read_patient_or_record`` for a file's bytes already read (e.g. an upload); ``raw``
    may hold up to MAX_RECORD_BYTES + 1 bytes (more is refused as too large)."""
    is_json = suffix.lower() == ".json"
    if is_json or (suffix.lower() not in (".yaml", ".yml")
                   and raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")):
        try:
            data = parse_document(label, decode(label, _bounded(label, raw, MAX_RECORD_BYTES)), True)
        except PatientFileError:
            if is_json:
                raise
            data = None  # not JSON after all: read as YAML below
        if isinstance(data, dict) and "resourceType" in data:
            return _from_record(label, data, g, today, stem)
        if data is not None:
            _bounded(label, raw, MAX_BYTES)
            return patient_from(label, data, g.facts, g.aliases, default_id=stem), None
    data = parse_document(label, decode(label, _bounded(label, raw, MAX_BYTES)), False)
    if isinstance(data, dict) and "resourceType" in data:
        raise PatientFileError(f"{label}: a FHIR resource in YAML; a FHIR R4 record is read as JSON "
                               f"(a .json Bundle), and a patient file holds `facts`, not both")
    return patient_from(label, data, g.facts, g.aliases, default_id=stem), None


def _bounded(label: str, raw: bytes, limit: int) -> bytes:
    if len(raw) > limit:
        what = ("give one patient's FHIR Bundle (a cohort is Bulk Data NDJSON, for --batch)"
                if limit == MAX_RECORD_BYTES
                else "a patient file holds one patient's facts (use --batch for a cohort)")
        raise PatientFileError(f"{label}: larger than {limit // 1024} KiB; {what}")
    return raw


def _from_record(label: str, doc: dict, g: Guideline, today: dt.date, stem: str):
    if "facts" in doc:
        raise PatientFileError(f"{label}: holds both FHIR (resourceType) and `facts`; a file is a "
                               f"FHIR R4 record or a patient file, not both")
    from .fhir import facts_from_fhir  # only for a record: the FHIR models load slowly

    record = facts_from_fhir(doc, g, today, label=label)
    return Patient(record.patient_id or stem, record.typed(g, label), label), record


def with_record(ev: Evaluation, record: RecordFacts | None) -> Evaluation:
    """``ev`` with the record's warnings (stale or conflicting results...) after its own."""
    if record is None or not record.warnings:
        return ev
    return replace(ev, warnings=(*ev.warnings, *record.warnings))
