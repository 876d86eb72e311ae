"""Evaluate flows for one patient and combine their verdicts into the overall result."""

from __future__ import annotations

from dataclasses import dataclass

from .compiled import trace
from .model import Action, Flow, Trace


@dataclass(frozen=True)
class FlowResult:
    flow: str
    status: str
    verdict: str | None
    subject: str | None
    outcome: str | None
    path: tuple[str, ...]
    recommendations: tuple[int, ...]
    actions: tuple[Action, ...]
    missing: tuple[str, ...]
    reachable: tuple[tuple[str, str], ...]  # (outcome, verdict)
    trace: Trace


@dataclass(frozen=True)
class Overall:
    verdict: str | None
    complete: bool
    reachable: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    flows: tuple[FlowResult, ...]
    overall: Overall
    warnings: tuple[str, ...]


def flow_result(flow: Flow, trace: Trace) -> FlowResult:
    """The verdict, actions and citations a trace implies."""
    nodes = flow.graph.nodes
    actions = tuple(a for n in trace.path for a in nodes[n].get("actions", ()))
    recs = sorted({r for n in trace.path for r in nodes[n].get("recommendations", ())}
                  | {r for a in actions for r in a.recommendations})
    if trace.status != "complete":
        recs = sorted(set(recs) | set(flow.recommendations)) if trace.status == "incomplete" else []
    end = nodes[trace.outcome] if trace.outcome else {}
    return FlowResult(
        flow=flow.id, status=trace.status, verdict=end.get("verdict"), subject=end.get("subject"),
        outcome=trace.outcome, path=trace.path, recommendations=tuple(recs), actions=actions,
        missing=trace.missing,
        reachable=tuple((o, nodes[o]["verdict"]) for o in trace.reachable), trace=trace)


def combine(results, flows: dict[str, Flow], order: list[str], subject: str,
            standing: set[str]) -> Overall:
    """The overall verdict over outcomes whose subject is ``subject`` (design §3).

    ``order`` lists verdicts from most to least restrictive; a verdict in ``standing`` reached
    by a complete flow stands even while other flows are incomplete.
    """
    rank = {v: i for i, v in enumerate(order)}
    done = [r.verdict for r in results if r.status == "complete" and r.subject == subject]
    pending = [_pending_ranks(r, flows[r.flow], subject, rank) for r in results
               if r.status == "incomplete"]
    pending = [p for p in pending if p is not None]
    worst = min((rank[v] for v in done), default=None)
    if not pending:
        return Overall(order[worst] if worst is not None else None, True, ())
    possible = _possible(worst, pending)
    stands = worst is not None and order[worst] in standing
    return Overall(order[worst] if stands else None, False, tuple(order[i] for i in possible))


def _pending_ranks(result: FlowResult, flow: Flow, subject: str, rank) -> set[float] | None:
    """Ranks an incomplete flow may still contribute; inf where it may contribute nothing."""
    nodes = flow.graph.nodes
    ranks = {rank[nodes[o]["verdict"]] if nodes[o]["subject"] == subject else float("inf")
             for o, _ in result.reachable}
    return ranks if any(r != float("inf") for r in ranks) else None


def _possible(worst: int | None, pending: list[set[float]]) -> list[int]:
    """Overall ranks still possible: the minimum over one choice per pending flow and ``worst``."""
    candidates = {r for p in pending for r in p if r != float("inf")}
    if worst is not None:
        candidates.add(worst)
    ceiling = worst if worst is not None else float("inf")
    possible = []
    for r in sorted(candidates):
        if r > ceiling:
            continue
        if all(any(x >= r for x in p) for p in pending) and (
                r == worst or any(r in p for p in pending)):
            possible.append(r)
    return possible


def warnings_for(flow: Flow, known: dict, lang: str = "en") -> list[str]:
    """Messages of the flow's consistency checks whose facts all hold."""
    return [f"{flow.id}: {c['message'].get(lang)}" for c in flow.checks
            if all(f in known and known[f] == v for f, v in c["when"].items())]


def evaluate_flows(flows: dict[str, Flow], facts, known: dict, order: list[str], subject: str,
                   standing: set[str]) -> Evaluation:
    """Traverse each flow in ``flows`` (on its compiled form) and combine the results."""
    results = tuple(flow_result(f, trace(f, facts, known)) for f in flows.values())
    overall = combine(results, flows, order, subject, standing)
    warnings = tuple(w for f, r in zip(flows.values(), results, strict=True)
                     if r.status != "not_applicable" for w in warnings_for(f, known))
    return Evaluation(results, overall, warnings)
