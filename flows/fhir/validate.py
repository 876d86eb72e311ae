"""Parse and validate a FHIR R4 document with fhir.resources' R4B models; one error line each."""

from __future__ import annotations

from graph import PatientFileError
from graph.values import suggest

# Bundle types whose entries carry the resources of a record (R4 Bundle.type; required binding,
# which fhir.resources does not enforce, so it is checked here).
BUNDLE_TYPES = ("collection", "searchset", "batch-response", "transaction", "transaction-response")
MAX_ENTRIES = 20_000  # a Bundle larger than this is not one patient's record
# Validation errors that mean the document is not shaped as FHIR R4 (e.g. STU3 or R5 content).
_SHAPE_ERRORS = {"extra_forbidden": "not an element of this resource in FHIR R4",
                 "json_invalid": "not of the type FHIR R4 gives this element"}


def model_class(label: str, resource_type):
    """The fhir.resources R4B model of ``resource_type``; PatientFileError for an unknown type.

    R4B (4.3.0) is R4 with changes confined to modules this tool does not read (medication
    definition, evidence, subscriptions), so R4 resources validate unchanged against it.
    """
    from fhir.resources.R4B import get_fhir_model_class

    if not isinstance(resource_type, str) or not resource_type:
        raise PatientFileError(f"{label}: resourceType: missing; a FHIR document is a Bundle or "
                               f"one resource with a resourceType")
    try:
        return get_fhir_model_class(resource_type)
    except (KeyError, ValueError, AttributeError, ImportError):
        known = ("Bundle", "Patient", "Observation", "Condition")
        raise PatientFileError(f"{label}: resourceType: {resource_type!r} is not a FHIR R4 resource"
                               f"{suggest(resource_type, known)}") from None


def validated_resources(label: str, doc) -> list[dict]:
    """The resources of ``doc`` (a Bundle or one resource) once it validates as FHIR R4.

    Raises PatientFileError with one line ``label: location: message`` for the first problem.
    """
    if not isinstance(doc, dict):
        raise PatientFileError(f"{label}: a FHIR document must be a JSON object (a Bundle or one "
                               f"resource), not {type(doc).__name__}")
    rtype = doc.get("resourceType")
    model = model_class(label, rtype)
    if rtype == "Bundle":
        _check_bundle(label, doc)
    _validate(label, model, doc)
    if rtype != "Bundle":
        return [doc]
    return [e["resource"] for e in doc.get("entry") or () if isinstance(e.get("resource"), dict)]


def _check_bundle(label: str, doc: dict) -> None:
    kind = doc.get("type")
    if kind not in BUNDLE_TYPES:
        raise PatientFileError(f"{label}: type: {kind!r} is not a Bundle type that carries a record "
                               f"(use one of {', '.join(BUNDLE_TYPES)})")
    entries = doc.get("entry") or []
    if isinstance(entries, list) and len(entries) > MAX_ENTRIES:
        raise PatientFileError(f"{label}: entry: {len(entries)} entries; one patient's Bundle holds "
                               f"at most {MAX_ENTRIES} (use Bulk Data NDJSON for a cohort)")


def _validate(label: str, model, doc: dict) -> None:
    from pydantic import ValidationError

    try:
        model.model_validate(doc)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or doc.get("resourceType")
        message = " ".join(str(first.get("msg", "invalid")).split())
        if first.get("type") in _SHAPE_ERRORS:  # an element R4 does not have, or of another shape
            message = f"{_SHAPE_ERRORS[first['type']]} (is the record another FHIR version?)"
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise PatientFileError(f"{label}: {where}: {message}{more}") from None
    except (TypeError, ValueError, RecursionError) as exc:
        raise PatientFileError(f"{label}: not valid FHIR R4: {' '.join(str(exc).split())}") from None
