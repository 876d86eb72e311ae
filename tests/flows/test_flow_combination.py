"""Recommendation 21 (monotherapy or combination) as a table of cases written from the source."""

import pytest

import flows
import graph
from render.results import evaluate

FLOW = "combination"

# (facts, status, verdict, outcome, missing[0], reachable verdicts)
CASES = [
    pytest.param({"refractory_severe": False},
                 "complete", "not_recommended", "monotherapy", None, None,
                 id="rec21-not-refractory-monotherapy"),
    pytest.param({"refractory_severe": True, "extreme_case": False},
                 "complete", "consider", "temporary_combination", None, None,
                 id="rec21-refractory-temporary-combination-3-6-months"),
    pytest.param({"refractory_severe": True, "extreme_case": True},
                 "complete", "consider", "long_term_combination", None, None,
                 id="rec21-extreme-long-term-combination-closer-monitoring"),
    pytest.param({"refractory_severe": False, "extreme_case": True},
                 "complete", "not_recommended", "monotherapy", None, None,
                 id="rec21-extreme-without-refractory-follows-monotherapy"),
    pytest.param({},
                 "not_applicable", None, None, None, None,
                 id="rec21-refractory-not-given-not-applicable"),
    pytest.param({"extreme_case": True},
                 "not_applicable", None, None, None, None,
                 id="rec21-extreme-alone-not-applicable"),
    pytest.param({"refractory_severe": True},
                 "incomplete", None, None, "extreme_case", {"consider"},
                 id="rec21-refractory-asks-extreme-case"),
]


@pytest.mark.parametrize(("raw", "status", "verdict", "outcome", "missing", "reachable"), CASES)
def test_combination(check_case, raw, status, verdict, outcome, missing, reachable):
    check_case(FLOW, raw, status, verdict, outcome, missing, reachable, subject="combination")


def test_temporary_combination_lasts_3_to_6_months():
    g = flows.guideline()
    known = graph.type_facts("case", {"refractory_severe": True, "extreme_case": False},
                             g.facts, g.aliases)
    action = evaluate(g, known, [FLOW]).flows[0].actions[0]
    assert action.timing.en == "for 3-6 months"


def test_combination_never_sets_the_overall_verdict():
    """Rec 21 is about adding an immunosuppressant; inebilizumab itself is not in question."""
    g = flows.guideline()
    known = graph.type_facts("case", {"refractory_severe": False}, g.facts, g.aliases)
    overall = evaluate(g, known, [FLOW]).overall
    assert (overall.verdict, overall.complete) == (None, True)


def test_extreme_without_refractory_warns():
    g = flows.guideline()
    known = graph.type_facts("case", {"refractory_severe": False, "extreme_case": True},
                             g.facts, g.aliases)
    assert len(evaluate(g, known, [FLOW]).warnings) == 1
