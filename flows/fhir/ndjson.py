"""FHIR Bulk Data NDJSON (one resource a line) grouped by patient into one Bundle each."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from graph import PatientFileError

from .read import READ_TYPES
from .validate import model_class

MAX_LINE_BYTES = 1 << 20  # one resource a line; a megabyte is far beyond any lab result
MAX_LINES = 2_000_000
_PATIENT_REF = re.compile(r"(?:^|/)Patient/([A-Za-z0-9\-.]{1,64})$")
# How a line that cannot be read still names its patient (for refusing that patient).
_REFERENCE = re.compile(r'"reference"\s*:\s*"(?:[^"]*/)?Patient/([A-Za-z0-9\-.]{1,64})"')
_IS_PATIENT = re.compile(r'"resourceType"\s*:\s*"Patient"')
_ID = re.compile(r'"id"\s*:\s*"([A-Za-z0-9\-.]{1,64})"')


class _Repeated(ValueError):
    pass


def _unique(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise _Repeated(key)
        out[key] = value
    return out


def group_ndjson(lines: Iterable, label: str = "ndjson",
                 errors: list[str] | None = None) -> Iterator[tuple[str, dict]]:
    """Yield ``(patient_id, Bundle)`` for each patient, in order of first appearance.

    A resource belongs to ``Patient/<id>`` by its own id (a Patient) or by ``subject`` /
    ``patient`` reference. Each bad line is one ``label:N: message``: appended to ``errors`` when
    a list is given (the rest is still grouped), raised as graph.PatientFileError otherwise.
    """
    groups: dict[str, list[dict]] = {}
    for number, line in enumerate(lines, start=1):
        if number > MAX_LINES:
            _bad(f"{label}:{number}: more than {MAX_LINES} lines; split the export", errors)
            break
        try:
            resource = _parse(line)
        except ValueError as exc:
            _bad(f"{label}:{number}: {exc}", errors)
            continue
        if resource is None:
            continue
        try:
            pid = _owner(resource)
            if pid is None:
                continue
            _validate(resource)
        except (ValueError, PatientFileError) as exc:
            _bad(f"{label}:{number}: {exc}", errors)
            continue
        groups.setdefault(pid, []).append(resource)
    for pid, resources in groups.items():
        yield pid, {"resourceType": "Bundle", "type": "collection",
                    "entry": [{"resource": r} for r in resources]}


def resources_by_patient(lines: Iterable, label: str = "ndjson") -> tuple[dict, list]:
    """``(groups, errors)`` for a cohort: each patient's resources with their line numbers,
    parsed but not yet validated (``check_resource`` does that, line by line, where the patient
    is evaluated), in order of first appearance; and ``(line number, message, patient id or
    None)`` for each line that cannot be parsed or placed. The patient of a bad line is the one
    its text names, when it names exactly one: a caller can then refuse that patient rather than
    judge part of its record."""
    groups: dict[str, list[tuple[int, dict]]] = {}
    errors: list[tuple[int, str, str | None]] = []
    for number, line in enumerate(lines, start=1):
        if number > MAX_LINES:
            errors.append((number, f"{label}:{number}: more than {MAX_LINES} lines; split the export",
                           None))
            break
        try:
            resource = _parse(line)
            if resource is None:
                continue
            pid = _owner(resource)
            if pid is None:
                continue
        except ValueError as exc:
            errors.append((number, f"{label}:{number}: {exc}", _named_patient(line)))
            continue
        groups.setdefault(pid, []).append((number, resource))
    return groups, errors


def _named_patient(line) -> str | None:
    text = line.decode("utf-8", "replace") if isinstance(line, bytes | bytearray) else str(line)
    text = text[:MAX_LINE_BYTES]
    named = set(_REFERENCE.findall(text))
    if _IS_PATIENT.search(text):
        named.update(_ID.findall(text)[:1])
    return named.pop() if len(named) == 1 else None


def check_resource(resource: dict) -> None:
    """Validate one resource as FHIR R4; ValueError with one line ``Type: where: message``."""
    _validate(resource)


def _bad(message: str, errors: list[str] | None) -> None:
    if errors is None:
        raise PatientFileError(message)
    errors.append(message)


def _parse(line) -> dict | None:
    raw = line.encode("utf-8") if isinstance(line, str) else bytes(line)
    if len(raw) > MAX_LINE_BYTES:
        raise ValueError(f"line longer than {MAX_LINE_BYTES // 1024} KiB; NDJSON holds one resource "
                         f"a line")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start + 1})") from None
    if not text.strip():
        return None
    try:
        resource = json.loads(text, object_pairs_hook=_unique)
    except _Repeated as exc:
        raise ValueError(f"the key {exc.args[0]!r} is given twice") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON (column {exc.colno}): {exc.msg}") from None
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None
    if not isinstance(resource, dict):
        raise ValueError("a line must hold one FHIR resource (a JSON object)")
    return resource


def _owner(resource: dict) -> str | None:
    """The id of the patient ``resource`` belongs to; None for a resource of a type no fact is
    read from that names no patient (an Organization or Practitioner of the export: skipped).
    A type facts are read from must name its patient: it may hold one of the patient's results."""
    if resource.get("resourceType") == "Patient":
        if not resource.get("id"):
            raise ValueError("Patient: no id, so its resources cannot be grouped with it")
        return str(resource["id"])
    reference = (resource.get("subject") or resource.get("patient") or {})
    match = _PATIENT_REF.search(str(reference.get("reference", "")) if isinstance(reference, dict) else "")
    if not match and resource.get("resourceType") not in READ_TYPES and not reference:
        return None
    if not match:
        raise ValueError(f"{resource.get('resourceType')}/{resource.get('id')}: no subject "
                         f"reference to Patient/<id>")
    return match.group(1)


def _validate(resource: dict) -> None:
    from pydantic import ValidationError

    model = model_class("resource", resource.get("resourceType"))
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ValueError(f"{resource.get('resourceType')}: {where}: "
                         f"{' '.join(str(first.get('msg')).split())}") from None
