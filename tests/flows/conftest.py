"""A shared checker for the flows' tables of cases."""

import pytest

import flows
import graph
from render.results import evaluate


@pytest.fixture
def check_case():
    """Evaluate one case of a flow's table and assert its status, verdict, outcome and gaps."""

    def check(flow, raw, status, verdict, outcome, missing=None, reachable=None, subject=None):
        g = flows.guideline()
        known = graph.type_facts("case", raw, g.facts, g.aliases)
        result = evaluate(g, known, [flow]).flows[0]
        assert result.status == status
        assert result.verdict == verdict
        assert result.outcome == (f"{flow}.{outcome}" if outcome else None)
        if status == "complete" and subject is not None:
            assert result.subject == subject
        if missing is not None:
            assert result.missing[0] == missing
            assert {v for _, v in result.reachable} == reachable
        else:
            assert result.missing == ()
        return result

    return check


@pytest.fixture
def outcome_ids():
    """The short ids of a flow's outcomes, to check that a table covers every one."""

    def ids(flow):
        graph = flows.guideline().flows[flow].graph
        return {d["short_id"] for _, d in graph.nodes(data=True) if d["kind"] == "outcome"}

    return ids
