"""The validated core: facts, flows and traces as frozen dataclasses around networkx graphs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .conditions import Condition

LANGS = ("en", "zh")


@dataclass(frozen=True)
class Text:
    """A label in both languages."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class EnumValue:
    id: str
    label: Text
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountTerm:
    """One item of a derived count: present when ``fact`` meets ``condition``.

    When the fact is missing the item is unknown, unless ``required_if`` is given and is known
    false, in which case the item counts as absent.
    """

    fact: str
    condition: Condition
    required_if: tuple[str, Condition] | None = None


@dataclass(frozen=True)
class Fact:
    name: str
    type: str  # bool | enum | number | date | count
    label: Text
    description: Text
    values: tuple[EnumValue, ...] = ()
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    terms: tuple[CountTerm, ...] = ()  # for derived counts
    # Factors to the canonical unit for the units lab reports use most, computed by pint when
    # the registry loads, so a common quantity converts without importing pint.
    factors: tuple[tuple[str, float], ...] = ()

    @property
    def derived(self) -> bool:
        return bool(self.terms)

    def value_ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)


@dataclass(frozen=True)
class Action:
    id: str
    text: Text
    recommendations: tuple[int, ...]
    timing: Text | None = None
    covered_by: tuple[tuple[str, ...], ...] = ()  # parts, each covered by any of its actions


@dataclass(frozen=True)
class TriggerTerm:
    """``fact`` is given (and, if set, is one of ``is_in`` / is none of ``not_in``)."""

    fact: str
    is_in: frozenset | None = None
    not_in: frozenset | None = None


@dataclass(frozen=True)
class Override:
    """A known fact that decides the flow whatever route the walk takes (design §3).

    Every ``(fact, condition)`` pair must hold for the override to fire; it then leads to
    ``outcome`` (a node id of the flow). The stricter of its outcome and the walk's stands.
    """

    id: str
    conditions: tuple[tuple[str, Condition], ...]
    outcome: str
    label: Text

    def fires(self, known: dict) -> bool:
        return all(f in known and c.matches(known[f]) for f, c in self.conditions)


@dataclass(frozen=True)
class Flow:
    id: str
    title: Text
    summary: Text
    kind: str  # screening | situational | plan
    recommendations: tuple[int, ...]
    source: str
    graph: nx.DiGraph = field(compare=False)
    start: str
    trigger: tuple[TriggerTerm, ...] = ()
    ambiguities: tuple[Text, ...] = ()
    checks: tuple[dict, ...] = ()
    overrides: tuple[Override, ...] = ()
    # outcome node -> the rank of its verdict (0 = most restrictive); empty when the flow was
    # built without the guideline's verdict order, and then an override that fires stands.
    ranks: dict = field(default_factory=dict, compare=False)

    def node(self, node_id: str) -> dict[str, Any]:
        return self.graph.nodes[node_id]

    def outcomes(self) -> list[str]:
        return [n for n, d in self.graph.nodes(data=True) if d["kind"] == "outcome"]

    def facts_asked(self) -> list[str]:
        seen = {d["fact"]: None for _, d in self.graph.nodes(data=True) if d.get("fact")}
        return list(seen)


@dataclass(frozen=True)
class Verdict:
    id: str
    label: Text
    meaning: Text
    colour: str
    by_subject: tuple[tuple[str, Text], ...] = ()

    def label_for(self, subject: str | None) -> Text:
        """The label worded for what the outcome is about (e.g. a vaccine), else the plain one."""
        return next((t for s, t in self.by_subject if s == subject), self.label)


@dataclass(frozen=True)
class Step:
    """One decision on the path: the fact asked, the value used and the condition it matched."""

    node: str
    fact: str
    value: Any
    condition: str


@dataclass(frozen=True)
class Trace:
    """The result of traversing one flow against one fact set."""

    flow: str
    status: str  # complete | incomplete | not_applicable
    path: tuple[str, ...]
    steps: tuple[Step, ...]
    outcome: str | None
    missing: tuple[str, ...] = ()
    reachable: tuple[str, ...] = ()
    override: str | None = None  # the override (``flow.id``) that decided the outcome, if any
