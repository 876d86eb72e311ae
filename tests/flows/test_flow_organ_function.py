"""Recommendation 26 (liver and kidney impairment) as a table of cases written from the source."""

import pytest

import flows
import graph
from render.results import evaluate

FLOW = "organ_function"

# (facts, status, verdict, outcome, missing[0], reachable verdicts)
CASES = [
    pytest.param({"hepatic_impairment": "mild", "renal_impairment": "none"},
                 "complete", "proceed_with_precautions", "no_dose_change", None, None,
                 id="rec26-mild-liver-no-dose-change-follow-up"),
    pytest.param({"hepatic_impairment": "none", "renal_impairment": "moderate"},
                 "complete", "proceed_with_precautions", "no_dose_change", None, None,
                 id="rec26-moderate-kidney-no-dose-change-follow-up"),
    pytest.param({"hepatic_impairment": "moderate", "renal_impairment": "mild"},
                 "complete", "proceed_with_precautions", "no_dose_change", None, None,
                 id="rec26-both-mild-moderate-no-dose-change"),
    pytest.param({"hepatic_impairment": "轻度", "renal_impairment": "无"},
                 "complete", "proceed_with_precautions", "no_dose_change", None, None,
                 id="rec26-chinese-labels-mild-liver"),
    pytest.param({"hepatic_impairment": "severe", "renal_impairment": "none"},
                 "complete", "consider", "severe_not_studied", None, None,
                 id="rec26-severe-liver-not-studied"),
    pytest.param({"hepatic_impairment": "mild", "renal_impairment": "severe"},
                 "complete", "consider", "severe_not_studied", None, None,
                 id="rec26-severe-kidney-mild-liver-not-studied"),
    pytest.param({"renal_impairment": "severe"},
                 "complete", "consider", "severe_not_studied", None, None,
                 id="rec26-severe-kidney-decides-without-liver-grade"),
    pytest.param({"hepatic_impairment": "none", "renal_impairment": "none"},
                 "not_applicable", None, None, None, None,
                 id="rec26-no-impairment-not-applicable"),
    pytest.param({"hepatic_impairment": "none"},
                 "not_applicable", None, None, None, None,
                 id="rec26-liver-normal-kidney-unknown-not-applicable"),
    pytest.param({},
                 "not_applicable", None, None, None, None,
                 id="rec26-nothing-given-not-applicable"),
    pytest.param({"hepatic_impairment": "mild"},
                 "incomplete", None, None, "renal_impairment",
                 {"consider", "proceed_with_precautions"},
                 id="rec26-mild-liver-kidney-unknown-asks-kidney"),
    pytest.param({"renal_impairment": "moderate"},
                 "incomplete", None, None, "hepatic_impairment",
                 {"consider", "proceed_with_precautions"},
                 id="rec26-moderate-kidney-liver-unknown-asks-liver"),
]


@pytest.mark.parametrize(("raw", "status", "verdict", "outcome", "missing", "reachable"), CASES)
def test_organ_function(check_case, raw, status, verdict, outcome, missing, reachable):
    check_case(FLOW, raw, status, verdict, outcome, missing, reachable, subject="inebilizumab")


def test_mild_impairment_keeps_the_dose_and_follows_both_organs():
    """Rec 26: no dose adjustment; long-term follow-up of liver and kidney function."""
    g = flows.guideline()
    known = graph.type_facts("case", {"hepatic_impairment": "mild", "renal_impairment": "none"},
                             g.facts, g.aliases)
    ids = {a.id for a in evaluate(g, known, [FLOW]).flows[0].actions}
    assert ids == {"organ_usual_dose", "organ_follow_up"}


def test_the_derived_counts_cannot_be_given():
    g = flows.guideline()
    with pytest.raises(graph.PatientFileError):
        graph.type_facts("case", {"severe_organ_impairment_count": 1}, g.facts, g.aliases)
