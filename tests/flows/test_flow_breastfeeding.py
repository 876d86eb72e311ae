"""Recommendation 28 (breastfeeding) as a table of cases written from the source."""

import pytest

import flows
import graph
from render.results import evaluate

FLOW = "breastfeeding"

# (facts, status, verdict, outcome, missing[0], reachable verdicts)
CASES = [
    pytest.param({"breastfeeding": True, "urgent_treatment_needed": True},
                 "complete", "consider", "breastfeed_on_treatment", None, None,
                 id="rec28-urgent-and-strong-wish-may-breastfeed-with-consent"),
    pytest.param({"breastfeeding": "是", "urgent_treatment_needed": "false"},
                 "complete", "consider", "not_urgent_no_rule", None, None,
                 id="rec28-not-urgent-no-further-step"),
    pytest.param({"breastfeeding": False, "urgent_treatment_needed": True},
                 "not_applicable", None, None, None, None,
                 id="rec28-not-breastfeeding-not-applicable"),
    pytest.param({"urgent_treatment_needed": True},
                 "not_applicable", None, None, None, None,
                 id="rec28-breastfeeding-not-given-not-applicable"),
    pytest.param({"breastfeeding": True},
                 "incomplete", None, None, "urgent_treatment_needed", {"consider"},
                 id="rec28-breastfeeding-asks-urgency"),
]


@pytest.mark.parametrize(("raw", "status", "verdict", "outcome", "missing", "reachable"), CASES)
def test_breastfeeding(check_case, raw, status, verdict, outcome, missing, reachable):
    check_case(FLOW, raw, status, verdict, outcome, missing, reachable, subject="breastfeeding")


def test_breastfeeding_never_sets_the_overall_verdict():
    """Rec 28's verdict is about breastfeeding, not about giving inebilizumab."""
    g = flows.guideline()
    known = graph.type_facts("case", {"breastfeeding": True}, g.facts, g.aliases)
    overall = evaluate(g, known, [FLOW]).overall
    assert (overall.verdict, overall.complete, overall.reachable) == (None, True, ())
