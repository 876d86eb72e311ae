"""Read a patient file (YAML or JSON) into typed facts; every mistake is one clear line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import PatientFileError
from .model import Fact
from .values import coerce, suggest

TOP_KEYS = ("id", "facts", "note")


@dataclass(frozen=True)
class Patient:
    id: str
    facts: dict  # fact name -> typed value
    source: str


def read_patient(path: str | Path, facts: dict[str, Fact], aliases: dict[str, str]) -> Patient:
    """Load and type-check one patient file; raises PatientFileError naming file and fact."""
    path = Path(path)
    label = str(path)
    try:
        body = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise PatientFileError(f"{label}: cannot read the file: {reason}") from None
    data = _parse(label, body, path.suffix.lower())
    return patient_from(label, data, facts, aliases, default_id=path.stem)


def _parse(label: str, body: str, suffix: str):
    if suffix == ".json":
        try:
            return json.loads(body)
        except json.JSONDecodeError as exc:
            raise PatientFileError(f"{label}: malformed JSON (line {exc.lineno}, column "
                                   f"{exc.colno}): {exc.msg}") from None
    from .yamlio import read_yaml

    return read_yaml(label, body, error=PatientFileError)


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
    return Patient(str(data.get("id") or default_id), type_facts(label, raw, facts, aliases), label)


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
    return {list: "a list", str: "a string", type(None): "empty"}.get(type(value), type(value).__name__)
