"""Terminal text for facts read from a FHIR record: where each came from, and what was not read."""

from __future__ import annotations

import datetime as dt

from graph import Guideline

from ..output import printable
from ..wording import YES_NO, number, unit_label

WORDS = {
    "en": {"head": "Facts from the record (FHIR R4, as of {day})",
           "unmapped": "Not read from the record (listed, never guessed)"},
    "zh": {"head": "来自病历的事实(FHIR R4，截至{day})",
           "unmapped": "未从病历读取(仅列出，不作推断)"},
}
# Code systems by the names a clinician knows them by (others are shown as their URI).
SYSTEMS = {"http://loinc.org": "LOINC", "http://snomed.info/sct": "SNOMED CT",
           "http://hl7.org/fhir/sid/icd-10": "ICD-10", "http://hl7.org/fhir/sid/icd-10-cm": "ICD-10-CM"}
ANSWER = "QuestionnaireResponse.item|"


def record_lines(g: Guideline, record, known: dict, lang: str) -> list[str]:
    """The record's section: one line per fact used, with its resource, code, date and the
    result as recorded; then what maps to nothing. ``known``: the facts evaluated."""
    w = WORDS[lang]
    day = record.as_of.isoformat() if record.as_of else "-"
    lines = [f"{w['head'].format(day=day)}:"]
    for name, value in known.items():
        p = record.provenance.get(name)
        if p is None:
            continue
        answered = p.code.startswith(ANSWER)  # entered by a clinician: the answer is the value
        where = ", ".join(x for x in (p.resource, None if answered else code_text(p.code), p.date) if x)
        shown = value_text(g.facts[name], value, lang)
        said = "" if answered or short(p.text) in (shown, str(value)) else short(p.text)
        lines.append(printable(f"  - {name} = {shown}: {where}" + (f" ({said})" if said else "")))
    if record.unmapped:
        lines.append(f"{w['unmapped']}:")
        lines += [printable(f"  - {m}") for m in record.unmapped]
    return lines


def code_text(code: str) -> str:
    """``http://loinc.org|5195-3`` as ``LOINC 5195-3``."""
    system, bar, value = code.partition("|")
    return f"{SYSTEMS.get(system, system)} {value}" if bar else code


def short(text: str) -> str:
    """A recorded coding without its system: ``...ObservationInterpretation|POS`` as ``POS``."""
    return " ".join(part.rsplit("|", 1)[-1] if "://" in part else part for part in text.split(" "))


def value_text(fact, value, lang: str) -> str:
    if fact.type == "enum":
        return value
    if fact.type == "bool":
        return YES_NO[lang][0 if value else 1]
    if isinstance(value, dt.date):
        return value.isoformat()
    unit = unit_label(fact, lang)
    return f"{number(value)} {unit}".strip() if isinstance(value, float) else str(value)
