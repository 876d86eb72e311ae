"""Classes of fact values that decide every test a flow makes: keys for remembering its results."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from operator import itemgetter

from .model import Fact, Flow

MISSING = object()
INF = float("inf")


@dataclass(frozen=True)
class Tests:
    """What one or more flows ask of one fact: numbers compared with, value sets, intervals."""

    points: frozenset = frozenset()
    sets: frozenset = frozenset()
    ranged: bool = False

    def __or__(self, other: Tests) -> Tests:
        return Tests(self.points | other.points, self.sets | other.sets,
                     self.ranged or other.ranged)


def flow_tests(flow: Flow, facts: dict[str, Fact], checks: bool = False) -> dict[str, Tests]:
    """Every fact the flow's trace can depend on (triggers, decisions, count inputs, overrides), and
    with ``checks`` the facts its consistency checks compare."""
    found: dict[str, Tests] = {}

    def note(name: str, condition=None, values=()) -> None:
        tests = Tests()
        if condition is not None and condition.interval is not None:
            iv = condition.interval
            tests = Tests(frozenset(x for x in (iv.lo, iv.hi) if abs(x) != INF), ranged=True)
        elif condition is not None:
            values = condition.values
        if values:
            tests |= Tests(frozenset(v for v in values if _is_number(v)),
                           frozenset([frozenset(values)]))
        found[name] = found.get(name, Tests()) | tests

    for t in flow.trigger:
        note(t.fact, values=(t.is_in or frozenset()) | (t.not_in or frozenset()))
    for node, data in flow.graph.nodes(data=True):
        if data["kind"] != "decision":
            continue
        fact = facts.get(data["fact"])
        for term in fact.terms if fact is not None else ():
            note(term.fact, term.condition)
            if term.required_if is not None:
                note(*term.required_if)
        if fact is None or not fact.terms:
            for edge in flow.graph.succ[node].values():
                note(data["fact"], edge["condition"])
    for override in flow.overrides:
        for name, condition in override.conditions:
            note(name, condition)
    for check in flow.checks if checks else ():
        for name, value in check["when"].items():
            note(name, values=(value,))
    return found


def classifier(fact: Fact | None, tests: Tests):
    """A function from a value (or MISSING) to a class deciding every test; None for identity.

    The function raises TypeError for a value of the wrong type, which is then not keyed.
    """
    kind = fact.type if fact is not None else None
    if kind in ("enum", "bool") or (tests.ranged and kind != "number"):
        return None
    if kind == "number":
        points = sorted(tests.points)

        def number_class(value):
            if value is MISSING:
                return MISSING
            if not _is_number(value) or value != value:
                raise TypeError("not a number")
            i = bisect_left(points, value)
            return 2 * i + (i < len(points) and points[i] == value)
        return number_class
    sets = tuple(tests.sets)

    def membership(value):
        return MISSING if value is MISSING else tuple(value in s for s in sets)
    return membership


class Signatures:
    """Keys for several flows at once; each fact is classified once per fact set.

    Enum and yes/no facts are their own class; a number's class is the piece of the line
    between the thresholds the flows compare it with. Fact sets with equal keys for a flow
    reach the same nodes, outcome, missing facts and reachable outcomes in it, and differ at
    most in the numbers recorded at its steps.
    """

    def __init__(self, flows: list[Flow], facts: dict[str, Fact], checks: bool = False):
        per_flow = [flow_tests(f, facts, checks) for f in flows]
        merged: dict[str, Tests] = {}
        for tests in per_flow:
            for name, t in tests.items():
                merged[name] = merged.get(name, Tests()) | t
        self.names = tuple(merged)
        self._missing = (MISSING,) * len(self.names)
        classify = [(i, classifier(facts.get(name), merged[name]))
                    for i, name in enumerate(self.names)]
        self._numbers = tuple((i, sorted(merged[self.names[i]].points)) for i, fn in classify
                              if fn is not None and fn.__name__ == "number_class")
        self._classify = tuple((i, fn) for i, fn in classify
                               if fn is not None and fn.__name__ != "number_class")
        where = {name: i for i, name in enumerate(self.names)}
        self.getters = tuple(_getter([where[n] for n in tests]) for tests in per_flow)

    def keys(self, known: dict) -> list | None:
        """One key per flow (unhashable if a value is); None when a value cannot be classified."""
        values = list(map(known.get, self.names, self._missing))
        for i, points in self._numbers:  # number_class, inline: this runs for every patient
            value = values[i]
            if value is MISSING:
                continue
            if value.__class__ is not float and not _is_number(value) or value != value:
                return None
            j = bisect_left(points, value)
            values[i] = 2 * j + (j < len(points) and points[j] == value)
        try:
            for i, fn in self._classify:
                values[i] = fn(values[i])
        except TypeError:
            return None
        return [get(values) for get in self.getters]


def _getter(indices: list[int]):
    if not indices:
        return _empty
    if len(indices) == 1:
        index = indices[0]
        return lambda values: (values[index],)
    return itemgetter(*indices)


def _empty(values) -> tuple:
    return ()


def _is_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)
