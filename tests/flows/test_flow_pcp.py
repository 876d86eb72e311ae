"""Cases for the pcp flow, written from recommendation 11 of the source (two or more factors)."""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

FLOW = "pcp"
# Every factor known and absent: no AIDS, age 40, no diabetes, one immunosuppressant, 10 mg/day.
NONE = {"aids": False, "age_years": 40, "diabetes": False, "immunosuppressant_count": 1,
        "steroid_mg_per_day": 10}
WEIGH, ROUTINE = "proceed_with_precautions", "proceed"


def run(raw: dict):
    g = flows.guideline()
    return evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).flows[0]


COMPLETE = [
    pytest.param(NONE, ROUTINE, "no_prophylaxis_advised", id="rec11-no-factor-proceed"),
    pytest.param({**NONE, "diabetes": True}, ROUTINE, "no_prophylaxis_advised",
                 id="rec11-one-factor-proceed"),
    # Thresholds, each paired with diabetes as the other factor.
    pytest.param({**NONE, "diabetes": True, "age_years": 65}, WEIGH, "weigh_prophylaxis",
                 id="rec11-age-65-plus-diabetes-weigh"),
    pytest.param({**NONE, "diabetes": True, "age_years": 64}, ROUTINE, "no_prophylaxis_advised",
                 id="rec11-age-64-plus-diabetes-one-factor"),
    pytest.param({**NONE, "diabetes": True, "steroid_mg_per_day": 20}, WEIGH, "weigh_prophylaxis",
                 id="rec11-steroid-20-plus-diabetes-weigh"),
    pytest.param({**NONE, "diabetes": True, "steroid_mg_per_day": 19}, ROUTINE,
                 "no_prophylaxis_advised", id="rec11-steroid-19-plus-diabetes-one-factor"),
    pytest.param({**NONE, "diabetes": True, "immunosuppressant_count": 2}, WEIGH,
                 "weigh_prophylaxis", id="rec11-two-immunosuppressants-plus-diabetes-weigh"),
    pytest.param({**NONE, "aids": True, "cd4_per_mm3": 199}, WEIGH, "weigh_prophylaxis",
                 id="rec11-aids-cd4-199-weigh"),
    pytest.param({**NONE, "aids": True, "cd4_per_mm3": 200}, ROUTINE, "no_prophylaxis_advised",
                 id="rec11-aids-cd4-200-one-factor"),
    pytest.param({**NONE, "cd4_per_mm3": "150 cells/uL", "diabetes": True}, WEIGH,
                 "weigh_prophylaxis", id="rec11-cd4-150-without-aids-counts"),
    # A corticosteroid counts as an immunosuppressant, and its dose is a factor of its own.
    pytest.param({**NONE, "immunosuppressant_count": 2, "steroid_mg_per_day": 30}, WEIGH,
                 "weigh_prophylaxis", id="rec11-steroid-30-plus-azathioprine-weigh"),
    # Three-valued logic: two factors known present decide, whatever else is missing.
    pytest.param({"diabetes": True, "age_years": 70}, WEIGH, "weigh_prophylaxis",
                 id="rec11-two-present-others-missing-complete"),
    pytest.param({"steroid_mg_per_day": 20, "immunosuppressant_count": 3}, WEIGH,
                 "weigh_prophylaxis", id="rec11-steroid-and-count-present-others-missing"),
    # ... and so do all-but-one factors known absent: one unknown cannot make two.
    pytest.param({"aids": False, "age_years": 30, "diabetes": False, "immunosuppressant_count": 1},
                 ROUTINE, "no_prophylaxis_advised", id="rec11-one-unknown-cannot-reach-two"),
]


@pytest.mark.parametrize("raw, verdict, outcome", COMPLETE)
def test_complete(raw, verdict, outcome):
    r = run(raw)
    assert (r.status, r.verdict, r.subject) == ("complete", verdict, "inebilizumab")
    assert r.outcome == f"{FLOW}.{outcome}"
    assert 11 in r.recommendations


def test_tmp_smx_first_choice_with_team_decision():
    actions = run({"diabetes": True, "age_years": 70}).actions
    text = " ".join(a.text.en for a in actions)
    assert "TMP-SMX" in text and "infectious diseases" in text
    assert any("as long as the immunosuppression lasts" in a.timing.en for a in actions)


INCOMPLETE = [
    pytest.param({}, "aids", id="rec11-nothing-known-asks-aids-first"),
    pytest.param({"diabetes": True}, "aids", id="rec11-one-present-others-missing"),
    pytest.param({**NONE, "aids": True}, "cd4_per_mm3", id="rec11-aids-needs-cd4"),
    pytest.param({"aids": False, "age_years": 30, "diabetes": False}, "immunosuppressant_count",
                 id="rec11-two-unknown-could-reach-two"),
]


@pytest.mark.parametrize("raw, first_missing", INCOMPLETE)
def test_incomplete(raw, first_missing):
    r = run(raw)
    assert r.status == "incomplete" and r.verdict is None
    assert r.missing[0] == first_missing
    assert {v for _, v in r.reachable} == {WEIGH, ROUTINE}


def test_cd4_not_asked_without_aids():
    r = run({"aids": False, "age_years": 30, "diabetes": False})
    assert "cd4_per_mm3" not in r.missing


def test_every_outcome_has_a_case(outcome_ids):
    assert outcome_ids(FLOW) == {p.values[2] for p in COMPLETE}
