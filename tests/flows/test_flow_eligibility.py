"""Cases for the eligibility flow, written from recommendations 1-3, 29 and 30 of the source."""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

FLOW = "eligibility"
NMOSD = {"diagnosis": "nmosd"}


def run(raw: dict):
    g = flows.guideline()
    return evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).flows[0]


COMPLETE = [
    # rec 1 + 29: AQP4-IgG-positive adults are the approved, first-line population.
    pytest.param({**NMOSD, "age_years": 18, "aqp4_igg": "positive"}, "proceed", "approved", 1,
                 id="rec29-age-18-aqp4-pos-proceed"),
    pytest.param({**NMOSD, "age_years": 45, "aqp4_igg": "阳性"}, "proceed", "approved", 1,
                 id="rec1-aqp4-pos-chinese-word-proceed"),
    pytest.param({**NMOSD, "age_years": 69, "aqp4_igg": "positive"}, "proceed", "approved", 29,
                 id="rec29-age-69-proceed"),
    # rec 29: from 70, weigh benefit-risk fully and monitor more often.
    pytest.param({**NMOSD, "age_years": 70, "aqp4_igg": "positive"}, "proceed_with_precautions",
                 "approved_older", 29, id="rec29-age-70-closer-monitoring"),
    pytest.param({**NMOSD, "age_years": 74, "aqp4_igg": "positive",
                  "standard_therapy_failed": False}, "proceed_with_precautions",
                 "approved_older", 29, id="rec29-age-74-failure-irrelevant"),
    # rec 2: AQP4-IgG-negative only after widely used empiric therapy failed.
    pytest.param({**NMOSD, "age_years": 30, "aqp4_igg": "negative",
                  "standard_therapy_failed": True}, "consider", "seronegative_consider", 2,
                 id="rec2-aqp4-neg-empiric-failed-consider"),
    pytest.param({**NMOSD, "age_years": 30, "aqp4_igg": "阴性",
                  "standard_therapy_failed": False}, "not_recommended", "seronegative_not_yet", 2,
                 id="rec2-aqp4-neg-not-failed-not-recommended"),
    pytest.param({**NMOSD, "age_years": 70, "aqp4_igg": "negative",
                  "standard_therapy_failed": True}, "consider", "seronegative_older_consider", 29,
                 id="rec2-rec29-aqp4-neg-age-70-consider"),
    pytest.param({**NMOSD, "age_years": 70, "aqp4_igg": "negative",
                  "standard_therapy_failed": False}, "not_recommended", "seronegative_not_yet", 2,
                 id="rec2-aqp4-neg-age-70-not-failed-not-recommended"),
    # rec 30: under 18 only after the indicated drug (satralizumab) failed.
    pytest.param({**NMOSD, "age_years": 17, "standard_therapy_failed": True}, "consider",
                 "child_consider", 30, id="rec30-age-17-satralizumab-failed-consider"),
    pytest.param({**NMOSD, "age_years": 17, "aqp4_igg": "positive",
                  "standard_therapy_failed": False}, "not_recommended", "child_not_yet", 30,
                 id="rec30-age-17-aqp4-pos-not-failed-not-recommended"),
    pytest.param({**NMOSD, "age_years": 8, "standard_therapy_failed": False}, "not_recommended",
                 "child_not_yet", 30, id="rec30-age-8-not-failed-not-recommended"),
    # rec 3: other B-cell-mediated autoimmune disease only after approved/empiric therapy failed.
    pytest.param({"diagnosis": "other_b_cell_autoimmune", "standard_therapy_failed": True},
                 "consider", "other_disease_consider", 3, id="rec3-other-b-cell-failed-consider"),
    pytest.param({"diagnosis": "other_b_cell_autoimmune", "standard_therapy_failed": False},
                 "not_recommended", "other_disease_not_yet", 3,
                 id="rec3-other-b-cell-not-failed-not-recommended"),
    # rec 1 and 3 cover NMOSD and B-cell-mediated disease only.
    pytest.param({"diagnosis": "other", "age_years": 40, "aqp4_igg": "positive"},
                 "not_recommended", "outside_scope", 3,
                 id="rec1-rec3-other-disease-not-recommended"),
]


@pytest.mark.parametrize("raw, verdict, outcome, rec", COMPLETE)
def test_complete(raw, verdict, outcome, rec):
    r = run(raw)
    assert (r.status, r.verdict, r.subject) == ("complete", verdict, "inebilizumab")
    assert r.outcome == f"{FLOW}.{outcome}"
    assert rec in r.recommendations


INCOMPLETE = [
    pytest.param({}, "diagnosis",
                 {"proceed", "proceed_with_precautions", "consider", "not_recommended"},
                 id="rec1-nothing-known-asks-diagnosis"),
    pytest.param({**NMOSD, "aqp4_igg": "positive"}, "age_years",
                 {"proceed", "proceed_with_precautions", "consider", "not_recommended"},
                 id="rec29-rec30-age-missing"),
    pytest.param({**NMOSD, "age_years": 50}, "aqp4_igg", {"proceed", "consider", "not_recommended"},
                 id="rec1-rec2-aqp4-missing-adult"),
    pytest.param({**NMOSD, "age_years": 70}, "aqp4_igg",
                 {"proceed_with_precautions", "consider", "not_recommended"},
                 id="rec29-aqp4-missing-age-70"),
    pytest.param({**NMOSD, "age_years": 50, "aqp4_igg": "negative"}, "standard_therapy_failed",
                 {"consider", "not_recommended"}, id="rec2-failure-missing"),
    pytest.param({**NMOSD, "age_years": 12}, "standard_therapy_failed",
                 {"consider", "not_recommended"}, id="rec30-child-failure-missing"),
    pytest.param({"diagnosis": "other_b_cell_autoimmune"}, "standard_therapy_failed",
                 {"consider", "not_recommended"}, id="rec3-failure-missing"),
]


@pytest.mark.parametrize("raw, first_missing, verdicts", INCOMPLETE)
def test_incomplete(check_case, raw, first_missing, verdicts):
    check_case(FLOW, raw, "incomplete", None, None, first_missing, verdicts)


def test_every_outcome_has_a_case(outcome_ids):
    assert outcome_ids(FLOW) == {p.values[2] for p in COMPLETE}
