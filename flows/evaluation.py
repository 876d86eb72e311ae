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


def to_json(g: Guideline, patient_id: str, ev: Evaluation, lang: str = "en", record=None) -> dict:
    """The one JSON object of ``evaluate --format json`` (design §6): the flows asked for, then
    the other flows that apply to the facts (``"selected": false``; those that joined the
    overall verdict are named in ``overall.also_from``, docs/whole-patient.md). For facts read
    from a FHIR ``record`` (flows.fhir.RecordFacts), a last member ``record`` says where each
    came from (``RecordFacts.to_json``)."""
    out = {
        "patient": patient_id,
        "guideline": {"id": g.id, "tool_version": __version__, "flows_sha256": g.sha256},
        "overall": overall_json(ev.overall),
        "flows": [flow_json(r, lang) for r in ev.flows]
                 + [flow_json(r, lang, selected=False) for r in ev.others],
        "warnings": list(ev.warnings),
    }
    if record is not None:
        out["record"] = record.to_json(record.typed(g))
    return out


def overall_json(overall) -> dict:
    """The ``overall`` member of the JSON object."""
    return {"verdict": overall.verdict, "complete": overall.complete,
            "reachable": list(overall.reachable), "also_from": list(overall.also_from)}


def flow_json(r, lang: str, selected: bool = True) -> dict:
    """One member of the JSON object's ``flows``."""
    return {
        "flow": r.flow, "selected": selected, "status": r.status, "verdict": r.verdict,
        "subject": r.subject, "override": r.trace.override,
        "outcome": r.outcome, "path": list(r.path), "recommendations": list(r.recommendations),
        "actions": [{"id": a.id, "text": a.text.get(lang),
                     "timing": a.timing.get(lang) if a.timing else None,
                     "recommendations": list(a.recommendations)} for a in r.actions],
        "missing": list(r.missing),
        "reachable": [{"outcome": o, "verdict": v} for o, v in r.reachable],
    }
