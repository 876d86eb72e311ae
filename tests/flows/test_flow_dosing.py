"""Cases for the dosing flow, written from rec 12, 13, 23, 30 and Tab 1 of the source."""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

FLOW = "dosing"
ADULT = {"age_years": 40, "plasma_exchange": "none"}


def run(raw: dict):
    g = flows.guideline()
    return evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).flows[0]


def action_ids(raw: dict) -> list[str]:
    return [a.id for a in run(raw).actions]


COMPLETE = [
    # rec 13: the schedule; plasma exchange decides the plan's verdict.
    pytest.param(ADULT, "proceed", "schedule", 13, id="rec13-adult-standard-schedule"),
    pytest.param({"age_years": 40, "plasma_exchange": "planned"}, "defer", "not_during_exchange",
                 13, id="rec13-not-during-plasma-exchange"),
    pytest.param({"age_years": 40, "plasma_exchange": "after_dose"}, "consider",
                 "extra_dose_decision", 13, id="rec13-after-dose-physician-decides"),
    pytest.param({"age_years": 17, "weight_kg": 30, "plasma_exchange": "none"}, "proceed",
                 "schedule", 30, id="rec30-child-schedule"),
]


@pytest.mark.parametrize("raw, verdict, outcome, rec", COMPLETE)
def test_complete(raw, verdict, outcome, rec):
    r = run(raw)
    assert (r.status, r.verdict, r.subject) == ("complete", verdict, "plan")
    assert r.outcome == f"{FLOW}.{outcome}"
    assert rec in r.recommendations


DOSES = [
    # rec 13: 300 mg for adults, whatever the weight (weight is not asked).
    pytest.param({"age_years": 18, "weight_kg": 30}, "dose_loading", id="rec13-age-18-adult-300mg"),
    pytest.param({"age_years": 18}, "dose_loading", id="rec13-adult-weight-not-needed"),
    # rec 30: under 18, 8 mg/kg up to 37.5 kg, 300 mg above.
    pytest.param({"age_years": 17, "weight_kg": 37.5}, "dose_loading_child_per_kg",
                 id="rec30-age-17-weight-37.5-8mg-per-kg"),
    pytest.param({"age_years": 17, "weight_kg": 37.6}, "dose_loading_child_fixed",
                 id="rec30-age-17-weight-37.6-300mg"),
    pytest.param({"age_years": 10, "weight_kg": "25000 g"}, "dose_loading_child_per_kg",
                 id="rec30-weight-in-grams-converted"),
]


@pytest.mark.parametrize("raw, dose_action", DOSES)
def test_dose(raw, dose_action):
    ids = action_ids({**raw, "plasma_exchange": "none"})
    assert dose_action in ids
    assert len([i for i in ids if i.startswith("dose_loading")]) == 1


def test_dose_texts_carry_the_numbers():
    """Rec 13/30: 300 mg or 8 mg/kg on day 1 and day 15, then every 6 months from day 1."""
    adult = {a.id: a for a in run(ADULT).actions}
    assert "300 mg" in adult["dose_loading"].text.en
    assert "day 1 and day 15" in adult["dose_loading"].timing.en
    assert "every 6 months, counted from day 1" in adult["dose_maintenance"].timing.en
    child_facts = {"age_years": 9, "weight_kg": 20, "plasma_exchange": "none"}
    child = {a.id: a for a in run(child_facts).actions}
    assert "8 mg/kg" in child["dose_loading_child_per_kg"].text.en


def test_premedication_table_1():
    """Rec 12 and Tab 1: three premedications with dose and timing; rec 23: 1 hour after."""
    acts = {a.id: a for a in run(ADULT).actions}
    assert "methylprednisolone 80-125 mg IV" in acts["premed_corticosteroid"].text.en
    assert acts["premed_corticosteroid"].timing.en.startswith("30 min before")
    assert "diphenhydramine 25-50 mg by mouth" in acts["premed_antihistamine"].text.en
    assert acts["premed_antihistamine"].timing.en.startswith("30-60 min before")
    assert "acetaminophen 500-650 mg by mouth" in acts["premed_antipyretic"].text.en
    assert acts["premed_antipyretic"].timing.en.startswith("30-60 min before")
    assert "at least 1 hour after" in acts["infusion_observation"].timing.en
    assert 23 in acts["infusion_observation"].recommendations


INCOMPLETE = [
    pytest.param({}, "age_years", {"proceed", "defer", "consider"}, id="rec13-rec30-age-missing"),
    pytest.param({"age_years": 17, "plasma_exchange": "none"}, "weight_kg", {"proceed"},
                 id="rec30-weight-asked-under-18"),
    pytest.param({"age_years": 17, "plasma_exchange": "planned"}, "weight_kg", {"defer"},
                 id="rec30-rec13-weight-asked-exchange-planned"),
    pytest.param({"age_years": 18}, "plasma_exchange", {"proceed", "defer", "consider"},
                 id="rec13-plasma-exchange-missing"),
]


@pytest.mark.parametrize("raw, first_missing, verdicts", INCOMPLETE)
def test_incomplete(check_case, raw, first_missing, verdicts):
    check_case(FLOW, raw, "incomplete", None, None, first_missing, verdicts)


def test_plan_never_makes_the_overall_verdict():
    g = flows.guideline()
    for raw in ({}, {"age_years": 40, "plasma_exchange": "planned"}):
        overall = evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).overall
        assert (overall.verdict, overall.complete) == (None, True)


def test_every_outcome_has_a_case(outcome_ids):
    assert outcome_ids(FLOW) == {p.values[2] for p in COMPLETE}
