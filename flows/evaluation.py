"""The one door to evaluation for every front end (CLI, batch, report, a server, a notebook):
``flows.guideline().evaluate(facts, flows=..., bundle=...)`` (``graph.Guideline.evaluate``)
gives a ``graph.Evaluation``; ``to_json`` turns it into the JSON object of design §6.

>>> from flows import guideline
>>> g = guideline()
>>> ev = g.evaluate({"hbsag": "阴性", "anti_hbc": "positive", "hbv_dna": "negative"}, flows="hbv")
>>> ev.overall.verdict, ev.flows[0].outcome
('proceed_with_precautions', 'hbv.carrier_prophylaxis')
>>> to_json(g, "demo", ev)["flows"][0]["recommendations"]
[6]
"""

from __future__ import annotations

from graph import Evaluation, Guideline

__version__ = "0.1.0"  # the tool's version, as `--version` and the JSON's tool_version show it


def to_json(g: Guideline, patient_id: str, ev: Evaluation, lang: str = "en") -> dict:
    """The one JSON object of ``evaluate --format json`` (design §6)."""
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
