"""Evaluate a patient against chosen flows and shape the result as the JSON contract (design §6)."""

from __future__ import annotations

from graph import Evaluation, Guideline, UsageError, evaluate_flows
from graph.values import suggest

from . import __version__


def select_flows(g: Guideline, flow_ids=(), bundle: str | None = None) -> list[str]:
    """Flow ids asked for by ``--flow`` and ``--bundle``; every flow when neither is given."""
    chosen: list[str] = []
    if bundle is not None:
        if bundle not in g.bundles:
            raise UsageError(f"unknown bundle {bundle!r}{suggest(bundle, g.bundles)} "
                             f"(bundles: {', '.join(g.bundles)})")
        chosen += g.bundles[bundle].flows
    for flow_id in flow_ids:
        if flow_id not in g.flows:
            raise UsageError(f"unknown flow {flow_id!r}{suggest(flow_id, g.flows)} "
                             f"(see `nmosd-flow list`)")
        chosen.append(flow_id)
    return list(dict.fromkeys(chosen)) if (flow_ids or bundle) else list(g.flows)


def evaluate(g: Guideline, known: dict, flow_ids: list[str]) -> Evaluation:
    """Traverse the chosen flows for typed facts ``known`` and combine them (design §3); every
    other flow whose trigger holds is evaluated too and may join the overall verdict."""
    flows = {f: g.flows[f] for f in flow_ids}
    return evaluate_flows(flows, g.facts, known, g.verdict_order(), g.overall_subject,
                          set(g.standing_verdicts), g.flows)


def to_json(g: Guideline, patient_id: str, ev: Evaluation, lang: str = "en") -> dict:
    """The one JSON object of ``evaluate --format json``."""
    return {
        "patient": patient_id,
        "guideline": {"id": g.id, "tool_version": __version__, "flows_sha256": g.sha256},
        "overall": {"verdict": ev.overall.verdict, "complete": ev.overall.complete,
                    "reachable": list(ev.overall.reachable)},
        "flows": [_flow_json(r, lang) for r in ev.flows],
        "warnings": list(ev.warnings),
    }


def _flow_json(r, lang: str) -> dict:
    return {
        "flow": r.flow, "status": r.status, "verdict": r.verdict, "subject": r.subject,
        "outcome": r.outcome, "path": list(r.path), "recommendations": list(r.recommendations),
        "actions": [{"id": a.id, "text": a.text.get(lang),
                     "timing": a.timing.get(lang) if a.timing else None,
                     "recommendations": list(a.recommendations)} for a in r.actions],
        "missing": list(r.missing),
        "reachable": [{"outcome": o, "verdict": v} for o, v in r.reachable],
    }
