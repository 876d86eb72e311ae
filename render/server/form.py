"""The check's form: the answers a page carries (hidden fields) and the new ones, typed as a
patient file's facts are; each bad answer is one line, and the other answers are kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graph import Guideline, PatientFileError, UsageError, patient_from, type_facts

from .ask import allowed_units, unit_choices

KNOWN = "f:"  # hidden: an answer already given, in canonical form
SET = "set:"  # a button or a list: a yes/no or enum answer
NUMBER, UNIT = "num:", "unit:"  # a number and the unit it is given in
DATE = "date:"
DROP = "drop"  # a button: forget this answer
LABEL = "form"  # where an error is, as a patient file's name is in the CLI's messages


@dataclass(frozen=True)
class Answers:
    """What one submission of the check says."""

    facts: dict  # fact name -> typed value
    errors: tuple[tuple[str, str], ...]  # (fact name or "", one-line message)
    patient_id: str
    flows: tuple[str, ...]
    bundle: str | None


def read_answers(g: Guideline, form) -> Answers:
    """Type every answer of ``form`` (a multi-dict of strings); a new answer replaces the one
    carried, an answer that cannot be typed is reported and the carried one kept."""
    carried, given, errors = {}, {}, []
    for key, value in form.multi_items():
        if not isinstance(value, str):
            continue
        name = key.partition(":")[2]
        if key.startswith(KNOWN):
            carried[name] = value
        elif key.startswith((SET, DATE)) and value.strip():
            given[name] = value
        elif key.startswith(NUMBER) and value.strip():
            try:
                given[name] = quantity(g, name, value, form.get(UNIT + name))
            except ValueError as exc:
                errors.append((name, str(exc)))
    drops = set(form.getlist(DROP))
    facts = {}
    for name in dict.fromkeys([*carried, *given]):
        if name in drops:
            continue
        for raw in ([given[name]] if name in given else []) + ([carried[name]] if name in
                                                               carried else []):
            try:
                facts.update(type_facts(LABEL, {name: raw}, g.facts, g.aliases))
                break
            except PatientFileError as exc:
                errors.append((name, short(exc, name)))
    patient_id, id_error = _patient_id(g, form.get("id", ""))
    errors += id_error
    bundle = form.get("bundle") or None
    return Answers(facts, tuple(errors), patient_id, tuple(form.getlist("flow")), bundle)


def quantity(g: Guideline, name: str, value: str, unit: str | None) -> str:
    """The raw value of a number given with a unit chosen from the fact's list."""
    fact = g.facts.get(name)
    if fact is None or not unit:
        return value
    if unit not in allowed_units(fact):
        raise ValueError(f"{unit!r} is not a unit of this answer (use one of "
                         f"{', '.join(u for u, _ in unit_choices(fact, 'en'))})")
    return value if unit == unit_choices(fact, "en")[0][0] else f"{value.strip()} {unit}"


def short(exc: PatientFileError, name: str) -> str:
    """The CLI's message without the location (the page shows the question instead)."""
    text = str(exc)
    prefix = f"{LABEL}: facts.{name}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def _patient_id(g: Guideline, given: str) -> tuple[str, list]:
    try:
        return patient_from(LABEL, {"id": given.strip(), "facts": {}}, g.facts, g.aliases,
                            default_id="").id, []
    except PatientFileError as exc:
        return "", [("", str(exc))]


def selection(g: Guideline, answers: Answers) -> list[str]:
    """The flows chosen (a bundle and flows); UsageError when none or an unknown one is."""
    if not answers.bundle and not answers.flows:
        raise UsageError("choose a bundle or at least one flow")
    return g.select_flows(answers.flows, answers.bundle)


def carried(facts: dict) -> list[tuple[str, str]]:
    """The hidden fields that carry ``facts`` to the next submission, canonical and exact."""
    return [(KNOWN + name, canonical(value)) for name, value in facts.items()]


def canonical(value) -> str:
    """A typed fact as the check's hidden fields carry it (exact and re-typable)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, ".15g")
    return str(value)
