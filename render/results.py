"""The evaluation API's former home, kept for old imports: use ``flows.guideline().evaluate``,
``graph.Guideline.select_flows`` and ``flows.evaluation.to_json``."""

from __future__ import annotations

from flows.evaluation import to_json
from graph import Evaluation, Guideline, Patient

__all__ = ["evaluate", "select_flows", "to_json"]


def select_flows(g: Guideline, flow_ids=(), bundle: str | None = None) -> list[str]:
    """``g.select_flows(flow_ids, bundle)``."""
    return g.select_flows(flow_ids, bundle)


def evaluate(g: Guideline, known: dict, flow_ids: list[str]) -> Evaluation:
    """``g.evaluate`` for facts ``known`` that are typed already."""
    return g.evaluate(Patient("facts", known, "facts"), flow_ids)
