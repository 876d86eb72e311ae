"""A flow compiled from its networkx graph into plain tuples, walked faster with the same traces."""

from __future__ import annotations

import networkx as nx

from .derive import count_range
from .model import Fact, Flow, Step, Trace
from .override import settle
from .signature import MISSING, Signatures, classifier, flow_tests
from .traverse import decide

PASS, OUTCOME, ENUM, RANGE, COUNT, OTHER = range(6)
EXPLORED_LIMIT = 4096  # remembered explorations below a missing fact, per flow
_ENUMERABLE = ("enum", "bool")


class CompiledFlow:
    """One flow as tuples indexed by node number; derived from, and checked against, the graph.

    ``nodes[i]`` is ``(kind, fact, branches, successors)``: ``branches`` is a dict
    ``value -> (target, step or None, node, label)`` for values listed on edges (the step is
    made ahead for enum and yes/no facts), a tuple ``(lo, lo_closed, hi, hi_closed, target,
    label)`` per numeric branch, or ``(interval, target, label)`` per branch of a derived
    count; ``successors`` lists every edge target in edge order. Explorations below a
    missing fact are remembered by the classes of the facts asked below it.
    """

    __slots__ = ("flow", "facts", "names", "index", "nodes", "start", "trigger", "not_applicable",
                 "relevant", "_signatures", "below", "_explored", "_overrides")

    def __init__(self, flow: Flow, facts: dict[str, Fact]):
        self.flow, self.facts = flow, facts
        self.names = tuple(flow.graph)
        self.index = index = {n: i for i, n in enumerate(self.names)}
        self.nodes = tuple(_compile_node(flow, n, facts, index) for n in self.names)
        self.start = index[flow.start]
        self.trigger = tuple((t.fact, t.is_in, t.not_in) for t in flow.trigger)
        self.not_applicable = Trace(flow.id, "not_applicable", (), (), None)
        tests = flow_tests(flow, facts)
        self.relevant = tuple(tests)
        self._signatures = Signatures([flow], facts)
        self.below = tuple(_below(flow, n, facts, tests) for n in self.names)
        self._explored: dict[tuple, tuple] = {}
        self._overrides = tuple((o, tuple((f, c.matches) for f, c in o.conditions))
                                for o in flow.overrides)

    def applies(self, known: dict) -> bool:
        """Whether the flow's trigger holds, as ``graph.applies``."""
        for fact, is_in, not_in in self.trigger:
            value = known.get(fact, MISSING)
            if value is MISSING or (is_in is not None and value not in is_in):
                continue
            if not_in is None or value not in not_in:
                return True
        return not self.trigger

    def trace(self, known: dict) -> Trace:
        """The trace of this flow for typed facts ``known``; equal to ``graph.traverse``'s."""
        walked = self.walk(known)
        fired = None
        for override, tests in self._overrides:  # as Override.fires, inline
            for fact, matches in tests:
                value = known.get(fact, MISSING)
                if value is MISSING or not matches(value):
                    break
            else:
                fired = [override] if fired is None else [*fired, override]
        return walked if fired is None else settle(self.flow, walked, fired)

    def walk(self, known: dict) -> Trace:
        """The walk alone, before overrides; equal to ``graph.traverse.walk``'s."""
        if self.trigger and not self.applies(known):
            return self.not_applicable
        names, nodes, i = self.names, self.nodes, self.start
        path, steps = [names[i]], []
        while True:
            kind, fact, branches, succ = nodes[i]
            if kind == ENUM:
                value = known.get(fact, MISSING)
                if value is MISSING:
                    return self._incomplete(i, path, steps, known)
                hit = branches.get(value)
                if hit is None:
                    return self._unmatched(i, known)
                i = hit[0]
                steps.append(hit[1] if hit[1] is not None else
                             Step(names[hit[2]], fact, value, hit[3]))
            elif kind == PASS:
                i = succ[0]
            elif kind == OUTCOME:
                return Trace(self.flow.id, "complete", tuple(path), tuple(steps), names[i])
            else:
                target, step = self._decide_slow(i, known)
                if target is None:
                    return self._incomplete(i, path, steps, known)
                i = target
                steps.append(step)
            path.append(names[i])

    def _decide_slow(self, i: int, known: dict):
        """``(target, step)`` at a numeric, count or other decision; target None when unknown."""
        kind, fact, branches, _ = self.nodes[i]
        name = self.names[i]
        if kind == RANGE:
            value = known.get(fact, MISSING)
            if value is MISSING:
                return None, None
            for lo, lo_closed, hi, hi_closed, target, label in branches:
                if ((value > lo or (lo_closed and value == lo))
                        and (value < hi or (hi_closed and value == hi))):
                    return target, Step(name, fact, value, label)
            return self._unmatched(i, known)
        if kind == COUNT:
            lo, hi, _ = count_range(self.facts[fact], known)
            hits = [b for b in branches if b[0].meets(lo, hi)]
            if len(hits) == 1 and hits[0][0].covers(lo, hi):
                return hits[0][1], Step(name, fact, lo if lo == hi else f">= {lo}", hits[0][2])
            return None, None
        decision = decide(self.flow, name, self.facts, known)
        if decision.target is None:
            return None, None
        return self.index[decision.target], Step(name, fact, decision.value, decision.condition)

    def _unmatched(self, i: int, known: dict):
        decide(self.flow, self.names[i], self.facts, known)  # raises the reference's error
        raise AssertionError(f"{self.names[i]}: compiled and reference decisions differ")

    def _incomplete(self, i: int, path: list, steps: list, known: dict) -> Trace:
        """The trace stopped at ``i``; what lies below is remembered by the classes of its facts."""
        try:
            key = (i, *[c(known.get(f, MISSING)) for f, c in self.below[i]])
            found = self._explored.get(key)
        except TypeError:  # a value that cannot be classified (or hashed): no memo
            key = found = None
        if found is None:
            memo: dict = {}
            found = (tuple(self._needed(i, known, memo)), self._reachable(i, known, memo))
            if key is not None and len(self._explored) < EXPLORED_LIMIT:
                self._explored[key] = found
        return Trace(self.flow.id, "incomplete", tuple(path), tuple(steps), None, *found)

    def _next(self, i: int, known: dict, memo: dict) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """``(successors still possible, facts missing here)``, as traverse's ``_next_nodes``."""
        if i in memo:
            return memo[i]
        kind, fact, branches, succ = self.nodes[i]
        if kind in (PASS, OUTCOME):
            found = (succ, ())
        elif kind == ENUM:
            value = known.get(fact, MISSING)
            if value is MISSING:
                found = (succ, (fact,))
            else:
                hit = branches.get(value)
                found = ((hit[0],), ()) if hit is not None else self._unmatched(i, known)
        elif kind == COUNT:
            lo, hi, unknown = count_range(self.facts[fact], known)
            hits = [b for b in branches if b[0].meets(lo, hi)]
            if len(hits) == 1 and hits[0][0].covers(lo, hi):
                found = ((hits[0][1],), ())
            else:
                found = (tuple(b[1] for b in hits), tuple(unknown))
        elif kind == RANGE:
            target, _ = self._decide_slow(i, known)
            found = ((target,), ()) if target is not None else (succ, (fact,))
        else:
            d = decide(self.flow, self.names[i], self.facts, known)
            found = (((self.index[d.target],), ()) if d.target is not None else
                     (tuple(self.index[c] for c in d.candidates), d.missing))
        memo[i] = found
        return found

    def _reachable(self, start: int, known: dict, memo: dict) -> tuple[str, ...]:
        seen, stack, found = set(), [start], set()
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            if self.nodes[i][0] == OUTCOME:
                found.add(i)
            stack.extend(self._next(i, known, memo)[0])
        return tuple(self.names[i] for i in sorted(found))

    def _needed(self, start: int, known: dict, memo: dict) -> list[str]:
        needed: dict[int, list[str]] = {}

        def visit(i: int) -> list[str]:
            if i not in needed:
                successors, here = self._next(i, known, memo)
                below = [visit(s) for s in successors]
                common = [f for f in below[0] if all(f in b for b in below[1:])] if below else []
                needed[i] = list(dict.fromkeys([*here, *common]))
            return needed[i]

        return visit(start)

    def signature(self, known: dict) -> tuple | None:
        """A key equal for fact sets whose traces differ at most in the numbers at their steps
        (see ``graph.signature.Signatures``); None when a value cannot be classified."""
        keys = self._signatures.keys(known)
        return None if keys is None else keys[0]


