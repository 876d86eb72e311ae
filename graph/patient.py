"""Read a patient file (YAML or JSON) into typed facts; every mistake is one clear line."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PatientFileError
from .model import Fact
from .values import coerce, suggest

TOP_KEYS = ("id", "patient", "facts", "note")
DETAIL_KEYS = ("name", "date_of_birth", "record_number")  # the optional `patient:` mapping
MAX_DETAIL = 200  # characters of a name or record number
MAX_BYTES = 1 << 20  # a patient file larger than 1 MiB is not a patient file
MAX_ID = 200  # characters of a patient id


@dataclass(frozen=True)
class Patient:
    id: str
    facts: dict  # fact name -> typed value
    source: str
    details: dict = field(default_factory=dict)  # name, date_of_birth (a date), record_number


def read_patient(path: str | Path, facts: dict[str, Fact], aliases: dict[str, str]) -> Patient:
    """Load and type-check one patient file; raises PatientFileError naming file and fact."""
    path = Path(path)
    label = str(path)
    try:
        if path.is_dir():
            raise PatientFileError(f"{label}: is a folder; give a patient file (.yaml or .json)")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PatientFileError(f"{label}: cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise PatientFileError(f"{label}: larger than {MAX_BYTES // 1024} KiB; a patient file "
                               f"holds one patient's facts (use --batch for a cohort)")
    data = parse_document(label, decode(label, raw), path.suffix.lower() == ".json")
    return patient_from(label, data, facts, aliases, default_id=path.stem)


def decode(label: str, raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped); PatientFileError otherwise."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PatientFileError(f"{label}: not UTF-8 text (byte {exc.start + 1}); save the file "
                               f"as UTF-8") from None


def parse_document(label: str, body: str, is_json: bool):
    """A JSON or YAML document as plain data; duplicate keys, YAML anchors and aliases,
    excessive nesting and oversized numbers are one PatientFileError each."""
    if not is_json:
        from .yamlio import read_yaml

        return read_yaml(label, body, error=PatientFileError, strict=True)
    try:
        return json.loads(body, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise PatientFileError(f"{label}: malformed JSON (line {exc.lineno}, column "
                               f"{exc.colno}): {exc.msg}") from None
    except _Repeated as exc:
        key = exc.args[0]
        raise PatientFileError(f"{label}: {_second_line(body, key)}the key {key!r} is given "
                               f"twice (remove one; which value was meant is not guessed)") from None
    except RecursionError:
        raise PatientFileError(f"{label}: the JSON is nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python reads
        raise PatientFileError(f"{label}: malformed JSON: {exc}") from None


def _second_line(body: str, key: str) -> str:
    """'line N: ' for the second place the JSON text names ``key`` as a key ('' if written
    with escapes the plain search cannot see)."""
    found = list(re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", body))
    if len(found) < 2:
        return ""
    return f"line {body.count(chr(10), 0, found[1].start()) + 1}: "


class _Repeated(ValueError):
    """A JSON object repeats a key."""


def _unique_keys(pairs: list) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _Repeated(key)
        out[key] = value
    return out


def patient_from(label: str, data, facts: dict[str, Fact], aliases: dict[str, str],
                 default_id: str = "patient") -> Patient:
    """A Patient from an already-parsed document ``{"id": ..., "facts": {...}}``."""
    if not isinstance(data, dict):
        raise PatientFileError(f"{label}: the document must be a mapping with a `facts` mapping, "
                               f"not {_kind(data)}")
    for key in data:
        if key not in TOP_KEYS:
            raise PatientFileError(f"{label}: {key}: unknown key{suggest(key, TOP_KEYS)} "
                                   f"(allowed: {', '.join(TOP_KEYS)})")
    raw = data.get("facts")
    if not isinstance(raw, dict):
        raise PatientFileError(f"{label}: facts: must be a mapping of fact names to values, "
                               f"not {_kind(raw)}")
    return Patient(patient_id(label, data.get("id"), default_id),
                   type_facts(label, raw, facts, aliases), label,
                   _details(label, data.get("patient")))


def _details(label: str, given) -> dict:
    """The optional ``patient:`` mapping: name and record_number (text or a whole number),
    date_of_birth (a date, YYYY-MM-DD, not after today)."""
    if given is None:
        return {}
    if not isinstance(given, dict):
        raise PatientFileError(f"{label}: patient: must be a mapping of "
                               f"{', '.join(DETAIL_KEYS)}, not {_kind(given)}")
    out = {}
    for key, value in given.items():
        if key not in DETAIL_KEYS:
            raise PatientFileError(f"{label}: patient.{key}: unknown key"
                                   f"{suggest(str(key), DETAIL_KEYS)} "
                                   f"(allowed: {', '.join(DETAIL_KEYS)})")
        if value is None or value == "":
            continue
        if key == "date_of_birth":
            out[key] = _birth_date(label, value)
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise PatientFileError(f"{label}: patient.{key}: must be text, not {_kind(value)}")
        text = " ".join(str(value).split())
        if len(text) > MAX_DETAIL:
            raise PatientFileError(f"{label}: patient.{key}: longer than {MAX_DETAIL} characters")
        out[key] = text
    return out


def _birth_date(label: str, value) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise PatientFileError(f"{label}: patient.date_of_birth: must be a date (YYYY-MM-DD), "
                               f"not {_kind(value)}")
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PatientFileError(f"{label}: patient.date_of_birth: {value!r} is not a date "
                                   f"(give YYYY-MM-DD)") from None
    if not dt.date(1900, 1, 1) <= value <= dt.date.today():
        raise PatientFileError(f"{label}: patient.date_of_birth: {value.isoformat()} is not a "
                               f"birth date (from 1900-01-01 to today)")
    return value


def patient_id(label: str, given, default_id: str) -> str:
    """The id as text: a string or a whole number, at most MAX_ID characters."""
    if given is None or given == "":
        return default_id
    if isinstance(given, bool) or not isinstance(given, str | int):
        raise PatientFileError(f"{label}: id: must be text or a number, not {_kind(given)}")
    text = str(given)
    if len(text) > MAX_ID:
        raise PatientFileError(f"{label}: id: longer than {MAX_ID} characters")
    return text


def type_facts(label: str, raw: dict, facts: dict[str, Fact], aliases: dict[str, str]) -> dict:
    """Typed facts from raw values; ``None`` values count as missing."""
    typed = {}
    for name, value in raw.items():
        key = aliases.get(str(name), str(name))
        fact = facts.get(key)
        if fact is None:
            raise PatientFileError(f"{label}: facts.{name}: unknown fact"
                                   f"{suggest(name, [*facts, *aliases])}")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            typed[key] = coerce(fact, value)
        except ValueError as exc:
            raise PatientFileError(f"{label}: facts.{name}: {exc}") from None
    return typed


def _kind(value) -> str:
    return {list: "a list", str: "a string", dict: "a mapping",
            type(None): "empty"}.get(type(value), type(value).__name__)
