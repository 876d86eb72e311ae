"""What the check asks next: for each incomplete flow the facts it waits for, each with the
widget its type takes (buttons, a list, a number with a unit chooser, a date)."""

from __future__ import annotations

from dataclasses import dataclass

from graph import Evaluation, Fact, Guideline

from ..wording import unit_label
from .words import words

BUTTONS_UP_TO = 6  # more values than this are offered as a list
# How a unit of facts.yaml `common_units` reads in Chinese (the canonical one reads as
# render.wording words it).
UNITS_ZH = {"year": "年", "years": "年", "month": "个月", "months": "个月", "mo": "个月",
            "week": "周", "weeks": "周", "wk": "周", "day": "天", "days": "天", "lb": "磅"}


@dataclass(frozen=True)
class Question:
    """One fact to ask: its label and how it is answered."""

    fact: str
    kind: str  # buttons | select | number | date
    label: str
    description: str
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for buttons and lists
    units: tuple[tuple[str, str], ...] = ()  # (unit, label) for numbers, the canonical first
    next: bool = False  # the fact its flow stopped at (the one to obtain first)


@dataclass(frozen=True)
class Group:
    """The questions of one flow."""

    flow: str
    title: str
    questions: tuple[Question, ...]


def needed(g: Guideline, ev: Evaluation, lang: str) -> list[Group]:
    """The facts each incomplete flow (asked for, then the others that apply) waits for; a fact
    two flows wait for is asked once, under the first."""
    seen: set[str] = set()
    groups = []
    for r in (*ev.flows, *ev.others):
        if r.status != "incomplete":
            continue
        asks = [question(g.facts[name], lang, next=i == 0) for i, name in enumerate(r.missing)
                if name not in seen and not g.facts[name].derived]
        seen.update(r.missing)
        if asks:
            groups.append(Group(r.flow, g.flows[r.flow].title.get(lang), tuple(asks)))
    return groups


def situations(g: Guideline, ev: Evaluation, known: dict, asked: set[str],
               lang: str) -> list[Group]:
    """The facts that would make a situational flow apply (a pregnancy, a switch, ...), for the
    flows not yet evaluated; facts known or already asked are left out."""
    evaluated = {r.flow for r in (*ev.flows, *ev.others)}
    seen = set(known) | asked
    groups = []
    for flow in g.flows.values():
        if flow.kind != "situational" or flow.id in evaluated:
            continue
        names = [t.fact for t in flow.trigger if t.fact not in seen]
        seen.update(names)
        if names:
            groups.append(Group(flow.id, flow.title.get(lang),
                                tuple(question(g.facts[n], lang) for n in names)))
    return groups


def question(fact: Fact, lang: str, next: bool = False) -> Question:
    """The widget for ``fact``."""
    w = words(lang)
    base = {"fact": fact.name, "label": fact.label.get(lang),
            "description": fact.description.get(lang), "next": next}
    if fact.type == "bool":
        return Question(kind="buttons", options=(("true", w["yes"]), ("false", w["no"])), **base)
    if fact.type == "enum":
        options = tuple((v.id, v.label.get(lang)) for v in fact.values)
        kind = "buttons" if len(options) <= BUTTONS_UP_TO else "select"
        return Question(kind=kind, options=options, **base)
    if fact.type == "date":
        return Question(kind="date", **base)
    return Question(kind="number", units=unit_choices(fact, lang), **base)


def unit_choices(fact: Fact, lang: str) -> tuple[tuple[str, str], ...]:
    """The units a number accepts (facts.yaml ``common_units``), one per size: the canonical
    unit first, then the others in the data's order. Empty for a plain count."""
    if not fact.unit:
        return ()
    groups: dict[float, str] = {}
    for key, factor in fact.factors:
        groups.setdefault(round(factor, 9), key)
    canonical = groups.pop(1.0, None)
    if canonical is None:
        return ((fact.unit, unit_label(fact, lang)),)
    first = (canonical, unit_label(fact, lang) or _unit_text(canonical, lang))
    return (first, *((key, _unit_text(key, lang)) for key in groups.values()))


def allowed_units(fact: Fact) -> set[str]:
    """Every unit key the form may send for ``fact``."""
    return {key for key, _ in fact.factors} | ({fact.unit} if fact.unit else set())


def _unit_text(key: str, lang: str) -> str:
    if lang == "zh" and key in UNITS_ZH:
        return UNITS_ZH[key]
    return key.replace("**3", "³").replace("uL", "µL")
