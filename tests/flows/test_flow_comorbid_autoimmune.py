"""Recommendation 25 (coexisting autoimmune disease) as a table of cases written from the source."""

import pytest

import flows
import graph
from render.results import evaluate

FLOW = "comorbid_autoimmune"

# (facts, status, verdict, outcome, subject). Rec 25 asks the regimen to take another
# autoimmune disease into account: a point for the plan, not a doubt about the drug.
CASES = [
    pytest.param({"comorbid_autoimmune": "b_cell_mediated"},
                 "complete", "proceed", "b_cell_preferred", "inebilizumab",
                 id="rec25-b-cell-mediated-inebilizumab-preferred"),
    pytest.param({"comorbid_autoimmune": "B细胞介导"},
                 "complete", "proceed", "b_cell_preferred", "inebilizumab",
                 id="rec25-b-cell-mediated-chinese-label"),
    pytest.param({"comorbid_autoimmune": "other"},
                 "complete", "consider", "weigh_comorbidity", "plan",
                 id="rec25-other-comorbidity-is-a-point-for-the-plan"),
    pytest.param({"comorbid_autoimmune": "none"},
                 "not_applicable", None, None, None,
                 id="rec25-none-not-applicable"),
    pytest.param({},
                 "not_applicable", None, None, None,
                 id="rec25-not-given-not-applicable"),
]


@pytest.mark.parametrize(("raw", "status", "verdict", "outcome", "subject"), CASES)
def test_comorbid_autoimmune(raw, status, verdict, outcome, subject):
    g = flows.guideline()
    known = graph.type_facts("case", raw, g.facts, g.aliases)
    result = evaluate(g, known, [FLOW]).flows[0]
    assert result.status == status
    assert result.verdict == verdict
    assert result.outcome == (f"{FLOW}.{outcome}" if outcome else None)
    assert result.missing == ()
    if status == "complete":
        assert result.subject == subject
        assert result.recommendations == (25,)


def test_the_comorbidity_is_the_one_fact_asked():
    """Rec 25 turns on one fact, which the trigger already requires: no incomplete case exists."""
    assert flows.guideline().flows[FLOW].facts_asked() == ["comorbid_autoimmune"]
