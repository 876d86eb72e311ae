"""Walk a flow against a patient's facts and return a trace; a missing fact stops the walk."""

from __future__ import annotations

from dataclasses import dataclass

from .derive import count_range
from .model import Fact, Flow, Step, Trace
from .override import apply_overrides


@dataclass(frozen=True)
class Decision:
    """How one decision node resolves: a single edge target, or the facts it still needs."""

    target: str | None
    value: object = None
    condition: str = ""
    missing: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


def applies(flow: Flow, known: dict) -> bool:
    """Whether a situational flow's trigger holds (flows without one always apply)."""
    if not flow.trigger:
        return True
    return any(_term_holds(t, known) for t in flow.trigger)


def _term_holds(term, known: dict) -> bool:
    if term.fact not in known:
        return False
    value = known[term.fact]
    if term.is_in is not None and value not in term.is_in:
        return False
    return term.not_in is None or value not in term.not_in


def decide(flow: Flow, node: str, facts: dict[str, Fact], known: dict) -> Decision:
    """Resolve decision ``node`` against the known facts."""
    name = flow.graph.nodes[node]["fact"]
    edges = flow.graph.succ[node]
    fact = facts[name]
    if fact.terms:
        lo, hi, unknown = count_range(fact, known)
        hits = [t for t, e in edges.items() if e["condition"].interval.meets(lo, hi)]
        if len(hits) == 1 and edges[hits[0]]["condition"].interval.covers(lo, hi):
            shown = lo if lo == hi else f">= {lo}"
            return Decision(hits[0], shown, edges[hits[0]]["condition"].label())
        return Decision(None, missing=tuple(unknown), candidates=tuple(hits))
    if name not in known:
        return Decision(None, missing=(name,), candidates=tuple(edges))
    value = known[name]
    for target, edge in edges.items():
        if edge["condition"].matches(value):
            return Decision(target, value, edge["condition"].label())
    raise AssertionError(f"{node}: no branch matches {value!r}; run `nmosd-flow check`")


def traverse(flow: Flow, facts: dict[str, Fact], known: dict) -> Trace:
    """The trace of ``flow`` for the typed facts ``known``, its overrides applied."""
    walked = walk(flow, facts, known)
    return apply_overrides(flow, walked, known) if flow.overrides else walked


def walk(flow: Flow, facts: dict[str, Fact], known: dict) -> Trace:
    """The trace of the walk from the start alone, before any override."""
    if not applies(flow, known):
        return Trace(flow.id, "not_applicable", (), (), None)
    path, steps, node = [flow.start], [], flow.start
    graph = flow.graph
    while graph.nodes[node]["kind"] != "outcome":
        if graph.nodes[node]["kind"] != "decision":
            node = next(iter(graph.succ[node]))
            path.append(node)
            continue
        decision = decide(flow, node, facts, known)
        if decision.target is None:
            missing = _missing(flow, node, facts, known)
            reachable = _reachable(flow, node, facts, known)
            return Trace(flow.id, "incomplete", tuple(path), tuple(steps), None,
                         missing, reachable)
        steps.append(Step(node, graph.nodes[node]["fact"], decision.value, decision.condition))
        node = decision.target
        path.append(node)
    return Trace(flow.id, "complete", tuple(path), tuple(steps), node)


def _next_nodes(flow, node, facts, known) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(successors still possible, facts missing here)`` for any node."""
    if flow.graph.nodes[node]["kind"] != "decision":
        return tuple(flow.graph.succ[node]), ()
    decision = decide(flow, node, facts, known)
    if decision.target is not None:
        return (decision.target,), ()
    return decision.candidates, decision.missing


def _reachable(flow: Flow, start: str, facts, known) -> tuple[str, ...]:
    """Outcomes still possible below ``start``, in the flow's node order."""
    seen, stack, found = set(), [start], set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if flow.graph.nodes[node]["kind"] == "outcome":
            found.add(node)
        stack.extend(_next_nodes(flow, node, facts, known)[0])
    return tuple(n for n in flow.graph if n in found)


def _missing(flow: Flow, start: str, facts, known) -> tuple[str, ...]:
    """The facts to obtain: those missing here, then any needed on every path still possible."""
    memo: dict[str, list[str]] = {}

    def needed(node: str) -> list[str]:
        if node not in memo:
            successors, here = _next_nodes(flow, node, facts, known)
            below = [needed(s) for s in successors]
            common = [f for f in below[0] if all(f in b for b in below[1:])] if below else []
            memo[node] = list(dict.fromkeys([*here, *common]))
        return memo[node]

    return tuple(needed(start))
