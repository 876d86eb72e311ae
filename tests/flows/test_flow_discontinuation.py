"""Recommendation 22 (stopping in stable disease) as a table of cases written from the source."""

import pytest

import flows
import graph
from render.results import evaluate

FLOW = "discontinuation"

# (facts, status, verdict, subject, outcome, missing[0], reachable verdicts)
CASES = [
    pytest.param({"years_stable": 2},
                 "complete", "proceed", "inebilizumab", "continue_long_term", None, None,
                 id="rec22-stable-2-years-continue-long-term"),
    pytest.param({"years_stable": 5, "aqp4_igg_current": "negative"},
                 "complete", "proceed", "inebilizumab", "continue_long_term", None, None,
                 id="rec22-stable-5.0-years-negative-not-more-than-5-continue"),
    pytest.param({"years_stable": 5.1, "aqp4_igg_current": "negative"},
                 "complete", "consider", "plan", "reassess_plan", None, None,
                 id="rec22-stable-5.1-years-negative-reassess-maintenance"),
    pytest.param({"years_stable": 8, "aqp4_igg_current": "阴性"},
                 "complete", "consider", "plan", "reassess_plan", None, None,
                 id="rec22-stable-8-years-chinese-negative-reassess"),
    pytest.param({"years_stable": 5.1, "aqp4_igg_current": "positive"},
                 "complete", "proceed", "inebilizumab", "continue_still_positive", None, None,
                 id="rec22-stable-5.1-years-still-positive-continue"),
    pytest.param({"aqp4_igg_current": "negative"},
                 "not_applicable", None, None, None, None, None,
                 id="rec22-years-stable-not-given-not-applicable"),
    pytest.param({"years_stable": 6},
                 "incomplete", None, None, None, "aqp4_igg_current", {"consider", "proceed"},
                 id="rec22-stable-6-years-asks-aqp4-igg-now"),
]


@pytest.mark.parametrize(
    ("raw", "status", "verdict", "subject", "outcome", "missing", "reachable"), CASES)
def test_discontinuation(check_case, raw, status, verdict, subject, outcome, missing, reachable):
    check_case(FLOW, raw, status, verdict, outcome, missing, reachable, subject=subject)


def test_no_outcome_stops_inebilizumab():
    """Rec 22: stopping is not established, so no outcome of the flow is a stop."""
    g = flows.guideline()
    flow = g.flows[FLOW]
    assert {flow.node(o)["verdict"] for o in flow.outcomes()} == {"proceed", "consider"}


def test_reassessment_leaves_the_overall_verdict_to_other_flows():
    g = flows.guideline()
    known = graph.type_facts("case", {"years_stable": 7, "aqp4_igg_current": "negative"},
                             g.facts, g.aliases)
    overall = evaluate(g, known, [FLOW]).overall
    assert (overall.verdict, overall.complete) == (None, True)