def _below(flow: Flow, name: str, facts: dict[str, Fact], tests: dict) -> tuple:
    """``(fact, classify)`` for the facts asked at or below node ``name`` (inputs of counts too)."""
    nodes = flow.graph.nodes
    if nodes[name]["kind"] != "decision":
        return ()
    asked = {nodes[n].get("fact") for n in nx.descendants(flow.graph, name) | {name}}
    for fact in [facts.get(a) for a in asked if a]:
        for term in fact.terms if fact is not None else ():
            asked.update({term.fact, *(term.required_if or ())[:1]})
    return tuple((f, classifier(facts.get(f), t) or _identity) for f, t in tests.items()
                 if f in asked)


def _identity(value):
    return value


def _compile_node(flow: Flow, name: str, facts: dict[str, Fact], index: dict[str, int]) -> tuple:
    data = flow.graph.nodes[name]
    edges = flow.graph.succ[name]
    succ = tuple(index[t] for t in edges)
    if data["kind"] == "outcome":
        return (OUTCOME, None, None, succ)
    if data["kind"] != "decision":
        return (PASS, None, None, succ)
    fact_name = data["fact"]
    fact = facts.get(fact_name)
    conditions = [(index[t], e["condition"]) for t, e in edges.items()]
    if fact is None or any(c is None for _, c in conditions):
        return (OTHER, fact_name, None, succ)
    if fact.terms:
        if any(c.interval is None for _, c in conditions):
            return (OTHER, fact_name, None, succ)
        return (COUNT, fact_name, tuple((c.interval, t, c.label()) for t, c in conditions), succ)
    if all(c.interval is not None for _, c in conditions):
        return (RANGE, fact_name, tuple((c.interval.lo, c.interval.lo_closed, c.interval.hi,
                                         c.interval.hi_closed, t, c.label())
                                        for t, c in conditions), succ)
    if any(c.interval is not None for _, c in conditions):
        return (OTHER, fact_name, None, succ)
    return (ENUM, fact_name, _dispatch(name, fact, conditions, index), succ)


def _dispatch(name: str, fact: Fact, conditions, index) -> dict:
    """``value -> (target, step or None, node, label)``; the first edge wins as in the graph."""
    table: dict = {}
    node = index[name]
    for target, condition in conditions:
        label = condition.label()
        for value in condition.values:
            if value in table:
                continue
            step = Step(name, fact.name, value, label) if fact.type in _ENUMERABLE else None
            table[value] = (target, step, node, label)
    return table


_COMPILED: dict[tuple[int, int], tuple[Flow, dict, CompiledFlow]] = {}


def compiled(flow: Flow, facts: dict[str, Fact]) -> CompiledFlow:
    """The compiled form of ``flow`` for the registry ``facts``, built once and remembered."""
    key = (id(flow), id(facts))
    entry = _COMPILED.get(key)
    if entry is None or entry[0] is not flow or entry[1] is not facts:
        if len(_COMPILED) > 512:
            _COMPILED.clear()
        entry = _COMPILED[key] = (flow, facts, CompiledFlow(flow, facts))
    return entry[2]


def trace(flow: Flow, facts: dict[str, Fact], known: dict) -> Trace:
    """Drop-in for ``graph.traverse`` running on the compiled form."""
    return compiled(flow, facts).trace(known)
