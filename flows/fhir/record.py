"""Facts from a patient's FHIR R4 record: raw values with provenance, warnings and what maps to nothing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from graph import Guideline, PatientFileError, type_facts

from .answers import read_answers
from .mapping import FhirMap, fhir_map
from .read import Candidate, Provenance, Reading, read_condition, read_observation, read_patient, ref
from .said import Said, zh_label, zh_value
from .validate import validated_resources

_PATIENT_REF = re.compile(r"(?:^|/)Patient/([A-Za-z0-9\-.]{1,64})$")


@dataclass(frozen=True)
class RecordFacts:
    """What a record says: ``raw`` (fact -> value for graph.type_facts), ``provenance`` (fact ->
    where it came from), ``warnings`` (one line each), ``unmapped`` (resources or codings that map
    to nothing, listed, never guessed), the patient's id and the day it was read as of."""

    patient_id: str | None
    raw: dict
    provenance: dict
    warnings: tuple[str, ...]
    unmapped: tuple[str, ...]
    as_of: dt.date | None = None

    def typed(self, g: Guideline, label: str = "record") -> dict:
        """The raw values typed by the fact registry (PatientFileError names a bad one)."""
        return type_facts(label, self.raw, g.facts, g.aliases)

    def to_json(self, typed: dict) -> dict:
        """The ``record`` member of the evaluation JSON: where each fact (of ``typed``, the facts
        used) came from, and what maps to nothing. The record's warnings go with the others."""
        facts = {}
        for name, value in typed.items():
            p = self.provenance.get(name)
            if p is not None:
                shown = value.isoformat() if isinstance(value, dt.date) else value
                facts[name] = {"value": shown, "resource": p.resource, "code": p.code,
                               "date": p.date, "text": p.text}
        return {"standard": "FHIR R4", "as_of": self.as_of.isoformat() if self.as_of else None,
                "facts": facts, "unmapped": list(self.unmapped)}


def facts_from_fhir(doc, g: Guideline, today: dt.date, label: str = "record",
                    fmap: FhirMap | None = None, validated: bool = False) -> RecordFacts:
    """Read ``doc`` (a FHIR R4 Bundle or one resource) into facts, as of ``today``.

    Only final, amended or corrected Observations dated on or before ``today`` and no older than
    the map's ``max_age_days`` are used (and completed answers to the facts Questionnaire,
    ``answers.py``); when results for one fact disagree the newest is used and
    a warning says so (for ``any_positive`` facts, any positive result wins). Invalid FHIR, or a
    record of more than one patient, raises graph.PatientFileError with one line.
    ``validated``: ``doc`` is a Bundle whose every resource the caller has validated already
    (``ndjson.check_resource``, line by line).
    """
    fmap = fmap or fhir_map()
    resources = ([e["resource"] for e in doc["entry"]] if validated
                 else validated_resources(label, doc))
    patient_id = _patient_id(label, resources)
    reading = Reading()
    for r in resources:
        kind = r.get("resourceType")
        if kind == "Patient":
            read_patient(r, fmap, today, reading)
        elif kind == "Observation":
            read_observation(r, fmap, g.facts, today, reading)
        elif kind == "Condition":
            read_condition(r, fmap, reading, g.facts)
        elif kind == "QuestionnaireResponse":
            read_answers(r, fmap, g.facts, today, reading)
        else:
            reading.unmapped.append(f"{ref(r)}: no fact comes from this resource type ({kind})")
    raw, provenance = {}, {}
    by_fact: dict[str, list[Candidate]] = {}
    for c in reading.candidates:
        by_fact.setdefault(c.fact, []).append(c)
    for fact, found in by_fact.items():
        rule = fmap.rules.get(fact)
        chosen = _choose(fact, found, rule.combine if rule else "newest", reading.warnings,
                         g.facts)
        if chosen is not None:
            raw[fact], provenance[fact] = chosen.value, chosen.provenance
    return RecordFacts(patient_id, raw, provenance, tuple(reading.warnings), tuple(reading.unmapped),
                       today)


def _choose(fact: str, found: list[Candidate], combine: str, warnings: list[str],
            facts: dict | None = None) -> Candidate | None:
    values = {str(c.value) for c in found}
    if len(values) == 1:
        return max(found, key=_when)
    listed = "; ".join(f"{c.value} ({c.provenance.date or 'undated'}, {c.provenance.resource})"
                       for c in sorted(found, key=_when))
    facts = facts or {}
    label_zh = zh_label(facts, fact)
    listed_zh = "；".join(f"{zh_value(facts, fact, c.value)}({c.provenance.date or '无日期'}，"
                         f"{c.provenance.resource})" for c in sorted(found, key=_when))
    if combine == "any_positive":
        pool = [c for c in found if c.value == "positive"] or found
        chosen = max(pool, key=_when)
        warnings.append(Said(
            f"{fact}: results disagree ({listed}); any positive result counts "
            f"(ever positive): {chosen.value} from {chosen.provenance.resource}",
            f"{label_zh}：结果不一致({listed_zh})；任一阳性即计(曾经阳性)：采用"
            f"{chosen.provenance.resource}的{zh_value(facts, fact, chosen.value)}"))
        return chosen
    newest = max(found, key=_when)
    rivals = {str(c.value) for c in found if _when(c) == _when(newest)}
    if len(rivals) > 1:
        warnings.append(Said(
            f"{fact}: results disagree on the same day ({listed}); none is used",
            f"{label_zh}：同日结果不一致({listed_zh})；均不采用"))
        return None
    warnings.append(Said(
        f"{fact}: results disagree ({listed}); the newest is used: {newest.value} "
        f"from {newest.provenance.resource}",
        f"{label_zh}：结果不一致({listed_zh})；采用最新结果：{newest.provenance.resource}的"
        f"{zh_value(facts, fact, newest.value)}"))
    return newest


def _when(c: Candidate) -> dt.date:
    return c.day or dt.date.min


def _patient_id(label: str, resources: list[dict]) -> str | None:
    """The one patient the record is about (Patient.id, identifier, or subject reference)."""
    ids: dict[str, str] = {}
    for r in resources:
        if r.get("resourceType") == "Patient":
            pid = r.get("id") or next((i.get("value") for i in r.get("identifier") or ()
                                       if i.get("value")), None)
            if pid:
                ids.setdefault(str(pid), ref(r))
        else:
            subject = (r.get("subject") or r.get("patient") or {}).get("reference") or ""
            match = _PATIENT_REF.search(subject)
            if match:
                ids.setdefault(match.group(1), ref(r))
    if len(ids) > 1:
        shown = ", ".join(f"Patient/{p} ({where})" for p, where in list(ids.items())[:3])
        raise PatientFileError(f"{label}: holds more than one patient ({shown}); give one patient's "
                               f"record (a Bulk Data NDJSON cohort is grouped by patient)")
    return next(iter(ids), None)


__all__ = ["Provenance", "RecordFacts", "facts_from_fhir"]
