"""The dated plan as data: plan.yaml loaded into schedule rules with labels, conditions and citations."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pydantic import Field, model_validator

from graph import FlowError, Guideline, Text
from graph import schema as s
from graph.build import read_yaml, text, validate
from graph.schedule import Offset, Rule

LABEL = "flows/data/plan.yaml"
KINDS = ("action", "outcome", "fact", "any", "all")


class OffsetSpec(s.Strict):
    months: int = 0
    weeks: int = 0
    days: int = 0


class TermSpec(s.Strict):
    """One condition: an action id, an outcome ``flow.node``, a fact value, or any/all of terms."""

    action: str | None = None
    outcome: str | None = None
    fact: str | None = None
    is_: list[s.Scalar] | None = Field(None, alias="is")
    any: list[TermSpec] | None = None
    all: list[TermSpec] | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [k for k in KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("give exactly one of action, outcome, fact, any or all")
        if (self.fact is None) != (self.is_ is None):
            raise ValueError("`is` goes with `fact`, and a fact term needs `is`")
        return self


class EventSpec(s.Strict):
    id: str
    label: s.TextSpec
    detail: s.TextSpec
    anchor: str
    at: list[OffsetSpec] = Field(default_factory=lambda: [OffsetSpec()], min_length=1)
    every: OffsetSpec | None = None
    window: tuple[OffsetSpec, OffsetSpec] | None = None
    to: OffsetSpec | None = None
    when: list[TermSpec] = []
    unless: list[TermSpec] = []
    recommendations: list[int] = Field(min_length=1)
    shown: bool = True  # False: only dates other events (e.g. every infusion day), not listed


class NoteSpec(s.TextSpec):
    events: list[str] = Field(min_length=1)  # shown when the plan dates one of these


class PlanSpec(s.Strict):
    day1_facts: list[str] = Field(min_length=1)
    horizon_months: int = Field(gt=0)
    show_when_overall: list[str]
    blocking_outcomes: list[str] = []
    ambiguities: list[NoteSpec] = []
    events: list[EventSpec] = Field(min_length=1)


@dataclass(frozen=True)
class Term:
    """``kind``: action, outcome, fact (``values`` make it hold), any or all (of ``terms``)."""

    kind: str
    name: str = ""
    values: frozenset | None = None
    terms: tuple[Term, ...] = ()

    def leaves(self) -> list[Term]:
        return [self] if not self.terms else [t for x in self.terms for t in x.leaves()]


@dataclass(frozen=True)
class PlanEvent:
    id: str
    label: Text
    detail: Text
    rule: Rule
    when: tuple[Term, ...]
    unless: tuple[Term, ...]
    recommendations: tuple[int, ...]
    shown: bool = True


@dataclass(frozen=True)
class Plan:
    day1_facts: tuple[str, ...]
    horizon_months: int
    show_when_overall: frozenset[str]
    blocking_outcomes: tuple[str, ...]
    ambiguities: tuple[Text, ...]
    events: tuple[PlanEvent, ...]
    ambiguity_events: tuple[frozenset[str], ...] = ()  # per note: the events it explains

    def notes_for(self, dated) -> tuple[Text, ...]:
        """The notes on how dates were read that explain one of the ``dated`` event ids."""
        dated = set(dated)
        return tuple(a for a, ev in zip(self.ambiguities, self.ambiguity_events, strict=True)
                     if ev & dated)

    def rules(self) -> list[Rule]:
        return [e.rule for e in self.events]


def _offset(spec: OffsetSpec) -> Offset:
    return Offset(spec.months, spec.weeks, spec.days)


def _term(spec: TermSpec) -> Term:
    kind = next(k for k in KINDS if getattr(spec, k) is not None)
    if kind in ("any", "all"):
        return Term(kind, terms=tuple(map(_term, getattr(spec, kind))))
    values = frozenset(spec.is_) if spec.is_ is not None else None
    return Term(kind, getattr(spec, kind), values)


def _event(spec: EventSpec) -> PlanEvent:
    window = (_offset(spec.window[0]), _offset(spec.window[1])) if spec.window else None
    rule = Rule(spec.id, spec.anchor, tuple(_offset(o) for o in spec.at),
                _offset(spec.every) if spec.every else None, window,
                _offset(spec.to) if spec.to else None)
    return PlanEvent(spec.id, text(spec.label), text(spec.detail), rule,
                     tuple(map(_term, spec.when)), tuple(map(_term, spec.unless)),
                     tuple(spec.recommendations), spec.shown)


def load_plan(body: str, label: str = LABEL) -> Plan:
    """Parse and validate plan text; raises FlowError listing every problem."""
    spec = validate(label, PlanSpec, read_yaml(label, body))
    return Plan(tuple(spec.day1_facts), spec.horizon_months, frozenset(spec.show_when_overall),
                tuple(spec.blocking_outcomes), tuple(text(a) for a in spec.ambiguities),
                tuple(map(_event, spec.events)),
                tuple(frozenset(a.events) for a in spec.ambiguities))


@lru_cache(maxsize=1)
def plan() -> Plan:
    """The bundled plan, loaded once; raises FlowError when plan.yaml is invalid."""
    from . import DATA

    return load_plan((DATA / "plan.yaml").read_text(encoding="utf-8"))


def plan_problems(p: Plan, g: Guideline) -> list[str]:
    """Every reference of the plan that the guideline does not define, and other slips."""
    actions = {a.id for f in g.flows.values() for _, d in f.graph.nodes(data=True)
               for a in d.get("actions", ())}
    outcomes = {n for f in g.flows.values() for n in f.outcomes()}
    ids = [e.id for e in p.events]
    problems = [f"{LABEL}: day1_facts: {f!r} is not a date fact" for f in p.day1_facts
                if f not in g.facts or g.facts[f].type != "date"]
    problems += [f"{LABEL}: show_when_overall: unknown verdict {v!r}" for v in p.show_when_overall
                 if v not in g.verdict_order()]
    problems += [f"{LABEL}: blocking_outcomes: unknown outcome {o!r}"
                 for o in p.blocking_outcomes if o not in outcomes]
    problems += [f"{LABEL}: events: {i!r} is defined twice" for i in set(ids) if ids.count(i) > 1]
    problems += [f"{LABEL}: ambiguities[{n}]: unknown event {e!r}"
                 for n, events in enumerate(p.ambiguity_events) for e in sorted(events)
                 if e not in ids]
    for e in p.events:
        where = f"{LABEL}: events.{e.id}"
        if e.rule.anchor not in {"day1", *ids} or e.rule.anchor == e.id:
            problems.append(f"{where}: anchor: unknown anchor {e.rule.anchor!r}")
        if e.rule.every is not None and not e.rule.every.is_positive():
            problems.append(f"{where}: every: the repeat interval must move forward")
        missing = [r for r in e.recommendations if r not in g.recommendation_numbers]
        problems += [f"{where}: recommendations: no recommendation {r}" for r in missing]
        for lang in ("en", "zh"):
            if not e.label.get(lang) or not e.detail.get(lang):
                problems.append(f"{where}: label/detail: missing {lang} text")
        for t in (leaf for term in (*e.when, *e.unless) for leaf in term.leaves()):
            known = {"action": actions, "outcome": outcomes, "fact": g.facts}[t.kind]
            if t.name not in known:
                problems.append(f"{where}: unknown {t.kind} {t.name!r}")
    return problems


def checked_plan(g: Guideline) -> Plan:
    """The bundled plan, verified against ``g``; raises FlowError listing every problem."""
    p = plan()
    problems = plan_problems(p, g)
    if problems:
        raise FlowError(problems)
    return p
