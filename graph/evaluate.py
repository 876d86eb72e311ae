"""Evaluate flows for one patient and combine their verdicts into the overall result."""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    also_from: tuple[str, ...] = ()  # flows not asked for whose verdicts joined (design §3)


@dataclass(frozen=True)
class Evaluation:
    """``flows``: the flows asked for; ``others``: every other flow whose trigger says it
    applies to the facts, evaluated too (those in ``overall.also_from`` joined the verdict)."""

    flows: tuple[FlowResult, ...]
    overall: Overall
    warnings: tuple[str, ...]
    others: tuple[FlowResult, ...] = ()


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
            standing: set[str], others=()) -> Overall:
    """The overall verdict over outcomes whose subject is ``subject`` (design §3).

    ``order`` lists verdicts from most to least restrictive; a verdict in ``standing`` reached
    by a complete flow stands even while other flows are incomplete. Each of ``others`` (flows
    not asked for that apply) joins when it reaches, or may still reach, such an outcome.
    """
    rank = {v: i for i, v in enumerate(order)}
    joined = tuple(r for r in others if _contributes(r, flows[r.flow], subject, rank))
    overall = _combine((*results, *joined), flows, order, subject, standing, rank)
    return replace(overall, also_from=tuple(r.flow for r in joined)) if joined else overall


def _contributes(r: FlowResult, flow: Flow, subject: str, rank) -> bool:
    if r.status == "complete":
        return r.subject == subject
    return r.status == "incomplete" and _pending_ranks(r, flow, subject, rank) is not None


def _combine(results, flows, order, subject, standing, rank) -> Overall:
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


def checks_holding(flow: Flow, known: dict) -> list[dict]:
    """The flow's consistency checks whose facts all hold."""
    return [c for c in flow.checks
            if all(f in known and known[f] == v for f, v in c["when"].items())]


def warnings_for(flow: Flow, known: dict, lang: str = "en") -> list[str]:
    """Messages of the flow's consistency checks whose facts all hold."""
    return [f"{flow.id}: {c['message'].get(lang)}" for c in checks_holding(flow, known)]


def evaluate_flows(flows: dict[str, Flow], facts, known: dict, order: list[str], subject: str,
                   standing: set[str], others: dict[str, Flow] | None = None) -> Evaluation:
    """Traverse each flow in ``flows`` (on its compiled form) and combine the results.

    ``others``: further flows to evaluate; those with a trigger that holds for ``known`` are
    kept in ``Evaluation.others`` and join the overall verdict as design §3 says.
    """
    results = tuple(flow_result(f, trace(f, facts, known)) for f in flows.values())
    extra = tuple(flow_result(f, trace(f, facts, known)) for f in (others or {}).values()
                  if f.id not in flows and f.trigger)
    extra = tuple(r for r in extra if r.status != "not_applicable")
    every = {**flows, **{r.flow: others[r.flow] for r in extra}}
    overall = combine(results, every, order, subject, standing, extra)
    warnings = tuple(w for r in (*results, *extra) if r.status != "not_applicable"
                     for w in warnings_for(every[r.flow], known))
    return Evaluation(results, overall, warnings, extra)
