"""`nmosd-flow check`: verify every flow and the guideline as a whole."""

from __future__ import annotations

from graph import Guideline, verify_flow


def check_all(g: Guideline) -> tuple[list[str], str]:
    """``(problems, summary line)`` over every flow, bundle and citation."""
    verdicts, recs = set(g.verdict_order()), set(g.recommendation_numbers)
    problems = [p for flow in g.flows.values() for p in verify_flow(flow, g.facts, verdicts, recs)]
    problems += [f"bundle {b.id}: unknown flow {f!r}" for b in g.bundles.values()
                 for f in b.flows if f not in g.flows]
    nodes = sum(len(f.graph) for f in g.flows.values())
    summary = (f"{len(g.flows)} flows, {nodes} nodes, {len(g.facts)} facts: "
               + ("all verified" if not problems else f"{len(problems)} problems"))
    return problems, summary
